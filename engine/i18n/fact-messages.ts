/**
 * What is wrong with a decision request's facts, in English and French. English is the text the
 * API has always answered (`message`); French follows French typography (« », narrow no-break
 * spaces, numbers written the French way). One entry per problem the facts check finds.
 */
import type { Language } from '../model/policy-schema.js';
import { NNBSP, WORDS } from './message-words.js';

export type FactProblem =
  | { kind: 'notObject' }
  | { kind: 'notFinite'; field: string }
  | { kind: 'unknown'; field: string }
  | { kind: 'required'; field: string }
  | { kind: 'requiredWhen'; field: string; when: string | null }
  | { kind: 'bound'; field: string; op: '≥' | '>' | '≤' | '<'; limit: unknown }
  | { kind: 'enum'; field: string; values: readonly string[] }
  | { kind: 'type'; field: string; type: string | null; values: readonly string[]; nullable: boolean }
  | { kind: 'legalCap'; field: string; value: number; cap: number; endOfMonth: boolean };

const TYPE_FR: Record<string, string> = { number: 'un nombre', integer: 'un entier', string: 'un texte', boolean: 'un booléen (true ou false)', date: 'une date' };

function english(p: FactProblem): string {
  switch (p.kind) {
    case 'notObject': return 'the facts must be a JSON object';
    case 'notFinite': return `${p.field} must be a finite number`;
    case 'unknown': return `unknown fact '${p.field}'`;
    case 'required': return `${p.field} is required`;
    case 'requiredWhen': return `${p.field} is required when its requiredWhen condition holds${p.when ? ` (${p.when})` : ''}`;
    case 'bound': return `${p.field} must be ${p.op} ${p.limit}`;
    case 'enum': return `${p.field} must be one of ${p.values.join(', ')}`;
    case 'type': {
      const expected = p.type === null ? 'valid' : p.type === 'enum' ? `one of ${p.values.join(', ')}` : `a${p.type === 'integer' ? 'n' : ''} ${p.type}`;
      return `${p.field} must be ${expected}${p.nullable ? ' (or null)' : ''}`;
    }
    case 'legalCap': return `${p.field}: ${p.value} days exceed the legal cap of ${p.cap} days${p.endOfMonth ? ' end of month' : ''} (Code de commerce L441-10)`;
  }
}

function french(p: FactProblem): string {
  const w = WORDS.fr;
  switch (p.kind) {
    case 'notObject': return 'les faits doivent former un objet JSON';
    case 'notFinite': return `${w.q(p.field)} doit être un nombre fini`;
    case 'unknown': return `fait inconnu ${w.q(p.field)}`;
    case 'required': return `${w.q(p.field)} est obligatoire`;
    case 'requiredWhen': return `${w.q(p.field)} est obligatoire quand sa condition requiredWhen est remplie${p.when ? ` (${p.when})` : ''}`;
    case 'bound': return `${w.q(p.field)} doit être ${p.op} ${w.n(p.limit)}`;
    case 'enum': return `${w.q(p.field)} doit valoir l’une de ces valeurs${NNBSP}: ${p.values.join(', ')}`;
    case 'type': {
      const expected = p.type === null ? 'une valeur valide' : p.type === 'enum' ? `l’une de ces valeurs${NNBSP}: ${p.values.join(', ')}` : (TYPE_FR[p.type] ?? p.type);
      return `${w.q(p.field)} doit être ${expected}${p.nullable ? ' (ou null)' : ''}`;
    }
    case 'legalCap': return `${w.q(p.field)}${NNBSP}: ${w.n(p.value)} jours dépassent le plafond légal de ${p.cap} jours${p.endOfMonth ? ' fin de mois' : ''} (Code de commerce, art. L441-10)`;
  }
}

export function factMessages(problem: FactProblem): Record<Language, string> {
  return { en: english(problem), fr: french(problem) };
}
