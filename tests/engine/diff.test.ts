import { existsSync, readFileSync } from 'node:fs';
import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { diffPolicies, type PolicyDiff } from '../../engine/diff/diff-policies.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { smallPolicy } from '../support/small-policy.js';
import { localizedText } from '../../engine/i18n/localized-text.js';

/** A copy of the small policy with `edit` applied: the "after" version. */
function edited(edit: (doc: any) => void): PolicyDocument {
  const doc = smallPolicy();
  edit(doc);
  return doc;
}

const node = (doc: any, id: string) => doc.nodes.find((n: any) => n.id === id);
const messages = (diff: PolicyDiff) => diff.changes.map((c) => c.message);
/** The changes without their French wording (diff-languages.test.ts covers it). */
const englishOnly = (diff: PolicyDiff) => diff.changes.map(({ messages: _messages, ...change }) => change);

/** The patch is the exact record: applied to before, it gives after. */
function expectPatchReplays(before: PolicyDocument, after: PolicyDocument, diff: PolicyDiff) {
  const replayed = jsonpatch.applyPatch(jsonpatch.deepClone(before), diff.patch, true, false).newDocument;
  expect(replayed).toEqual(after);
}

describe('diffPolicies', () => {
  it('finds nothing between a policy and an equal copy', () => {
    const diff = diffPolicies(smallPolicy(), smallPolicy());
    expect(diff).toEqual({ changes: [], patch: [], nodes: { added: [], removed: [], changed: [] }, semanticChange: false });
  });

  it('reports a criterion weight change with the scorecard and criterion labels', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      node(d, 'scoring').config.criteria[0].weight = 55;
      node(d, 'scoring').config.criteria[1].weight = 45;
    });
    const diff = diffPolicies(before, after);
    expect(englishOnly(diff)).toEqual([
      {
        kind: 'changed',
        area: 'node',
        nodeId: 'scoring',
        path: '/nodes/1/config/criteria/0/weight',
        before: 60,
        after: 55,
        message: 'Scorecard "Credit score", criterion "Years in business": weight 60 → 55',
      },
      {
        kind: 'changed',
        area: 'node',
        nodeId: 'scoring',
        path: '/nodes/1/config/criteria/1/weight',
        before: 40,
        after: 45,
        message: 'Scorecard "Credit score", criterion "Sector": weight 40 → 45',
      },
    ]);
    expect(diff.nodes).toEqual({ added: [], removed: [], changed: ['scoring'] });
    expect(diff.semanticChange).toBe(true);
    expect(diff.patch).toEqual([
      { op: 'replace', path: '/nodes/1/config/criteria/1/weight', value: 45 },
      { op: 'replace', path: '/nodes/1/config/criteria/0/weight', value: 55 },
    ]);
    expectPatchReplays(before, after, diff);
  });

  it('reports a delegation threshold in amounts with thousands separators', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      node(d, 'approval').config.levels[0].maxAmount = 30000;
      node(d, 'approval').config.levels[2].maxAmount = 1000000;
    });
    const diff = diffPolicies(before, after);
    expect(messages(diff)).toEqual([
      'Approval "Delegation", level "Sales rep": max amount 5,000 → 30,000',
      'Approval "Delegation", level "Credit committee": max amount none → 1,000,000',
    ]);
    expect(diff.changes[0]).toMatchObject({ nodeId: 'approval', path: '/nodes/5/config/levels/0/maxAmount', before: 5000, after: 30000 });
    expectPatchReplays(before, after, diff);
  });

  it('reports a class threshold, a class parameter and a collection step', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      node(d, 'classes').config.classes[1].minScore = 35;
      node(d, 'limit').config.classParameters.B.turnoverShare = 0.06;
      node(d, 'dunning').config.scenarios[0].steps[2].day = 12;
      node(d, 'dunning').config.byClass.B = 'risky';
    });
    const diff = diffPolicies(before, after);
    expect(messages(diff)).toEqual([
      'Risk class "Classes": class B minimum score 40 → 35',
      'Credit limit "Limit": class B turnoverShare 0.05 → 0.06',
      'Collection "Dunning", scenario "standard", step 3: day 7 → 12',
      'Collection "Dunning": class B scenario standard → risky',
    ]);
    expect(diff.changes.map((c) => c.path)).toEqual([
      '/nodes/2/config/classes/1/minScore',
      '/nodes/3/config/classParameters/B/turnoverShare',
      '/nodes/6/config/scenarios/0/steps/2/day',
      '/nodes/6/config/byClass/B',
    ]);
    expect(diff.nodes.changed).toEqual(['classes', 'limit', 'dunning']);
    expectPatchReplays(before, after, diff);
  });

  it('reports an added node and its edge, and colours it as added', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      d.nodes.splice(2, 0, {
        id: 'sectorCheck',
        kind: 'rules',
        label: 'Sector check',
        config: {
          rules: [
            {
              id: 'retail',
              when: { all: [{ fact: 'sector', operator: 'equal', value: 'retail' }] },
              actions: [{ type: 'reason', reason: { code: 'SECTOR_RISK', message: 'Retail sector' } }],
            },
          ],
        },
      });
      d.edges.push({ source: 'sectorCheck', target: 'decision' });
      d.layout.nodes.sectorCheck = { x: 0, y: 500 };
    });
    const diff = diffPolicies(before, after);
    expect(englishOnly(diff)).toEqual([
      { kind: 'added', area: 'node', nodeId: 'sectorCheck', path: '/nodes/2', after: after.nodes[2], message: 'Node "Sector check" (rules) added' },
      { kind: 'added', area: 'edge', nodeId: 'decision', path: '/edges/9', after: after.edges[9], message: 'Edge "Sector check" → "Decision" added' },
    ]);
    // Inserting a node shifts the others but does not move them relative to each other.
    expect(diff.nodes).toEqual({ added: ['sectorCheck'], removed: [], changed: [] });
    expect(diff.semanticChange).toBe(true);
    expectPatchReplays(before, after, diff);
  });

  it('reports a removed node at its place in the old version', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      d.nodes = d.nodes.filter((n: any) => n.id !== 'knockouts');
      d.edges = d.edges.filter((e: any) => e.source !== 'knockouts');
      delete d.layout.nodes.knockouts;
      d.tests = d.tests.filter((t: any) => t.id !== 'insolvent');
    });
    const diff = diffPolicies(before, after);
    expect(diff.changes.map(({ kind, area, nodeId, path, message }) => ({ kind, area, nodeId, path, message }))).toEqual([
      { kind: 'removed', area: 'node', nodeId: 'knockouts', path: '/nodes/4', message: 'Node "Knock-outs" (rules) removed' },
      { kind: 'removed', area: 'edge', nodeId: 'decision', path: '/edges/6', message: 'Edge "Knock-outs" → "Decision" removed' },
      { kind: 'removed', area: 'test', nodeId: null, path: '/tests/1', message: 'Test "Insolvency forces class C, which is refused" removed' },
    ]);
    expect(diff.changes[0]!.before).toEqual(before.nodes[4]);
    expect(diff.nodes).toEqual({ added: [], removed: ['knockouts'], changed: [] });
    expectPatchReplays(before, after, diff);
  });

  it('reports reordered criteria as one move, not as rewritten criteria', () => {
    const before = smallPolicy();
    const after = edited((d) => node(d, 'scoring').config.criteria.reverse());
    const diff = diffPolicies(before, after);
    expect(englishOnly(diff)).toEqual([
      {
        kind: 'changed',
        area: 'node',
        nodeId: 'scoring',
        path: '/nodes/1/config/criteria/0',
        before: 2,
        after: 1,
        message: 'Scorecard "Credit score": criterion "Sector" moved from position 2 to 1',
      },
    ]);
    // Criterion results come out in this order, so it is a policy change.
    expect(diff.semanticChange).toBe(true);
    expect(diff.nodes.changed).toEqual(['scoring']);
    expectPatchReplays(before, after, diff);
  });

  it('reports the fewest, clearest moves when a list is reversed', () => {
    const before = smallPolicy();
    const after = edited((d) => node(d, 'approval').config.levels.reverse());
    const diff = diffPolicies(before, after);
    // The credit manager stays in the middle: only the two outer levels moved.
    expect(messages(diff)).toEqual([
      'Approval "Delegation": level "Credit committee" moved from position 3 to 1',
      'Approval "Delegation": level "Sales rep" moved from position 1 to 3',
    ]);
    expectPatchReplays(before, after, diff);
  });

  it('says what an added or removed step held', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      node(d, 'dunning').config.scenarios[0].steps.splice(1, 1);
      node(d, 'knockouts').config.rules[0].actions.push({ type: 'reason', reason: { code: 'LEGAL', message: 'Legal' } });
    });
    const diff = diffPolicies(before, after);
    expect(messages(diff)).toEqual([
      'Rules "Knock-outs", rule "Class C": action 2 (reason LEGAL) added',
      'Collection "Dunning", scenario "standard": step 2 (day 4, email) removed',
    ]);
    expect(diff.changes[1]).toMatchObject({ kind: 'removed', path: '/nodes/6/config/scenarios/0/steps/1', before: { day: 4, action: 'email' } });
    expectPatchReplays(before, after, diff);
  });

  it('keeps moves of unordered lists (scenarios, inputs) cosmetic', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      node(d, 'dunning').config.scenarios.reverse();
      d.inputs.push(d.inputs.shift());
    });
    const diff = diffPolicies(before, after);
    expect(messages(diff)).toEqual([
      'Input "Years in business" moved from position 1 to 7',
      'Collection "Dunning": scenario "risky" moved from position 2 to 1',
    ]);
    expect(diff.changes.every((c) => c.cosmetic === true)).toBe(true);
    expect(diff.semanticChange).toBe(false);
    expectPatchReplays(before, after, diff);
  });

  it('treats a node moved in the layout as a layout change only', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      d.layout.nodes.scoring = { x: 40, y: 260 };
      d.layout.viewport = { x: -100, y: 0, zoom: 0.8 };
    });
    const diff = diffPolicies(before, after);
    expect(englishOnly(diff)).toEqual([
      {
        kind: 'changed',
        area: 'layout',
        nodeId: 'scoring',
        path: '/layout/nodes/scoring',
        before: { x: 0, y: 240 },
        after: { x: 40, y: 260 },
        message: 'Node "Credit score" moved in the layout',
        cosmetic: true,
      },
      {
        kind: 'changed',
        area: 'layout',
        nodeId: null,
        path: '/layout/viewport',
        before: { x: 0, y: 0, zoom: 1 },
        after: { x: -100, y: 0, zoom: 0.8 },
        message: 'Viewport changed',
        cosmetic: true,
      },
    ]);
    expect(diff.semanticChange).toBe(false);
    expect(diff.nodes).toEqual({ added: [], removed: [], changed: [] });
    expectPatchReplays(before, after, diff);
  });

  it('treats labels and descriptions as no semantic change, but still shows the node as changed', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      node(d, 'scoring').label = 'Risk points';
      node(d, 'scoring').config.criteria[0].description = 'Since registration';
      d.description = 'Rewritten description';
      d.name = 'Small policy';
    });
    const diff = diffPolicies(before, after);
    expect(messages(diff)).toEqual([
      'Policy: name "Small credit policy" → "Small policy"',
      // Too long to quote on one line.
      'Policy: description changed',
      'Scorecard "Risk points": label "Credit score" → "Risk points"',
      'Scorecard "Risk points", criterion "Years in business": description set to "Since registration"',
    ]);
    expect(diff.semanticChange).toBe(false);
    expect(diff.nodes.changed).toEqual(['scoring']);
    expectPatchReplays(before, after, diff);
  });

  it('pairs an inserted band as one added band, and an edited band in place', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      const bands = node(d, 'scoring').config.criteria[0].bands;
      bands.splice(1, 0, { min: 3, max: 5, points: 30 });
      bands[2].min = 5;
    });
    const diff = diffPolicies(before, after);
    expect(messages(diff)).toEqual([
      'Scorecard "Credit score", criterion "Years in business": band 2 (from 3 to 5: 30 points) added',
      'Scorecard "Credit score", criterion "Years in business", band 3: min 3 → 5',
    ]);
    expect(diff.changes.map((c) => c.path)).toEqual(['/nodes/1/config/criteria/0/bands/1', '/nodes/1/config/criteria/0/bands/2/min']);
    expectPatchReplays(before, after, diff);
  });

  it('says what a changed condition now tests, and lists set members in and out', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      node(d, 'approval').config.rules[0].when.all[0].operator = 'lessThan';
      node(d, 'approval').config.default.outcome = 'refuse';
      node(d, 'decision').config.variables.push('yearsInBusiness');
      d.inputs[1].values = ['retail', 'services', 'mining'];
    });
    const diff = diffPolicies(before, after);
    expect(messages(diff)).toEqual([
      'Input "Sector": value industry removed',
      'Input "Sector": value mining added',
      'Approval "Delegation", rule "Within limit": condition (requestedAmount ≤ creditLimit) → (requestedAmount < creditLimit)',
      'Approval "Delegation": default outcome escalate → refuse',
      'Decision "Decision": returned variable yearsInBusiness added',
    ]);
    expect(diff.changes[0]).toMatchObject({ kind: 'removed', path: '/inputs/1/values/1', before: 'industry' });
    expectPatchReplays(before, after, diff);
  });

  it('reports golden test edits and shared conditions', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      d.tests[0].expect.creditLimit = 28500;
      d.tests[0].facts.region = 'north'; // text (not a code field): quoted
      d.conditions.bigRequest = { all: [{ fact: 'requestedAmount', operator: 'greaterThan', value: 100000 }] };
    });
    const diff = diffPolicies(before, after);
    expect(diff.changes.map(({ kind, area, path, message }) => ({ kind, area, path, message }))).toEqual([
      { kind: 'added', area: 'condition', path: '/conditions/bigRequest', message: 'Shared condition "bigRequest" added' },
      { kind: 'added', area: 'test', path: '/tests/0/facts/region', message: 'Test "Class B customer within its limit": fact region set to "north"' },
      { kind: 'changed', area: 'test', path: '/tests/0/expect/creditLimit', message: 'Test "Class B customer within its limit": expected credit limit 28,000 → 28,500' },
    ]);
    expectPatchReplays(before, after, diff);
  });

  it('reports a node whose kind changed as a whole', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      d.nodes[0] = { id: 'ratios', kind: 'rules', label: 'Ratios', config: node(d, 'knockouts').config };
    });
    const diff = diffPolicies(before, after);
    expect(messages(diff)).toEqual(['Rules "Ratios": kind formula → rules', 'Rules "Ratios": config changed']);
    expect(diff.nodes.changed).toEqual(['ratios']);
  });

  it('copes with invalid drafts (missing lists, nodes without config)', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      delete d.edges;
      delete node(d, 'scoring').config;
      node(d, 'classes').config.classes = 'oops';
    }) as PolicyDocument;
    const diff = diffPolicies(before, after);
    expect(messages(diff)).toContain('Scorecard "Credit score": config removed');
    expect(messages(diff)).toContain('Risk class "Classes": classes changed');
    expect(diff.changes.filter((c) => c.area === 'edge')).toHaveLength(9);
    expectPatchReplays(before, after, diff);
  });

  it('replays a combined edit exactly', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      node(d, 'scoring').config.criteria.reverse();
      node(d, 'scoring').config.criteria[0].bands.pop();
      node(d, 'limit').config.rounding = { step: 1000, mode: 'nearest' };
      delete node(d, 'limit').config.ceiling;
      d.nodes.reverse();
      d.edges.reverse();
      d.inputs[0].max = 5000000;
      d.tests.reverse();
      d.layout.nodes.decision.x = 1200;
    });
    const diff = diffPolicies(before, after);
    expect(diff.semanticChange).toBe(true);
    expect(messages(diff)).toContain('Credit limit "Limit": rounding step 500 → 1,000');
    expect(messages(diff)).toContain('Credit limit "Limit": rounding mode down → nearest');
    expect(messages(diff)).toContain('Credit limit "Limit": ceiling removed (was 1,000,000)');
    expect(diff.changes.find((c) => c.message.endsWith('ceiling removed (was 1,000,000)'))!.path).toBe('/nodes/3/config/ceiling');
    expectPatchReplays(before, after, diff);
  });
});

