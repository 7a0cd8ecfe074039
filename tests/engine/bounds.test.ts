/**
 * Exclusive and inclusive bounds (issue #18): scorecard bands, risk-class thresholds and inputs
 * say per bound whether the bound value itself belongs, and validation checks coverage exactly.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { checkFacts } from '../../engine/facts/check-facts.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import { smallPolicy } from '../support/small-policy.js';
import type { Doc } from './fixtures/broken-policies.js';

/** A policy whose class is decided by a score variable z: safe when z > 2.99, grey when z ≥ 1.81 (Altman's zones). */
function zones(classes: unknown[], input: Record<string, unknown> = {}): Doc {
  return {
    schemaVersion: 1, id: 'zones', name: 'Zones', currency: 'EUR',
    inputs: [{ name: 'z', type: 'number', required: true, ...input }],
    nodes: [
      { id: 'classes', kind: 'riskClass', config: { score: 'z', classes } },
      { id: 'decision', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'classes', target: 'decision' }],
    tests: [],
  };
}
const ALTMAN = [
  { id: 'safe', minScore: 2.99, minScoreInclusive: false },
  { id: 'grey', minScore: 1.81 },
  { id: 'distress', minScore: -1e9 },
];

describe('risk-class thresholds', () => {
  it('puts a score exactly at an exclusive threshold in the next class', () => {
    const compiled = compilePolicy(zones(ALTMAN));
    expect(compiled.evaluate({ z: 2.99 }).riskClass).toBe('grey');
    expect(compiled.evaluate({ z: 2.990001 }).riskClass).toBe('safe');
    expect(compiled.evaluate({ z: 1.81 }).riskClass).toBe('grey');
    expect(compiled.evaluate({ z: 1.8 }).riskClass).toBe('distress');
  });

  it('lets two classes share a threshold when the better one excludes it', () => {
    const ok = validatePolicy(zones([{ id: 'above', minScore: 2, minScoreInclusive: false }, { id: 'at', minScore: 2 }, { id: 'below', minScore: -1e9 }]));
    expect(ok.diagnostics.filter((d) => d.code === 'RISK_CLASS_OVERLAP')).toEqual([]);
    const bad = validatePolicy(zones([{ id: 'at', minScore: 2 }, { id: 'above', minScore: 2, minScoreInclusive: false }, { id: 'below', minScore: -1e9 }]));
    const [d] = bad.diagnostics.filter((x) => x.code === 'RISK_CLASS_OVERLAP');
    expect(d).toMatchObject({ path: '/nodes/0/config/classes/1/minScore' });
    expect(d!.message).toMatch(/> 2 must start below ≥ 2/);
  });

  it('reports the scale minimum left out by an exclusive worst class', () => {
    const doc = smallPolicy() as Doc;
    doc.nodes[2].config.classes[2].minScoreInclusive = false;
    const gaps = validatePolicy(doc).diagnostics.filter((d) => d.code === 'RISK_CLASS_GAP');
    expect(gaps.map((d) => d.path)).toEqual(['/nodes/2/config/classes/2/minScoreInclusive']);
    expect(gaps[0]!.message).toMatch(/a score of exactly 0/);
  });
});

describe('scorecard bands', () => {
  const withBands = (bands: unknown[]) => {
    const doc = smallPolicy() as Doc;
    doc.nodes[1].config.criteria[0].bands = bands;
    return doc;
  };
  const coverage = (bands: unknown[]) => validatePolicy(withBands(bands)).diagnostics.filter((d) => d.code.startsWith('BAND_')).map((d) => [d.code, d.path, d.message.replace(/^.*?: (?=values|overlaps|min)/, '')]);

  it('puts the bound value where minInclusive/maxInclusive say', () => {
    const compiled = compilePolicy(withBands([{ max: 3, maxInclusive: true, points: 0 }, { min: 3, minInclusive: false, max: 10, points: 50 }, { min: 10, points: 100 }]));
    const facts = { sector: 'industry', insolvencyProceedings: false, tangibleNetWorth: 1, annualTurnover: 1, requestedAmount: 1 };
    expect(compiled.evaluate({ ...facts, yearsInBusiness: 3 }).scorecard[0]).toMatchObject({ band: 0, points: 0 });
    expect(compiled.evaluate({ ...facts, yearsInBusiness: 3.0001 }).scorecard[0]).toMatchObject({ band: 1, points: 50 });
    expect(compiled.evaluate({ ...facts, yearsInBusiness: 10 }).scorecard[0]).toMatchObject({ band: 2, points: 100 });
  });

  it('accepts bands that meet with exactly one of them holding the shared bound', () => {
    expect(coverage([{ max: 3, maxInclusive: true, points: 0 }, { min: 3, minInclusive: false, max: 10, points: 50 }, { min: 10, points: 100 }])).toEqual([]);
    expect(coverage([{ max: 3, points: 0 }, { min: 3, max: 3, maxInclusive: true, points: 10 }, { min: 3, minInclusive: false, points: 100 }])).toEqual([]);
  });

  it('reports the single value both bands leave out', () => {
    expect(coverage([{ max: 3, points: 0 }, { min: 3, minInclusive: false, points: 100 }]))
      .toEqual([['BAND_GAP', '/nodes/1/config/criteria/0/bands/1/min', 'values of exactly 3 fall in no band (they score as missing)']]);
  });

  it('reports the single value both bands hold', () => {
    expect(coverage([{ max: 3, maxInclusive: true, points: 0 }, { min: 3, points: 100 }]))
      .toEqual([['BAND_OVERLAP', '/nodes/1/config/criteria/0/bands/1', 'overlaps band 1: values of exactly 3 fall in both (the first listed wins)']]);
  });

  it('measures the lower gap against an exclusive input minimum', () => {
    const doc = withBands([{ min: 0, minInclusive: false, points: 0 }]);
    doc.inputs[0].minInclusive = false; // yearsInBusiness > 0
    expect(validatePolicy(doc).diagnostics.filter((d) => d.code === 'BAND_GAP')).toEqual([]);
    doc.inputs[0].minInclusive = true; // 0 itself is accepted but in no band
    const [gap] = validatePolicy(doc).diagnostics.filter((d) => d.code === 'BAND_GAP');
    expect(gap!.message).toMatch(/values of exactly 0 fall in no band/);
  });

  it('refuses inclusiveness flags on a value band and an empty band', () => {
    const codes = coverage([{ max: 3, points: 0 }, { min: 3, max: 3, points: 10 }, { min: 3, points: 0 }]);
    expect(codes[0]).toEqual(['BAND_INVALID', '/nodes/1/config/criteria/0/bands/1', expect.stringMatching(/min 3 must be below max 3/)]);
    const doc = smallPolicy() as Doc;
    doc.nodes[1].config.criteria[1].bands[0].minInclusive = false;
    expect(validatePolicy(doc).diagnostics.map((d) => d.code)).toContain('BAND_INVALID');
  });
});

