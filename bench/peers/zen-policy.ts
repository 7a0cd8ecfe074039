/**
 * b2b-standard as a GoRules JDM decision graph for @gorules/zen-engine, modelled the way the JDM
 * docs describe: input node → expression nodes (formulas, with `$.` for keys computed earlier in
 * the same node) and decision tables (first-hit, unary cells such as `[3..10)`, `"A", "B"`,
 * `$ == null`) → one chain with `passThrough`, so each node sees the request plus what came before.
 *
 * Bands, classes, class parameters, levels and scenarios come from the policy document; the
 * formulas are hand-translated into ZEN expressions. ZEN's arithmetic is decimal, and comparing or
 * dividing `null` is an error, so every formula guards its missing operands first.
 */
import type { NodeOfKind, PolicyDocument, ScoreBand } from '../../engine/index.js';
import type { PeerDecision } from './hand-written-b2b-standard.js';

type JdmNode = { id: string; name: string; type: string; position: { x: number; y: number }; content?: unknown };

function nodeOf<K extends PolicyDocument['nodes'][number]['kind']>(policy: PolicyDocument, kind: K): NodeOfKind<K> {
  const node = policy.nodes.find((n) => n.kind === kind);
  if (!node) throw new Error(`b2b-standard has no ${kind} node`);
  return node as NodeOfKind<K>;
}

const str = (s: string) => JSON.stringify(s);

/** A band as a unary test: a half-open interval, an open-ended comparison, or a value list. */
function unaryBand(band: ScoreBand): string {
  if (band.values) return band.values.map((v) => str(String(v))).join(', ');
  if (band.min !== undefined && band.max !== undefined) return `[${band.min}..${band.max})`;
  if (band.min !== undefined) return `>= ${band.min}`;
  if (band.max !== undefined) return `< ${band.max}`;
  return '';
}

let ids = 0;
const cell = () => `c${ids++}`;

function expressionNode(id: string, expressions: [string, string][]): JdmNode {
  return {
    id,
    name: id,
    type: 'expressionNode',
    position: { x: 0, y: 0 },
    content: { expressions: expressions.map(([key, value]) => ({ id: cell(), key, value })), passThrough: true, inputField: null, outputPath: null, executionMode: 'single' },
  };
}

/** A first-hit decision table: inputs are fields, each rule a row of unary cells → output values. */
function decisionTable(id: string, inputs: string[], outputs: string[], rows: { when: string[]; then: string[] }[]): JdmNode {
  const inputCols = inputs.map((field) => ({ id: cell(), name: field, field }));
  const outputCols = outputs.map((field) => ({ id: cell(), name: field, field }));
  const rules = rows.map((row) => {
    const r: Record<string, string> = { _id: cell() };
    inputCols.forEach((c, i) => (r[c.id] = row.when[i] ?? ''));
    outputCols.forEach((c, i) => (r[c.id] = row.then[i]));
    return r;
  });
  return { id, name: id, type: 'decisionTableNode', position: { x: 0, y: 0 }, content: { hitPolicy: 'first', inputs: inputCols, outputs: outputCols, rules, passThrough: true, inputField: null, outputPath: null, executionMode: 'single' } };
}

