/** collection: the first matching override wins, else the class's scenario, else the default. */
import type { NodeOfKind } from '../model/policy-schema.js';
import { DEFAULT_OUTPUT } from '../model/names.js';
import { literal, local, type EmitContext } from './emit-context.js';
import { matched, pushReason } from './outcome-code.js';
import { says } from '../i18n/diagnostic-messages.js';
import { roundHalfAway } from '../expression/decimal-rounding.js';
import { roundInPlace } from './emit-rounding.js';

export function emitCollection(ctx: EmitContext, node: NodeOfKind<'collection'>, resultVariable: string): string[] {
  const config = node.config;
  const path = `${ctx.nodePath}/config`;
  const ids = config.scenarios.map((s) => s.id);
  const index = (id: string, where: string) => {
    const i = ids.indexOf(id);
    if (i < 0) ctx.report('UNKNOWN_SCENARIO', where, says('compileUnknownScenario', { scenario: id, known: ids }));
    return i;
  };
  const fallback = config.default === undefined ? -1 : index(config.default, `${path}/default`);

  const lines = ['let cs = -1;'];
  const branches = (config.overrides ?? []).map((override, i) => {
    const where = `${path}/overrides/${i}`;
    const reason = override.reason ? pushReason(ctx, override.reason, `${where}/reason`, { ruleId: override.id }) : '';
    return `if (${ctx.condition(override.when, `${where}/when`)}) { cs = ${index(override.scenario, `${where}/scenario`)}; ${reason} ${matched(ctx, override.id)}}`;
  });
  const byClass = Object.entries(config.byClass);
  if (byClass.length > 0) {
    const riskClass = ctx.ref(config.riskClass ?? DEFAULT_OUTPUT.riskClass, `${path}/riskClass`);
    const cases = byClass.map(([classId, scenario]) => `case ${literal(classId)}: cs = ${index(scenario, `${path}/byClass/${classId}`)}; break;`);
    branches.push(`{ switch (${riskClass}) { ${cases.join(' ')} default: cs = ${fallback}; } }`);
  } else {
    branches.push(`{ cs = ${fallback}; }`);
  }
  lines.push(branches.join(' else '));
  const idTable = ctx.table(ids);
  if (ctx.trace) lines.push(`if (cs >= 0) m.push(${idTable}[cs]);`);

  // Step labels in the decision's language too, like the scenario's (compiled once per language).
  const scenarios = config.scenarios.map((s) => ({
    id: s.id,
    ...(s.label !== undefined ? { label: ctx.text(s.label) } : {}),
    steps: s.steps.map((step) => (step.label !== undefined ? { ...step, label: ctx.text(step.label) } : step)),
  }));
  lines.push(`${local('collectionScenario')} = cs >= 0 ? ${idTable}[cs] : undefined;`);
  if (ctx.summary) {
    // The summary variant keeps the scenario's id only (no steps, no charges to compute).
    lines.push(`${resultVariable} = cs >= 0 ? ${idTable}[cs] : null;`);
    ctx.define('collectionScenario');
    return lines;
  }
  const late = config.latePayment;
  if (!late) lines.push(`${resultVariable} = cs >= 0 ? ${ctx.table(scenarios)}[cs] : null;`);
  else if (typeof late.annualRate === 'number') {
    // LME: each step after the due date carries what one invoice owes that day (L441-10, D441-5).
    const indemnity = late.fixedIndemnity ?? 40;
    const annualRate = late.annualRate;
    const withCharges = scenarios.map((s) => ({
      ...s,
      steps: s.steps.map((step) => (step.day > 0 ? { ...step, charges: { interestShare: roundHalfAway((annualRate * step.day) / 365, 6), recoveryIndemnity: indemnity } } : step)),
    }));
    const amount = late.invoiceAmount === undefined ? 'undefined' : ctx.expression(late.invoiceAmount, `${path}/latePayment/invoiceAmount`);
    const interest = ctx.temp();
    lines.push(
      `{ const s = cs >= 0 ? ${ctx.table(withCharges)}[cs] : null; const amount = ${amount};`,
      `  ${resultVariable} = s === null ? null : { ...s, steps: s.steps.map((step) => { if (step.charges === undefined) return step;`,
      `    ${interest} = null; if (typeof amount === 'number') { ${interest} = amount * ${annualRate} * step.day / 365; ${roundInPlace(ctx, interest, 100)} }`,
      `    return { ...step, charges: { interestShare: step.charges.interestShare, lateInterest: ${interest}, recoveryIndemnity: step.charges.recoveryIndemnity } }; }) }; }`,
    );
  } else {
    // The rate is an expression (e.g. a dated ECB rate + 10 points, written once in a formula):
    // the same charges, computed when the decision is made; a missing rate owes no interest figure.
    const indemnity = late.fixedIndemnity ?? 40;
    const withIndemnity = scenarios.map((s) => ({
      ...s,
      steps: s.steps.map((step) => (step.day > 0 ? { ...step, charges: { recoveryIndemnity: indemnity } } : step)),
    }));
    const rate = ctx.expression(late.annualRate, `${path}/latePayment/annualRate`);
    const amount = late.invoiceAmount === undefined ? 'undefined' : ctx.expression(late.invoiceAmount, `${path}/latePayment/invoiceAmount`);
    const share = ctx.temp();
    const interest = ctx.temp();
    lines.push(
      `{ const s = cs >= 0 ? ${ctx.table(withIndemnity)}[cs] : null; const amount = ${amount}; const rate = ${rate};`,
      `  ${resultVariable} = s === null ? null : { ...s, steps: s.steps.map((step) => { if (step.charges === undefined) return step;`,
      `    ${share} = null; ${interest} = null;`,
      `    if (typeof rate === 'number') { ${share} = rate * step.day / 365; ${roundInPlace(ctx, share, 1000000)}`,
      `      if (typeof amount === 'number') { ${interest} = amount * rate * step.day / 365; ${roundInPlace(ctx, interest, 100)} } }`,
      `    return { ...step, charges: { interestShare: ${share}, lateInterest: ${interest}, recoveryIndemnity: step.charges.recoveryIndemnity } }; }) }; }`,
    );
  }
  ctx.define('collectionScenario');
  return lines;
}