describe('input bounds', () => {
  it('refuses a value equal to an exclusive minimum ("total assets > 0")', () => {
    const doc = zones(ALTMAN, { min: 0, minInclusive: false, max: 100, maxInclusive: false });
    expect(checkFacts(doc, { z: 0.000001 }).ok).toBe(true);
    const zero = checkFacts(doc, { z: 0 });
    expect(zero).toEqual({ ok: false, errors: [{ field: 'z', pointer: '/z', code: 'minimum', message: 'z must be > 0', messages: { en: 'z must be > 0', fr: '«\u00a0z\u00a0» doit être > 0' } }] });
    const hundred = checkFacts(doc, { z: 100 });
    expect(hundred).toEqual({ ok: false, errors: [{ field: 'z', pointer: '/z', code: 'maximum', message: 'z must be < 100', messages: { en: 'z must be < 100', fr: '«\u00a0z\u00a0» doit être < 100' } }] });
  });

  it('reports bounds that leave no value', () => {
    const result = validatePolicy(zones(ALTMAN, { min: 1, max: 1, maxInclusive: false }));
    expect(result.diagnostics.map((d) => d.code)).toContain('INPUT_RANGE_INVALID');
  });
});

describe('segmented class ladders (issue #18)', () => {
  /** Altman's Z for listed manufacturers, Z″ (lower cut-offs) for non-manufacturers: one ladder per model. */
  const segmented = (segments: unknown[]) => {
    const doc = zones(ALTMAN);
    doc.inputs.push({ name: 'model', type: 'enum', values: ['Z', 'Z2'], required: true });
    doc.nodes[0].config.segments = segments;
    return doc;
  };
  const Z2 = {
    id: 'z2', label: { en: "Z'' (non-manufacturers)", fr: "Z'' (hors industrie)" },
    when: { all: [{ fact: 'model', operator: 'equal', value: 'Z2' }] },
    thresholds: [{ class: 'safe', minScore: 2.6, minScoreInclusive: false }, { class: 'grey', minScore: 1.1 }, { class: 'distress', minScore: -1e9 }],
  };

  it('takes the cut-offs of the first segment whose condition holds, else the classes\' own', () => {
    const compiled = compilePolicy(segmented([Z2]));
    expect(compiled.evaluate({ z: 2.7, model: 'Z2' }).riskClass).toBe('safe');
    expect(compiled.evaluate({ z: 2.7, model: 'Z' }).riskClass).toBe('grey');
    expect(compiled.evaluate({ z: 2.6, model: 'Z2' }).riskClass).toBe('grey');
    expect(compiled.evaluate({ z: 1.0, model: 'Z2' }).riskClass).toBe('distress');
    expect(compiled.evaluate({ z: 1.0, model: 'Z2' }, { trace: true }).trace!.find((t) => t.nodeId === 'classes')!.matched).toContain('segment:z2');
  });

  it('validates each ladder: known classes, best to worst, decreasing cut-offs', () => {
    expect(validatePolicy(segmented([Z2])).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const bad = validatePolicy(segmented([{ ...Z2, thresholds: [{ class: 'grey', minScore: 1 }, { class: 'safe', minScore: 2 }, { class: 'nope', minScore: 0 }] }]));
    expect(bad.diagnostics.map((d) => [d.code, d.path])).toEqual(expect.arrayContaining([
      ['RISK_CLASS_OVERLAP', '/nodes/0/config/segments/0/thresholds/1/class'],
      ['RISK_CLASS_OVERLAP', '/nodes/0/config/segments/0/thresholds/1/minScore'],
      ['UNKNOWN_CLASS', '/nodes/0/config/segments/0/thresholds/2/class'],
    ]));
  });
});