export function zenGraph(policy: PolicyDocument): { nodes: JdmNode[]; edges: { id: string; sourceId: string; targetId: string; type: string }[] } {
  const scorecard = nodeOf(policy, 'scorecard');
  const riskClass = nodeOf(policy, 'riskClass');
  const limit = nodeOf(policy, 'creditLimit');
  const approval = nodeOf(policy, 'approval');
  const collection = nodeOf(policy, 'collection');
  const classes = riskClass.config.classes;
  const worst = classes.length - 1;
  const criteria = scorecard.config.criteria;

  const known = (v: string) => `(${v} != null ? 1 : 0)`;
  const nodes: JdmNode[] = [
    { id: 'request', name: 'request', type: 'inputNode', position: { x: 0, y: 0 } },
    expressionNode('ratios', [
      ['tangibleNetWorth', 'equity != null ? round(equity - (intangibleAssets ?? 0), 2) : null'],
      ['equityRatio', 'equity != null and totalAssets != null and totalAssets != 0 ? round(equity / totalAssets, 4) : null'],
      ['currentRatio', 'currentAssets != null and currentLiabilities != null and currentLiabilities != 0 ? round(currentAssets / currentLiabilities, 4) : null'],
      ['debtRatio', 'financialDebt != null and totalAssets != null and totalAssets != 0 ? round(financialDebt / totalAssets, 4) : null'],
      ['netMargin', 'netIncome != null and annualTurnover != null and annualTurnover != 0 ? round(netIncome / annualTurnover, 4) : null'],
      ['termCap', 'endOfMonthTerms == true ? 45 : 60'],
      ['exposureDays', 'min([paymentTermDays ?? 60, $.termCap]) + (endOfMonthTerms == true ? 15 : 0) + max([0, avgPaymentDelayDays ?? 0])'],
      ['creditNeed', 'expectedAnnualPurchases != null ? round(expectedAnnualPurchases * (1 + (vatRate ?? 0.2)) / 12 * $.exposureDays / 30, 2) : null'],
      ['coveredAmount', 'insurerCover != null ? insurerCover : (paymentIncidents12m == 0 ? (discretionaryLimit ?? 0) : 0)'],
      ['insuredCover', 'round(max([0, (insuredShare ?? 0.9) * $.coveredAmount - (insurerDeductible ?? 0)]), 2)'],
      ['concentrationCap', 'sellerAnnualSales != null ? round(0.1 * sellerAnnualSales, 2) : null'],
      ['criteriaKnown', criteria.map((c) => known(['equityRatio', 'currentRatio', 'debtRatio', 'netMargin'].includes(c.variable) ? `$.${c.variable}` : c.variable)).join(' + ')],
    ]),
    // Scorecard: one table per criterion; a missing value scores null (and drops out: reweight).
    ...criteria.map((c) =>
      decisionTable(`score-${c.id}`, [c.variable], [`points.${c.id}`], [{ when: ['$ == null'], then: ['null'] }, ...c.bands.map((b) => ({ when: [unaryBand(b)], then: [String(b.points)] })), { when: [''], then: ['null'] }]),
    ),
    expressionNode('score', [
      ['scoreWeight', criteria.map((c) => `(points.${c.id} != null ? ${c.weight} : 0)`).join(' + ')],
      ['score', `$.scoreWeight > 0 ? round((${criteria.map((c) => `(points.${c.id} ?? 0) * ${c.weight}`).join(' + ')}) / $.scoreWeight, 2) : null`],
    ]),
    decisionTable('class-by-score', ['score'], ['baseRank'], [
      { when: ['$ == null'], then: [String(worst)] },
      ...classes.map((c, i) => ({ when: [`>= ${c.minScore}`], then: [String(i)] })),
      { when: [''], then: [String(worst)] },
    ]),
    expressionNode('class-overrides', [
      ['classRank', `insolvencyProceedings == true ? ${worst} : (paymentIncidents12m != null and paymentIncidents12m >= 3 and baseRank < 3 ? 3 : baseRank)`],
    ]),
    decisionTable('class-parameters', ['classRank'], ['riskClass', 'netWorthShare', 'turnoverShare', 'needShare'], classes.map((c, i) => {
      const p = limit.config.classParameters?.[c.id] ?? {};
      return { when: [String(i)], then: [str(c.id), String(p.netWorthShare ?? 0), String(p.turnoverShare ?? 0), String(p.needShare ?? 1)] };
    })),
    expressionNode('limit', [
      ['capacities', 'filter([tangibleNetWorth != null ? max([0, netWorthShare * tangibleNetWorth]) : null, annualTurnover != null ? turnoverShare * annualTurnover : null, creditNeed != null ? needShare * creditNeed : null], # != null)'],
      ['limitBase', 'len($.capacities) > 0 ? round(min($.capacities), 2) : 0'],
      ['cover', `riskClass == ${str(classes[worst].id)} ? 0 : insuredCover`],
      ['grossRaw', `round($.limitBase + $.cover, 2)`],
      ['grossClamped', `$.grossRaw > ${limit.config.ceiling} ? ${limit.config.ceiling} : ($.grossRaw < ${limit.config.floor ?? 0} ? ${limit.config.floor ?? 0} : $.grossRaw)`],
      ['creditLimit', `floor(round($.grossClamped / ${limit.config.rounding?.step ?? 0.01}, 6)) * ${limit.config.rounding?.step ?? 0.01}`],
      ['unsecuredLimit', 'max([0, $.creditLimit - $.cover - (guarantees ?? 0)])'],
      ['authorityAmount', 'max([0, requestedAmount - $.cover - (guarantees ?? 0)])'],
    ]),
    expressionNode('knockouts', [
      ['thinFile', 'criteriaKnown < 4'],
      ['continuedSupply', 'insolvencyProceedings == true and (proceedingsType == "safeguard" or proceedingsType == "receivership")'],
      ['concentration', 'concentrationCap != null and requestedAmount > concentrationCap'],
      ['koOutcome', 'insolvencyProceedings == true and not $.continuedSupply ? 3 : ($.thinFile or $.concentration or $.continuedSupply ? 2 : 0)'],
      ['koLevel', 'max([$.thinFile ? 1 : -1, $.continuedSupply ? 2 : -1, $.concentration ? 3 : -1])'],
    ]),
    decisionTable('approval', ['riskClass', 'continuedSupply', 'requestedAmount'], ['approvalOutcome'], [
      { when: [str(classes[worst].id), 'false', ''], then: ['3'] },
      { when: ['', '', '> 2000000'], then: ['3'] },
      { when: ['', '', '<= creditLimit'], then: ['1'] },
      { when: ['', '', ''], then: ['2'] },
    ]),
    decisionTable('delegation', ['authorityAmount'], ['approvalRank'], approval.config.levels.map((l, i) => ({ when: [l.maxAmount === null ? '' : `<= ${l.maxAmount}`], then: [String(i)] }))),
    decisionTable('collection', ['keyAccount', 'riskClass'], ['collectionScenario'], [
      ...(collection.config.overrides ?? []).map((o) => ({ when: ['true', `!= ${str(classes[worst].id)}`], then: [str(o.scenario)] })),
      ...Object.entries(collection.config.byClass).map(([cls, scenario]) => ({ when: ['', str(cls)], then: [str(scenario)] })),
    ]),
    expressionNode('decision', [
      ['outcomeRank', 'max([koOutcome, approvalOutcome])'],
      ['levelRank', 'max([koLevel, approvalOutcome == 2 ? approvalRank : -1])'],
    ]),
    { id: 'response', name: 'response', type: 'outputNode', position: { x: 0, y: 0 } },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, sourceId: nodes[i].id, targetId: n.id, type: 'edge' }));
  return { nodes, edges };
}

export interface ZenPolicy {
  decide(facts: Record<string, unknown>): Promise<PeerDecision>;
  dispose(): void;
}

/** One ZenEngine and one decision created once; each decision is one `evaluate` call. */
export async function createZenPolicy(policy: PolicyDocument): Promise<ZenPolicy> {
  const { ZenEngine } = await import('@gorules/zen-engine');
  const levels = nodeOf(policy, 'approval').config.levels.map((l) => l.id);
  const engine = new ZenEngine();
  const decision = engine.createDecision(zenGraph(policy));
  return {
    async decide(facts) {
      const { result: r } = await decision.evaluate(facts);
      const outcome = r.outcomeRank === 3 ? 'refuse' : r.outcomeRank === 2 ? 'escalate' : 'accept';
      return {
        outcome,
        approvalLevel: outcome === 'escalate' && r.levelRank >= 0 ? levels[r.levelRank] : null,
        score: r.score ?? null,
        riskClass: r.riskClass,
        creditLimit: r.creditLimit,
        unsecuredLimit: r.unsecuredLimit,
        collectionScenario: r.collectionScenario,
      };
    },
    dispose: () => engine.dispose(),
  };
}
