/**
 * Writes the source of ONE evaluation function for a whole policy: every fact and variable is a
 * local `let`, nodes run in topological order, the decision is one object literal at the end.
 * With `trace`, the same source also records each node's inputs, outputs and matches.
 */
import { specOf } from '../kinds/index.js';
import type { PolicyGraph } from '../model/graph.js';
import { producedNames } from '../model/names.js';
import type { Language, NodeOfKind, PolicyDocument } from '../model/policy-schema.js';
import { ENGINE_REASONS } from '../i18n/engine-messages.js';
import { DEFAULT_OUTPUT } from '../model/names.js';
import { scoreRange } from '../model/score-range.js';
import { EmitContext, literal, local, rawLocal } from './emit-context.js';
import { says } from '../i18n/diagnostic-messages.js';

export const NO_OUTCOME_MESSAGE = ENGINE_REASONS.NO_OUTCOME.en;

export interface EmittedPolicy {
  /** Body of `function (facts)`, given `K` (constants) and the runtime bindings in scope. */
  body: string;
  /** Statements placed before `return function evaluate…` (run once per compiled function). */
  preamble: string[];
  constants: unknown[];
  context: EmitContext;
}

/**
 * `summary`: the simulation's variant (see EmitContext.summary), returning a DecisionSummary.
 * It reports only the problems it meets on its way, so build it for a policy whose full function compiled.
 */
export function emitPolicy(document: PolicyDocument, graph: PolicyGraph, trace: boolean, language: Language = document.language ?? 'en', summary = false): EmittedPolicy {
  const ctx = new EmitContext(document, graph, trace && !summary, language, summary);
  for (const input of document.inputs) ctx.producers.set(input.name, null);
  for (const node of graph.order) {
    for (const name of producedNames(node)) {
      if (ctx.producers.has(name)) {
        const other = ctx.producers.get(name);
        ctx.node = node;
        ctx.report('DUPLICATE_NAME', `/nodes/${document.nodes.indexOf(node)}`, says('compileDuplicateName', { name, other: other ?? null }));
      } else ctx.producers.set(name, node.id);
    }
  }
  ctx.node = null;

  const approval = graph.order.find((n): n is NodeOfKind<'approval'> => n.kind === 'approval');
  ctx.levels = approval ? approval.config.levels.map((l) => l.id) : [];
  for (const node of graph.order) {
    if (node.kind !== 'rules') continue;
    for (const rule of node.config.rules) for (const a of rule.actions) if (a.type === 'outcome' && a.level && !ctx.levels.includes(a.level)) ctx.levels.push(a.level);
  }

  const riskClassNode = graph.order.find((n): n is NodeOfKind<'riskClass'> => n.kind === 'riskClass');
  const scorecards = graph.order.filter((n): n is NodeOfKind<'scorecard'> => n.kind === 'scorecard');
  // The decision's score is the one the risk class reads, else the first scorecard's.
  const primary = scorecards.find((s) => riskClassNode && (s.config.output ?? DEFAULT_OUTPUT.score) === riskClassNode.config.score) ?? scorecards[0];

  const lines: string[] = [];
  for (const input of document.inputs) {
    // A name Object.prototype also has (isPrototypeOf…) must not read the inherited function.
    const read = input.name in Object.prototype
      ? `(Object.prototype.hasOwnProperty.call(facts, ${literal(input.name)}) ? facts[${literal(input.name)}] : undefined)`
      : `facts[${literal(input.name)}]`;
    if (input.required) lines.push(`const ${local(input.name)} = ${read} ?? undefined;`);
    else {
      // Conditions see an optional fact exactly as sent (null stays null, as json-rules-engine
      // sees it); expressions, bands and placeholders see null as missing.
      lines.push(`const ${rawLocal(input.name)} = ${read};`, `const ${local(input.name)} = ${rawLocal(input.name)} ?? undefined;`);
    }
  }
  const variables = [...ctx.producers].filter(([, producer]) => producer !== null).map(([name]) => name);
  if (variables.length > 0) lines.push(`let ${variables.map(local).join(', ')};`);
  lines.push(summary ? 'let oc = 0, lv = -1, cl = null, clu = 0, col = null;' : 'const reasons = []; let oc = 0, lv = -1, sc = [], cl = null, col = null;');
  if (ctx.trace) lines.push('const trace = [];');

  let decisionNode: NodeOfKind<'decision'> | null = null;
  for (const node of graph.order) {
    ctx.beginNode(node, document.nodes.indexOf(node));
    const body = specOf(node).emit(ctx, node, node === primary);
    if (node.kind === 'decision') decisionNode = node;
    lines.push(`// ${node.kind} ${JSON.stringify(node.id).slice(1, -1).replace(/\*\//g, '* /')}`);
    if (ctx.trace) {
      const outputs = producedNames(node);
      const entry = [
        `nodeId: ${literal(node.id)}`,
        `kind: ${literal(node.kind)}`,
        `inputs: { ${ctx.reads.map((n) => `${literal(n)}: $$orNull(${local(n)})`).join(', ')} }`,
        `outputs: { ${outputs.map((n) => `${literal(n)}: $$orNull(${local(n)})`).join(', ')} }`,
        'matched: m',
      ];
      lines.push(`{ const m = []; ${body.join('\n')}\ntrace.push({ ${entry.join(', ')} }); }`);
    } else {
      lines.push(`{ ${body.join('\n')} }`);
    }
  }
  if (!decisionNode) ctx.report('NO_DECISION_NODE', '/nodes', says('compileNoDecision', {}));
  // Temporaries of inlined expressions, declared after the fact reads (they are only known now).
  const temporaries = ctx.temporaries();
  if (temporaries.length > 0) lines.splice(document.inputs.length + document.inputs.filter((i) => !i.required).length, 0, `let ${temporaries.join(', ')};`);

  const decisionId = decisionNode?.id ?? '';
  if (summary) return { body: [...lines, summaryReturn(ctx, primary, riskClassNode)].join('\n'), preamble: ctx.preamble, constants: ctx.constants, context: ctx };
  lines.push(
    'let outcome;',
    'if (oc === 3) outcome = "refuse"; else if (oc === 2) outcome = "escalate"; else if (oc === 1) outcome = "accept";',
    `else { outcome = "refuse"; reasons.push({ code: "NO_OUTCOME", message: ${literal(ENGINE_REASONS.NO_OUTCOME[language])}, nodeId: ${literal(decisionId)} }); }`,
  );

  const returned = decisionVariables(ctx, decisionNode, variables, document);
  const score = primary ? local(primary.config.output ?? DEFAULT_OUTPUT.score) : 'undefined';
  const riskClass = riskClassNode ? local(riskClassNode.config.output ?? DEFAULT_OUTPUT.riskClass) : 'undefined';
  const fields = [
    'outcome',
    `approvalLevel: oc === 2 && lv >= 0 ? ${ctx.table(ctx.levels)}[lv] : null`,
    `score: ${score} === undefined ? null : ${score}`,
    `scoreScale: ${primary ? ctx.constant(scoreRange(primary.config)) : 'null'}`,
    `riskClass: ${riskClass} === undefined ? null : ${riskClass}`,
    'creditLimit: cl',
    'collectionScenario: col',
    'reasons',
    'scorecard: sc',
    `variables: { ${returned.map((n) => `${literal(n)}: ${local(n)} === undefined ? null : ${local(n)}`).join(', ')} }`,
  ];
  const conditions = decisionConditions(ctx, decisionNode, document);
  if (conditions) {
    lines.push(`const conditions = ${conditions.object};`);
    fields.push(`conditions: ${conditions.none} ? null : conditions`);
  }
  if (trace) fields.push('trace');
  lines.push(`return { ${fields.join(', ')} };`);
  return { body: lines.join('\n'), preamble: ctx.preamble, constants: ctx.constants, context: ctx };
}

