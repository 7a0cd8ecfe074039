/**
 * b2b-standard on json-rules-engine 7.3.1, written the way its documentation suggests: ONE Engine
 * holding the rules (conditions + events), computed values as dynamic facts, rule priorities to
 * order the stages (scorecard bands → risk class → knock-outs, approval, collection), success
 * handlers that record runtime facts in the run's almanac, and the facts passed to each `run()`.
 *
 * The bands, classes, class parameters, levels and scenarios are read from the policy document;
 * the ratio and limit formulas are dynamic facts written in JS (json-rules-engine has no
 * expression language). Runs must be sequential: concurrent runs on one Engine share
 * `engine.status` and silently skip rules when priorities differ (upstream issue #303).
 */
import { Engine, type Almanac, type RuleProperties, type TopLevelCondition, type NestedCondition } from 'json-rules-engine';
import type { NodeOfKind, PolicyDocument, ScoreBand } from '../../engine/index.js';
import type { PeerDecision } from './hand-written-b2b-standard.js';
import { roundHalfAway as round } from './round-half-away.js';

type Facts = Record<string, unknown>;

const PRIORITY = { bands: 100, riskClass: 80, decide: 50 } as const;
const OUTCOME_RANK = { accept: 1, escalate: 2, refuse: 3 } as const;

