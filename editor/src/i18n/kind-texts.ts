/** The node kinds' names as dictionary entries (`kind.scorecard`…): taken from the engine's one list, not retyped. */
import { KIND_LABELS } from '../../../engine/kinds/kind-labels.js';
import type { Language, NodeKind } from '../../../engine/model/policy-schema.js';

export function kindTexts(language: Language): Record<`kind.${NodeKind}`, string> {
  return Object.fromEntries(Object.entries(KIND_LABELS).map(([kind, label]) => [`kind.${kind}`, label[language]])) as Record<`kind.${NodeKind}`, string>;
}