/** The summary variant's end: the outcome as the full function combines it, and the fields impact analysis reads. */
function summaryReturn(ctx: EmitContext, primary: NodeOfKind<'scorecard'> | undefined, riskClassNode: NodeOfKind<'riskClass'> | undefined): string {
  const score = primary ? local(primary.config.output ?? DEFAULT_OUTPUT.score) : 'undefined';
  const riskClass = riskClassNode ? local(riskClassNode.config.output ?? DEFAULT_OUTPUT.riskClass) : 'undefined';
  return [
    'return {',
    '  outcome: oc === 2 ? "escalate" : oc === 1 ? "accept" : "refuse",',
    `  approvalLevel: oc === 2 && lv >= 0 ? ${ctx.table(ctx.levels)}[lv] : null,`,
    `  score: ${score} === undefined ? null : ${score},`,
    `  riskClass: ${riskClass} === undefined ? null : ${riskClass},`,
    '  grossLimit: cl,',
    '  unsecuredLimit: cl === null ? null : clu,',
    '  collectionScenario: col,',
    '};',
  ].join('\n');
}

/** Accept with conditions: an object of the condition variables (typed, null when unset), or null when none is set. */
function decisionConditions(ctx: EmitContext, node: NodeOfKind<'decision'> | null, document: PolicyDocument): { object: string; none: string } | null {
  const config = node?.config.conditions;
  if (!node || !config) return null;
  const n = document.nodes.indexOf(node);
  ctx.beginNode(node, n);
  const kinds = { paymentTermDays: 'number', prepaymentShare: 'number', guaranteeRequired: 'boolean', cashOnDelivery: 'boolean' } as const;
  const parts = (Object.keys(kinds) as (keyof typeof kinds)[]).map((field) => {
    const name = config[field];
    if (name === undefined || !ctx.producers.has(name)) return `${field}: null`;
    ctx.ref(name, `/nodes/${n}/config/conditions/${field}`);
    return `${field}: typeof ${local(name)} === ${literal(kinds[field])} ? ${local(name)} : null`;
  });
  return { object: `{ ${parts.join(', ')} }`, none: Object.keys(kinds).map((field) => `conditions.${field} === null`).join(' && ') };
}

/** The variables a decision returns: its list (checked like any read), or every produced one. */
function decisionVariables(ctx: EmitContext, node: NodeOfKind<'decision'> | null, produced: string[], document: PolicyDocument): string[] {
  if (!node?.config.variables) return produced;
  ctx.beginNode(node, document.nodes.indexOf(node));
  node.config.variables.forEach((name, i) => ctx.ref(name, `/nodes/${document.nodes.indexOf(node)}/config/variables/${i}`));
  return node.config.variables.filter((name) => ctx.producers.has(name));
}
