/**
 * What each node kind is called, in every language: the specs' `label`. Kept apart from the specs
 * (no imports) because the diff's words need them and the specs import the diff's shapes.
 */
import type { Language, NodeKind } from '../model/policy-schema.js';

export const KIND_LABELS: { readonly [K in NodeKind]: Readonly<Record<Language, string>> } = {
  formula: { en: 'Formula', fr: 'Formule' },
  scorecard: { en: 'Scorecard', fr: 'Grille de score' },
  riskClass: { en: 'Risk class', fr: 'Classe de risque' },
  creditLimit: { en: 'Credit limit', fr: 'Encours autorisé' },
  approval: { en: 'Approval', fr: 'Délégation' },
  collection: { en: 'Collection', fr: 'Recouvrement' },
  rules: { en: 'Rules', fr: 'Règles' },
  decision: { en: 'Decision', fr: 'Décision' },
};