const B2B = new URL('../../rulesets/b2b-standard.json', import.meta.url);

describe.skipIf(!existsSync(B2B))('diffPolicies on rulesets/b2b-standard.json', () => {
  const load = () => JSON.parse(readFileSync(B2B, 'utf8')) as any;

  it('names the criterion and delegation level edited in the editor test', () => {
    const before = load();
    const after = load();
    const scorecard = after.nodes.find((n: any) => n.kind === 'scorecard');
    const approval = after.nodes.find((n: any) => n.kind === 'approval');
    const [first, second] = scorecard.config.criteria;
    first.weight += 5;
    second.weight -= 5;
    approval.config.levels[1].maxAmount += 5000;
    const diff = diffPolicies(before, after);
    const money = (n: number) => n.toLocaleString('en-US');
    const name = (x: any) => localizedText(x.label, 'en') || x.id;
    expect(messages(diff)).toEqual([
      `Scorecard "${name(scorecard)}", criterion "${name(first)}": weight ${first.weight - 5} → ${first.weight}`,
      `Scorecard "${name(scorecard)}", criterion "${name(second)}": weight ${second.weight + 5} → ${second.weight}`,
      `Approval "${name(approval)}", level "${name(approval.config.levels[1])}": max amount ${money(approval.config.levels[1].maxAmount - 5000)} → ${money(approval.config.levels[1].maxAmount)}`,
    ]);
    expect(diff.nodes.changed.sort()).toEqual([scorecard.id, approval.id].sort());
    expectPatchReplays(before, after, diff);
  });
});
