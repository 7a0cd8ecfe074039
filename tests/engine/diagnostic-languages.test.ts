/**
 * Diagnostics in both languages: each carries its code, the parameters its message shows, and its
 * message in English and French, French written with French typography.
 */
import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import { diagnosticIn } from '../../engine/validate/diagnostic.js';
import { DIAGNOSTIC_MESSAGES, renderText, says } from '../../engine/i18n/diagnostic-messages.js';
import { BROKEN_VARIANTS } from './fixtures/broken-policies.js';
import { smallPolicy } from '../support/small-policy.js';

const NNBSP = '\u202f';

describe('diagnostics in English and French', () => {
  it('words an unknown delegation level in both languages, with the same params', () => {
    const doc = smallPolicy();
    (doc.nodes[5]!.config as { default: { level?: string } }).default.level = 'creditManagr';
    const d = validatePolicy(doc).diagnostics.find((x) => x.code === 'UNKNOWN_LEVEL')!;
    expect(d.messages.en).toBe(d.message);
    expect(d.message).toMatch(/^Approval 'approval', default.level: level 'creditManagr' is not one of .* \(did you mean 'creditManager'\?\)$/);
    expect(d.messages.fr).toMatch(
      new RegExp(`^Délégation «\u00a0approval\u00a0», default.level${NNBSP}: le niveau «\u00a0creditManagr\u00a0» n’est pas l’un de .* \\(vouliez-vous dire «\u00a0creditManager\u00a0»${NNBSP}\\?\\)$`),
    );
    expect(d.params).toMatchObject({ level: 'creditManagr', suggestion: 'creditManager' });
    expect(diagnosticIn(d, 'fr')).toEqual({ code: d.code, severity: d.severity, nodeId: d.nodeId, path: d.path, params: d.params, message: d.messages.fr });
  });

  it('formats numbers per language: 1,000,500 and 1 000 500', () => {
    const variant = BROKEN_VARIANTS.find((v) => v.code === 'ROUNDING_STEP_MISMATCH')!;
    const doc = smallPolicy();
    variant.breakIt(doc);
    const d = validatePolicy(doc).diagnostics.find((x) => x.code === 'ROUNDING_STEP_MISMATCH')!;
    expect(d.messages.en).toContain('can give 1,000,500');
    expect(d.messages.fr).toContain(`peut donner 1${NNBSP}000${NNBSP}500`);
    expect(d.params).toMatchObject({ reach: 1000500 });
  });

  describe.each(BROKEN_VARIANTS)('$code: $name', (variant) => {
    it('has a French message of its own, in French typography', () => {
      const doc = smallPolicy();
      variant.breakIt(doc);
      for (const d of validatePolicy(doc).diagnostics) {
        expect(d.messages.en).toBe(d.message);
        expect(d.messages.fr).not.toBe(d.messages.en);
        expect(JSON.parse(JSON.stringify(d.params))).toEqual(d.params); // params travel as JSON
        // No English quoting of names, no plain space before : ; ? ! (JSON and code samples aside).
        const prose = d.messages.fr.replace(/\{[^{}]*\}|\[[^\]]*\]|"[^"]*"/g, '');
        expect(prose, d.messages.fr).not.toMatch(/ [:;?!]/);
        expect(prose, d.messages.fr).not.toMatch(/(^|[\s(])'[^']+'/);
      }
    });
  });

  it('renders every message of the catalog in both languages from the same params', () => {
    for (const key of Object.keys(DIAGNOSTIC_MESSAGES)) expect(typeof DIAGNOSTIC_MESSAGES[key as keyof typeof DIAGNOSTIC_MESSAGES].fr).toBe('function');
    const text = says('weightsTotal', { total: 90, weights: [{ criterion: 'years', weight: 50 }, { criterion: 'sector', weight: 40.5 }] });
    expect(renderText(text, 'en')).toBe('criterion weights total 90, not 100 (years 50, sector 40.5)');
    expect(renderText(text, 'fr')).toBe('les poids des critères totalisent 90, et non 100 (years 50, sector 40,5)');
  });
});
