/**
 * The facts check's warnings carried into the decision itself, so whoever reads the decision (the
 * API's caller, the decision log, the editor's test panel) sees them: a warning that stayed in the
 * facts check was lost on the way to the caller.
 */
import type { Decision, DecisionWarning } from '../model/decision-schema.js';
import type { Language } from '../model/policy-schema.js';
import type { FactError } from './check-facts.js';

export function decisionWarnings(warnings: readonly FactError[] | undefined, language: Language): DecisionWarning[] {
  return (warnings ?? []).map((w) => ({
    code: w.code,
    field: w.field,
    pointer: w.pointer,
    message: w.messages[language],
    messages: { en: w.messages.en, fr: w.messages.fr },
    ...(w.params ? { params: { ...w.params } } : {}),
  }));
}

/** The decision with `warnings` added when there are some; the same object when there are none. */
export function withWarnings(decision: Decision, warnings: readonly FactError[] | undefined, language: Language): Decision {
  if (!warnings?.length) return decision;
  return { ...decision, warnings: decisionWarnings(warnings, language) };
}
