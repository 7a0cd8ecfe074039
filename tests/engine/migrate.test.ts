/** Schema version and the upgrade of older documents on read (issue #18). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { canonicalJson } from '../../engine/model/canonical-json.js';
import { CURRENT_SCHEMA_VERSION, migratePolicy } from '../../engine/model/migrate-policy.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import { smallPolicy } from '../support/small-policy.js';

describe('migratePolicy', () => {
  it('upgrades a version 1 document to the current version, on a copy', () => {
    const v1 = smallPolicy();
    const before = canonicalJson(v1);
    const { document, from, migrated } = migratePolicy(v1);
    expect(CURRENT_SCHEMA_VERSION).toBe(2);
    expect([from, migrated, (document as { schemaVersion: number }).schemaVersion]).toEqual([1, true, 2]);
    expect(canonicalJson(v1)).toBe(before); // the stored form, and so its hash, is untouched
    expect(validatePolicy(document).valid).toBe(true);
  });

  it('means the same: the upgraded document decides exactly as the original', () => {
    const v1 = smallPolicy();
    const v2 = migratePolicy(v1).document as typeof v1;
    const facts = { yearsInBusiness: 5, sector: 'industry', insolvencyProceedings: false, tangibleNetWorth: 80000, annualTurnover: 700000, requestedAmount: 20000 };
    expect(compilePolicy(v2).evaluate(facts)).toEqual(compilePolicy(v1).evaluate(facts));
  });

  it('leaves a current document as it is, and one of an unknown version for validation to report', () => {
    const current = { ...smallPolicy(), schemaVersion: 2 };
    expect(migratePolicy(current)).toEqual({ document: current, from: 2, migrated: false });
    const future = { ...smallPolicy(), schemaVersion: 3 };
    expect(migratePolicy(future).migrated).toBe(false);
    expect(validatePolicy(future).diagnostics.map((d) => d.path)).toContain('/schemaVersion');
    expect(migratePolicy(null)).toEqual({ document: null, from: null, migrated: false });
  });

  const rulesetDir = join(__dirname, '../../rulesets');
  it.each(readdirSync(rulesetDir).filter((f) => f.endsWith('.json')))('rulesets/%s is written in the current version', (file) => {
    const document = JSON.parse(readFileSync(join(rulesetDir, file), 'utf8'));
    expect(document.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(migratePolicy(document).migrated).toBe(false);
  });
});