function nodeOf<K extends NodeOfKind<any>['kind']>(policy: PolicyDocument, kind: K): NodeOfKind<K> {
  const node = policy.nodes.find((n) => n.kind === kind);
  if (!node) throw new Error(`b2b-standard has no ${kind} node`);
  return node as NodeOfKind<K>;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const ratio = (a: unknown, b: unknown): number | undefined => {
  const x = num(a);
  const y = num(b);
  return x === undefined || y === undefined || y === 0 ? undefined : round(x / y, 1e4);
};

function bandConditions(variable: string, band: ScoreBand): NestedCondition[] {
  if (band.values) return [{ any: band.values.map((v) => ({ fact: variable, operator: 'equal', value: v })) }];
  const all: NestedCondition[] = [];
  if (band.min !== undefined) all.push({ fact: variable, operator: 'greaterThanInclusive', value: band.min });
  if (band.max !== undefined) all.push({ fact: variable, operator: 'lessThan', value: band.max });
  return all;
}

export interface JsonRulesEnginePolicy {
  engine: Engine;
  ruleCount: number;
  /** One decision; await it before starting the next (issue #303). */
  decide(facts: Facts): Promise<PeerDecision>;
}

export function createJsonRulesEnginePolicy(policy: PolicyDocument): JsonRulesEnginePolicy {
  const scorecard = nodeOf(policy, 'scorecard');
  const riskClass = nodeOf(policy, 'riskClass');
  const limit = nodeOf(policy, 'creditLimit');
  const approval = nodeOf(policy, 'approval');
  const collection = nodeOf(policy, 'collection');
  const levels = approval.config.levels;
  const classes = riskClass.config.classes;
  const worst = classes[classes.length - 1].id;

  const engine = new Engine([], { allowUndefinedFacts: true });
  const rules: RuleProperties[] = [];

  // Ratios (the "ratios" formula node) as dynamic facts: computed once per run, when first asked.
  const fact = (id: string, compute: (get: (name: string) => Promise<unknown>) => Promise<unknown>) =>
    engine.addFact(id, (_params: unknown, almanac: Almanac) => compute((name) => almanac.factValue(name)));
  fact('tangibleNetWorth', async (get) => {
    const equity = num(await get('equity'));
    return equity === undefined ? undefined : round(equity - (num(await get('intangibleAssets')) ?? 0), 100);
  });
  fact('equityRatio', async (get) => ratio(await get('equity'), await get('totalAssets')));
  fact('currentRatio', async (get) => ratio(await get('currentAssets'), await get('currentLiabilities')));
  fact('debtRatio', async (get) => ratio(await get('financialDebt'), await get('totalAssets')));
  fact('netMargin', async (get) => ratio(await get('netIncome'), await get('annualTurnover')));
  fact('creditNeed', async (get) => {
    const purchases = num(await get('expectedAnnualPurchases'));
    if (purchases === undefined) return undefined;
    const endOfMonth = (await get('endOfMonthTerms')) === true;
    const days = Math.min(num(await get('paymentTermDays')) ?? 60, endOfMonth ? 45 : 60) + (endOfMonth ? 15 : 0) + Math.max(0, num(await get('avgPaymentDelayDays')) ?? 0);
    return round(((purchases * (1 + (num(await get('vatRate')) ?? 0.2))) / 12) * days / 30, 100);
  });
  // The insured part of the cover; class E counts none (the class rule records coverCounts).
  fact('insuredCover', async (get) => {
    const named = num(await get('insurerCover'));
    const covered = named !== undefined ? named : (await get('paymentIncidents12m')) === 0 ? (num(await get('discretionaryLimit')) ?? 0) : 0;
    return round(Math.max(0, (num(await get('insuredShare')) ?? 0.9) * covered - (num(await get('insurerDeductible')) ?? 0)), 100);
  });
  fact('countedCover', async (get) => ((await get('riskClass')) === 'E' ? 0 : ((await get('insuredCover')) as number)));
  fact('concentrationCap', async (get) => {
    const sales = num(await get('sellerAnnualSales'));
    return sales === undefined ? undefined : round(0.1 * sales, 100);
  });
  fact('criteriaKnown', async (get) => {
    let known = 0;
    for (const c of scorecard.config.criteria) if ((await get(c.variable)) !== undefined && (await get(c.variable)) !== null) known++;
    return known;
  });

  // Scorecard: one rule per band; its success handler records the criterion's points.
  scorecard.config.criteria.forEach((criterion) => {
    criterion.bands.forEach((band, j) => {
      rules.push({
        name: `band:${criterion.id}:${j}`,
        priority: PRIORITY.bands,
        conditions: { all: bandConditions(criterion.variable, band) },
        event: { type: 'band', params: { criterion: criterion.id, points: band.points } },
        // The first matching band counts: bands are disjoint here, so at most one fires.
      });
    });
  });
  // score = Σ weight × points / Σ weight over the criteria that scored (reweight).
  engine.addFact('score', async (_params: unknown, almanac: Almanac) => {
    let sw = 0;
    let sp = 0;
    for (const c of scorecard.config.criteria) {
      const points = (await almanac.factValue(`points:${c.id}`)) as number | undefined;
      if (points !== undefined) {
        sw += c.weight ?? 0;
        sp += (c.weight ?? 0) * points;
      }
    }
    return sw > 0 ? round(sp / sw, 100) : undefined;
  });

  // Risk class: one rule per class; overrides folded into the conditions (insolvency → E,
  // ≥ 3 incidents → no better than D, a missing score → E).
  const solvent: NestedCondition = { fact: 'insolvencyProceedings', operator: 'notEqual', value: true };
  const incidents: NestedCondition = { fact: 'paymentIncidents12m', operator: 'greaterThanInclusive', value: 3 };
  const classRules = classes.map((cls, i): RuleProperties => {
    const atLeast: NestedCondition = { fact: 'score', operator: 'greaterThanInclusive', value: cls.minScore };
    const below: NestedCondition | null = i === 0 ? null : { fact: 'score', operator: 'lessThan', value: classes[i - 1].minScore };
    const byScore: NestedCondition = { all: below ? [atLeast, below] : [atLeast] };
    let conditions: TopLevelCondition;
    if (cls.id === worst) conditions = { any: [{ fact: 'insolvencyProceedings', operator: 'equal', value: true }, { not: { fact: 'score', operator: 'greaterThanInclusive', value: classes[i - 1].minScore } }] };
    else if (cls.id === 'D') conditions = { all: [solvent, { fact: 'score', operator: 'greaterThanInclusive', value: cls.minScore }, { any: [below!, incidents] }] };
    else conditions = { all: [solvent, byScore, { not: incidents }] };
    return { name: `class:${cls.id}`, priority: PRIORITY.riskClass, conditions, event: { type: 'riskClass', params: { riskClass: cls.id, ...(limit.config.classParameters?.[cls.id] ?? {}) } } };
  });
  rules.push(...classRules);

  // The credit limit and the authority amount, from the class parameters recorded by the class rule.
  engine.addFact('creditLimit', async (_params: unknown, almanac: Almanac) => {
    const p = num(await almanac.factValue('netWorthShare'))!;
    const q = num(await almanac.factValue('turnoverShare'))!;
    const worth = num(await almanac.factValue('tangibleNetWorth'));
    const turnover = num(await almanac.factValue('annualTurnover'));
    const needShare = num(await almanac.factValue('needShare')) ?? 1;
    const rawNeed = num(await almanac.factValue('creditNeed'));
    const need = rawNeed === undefined ? undefined : needShare * rawNeed;
    let base: number | undefined = worth === undefined ? undefined : Math.max(0, p * worth); // never below 0
    if (turnover !== undefined && (base === undefined || q * turnover < base)) base = q * turnover;
    if (need !== undefined && (base === undefined || need < base)) base = need;
    base = base === undefined ? 0 : round(base, 100);
    const cover = num(await almanac.factValue('countedCover')) ?? 0;
    let gross = round(base + (limit.config.addInsurerCover ? cover : 0), 100);
    gross = Math.max(limit.config.floor ?? 0, Math.min(limit.config.ceiling ?? Infinity, gross));
    const step = limit.config.rounding?.step ?? 0.01;
    return round(Math.floor(round(gross / step, 1e6)) * step, 100);
  });
  engine.addFact('authorityAmount', async (_params: unknown, almanac: Almanac) => {
    const requested = num(await almanac.factValue('requestedAmount'))!;
    const cover = num(await almanac.factValue('countedCover')) ?? 0;
    const guarantees = num(await almanac.factValue('guarantees')) ?? 0;
    return Math.max(0, requested - cover - guarantees);
  });

  // Knock-outs (every match fires). Safeguard or receivership: supply may continue (L622-17).
  const continuedSupply: NestedCondition = { all: [{ fact: 'insolvencyProceedings', operator: 'equal', value: true }, { fact: 'proceedingsType', operator: 'in', value: ['safeguard', 'receivership'] }] };
  rules.push(
    { name: 'ko:insolvency', priority: PRIORITY.decide, conditions: { all: [{ fact: 'insolvencyProceedings', operator: 'equal', value: true }, { not: continuedSupply }] }, event: { type: 'outcome', params: { outcome: 'refuse', code: 'KO_INSOLVENCY' } } },
    { name: 'ko:post-opening-supply', priority: PRIORITY.decide, conditions: { all: [continuedSupply] }, event: { type: 'outcome', params: { outcome: 'escalate', level: 'creditManager', code: 'POST_OPENING_SUPPLY' } } },
    { name: 'ko:thin-file', priority: PRIORITY.decide, conditions: { all: [{ fact: 'criteriaKnown', operator: 'lessThan', value: 4 }] }, event: { type: 'outcome', params: { outcome: 'escalate', level: 'creditAnalyst', code: 'THIN_FILE' } } },
    { name: 'ko:concentration', priority: PRIORITY.decide, conditions: { all: [{ fact: 'requestedAmount', operator: 'greaterThan', value: { fact: 'concentrationCap' } }] }, event: { type: 'outcome', params: { outcome: 'escalate', level: 'financeDirector', code: 'CONCENTRATION' } } },
  );

  // Approval: first match wins, so each rule excludes the earlier ones in its conditions.
  const notE: NestedCondition = { any: [{ fact: 'riskClass', operator: 'notEqual', value: worst }, continuedSupply] };
  const underCeiling: NestedCondition = { fact: 'requestedAmount', operator: 'lessThanInclusive', value: 2_000_000 };
  rules.push(
    { name: 'approval:class-e', priority: PRIORITY.decide, conditions: { all: [{ fact: 'riskClass', operator: 'equal', value: worst }, { not: continuedSupply }] }, event: { type: 'outcome', params: { outcome: 'refuse', code: 'CLASS_E' } } },
    { name: 'approval:absolute-ceiling', priority: PRIORITY.decide, conditions: { all: [notE, { fact: 'requestedAmount', operator: 'greaterThan', value: 2_000_000 }] }, event: { type: 'outcome', params: { outcome: 'refuse', code: 'ABOVE_ABSOLUTE_CEILING' } } },
    { name: 'approval:within-limit', priority: PRIORITY.decide, conditions: { all: [notE, underCeiling, { fact: 'requestedAmount', operator: 'lessThanInclusive', value: { fact: 'creditLimit' } }] }, event: { type: 'outcome', params: { outcome: 'accept', code: 'WITHIN_LIMIT' } } },
  );
  // Above the limit: one rule per delegation level, on the unsecured part of the request.
  levels.forEach((level, i) => {
    const band: NestedCondition[] = [];
    if (i > 0) band.push({ fact: 'authorityAmount', operator: 'greaterThan', value: levels[i - 1].maxAmount as number });
    if (level.maxAmount !== null) band.push({ fact: 'authorityAmount', operator: 'lessThanInclusive', value: level.maxAmount });
    rules.push({
      name: `approval:above-limit:${level.id}`,
      priority: PRIORITY.decide,
      conditions: { all: [notE, underCeiling, { fact: 'requestedAmount', operator: 'greaterThan', value: { fact: 'creditLimit' } }, ...band] },
      event: { type: 'outcome', params: { outcome: 'escalate', level: level.id, code: 'ABOVE_LIMIT' } },
    });
  });

  // Collection: the key-account override, else the class's scenario.
  const keyAccount: NestedCondition = { all: [{ fact: 'keyAccount', operator: 'equal', value: true }, { fact: 'riskClass', operator: 'notEqual', value: worst }] };
  const override = collection.config.overrides?.[0];
  if (override) rules.push({ name: `collection:${override.id}`, priority: PRIORITY.decide, conditions: keyAccount as TopLevelCondition, event: { type: 'scenario', params: { scenario: override.scenario } } });
  const byScenario = new Map<string, string[]>();
  for (const [cls, scenario] of Object.entries(collection.config.byClass)) byScenario.set(scenario, [...(byScenario.get(scenario) ?? []), cls]);
  for (const [scenario, ids] of byScenario) {
    rules.push({ name: `collection:${scenario}`, priority: PRIORITY.decide, conditions: { all: [{ not: keyAccount }, { fact: 'riskClass', operator: 'in', value: ids }] }, event: { type: 'scenario', params: { scenario } } });
  }

  for (const rule of rules) engine.addRule(rule);
  // Success handlers write the run's runtime facts: band points, then the class and its parameters.
  engine.on('success', (event, almanac) => {
    const params = event.params ?? {};
    if (event.type === 'band') almanac.addRuntimeFact(`points:${params.criterion}`, params.points);
    else if (event.type === 'riskClass') for (const [k, v] of Object.entries(params)) almanac.addRuntimeFact(k, v);
  });

  return {
    engine,
    ruleCount: rules.length,
    async decide(facts: Facts): Promise<PeerDecision> {
      const { events, almanac } = await engine.run(facts);
      let oc = 0;
      let lv = -1;
      let cls = worst;
      let scenario = '';
      for (const e of events) {
        const p = e.params ?? {};
        if (e.type === 'outcome') {
          const rank = OUTCOME_RANK[p.outcome as keyof typeof OUTCOME_RANK];
          if (rank > oc) oc = rank;
          if (p.level) lv = Math.max(lv, levels.findIndex((l) => l.id === p.level));
        } else if (e.type === 'riskClass') cls = p.riskClass;
        else if (e.type === 'scenario') scenario = p.scenario;
      }
      const score = (await almanac.factValue('score')) as number | undefined;
      const gross = (await almanac.factValue('creditLimit')) as number;
      const cover = (await almanac.factValue('countedCover')) as number;
      const guarantees = num(facts.guarantees) ?? 0;
      return {
        outcome: oc === 3 ? 'refuse' : oc === 2 ? 'escalate' : 'accept',
        approvalLevel: oc === 2 && lv >= 0 ? levels[lv].id : null,
        score: score ?? null,
        riskClass: cls,
        creditLimit: gross,
        unsecuredLimit: Math.max(0, round(gross - cover - guarantees, 100)),
        collectionScenario: scenario,
      };
    },
  };
}
