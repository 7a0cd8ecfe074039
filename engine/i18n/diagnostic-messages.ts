/**
 * What validation says, in English and French. A diagnostic's text is a message key with
 * parameters (`says('levelUnknown', {level, known, suggestion})`); each language renders it from
 * this catalog, so the same diagnostic reads in either language without validating again.
 */
import type { Language } from '../model/policy-schema.js';
import { NNBSP, WORDS, type Words } from './message-words.js';

type Render<P> = (p: P, w: Words) => string;
const m = <P>(en: Render<P>, fr: Render<P>) => ({ en, fr });
const S = NNBSP; // before ; : ? ! in French

/** Names of node kinds, as in a sentence ("at most one collection node"). */
const KIND_NOUN: Record<string, { en: string; fr: string }> = {
  formula: { en: 'formula', fr: 'de formule' },
  scorecard: { en: 'scorecard', fr: 'de grille de score' },
  riskClass: { en: 'riskClass', fr: 'de classe de risque' },
  creditLimit: { en: 'creditLimit', fr: 'd’encours autorisé' },
  approval: { en: 'approval', fr: 'de délégation' },
  collection: { en: 'collection', fr: 'de recouvrement' },
  rules: { en: 'rules', fr: 'de règles' },
  decision: { en: 'decision', fr: 'de décision' },
};
const kindNoun = (kind: string, language: Language) => KIND_NOUN[kind]?.[language] ?? kind;

/** Items of a list, as in "the id of criterion 1". */
export const ITEM_NOUNS = {
  node: { en: 'node', fr: 'du nœud' },
  test: { en: 'test', fr: 'du cas de référence' },
  criterion: { en: 'criterion', fr: 'du critère' },
  class: { en: 'class', fr: 'de la classe' },
  override: { en: 'override', fr: 'du forçage' },
  capacity: { en: 'capacity', fr: 'de la capacité' },
  level: { en: 'level', fr: 'du niveau' },
  rule: { en: 'rule', fr: 'de la règle' },
  scenario: { en: 'scenario', fr: 'du scénario' },
  segment: { en: 'segment', fr: 'du segment' },
  step: { en: 'step', fr: 'de l’étape' },
} as const;
export type ItemNoun = keyof typeof ITEM_NOUNS;

/** What a name is read for, in "<verb> 'name', which …". */
export type NameVerb =
  | 'uses'
  | 'expression uses'
  | 'condition reads'
  | 'reads the score'
  | 'returns'
  | 'condition of the decision reads'
  | 'expects variable'
  | 'criterion reads'
  | 'scenarios by class need the risk class'
  | 'class parameters need the risk class'
  | { sharedCondition: string }
  | { placeholder: string };

function verbText(verb: NameVerb, w: Words): string {
  const fr = w.language === 'fr';
  if (typeof verb === 'object') {
    if ('sharedCondition' in verb) return fr ? `la condition partagée ${w.q(verb.sharedCondition)} lit` : `shared condition '${verb.sharedCondition}' reads`;
    return fr ? `le paramètre {${verb.placeholder}} affiche` : `placeholder {${verb.placeholder}} shows`;
  }
  if (!fr) return verb;
  return {
    uses: 'utilise',
    'expression uses': 'l’expression utilise',
    'condition reads': 'la condition lit',
    'reads the score': 'lit le score',
    returns: 'renvoie',
    'condition of the decision reads': 'la condition de la décision lit',
    'expects variable': 'attend la variable',
    'criterion reads': 'le critère lit',
    'scenarios by class need the risk class': 'les scénarios par classe ont besoin de la classe de risque',
    'class parameters need the risk class': 'les paramètres par classe ont besoin de la classe de risque',
  }[verb];
}

/** A range of values, ends included or not: "from 1 to below 2", "below 1", "of exactly 2". */
export interface ValueRange {
  from: number | null;
  fromIn: boolean;
  to: number | null;
  toIn: boolean;
}
function rangeText(r: ValueRange, w: Words): string {
  const fr = w.language === 'fr';
  const { from, to } = r;
  if (from !== null && from === to) return fr ? `égales à ${w.n(from)}` : `of exactly ${w.n(from)}`;
  if (from === null) return fr ? `${r.toIn ? 'jusqu’à' : 'inférieures à'} ${w.n(to)}` : `${r.toIn ? 'up to' : 'below'} ${w.n(to)}`;
  if (to === null) return fr ? `${r.fromIn ? 'à partir de' : 'supérieures à'} ${w.n(from)}` : `${r.fromIn ? 'from' : 'above'} ${w.n(from)} up`;
  if (fr) return `${r.fromIn ? 'de' : 'au-dessus de'} ${w.n(from)} ${r.toIn ? 'à' : 'à moins de'} ${w.n(to)}`;
  return `${r.fromIn ? 'from' : 'above'} ${w.n(from)} ${r.toIn ? 'to' : 'to below'} ${w.n(to)}`;
}

/** "≥ 65" / "> 2.99": a class threshold. */
const threshold = (t: { minScore: number; exclusive: boolean }, w: Words) => `${t.exclusive ? '>' : '≥'} ${w.n(t.minScore)}`;

const TYPE_NOUN: Record<string, { en: string; fr: string }> = {
  number: { en: 'a number', fr: 'un nombre' },
  integer: { en: 'an integer', fr: 'un entier' },
  string: { en: 'a string', fr: 'un texte' },
  boolean: { en: 'a boolean', fr: 'un booléen' },
  enum: { en: 'an enum', fr: 'une liste de valeurs' },
  object: { en: 'an object', fr: 'un objet' },
  array: { en: 'a list', fr: 'une liste' },
  null: { en: 'null', fr: 'null' },
};
const typeNoun = (type: string, w: Words) => TYPE_NOUN[type]?.[w.language] ?? type;

/** Descriptions of the schema's patterns, said in French (English comes from the schema itself). */
const PATTERN_FR: Record<string, string> = {
  'Identifier of a fact or variable (letters, digits, underscore; not a reserved word)': 'nom de fait ou de variable\u00a0: lettres, chiffres, « _ », pas un mot réservé',
  'Stable identifier (letters, digits, "_" and "-", starting with a letter)': 'identifiant stable\u00a0: lettres, chiffres, « _ » et « - », commençant par une lettre',
  'Stable, machine-readable reason code': 'code de motif stable\u00a0: majuscules, chiffres, « _ »',
  'Policy id (lower-case slug), stable across versions': 'identifiant de la politique\u00a0: minuscules, chiffres et « - »',
  'ISO 4217 code of every amount in the policy': 'code de devise ISO 4217',
};

const OUTCOME_FR: Record<string, string> = { accept: 'accepter', refuse: 'refuser', escalate: 'remonter' };
const outcomeWord = (outcome: string, w: Words) => (w.language === 'fr' ? OUTCOME_FR[outcome] ?? outcome : outcome);

const LIMITED_FR: Record<string, string> = {
  nodes: 'nœuds', edges: 'liens', inputs: 'entrées', tests: 'cas de référence', criteria: 'critères', rules: 'règles', variables: 'variables',
  'values in the document': 'valeurs dans le document',
};

const isTwo = (n: number) => n === 1;

export const DIAGNOSTIC_MESSAGES = {
  // Document limits ---------------------------------------------------------------------------------
  tooMany: m<{ count: number; what: string; limit: number }>(
    (p, w) => `${w.n(p.count)} ${p.what}, above the limit of ${w.n(p.limit)}`,
    (p, w) => `${w.n(p.count)} ${LIMITED_FR[p.what] ?? p.what}, au-delà de la limite de ${w.n(p.limit)}`,
  ),
  nestsTooDeep: m<{ limit: number }>(
    (p, w) => `the document nests deeper than ${w.n(p.limit)} levels`,
    (p, w) => `le document s’imbrique sur plus de ${w.n(p.limit)} niveaux`,
  ),

  // Schema --------------------------------------------------------------------------------------------
  schemaMismatch: m<Record<string, never>>(
    () => 'the document does not match the policy schema',
    () => 'le document ne suit pas le schéma des politiques',
  ),
  notOneOf: m<{ value: unknown; allowed: readonly string[]; suggestion: string | null }>(
    (p, w) => `${w.v(p.value)} is not one of ${w.list(p.allowed)}${w.mean(p.suggestion)}`,
    (p, w) => `${w.v(p.value)} n’est pas l’une des valeurs ${w.list(p.allowed)}${w.mean(p.suggestion)}`,
  ),
  mustBeTypes: m<{ types: readonly string[]; value: unknown }>(
    (p, w) => `must be ${p.types.map((t) => typeNoun(t, w)).join(' or ')} (found ${w.v(p.value)})`,
    (p, w) => `doit être ${p.types.map((t) => typeNoun(t, w)).join(' ou ')} (trouvé${S}: ${w.v(p.value)})`,
  ),
  missingProperty: m<{ name: string }>(
    (p) => `missing required property '${p.name}'`,
    (p, w) => `la propriété obligatoire ${w.q(p.name)} manque`,
  ),
  keyPattern: m<{ name: string; patterns: readonly string[] }>(
    (p) => `key '${p.name}' does not match ${p.patterns.join(' or ')}`,
    (p, w) => `la clé ${w.q(p.name)} ne suit pas ${p.patterns.join(' ou ')}`,
  ),
  unknownProperty: m<{ name: string; belongsOn: { key: string; each: boolean } | null; suggestion: string | null }>(
    (p, w) =>
      `unknown property '${p.name}'` +
      (p.belongsOn
        ? ` here: it belongs on ${p.belongsOn.each ? `each item of '${p.belongsOn.key}' (${p.belongsOn.key}[i].${p.name})` : `'${p.belongsOn.key}' (${p.belongsOn.key}.${p.name})`}`
        : w.mean(p.suggestion)),
    (p, w) =>
      `propriété inconnue ${w.q(p.name)}` +
      (p.belongsOn
        ? ` ici${S}: elle va ${p.belongsOn.each ? `sur chaque élément de ${w.q(p.belongsOn.key)} (${p.belongsOn.key}[i].${p.name})` : `dans ${w.q(p.belongsOn.key)} (${p.belongsOn.key}.${p.name})`}`
        : w.mean(p.suggestion)),
  ),
  unknownKind: m<{ tag: string; value: unknown; allowed: readonly string[]; suggestion: string | null }>(
    (p, w) => `${p.tag} ${w.v(p.value)} is not one of ${w.list(p.allowed)}${w.mean(p.suggestion)}`,
    (p, w) => `${p.tag} ${w.v(p.value)} n’est pas l’un de ${w.list(p.allowed)}${w.mean(p.suggestion)}`,
  ),
  mustCompare: m<{ symbol: string; limit: number; value: unknown }>(
    (p, w) => `must be ${p.symbol} ${w.n(p.limit)} (found ${w.v(p.value)})`,
    (p, w) => `doit être ${p.symbol} ${w.n(p.limit)} (trouvé${S}: ${w.v(p.value)})`,
  ),
  notEmpty: m<Record<string, never>>(() => 'must not be empty', () => 'ne doit pas être vide'),
  minLength: m<{ limit: number }>(
    (p, w) => `must be at least ${w.n(p.limit)} characters`,
    (p, w) => `doit compter au moins ${w.n(p.limit)} caractères`,
  ),
  maxLength: m<{ limit: number; found: number }>(
    (p, w) => `must be at most ${w.n(p.limit)} characters (found ${w.n(p.found)})`,
    (p, w) => `doit compter au plus ${w.n(p.limit)} caractères (trouvé${S}: ${w.n(p.found)})`,
  ),
  minItems: m<{ limit: number }>(
    (p, w) => `must list at least ${w.n(p.limit)} item${isTwo(p.limit) ? '' : 's'}`,
    (p, w) => `doit compter au moins ${w.n(p.limit)} élément${isTwo(p.limit) ? '' : 's'}`,
  ),
  maxItems: m<{ limit: number; found: number }>(
    (p, w) => `must list at most ${w.n(p.limit)} items (found ${w.n(p.found)})`,
    (p, w) => `doit compter au plus ${w.n(p.limit)} éléments (trouvé${S}: ${w.n(p.found)})`,
  ),
  uniqueItems: m<{ first: number; second: number }>(
    (p) => `items ${p.first} and ${p.second} are the same`,
    (p) => `les éléments ${p.first} et ${p.second} sont identiques`,
  ),
  pattern: m<{ value: unknown; pattern: string; description: string | null }>(
    (p, w) => `${w.v(p.value)} does not match ${p.pattern}${p.description ? ` (${p.description})` : ''}`,
    (p, w) => `${w.v(p.value)} ne suit pas ${p.pattern}${p.description ? ` (${PATTERN_FR[p.description] ?? p.description})` : ''}`,
  ),
  reservedWord: m<{ value: unknown }>(
    (p, w) => `${w.v(p.value)} is a reserved word`,
    (p, w) => `${w.v(p.value)} est un mot réservé`,
  ),
  mustBeConst: m<{ allowed: unknown; value: unknown }>(
    (p, w) => `must be ${w.v(p.allowed)} (found ${w.v(p.value)})`,
    (p, w) => `doit valoir ${w.v(p.allowed)} (trouvé${S}: ${w.v(p.value)})`,
  ),
  notInEnumList: m<{ value: unknown; allowed: readonly string[] }>(
    (p, w) => `${w.v(p.value)} is not one of ${w.list(p.allowed)}`,
    (p, w) => `${w.v(p.value)} n’est pas l’une des valeurs ${w.list(p.allowed)}`,
  ),
  schemaRule: m<{ keyword: string; message: string | null }>(
    (p) => p.message ?? `breaks the schema rule '${p.keyword}'`,
    (p, w) => `ne respecte pas la règle ${w.q(p.keyword)} du schéma${p.message ? ` (${p.message})` : ''}`,
  ),

  // Condition shapes ----------------------------------------------------------------------------------
  conditionShape: m<{ keys: readonly string[]; value: unknown }>(
    (p, w) => `a condition must be {all: […]}, {any: […]}, {not: …}, {condition: name} or {fact, operator, value}; ${p.keys.length > 0 ? `found keys ${p.keys.map(w.q).join(', ')}` : `found ${w.v(p.value)}`}`,
    (p, w) => `une condition s’écrit {all: […]}, {any: […]}, {not: …}, {condition: nom} ou {fact, operator, value}${S}; ${p.keys.length > 0 ? `clés trouvées${S}: ${p.keys.map(w.q).join(', ')}` : `trouvé${S}: ${w.v(p.value)}`}`,
  ),
  conditionMixes: m<{ shapes: readonly string[] }>(
    (p, w) => `a condition is exactly one of {all: […]}, {any: […]}, {not: …}, {condition: name} or {fact, operator, value}; this one mixes ${p.shapes.map(w.q).join(' and ')}`,
    (p, w) => `une condition est exactement l’une des formes {all: […]}, {any: […]}, {not: …}, {condition: nom} ou {fact, operator, value}${S}; celle-ci mélange ${p.shapes.map(w.q).join(' et ')}`,
  ),
  conditionObjectValue: m<{ json: string }>(
    (p) => `an object value must be a reference to another fact, {"fact": "name"}; found ${p.json}`,
    (p) => `une valeur objet doit désigner un autre fait, {"fact": "nom"}${S}; trouvé${S}: ${p.json}`,
  ),
  several: m<{ parts: { field: string | null; text: DiagnosticText }[] }>(
    (p) => p.parts.map((part) => (part.field ? `${part.field}: ` : '') + renderText(part.text, 'en')).join('; '),
    (p) => p.parts.map((part) => (part.field ? `${part.field}${S}: ` : '') + renderText(part.text, 'fr')).join(`${S}; `),
  ),

  // Identity ------------------------------------------------------------------------------------------
  duplicateId: m<{ id: string; what: ItemNoun; position: number }>(
    (p) => `'${p.id}' is already the id of ${ITEM_NOUNS[p.what].en} ${p.position}`,
    (p, w) => `${w.q(p.id)} est déjà l’identifiant ${ITEM_NOUNS[p.what].fr} ${p.position}`,
  ),
  inputTwice: m<{ name: string }>((p) => `input '${p.name}' is declared twice`, (p, w) => `l’entrée ${w.q(p.name)} est déclarée deux fois`),
  variableTwice: m<{ name: string }>(
    (p) => `variable '${p.name}' is defined twice in this formula node`,
    (p, w) => `la variable ${w.q(p.name)} est définie deux fois dans ce nœud de formule`,
  ),
  producesInput: m<{ name: string }>(
    (p) => `produces '${p.name}', which is already a declared input`,
    (p, w) => `produit ${w.q(p.name)}, qui est déjà une entrée déclarée`,
  ),
  producesOther: m<{ name: string; node: string }>(
    (p) => `produces '${p.name}', which node '${p.node}' already produces`,
    (p, w) => `produit ${w.q(p.name)}, que le nœud ${w.q(p.node)} produit déjà`,
  ),
  classParameterClash: m<{ name: string }>(
    (p) => `class parameter '${p.name}' has the name of an input or variable, so capacity expressions could not tell them apart`,
    (p, w) => `le paramètre de classe ${w.q(p.name)} porte le nom d’une entrée ou d’une variable${S}: les expressions de capacité ne pourraient pas les distinguer`,
  ),

  // Graph -----------------------------------------------------------------------------------------------
  edgeUnknownNode: m<{ node: string; suggestion: string | null }>(
    (p, w) => `'${p.node}' is not a node${w.mean(p.suggestion)}`,
    (p, w) => `${w.q(p.node)} n’est pas un nœud${w.mean(p.suggestion)}`,
  ),
  duplicateEdge: m<{ edge: number; source: string; target: string }>(
    (p) => `repeats edge ${p.edge} (${p.source} → ${p.target})`,
    (p) => `répète le lien ${p.edge} (${p.source} → ${p.target})`,
  ),
  noDecisionNode: m<Record<string, never>>(
    () => 'the graph needs exactly one decision node; it has none',
    () => `le graphe doit avoir exactement un nœud de décision${S}; il n’en a aucun`,
  ),
  multipleDecisionNodes: m<{ other: string }>(
    (p) => `the graph needs exactly one decision node; '${p.other}' is already one`,
    (p, w) => `le graphe doit avoir exactement un nœud de décision${S}; ${w.q(p.other)} en est déjà un`,
  ),
  duplicateNodeKind: m<{ kind: string; other: string }>(
    (p) => `a policy has at most one ${kindNoun(p.kind, 'en')} node; '${p.other}' is already one`,
    (p, w) => `une politique a au plus un nœud ${kindNoun(p.kind, 'fr')}${S}; ${w.q(p.other)} en est déjà un`,
  ),
  nodeNotConnected: m<{ decision: string }>(
    (p) => `is not upstream of the decision node '${p.decision}', so it never affects a decision`,
    (p, w) => `n’est pas en amont du nœud de décision ${w.q(p.decision)}${S}: il ne change jamais une décision`,
  ),
  graphCycle: m<{ cycle: readonly string[] }>(
    (p) => `nodes ${p.cycle.join(' → ')} form a cycle; the graph must be acyclic`,
    (p) => `les nœuds ${p.cycle.join(' → ')} forment un cycle${S}; le graphe doit être sans cycle`,
  ),

  // Names ---------------------------------------------------------------------------------------------------
  nameLater: m<{ verb: NameVerb; name: string; itself: boolean; variable: string }>(
    (p, w) => `${verbText(p.verb, w)} '${p.name}', ${p.itself ? 'which is this variable itself' : `which is defined later in this node; move '${p.name}' above '${p.variable}'`}`,
    (p, w) => `${verbText(p.verb, w)} ${w.q(p.name)}, ${p.itself ? 'qui est cette variable elle-même' : `qui est définie plus bas dans ce nœud${S}; placez ${w.q(p.name)} au-dessus de ${w.q(p.variable)}`}`,
  ),
  nameUnknown: m<{ verb: NameVerb; name: string; suggestion: string | null }>(
    (p, w) => `${verbText(p.verb, w)} '${p.name}', which is neither a declared input nor produced by any node${w.mean(p.suggestion)}`,
    (p, w) => `${verbText(p.verb, w)} ${w.q(p.name)}, qui n’est ni une entrée déclarée ni produit par un nœud${w.mean(p.suggestion)}`,
  ),
  nameSelf: m<{ verb: NameVerb; name: string }>(
    (p, w) => `${verbText(p.verb, w)} '${p.name}', which this node produces itself; a node sees only the inputs and the outputs of the nodes upstream of it`,
    (p, w) => `${verbText(p.verb, w)} ${w.q(p.name)}, que ce nœud produit lui-même${S}; un nœud ne voit que les entrées et les sorties des nœuds en amont`,
  ),
  nameNotUpstream: m<{ verb: NameVerb; name: string; source: string; here: string; downstream: boolean }>(
    (p, w) =>
      `${verbText(p.verb, w)} '${p.name}', produced by node '${p.source}', ` +
      (p.downstream
        ? `but '${p.source}' is downstream of '${p.here}' (its value does not exist yet when '${p.here}' runs)`
        : `but '${p.source}' is not upstream of '${p.here}': add an edge from '${p.source}' to '${p.here}'`),
    (p, w) =>
      `${verbText(p.verb, w)} ${w.q(p.name)}, produit par le nœud ${w.q(p.source)}, ` +
      (p.downstream
        ? `mais ${w.q(p.source)} est en aval de ${w.q(p.here)} (sa valeur n’existe pas encore quand ${w.q(p.here)} s’exécute)`
        : `mais ${w.q(p.source)} n’est pas en amont de ${w.q(p.here)}${S}: ajoutez un lien de ${w.q(p.source)} vers ${w.q(p.here)}`),
  ),
  placeholderUnknown: m<{ name: string; suggestion: string | null }>(
    (p, w) => `{${p.name}} names no input or variable${w.mean(p.suggestion)}`,
    (p, w) => `{${p.name}} ne désigne aucune entrée ni variable${w.mean(p.suggestion)}`,
  ),

  // Expressions ---------------------------------------------------------------------------------------------
  expressionSyntax: m<{ problem: string; position: number; source: string; quoted: boolean }>(
    (p) => (p.quoted ? p.problem : `${p.problem} (at character ${p.position} of "${p.source}")`),
    (p, w) => `l’expression ${w.q(p.source.length > 60 ? p.source.slice(0, 57) + '…' : p.source)} ne se lit pas au caractère ${p.position}${S}: ${p.problem}`,
  ),
  expressionTooDeep: m<{ limit: number }>(
    (p, w) => `nested deeper than ${w.n(p.limit)} levels (operators, calls and parentheses)`,
    (p, w) => `imbriquée sur plus de ${w.n(p.limit)} niveaux (opérateurs, appels et parenthèses)`,
  ),
  enumComparisonNever: m<{ value: unknown; name: string; values: readonly unknown[] }>(
    (p, w) => `${w.v(p.value)} is not a possible value of '${p.name}' (${w.list(p.values)}), so this comparison is never true`,
    (p, w) => `${w.v(p.value)} n’est pas une valeur possible de ${w.q(p.name)} (${w.list(p.values)})${S}: cette comparaison n’est jamais vraie`,
  ),
  valueNotInEnum: m<{ value: unknown; name: string; values: readonly unknown[] }>(
    (p, w) => `${w.v(p.value)} is not a possible value of '${p.name}' (${w.list(p.values)})`,
    (p, w) => `${w.v(p.value)} n’est pas une valeur possible de ${w.q(p.name)} (${w.list(p.values)})`,
  ),

  // Conditions --------------------------------------------------------------------------------------------
  conditionUnused: m<Record<string, never>>(() => 'is never referenced by a node', () => 'n’est utilisée par aucun nœud'),
  conditionCycle: m<{ cycle: readonly string[] }>(
    (p) => `shared conditions ${p.cycle.map((c) => `'${c}'`).join(' → ')} reference each other in a cycle`,
    (p, w) => `les conditions partagées ${p.cycle.map(w.q).join(' → ')} se citent en cycle`,
  ),
  conditionTooDeep: m<{ depth: number; limit: number }>(
    (p, w) => `nests ${w.n(p.depth)} levels deep; the limit is ${w.n(p.limit)}`,
    (p, w) => `s’imbrique sur ${w.n(p.depth)} niveaux${S}; la limite est ${w.n(p.limit)}`,
  ),
  conditionUnknown: m<{ name: string; suggestion: string | null }>(
    (p, w) => `refers to shared condition '${p.name}', which is not defined${w.mean(p.suggestion)}`,
    (p, w) => `cite la condition partagée ${w.q(p.name)}, qui n’est pas définie${w.mean(p.suggestion)}`,
  ),
  operatorNeedsList: m<{ operator: string; fact: string | null; value: unknown }>(
    (p, w) => `operator '${p.operator}' needs a list of values, e.g. ["A", "B"] (found ${p.fact !== null ? `fact '${p.fact}'` : w.v(p.value)})`,
    (p, w) => `l’opérateur ${w.q(p.operator)} attend une liste de valeurs, par exemple ["A", "B"] (trouvé${S}: ${p.fact !== null ? `le fait ${w.q(p.fact)}` : w.v(p.value)})`,
  ),
  containsOnScalar: m<{ operator: string }>(
    (p) => `'${p.operator}' tests a list fact, but facts and variables are single values, so it is always false; use 'in' or 'notIn' to test against a list`,
    (p, w) => `${w.q(p.operator)} teste un fait liste, mais faits et variables sont des valeurs simples${S}: la condition est toujours fausse${S}; utilisez ${w.q('in')} ou ${w.q('notIn')} pour tester une liste`,
  ),
  oneValueNotList: m<{ operator: string; instead: string | null }>(
    (p) => `'${p.operator}' compares with one value, not a list${p.instead ? `; use '${p.instead}'` : ''}`,
    (p, w) => `${w.q(p.operator)} compare à une seule valeur, pas à une liste${p.instead ? `${S}; utilisez ${w.q(p.instead)}` : ''}`,
  ),
  numericOnNonNumber: m<{ fact: string; type: string; operator: string }>(
    (p) => `'${p.fact}' is a ${p.type}${p.type === 'string' ? ' none of whose values reads as a number' : ''}, so the numeric operator '${p.operator}' is always false`,
    (p, w) => `${w.q(p.fact)} est ${typeNoun(p.type, w)}${p.type === 'string' ? ' dont aucune valeur ne se lit comme un nombre' : ''}${S}: l’opérateur numérique ${w.q(p.operator)} est toujours faux`,
  ),
  numericOnString: m<{ fact: string; operator: string; asText: boolean }>(
    (p) =>
      `'${p.fact}' is a string: '${p.operator}' is true only when its value starts with a number (json-rules-engine reads it with parseFloat), and then ${p.asText ? 'compares the two as text ("2024-01-15" > "2023-12-31")' : 'compares it as a number ("12" > 2)'}; declare the input as a number if it is one`,
    (p, w) =>
      `${w.q(p.fact)} est un texte${S}: ${w.q(p.operator)} n’est vrai que si sa valeur commence par un nombre (json-rules-engine la lit avec parseFloat), et ${p.asText ? 'compare alors les deux comme des textes ("2024-01-15" > "2023-12-31")' : 'la compare alors comme un nombre ("12" > 2)'}${S}; déclarez l’entrée comme nombre si c’en est un`,
  ),
  numericValueNotNumber: m<{ operator: string; fact: string | null; valueType: string; value: unknown }>(
    (p, w) => `'${p.operator}' compares numbers, but the value ${p.fact !== null ? `'${p.fact}' is a ${p.valueType}` : `${w.v(p.value)} is not a number`}`,
    (p, w) => `${w.q(p.operator)} compare des nombres, mais la valeur ${p.fact !== null ? `${w.q(p.fact)} est ${typeNoun(p.valueType, w)}` : `${w.v(p.value)} n’est pas un nombre`}`,
  ),
  neverEqualFacts: m<{ fact: string; type: string; other: string; otherType: string; operator: string }>(
    (p) => `'${p.fact}' is a ${p.type} and '${p.other}' a ${p.otherType}: they are never equal ('${p.operator}' uses ===)`,
    (p, w) => `${w.q(p.fact)} est ${typeNoun(p.type, w)} et ${w.q(p.other)} ${typeNoun(p.otherType, w)}${S}: ils ne sont jamais égaux (${w.q(p.operator)} utilise ===)`,
  ),
  neverEqualsLiteral: m<{ fact: string; type: string; valueType: string; value: unknown; operator: string }>(
    (p, w) => `'${p.fact}' is a ${p.type}, so it never equals the ${p.valueType} ${w.v(p.value)} ('${p.operator}' compares with ===)`,
    (p, w) => `${w.q(p.fact)} est ${typeNoun(p.type, w)}${S}: il n’est jamais égal à ${typeNoun(p.valueType, w)} ${w.v(p.value)} (${w.q(p.operator)} compare avec ===)`,
  ),

  // Scorecard ---------------------------------------------------------------------------------------------
  scaleInvalid: m<{ min: number; max: number }>(
    (p, w) => `scale min ${w.n(p.min)} must be below max ${w.n(p.max)}`,
    (p, w) => `le minimum de l’échelle (${w.n(p.min)}) doit être inférieur au maximum (${w.n(p.max)})`,
  ),
  weightIgnored: m<Record<string, never>>(
    () => 'never used: scoring "sum" adds the points of every criterion as they are',
    () => `jamais utilisé${S}: le calcul « sum » additionne les points de chaque critère tels quels`,
  ),
  sumNeedsPoints: m<Record<string, never>>(
    () => 'scoring "sum" needs missingRule "points": a sum cannot re-spread the weight of a missing criterion',
    () => `le calcul « sum » demande missingRule « points »${S}: une somme ne peut pas répartir le poids d’un critère absent`,
  ),
  criteriaUnweighted: m<{ criteria: readonly string[] }>(
    (p) => `${p.criteria.join(', ')} ${p.criteria.length === 1 ? 'has' : 'have'} no weight: a weighted-average scorecard gives every criterion a weight (or set scoring to "sum")`,
    (p) => `${p.criteria.join(', ')} ${p.criteria.length === 1 ? 'n’a' : 'n’ont'} pas de poids${S}: une grille en moyenne pondérée donne un poids à chaque critère (ou choisissez le calcul « sum »)`,
  ),
  weightsTotal: m<{ total: number; weights: { criterion: string; weight: number }[] }>(
    (p, w) => `criterion weights total ${w.n(p.total)}, not 100 (${p.weights.map((c) => `${c.criterion} ${w.n(c.weight)}`).join(', ')})`,
    (p, w) => `les poids des critères totalisent ${w.n(p.total)}, et non 100 (${p.weights.map((c) => `${c.criterion} ${w.n(c.weight)}`).join(', ')})`,
  ),
  pointsOutsideScale: m<{ points: number; min: number; max: number }>(
    (p, w) => `${w.n(p.points)} points lie outside the scale ${w.n(p.min)}–${w.n(p.max)}`,
    (p, w) => `${w.n(p.points)} points sortent de l’échelle ${w.n(p.min)}–${w.n(p.max)}`,
  ),
  missingPointsOutsideScale: m<{ points: number; min: number; max: number }>(
    (p, w) => `${w.n(p.points)} lies outside the scale ${w.n(p.min)}–${w.n(p.max)}`,
    (p, w) => `${w.n(p.points)} sort de l’échelle ${w.n(p.min)}–${w.n(p.max)}`,
  ),
  missingPointsUnset: m<{ min: number }>(
    (p, w) => `missingRule is "points" but missingPoints is not set: a missing value scores the scale minimum (${w.n(p.min)})`,
    (p, w) => `missingRule vaut « points » mais missingPoints n’est pas renseigné${S}: une valeur absente reçoit le minimum de l’échelle (${w.n(p.min)})`,
  ),
  missingPointsIgnored: m<Record<string, never>>(
    () => 'never used, because missingRule is "reweight"',
    () => 'jamais utilisé, car missingRule vaut « reweight »',
  ),
  bandValuesAndBounds: m<Record<string, never>>(
    () => 'a band lists either values or min/max bounds, not both',
    () => 'une tranche donne soit des valeurs, soit des bornes min/max, pas les deux',
  ),
  bandMinAboveMax: m<{ min: number; max: number }>(
    (p, w) => `min ${w.n(p.min)} must be below max ${w.n(p.max)} (bands are [min, max) unless minInclusive/maxInclusive say otherwise)`,
    (p, w) => `le minimum ${w.n(p.min)} doit être inférieur au maximum ${w.n(p.max)} (une tranche est [min, max) sauf si minInclusive/maxInclusive disent autre chose)`,
  ),
  bandInclusiveOnValues: m<Record<string, never>>(
    () => 'minInclusive/maxInclusive apply to min/max bounds, not to a list of values',
    () => 'minInclusive/maxInclusive s’appliquent aux bornes min/max, pas à une liste de valeurs',
  ),
  bandNumberNeedsBounds: m<{ variable: string }>(
    (p) => `'${p.variable}' is a number: use min/max bounds, not a list of values`,
    (p, w) => `${w.q(p.variable)} est un nombre${S}: utilisez des bornes min/max, pas une liste de valeurs`,
  ),
  bandNeedsValues: m<{ variable: string; type: string }>(
    (p, w) => `'${p.variable}' is ${typeNoun(p.type, w)}: list the values of this band instead of min/max bounds`,
    (p, w) => `${w.q(p.variable)} est ${typeNoun(p.type, w)}${S}: donnez les valeurs de cette tranche plutôt que des bornes min/max`,
  ),
  bandGap: m<{ range: ValueRange; maxExclusiveHint: boolean }>(
    (p, w) => `values ${rangeText(p.range, w)} fall in no band (they score as missing${p.maxExclusiveHint ? '; max is exclusive unless maxInclusive is true' : ''})`,
    (p, w) => `les valeurs ${rangeText(p.range, w)} ne tombent dans aucune tranche (elles comptent comme absentes${p.maxExclusiveHint ? `${S}; max est exclu sauf si maxInclusive vaut true` : ''})`,
  ),
  bandOverlap: m<{ band: number; range: ValueRange }>(
    (p, w) => `overlaps band ${p.band}: values ${rangeText(p.range, w)} fall in both (the first listed wins)`,
    (p, w) => `chevauche la tranche ${p.band}${S}: les valeurs ${rangeText(p.range, w)} tombent dans les deux (la première listée l’emporte)`,
  ),
  bandDuplicateValue: m<{ value: unknown; band: number }>(
    (p, w) => `${w.v(p.value)} is already in band ${p.band} (the first band wins)`,
    (p, w) => `${w.v(p.value)} est déjà dans la tranche ${p.band} (la première tranche l’emporte)`,
  ),
  bandValueTwice: m<{ value: unknown }>(
    (p, w) => `${w.v(p.value)} is listed twice in this band`,
    (p, w) => `${w.v(p.value)} figure deux fois dans cette tranche`,
  ),
  bandValueTypeMismatch: m<{ variable: string; type: string; valueType: string; value: unknown }>(
    (p, w) => `'${p.variable}' is a ${p.type}, so the ${p.valueType} ${w.v(p.value)} never matches`,
    (p, w) => `${w.q(p.variable)} est ${typeNoun(p.type, w)}${S}: la valeur ${w.v(p.value)} (${typeNoun(p.valueType, w)}) ne correspond jamais`,
  ),
  bandValuesUncovered: m<{ values: readonly unknown[] }>(
    (p, w) => `${p.values.map(w.v).join(', ')} ${p.values.length === 1 ? 'is in no band, so it scores' : 'are in no band, so they score'} as missing`,
    (p, w) => `${p.values.map(w.v).join(', ')} ${p.values.length === 1 ? 'n’est dans aucune tranche et compte' : 'ne sont dans aucune tranche et comptent'} comme ${p.values.length === 1 ? 'absente' : 'absentes'}`,
  ),

  // Risk classes --------------------------------------------------------------------------------------------
  classOverlap: m<{ threshold: { minScore: number; exclusive: boolean }; better: { minScore: number; exclusive: boolean }; betterClass: string }>(
    (p, w) => `${threshold(p.threshold, w)} must start below ${threshold(p.better, w)}, the threshold of the better class '${p.betterClass}' (classes are listed best to worst)`,
    (p, w) => `${threshold(p.threshold, w)} doit commencer sous ${threshold(p.better, w)}, le seuil de la meilleure classe ${w.q(p.betterClass)} (les classes vont de la meilleure à la pire)`,
  ),
  segmentClassOrder: m<{ class: string; after: string }>(
    (p) => `'${p.class}' must come after '${p.after}': a segment lists the node's classes best to worst`,
    (p, w) => `${w.q(p.class)} doit venir après ${w.q(p.after)}${S}: un segment liste les classes du nœud de la meilleure à la pire`,
  ),
  classGapExclusive: m<{ class: string; minScore: number; scorecard: string }>(
    (p, w) => `the worst class '${p.class}' needs a score above ${w.n(p.minScore)}, so a score of exactly ${w.n(p.minScore)} (the lowest score of '${p.scorecard}') falls in no class`,
    (p, w) => `la pire classe ${w.q(p.class)} demande un score supérieur à ${w.n(p.minScore)}${S}: un score d’exactement ${w.n(p.minScore)} (le plus bas de ${w.q(p.scorecard)}) ne tombe dans aucune classe`,
  ),
  classGap: m<{ class: string; minScore: number; lowest: number; scorecard: string }>(
    (p, w) => `the worst class '${p.class}' starts at ${w.n(p.minScore)}, so scores from ${w.n(p.lowest)} (the lowest score of '${p.scorecard}') to below ${w.n(p.minScore)} fall in no class`,
    (p, w) => `la pire classe ${w.q(p.class)} commence à ${w.n(p.minScore)}${S}: les scores de ${w.n(p.lowest)} (le plus bas de ${w.q(p.scorecard)}) à moins de ${w.n(p.minScore)} ne tombent dans aucune classe`,
  ),
  classUnknown: m<{ class: string; known: readonly string[]; suggestion: string | null }>(
    (p, w) => `class '${p.class}' is not one of ${p.known.join(', ')}${w.mean(p.suggestion)}`,
    (p, w) => `la classe ${w.q(p.class)} n’est pas l’une de ${p.known.join(', ')}${w.mean(p.suggestion)}`,
  ),

  // Credit limit --------------------------------------------------------------------------------------------
  classParametersLacking: m<{ class: string; lacking: readonly string[] }>(
    (p) => `class '${p.class}' lacks ${p.lacking.map((l) => `'${l}'`).join(', ')}, which other classes define`,
    (p, w) => `il manque à la classe ${w.q(p.class)} ${p.lacking.map(w.q).join(', ')}, que d’autres classes définissent`,
  ),
  classParametersMissing: m<{ class: string }>(
    (p) => `class '${p.class}' has no parameters, so its capacity expressions cannot be evaluated`,
    (p, w) => `la classe ${w.q(p.class)} n’a pas de paramètres${S}: ses expressions de capacité ne peuvent pas être calculées`,
  ),
  floorAboveCeiling: m<{ floor: number; ceiling: number }>(
    (p, w) => `${w.n(p.floor)} is above the ceiling ${w.n(p.ceiling)}`,
    (p, w) => `${w.n(p.floor)} dépasse le plafond ${w.n(p.ceiling)}`,
  ),
  roundingStepMismatch: m<{ ceiling: number; step: number; mode: string; reach: number }>(
    (p, w) => `ceiling ${w.n(p.ceiling)} is not a multiple of step ${w.n(p.step)}: rounding "${p.mode}" can give ${w.n(p.reach)}, above the ceiling`,
    (p, w) => `le plafond ${w.n(p.ceiling)} n’est pas un multiple du pas ${w.n(p.step)}${S}: l’arrondi « ${p.mode} » peut donner ${w.n(p.reach)}, au-dessus du plafond`,
  ),

  // Approval ------------------------------------------------------------------------------------------------
  levelWithoutApproval: m<{ level: string }>(
    (p) => `level '${p.level}' is named, but the policy has no approval node defining delegation levels`,
    (p, w) => `le niveau ${w.q(p.level)} est cité, mais la politique n’a pas de nœud de délégation qui définisse des niveaux`,
  ),
  levelUnknown: m<{ level: string; known: readonly string[]; suggestion: string | null }>(
    (p, w) => `level '${p.level}' is not one of ${p.known.join(', ')}${w.mean(p.suggestion)}`,
    (p, w) => `le niveau ${w.q(p.level)} n’est pas l’un de ${p.known.join(', ')}${w.mean(p.suggestion)}`,
  ),
  escalationWithoutLevel: m<Record<string, never>>(
    () => 'escalates, but the approval node defines no delegation level to escalate to',
    () => 'remonte la demande, mais le nœud de délégation ne définit aucun niveau vers lequel la remonter',
  ),
  unboundedNotLast: m<Record<string, never>>(
    () => 'has no ceiling (maxAmount null), so the levels after it are never asked; put it last',
    () => `n’a pas de plafond (maxAmount null)${S}: les niveaux suivants ne sont jamais sollicités${S}; placez-le en dernier`,
  ),
  delegationNotIncreasing: m<{ amount: number; previous: number; previousLevel: string }>(
    (p, w) => `${w.n(p.amount)} must be above ${w.n(p.previous)}, the maxAmount of the level below ('${p.previousLevel}'); levels go from lowest to highest authority`,
    (p, w) => `${w.n(p.amount)} doit dépasser ${w.n(p.previous)}, le maxAmount du niveau inférieur (${w.q(p.previousLevel)})${S}; les niveaux vont du plus bas au plus haut pouvoir`,
  ),
  delegationCapped: m<{ amount: number }>(
    (p, w) => `the highest level may approve at most ${w.n(p.amount)}: an escalation above it is refused (NO_AUTHORITY)`,
    (p, w) => `le plus haut niveau peut approuver au plus ${w.n(p.amount)}${S}: une demande au-delà est refusée (NO_AUTHORITY)`,
  ),
  levelIgnored: m<{ outcome: string }>(
    (p) => `level is only used when the outcome is escalate (here: ${p.outcome})`,
    (p, w) => `le niveau ne sert que si la décision est « remonter » (ici${S}: « ${outcomeWord(p.outcome, w)} »)`,
  ),
  ruleAfterUnconditional: m<{ rule: string }>(
    (p) => `never applies: rule '${p.rule}' before it matches every request (the first matching rule decides)`,
    (p, w) => `ne s’applique jamais${S}: la règle ${w.q(p.rule)}, avant elle, s’applique à toute demande (la première règle qui s’applique décide)`,
  ),
  ruleSameCondition: m<{ rule: string }>(
    (p) => `never applies: rule '${p.rule}' before it has the same condition (the first matching rule decides)`,
    (p, w) => `ne s’applique jamais${S}: la règle ${w.q(p.rule)}, avant elle, a la même condition (la première règle qui s’applique décide)`,
  ),
  defaultUnreachable: m<{ rule: string }>(
    (p) => `the default never applies: rule '${p.rule}' matches every request`,
    (p, w) => `la décision par défaut ne s’applique jamais${S}: la règle ${w.q(p.rule)} s’applique à toute demande`,
  ),

  // Collection ----------------------------------------------------------------------------------------------
  scenarioWithoutCollection: m<{ scenario: string }>(
    (p) => `scenario '${p.scenario}' is named, but the policy has no collection node`,
    (p, w) => `le scénario ${w.q(p.scenario)} est cité, mais la politique n’a pas de nœud de recouvrement`,
  ),
  scenarioUnknown: m<{ scenario: string; known: readonly string[]; suggestion: string | null }>(
    (p, w) => `scenario '${p.scenario}' is not one of ${p.known.join(', ')}${w.mean(p.suggestion)}`,
    (p, w) => `le scénario ${w.q(p.scenario)} n’est pas l’un de ${p.known.join(', ')}${w.mean(p.suggestion)}`,
  ),
  classUnmapped: m<{ class: string }>(
    (p) => `class '${p.class}' has no scenario and there is no default scenario`,
    (p, w) => `la classe ${w.q(p.class)} n’a pas de scénario et il n’y a pas de scénario par défaut`,
  ),
  stepsUnordered: m<{ day: number; before: number }>(
    (p, w) => `${w.n(p.day)} comes after day ${w.n(p.before)} of the step before; list steps in day order`,
    (p, w) => `${w.n(p.day)} vient après le jour ${w.n(p.before)} de l’étape précédente${S}; listez les étapes dans l’ordre des jours`,
  ),

  // Decision, inputs, tests --------------------------------------------------------------------------------
  noOutcome: m<Record<string, never>>(
    () => 'no approval node and no rule sets an outcome, so every decision is refuse with reason NO_OUTCOME',
    () => `aucun nœud de délégation ni aucune règle ne fixe la décision${S}: toute décision est un refus avec le motif NO_OUTCOME`,
  ),
  enumWithoutValues: m<Record<string, never>>(
    () => 'an enum input must list its allowed values',
    () => 'une entrée de type liste doit donner ses valeurs permises',
  ),
  valuesNotEnum: m<{ type: string }>(
    (p) => `lists values but its type is ${p.type}; use type "enum" to restrict it to these values`,
    (p) => `donne des valeurs mais son type est ${p.type}${S}; choisissez le type « enum » pour la restreindre à ces valeurs`,
  ),
  boundsIgnored: m<{ type: string; minMax: boolean }>(
    (p) => `${p.minMax ? 'min/max apply' : 'bounds apply'} to numbers only; ${p.type === 'enum' ? 'an' : 'a'} ${p.type} input ignores them`,
    (p) => `${p.minMax ? 'min/max ne s’appliquent' : 'les bornes ne s’appliquent'} qu’aux nombres${S}; une entrée de type ${p.type} les ignore`,
  ),
  rangeInvalid: m<{ min: number; max: number }>(
    (p, w) => `${w.n(p.min)} is above max ${w.n(p.max)}, so no value is accepted`,
    (p, w) => `${w.n(p.min)} dépasse le maximum ${w.n(p.max)}${S}: aucune valeur n’est acceptée`,
  ),
  rangeEmptyExclusive: m<{ value: number }>(
    (p, w) => `min and max are both ${w.n(p.value)} and one of them is exclusive, so no value is accepted`,
    (p, w) => `min et max valent tous deux ${w.n(p.value)} et l’un d’eux est exclu${S}: aucune valeur n’est acceptée`,
  ),
  inputUnused: m<{ name: string; required: boolean }>(
    (p) => `'${p.name}' is read by no node, so it changes no decision${p.required ? ' (yet every request must send it)' : ''}`,
    (p, w) => `${w.q(p.name)} n’est lue par aucun nœud${S}: elle ne change aucune décision${p.required ? ' (et pourtant chaque demande doit l’envoyer)' : ''}`,
  ),
  requiredWhenUnknown: m<{ name: string; suggestion: string | null }>(
    (p, w) => `requiredWhen reads '${p.name}', which is not a declared input (it is checked on the request, before any node runs)${w.mean(p.suggestion)}`,
    (p, w) => `requiredWhen lit ${w.q(p.name)}, qui n’est pas une entrée déclarée (la condition est vérifiée sur la demande, avant tout nœud)${w.mean(p.suggestion)}`,
  ),
  testUnknownFact: m<{ fact: string; suggestion: string | null }>(
    (p, w) => `fact '${p.fact}' is not a declared input, so the request would be refused${w.mean(p.suggestion)}`,
    (p, w) => `le fait ${w.q(p.fact)} n’est pas une entrée déclarée${S}: la demande serait refusée${w.mean(p.suggestion)}`,
  ),
  testClassWithoutRiskClass: m<{ class: string }>(
    (p) => `expects class '${p.class}', but the policy has no risk class node`,
    (p, w) => `attend la classe ${w.q(p.class)}, mais la politique n’a pas de nœud de classe de risque`,
  ),
  testClassUnknown: m<{ class: string; known: readonly string[]; suggestion: string | null }>(
    (p, w) => `expects class '${p.class}', which is not one of ${p.known.join(', ')}${w.mean(p.suggestion)}`,
    (p, w) => `attend la classe ${w.q(p.class)}, qui n’est pas l’une de ${p.known.join(', ')}${w.mean(p.suggestion)}`,
  ),
  referenceDateInvalid: m<{ name: string; asOf: string }>(
    (p, w) => `the date of ${w.q(p.name)}, ${w.q(p.asOf)}, is not a calendar date (YYYY-MM-DD)`,
    (p, w) => `la date de ${w.q(p.name)}, ${w.q(p.asOf)}, n’est pas une date du calendrier (AAAA-MM-JJ)`,
  ),
  referenceOutOfDate: m<{ name: string; asOf: string; since: string; review: 'halfYearly' | 'yearly'; source: string }>(
    (p, w) =>
      `${w.q(p.name)} dates from ${p.asOf}, before the current ${p.review === 'yearly' ? 'year' : 'half-year'} (from ${p.since}): look it up again (${p.source}), then update its value and its date`,
    (p, w) =>
      `${w.q(p.name)} date du ${p.asOf}, avant ${p.review === 'yearly' ? 'l’année' : 'le semestre'} en cours (depuis le ${p.since})${S}: vérifiez-le à nouveau (${p.source}), puis mettez à jour sa valeur et sa date`,
  ),
  goldenFailed: m<{ factErrors: readonly string[]; failures: { field: string; expected: unknown; actual: unknown }[] }>(
    (p, w) => {
      const parts = [
        ...(p.factErrors.length > 0 ? [`its facts are refused: ${p.factErrors.join('; ')}`] : []),
        ...p.failures.map((f) => `${f.field}: expected ${goldenValue(f.expected, w)}, got ${goldenValue(f.actual, w)}`),
      ];
      return `fails — ${parts.length > 0 ? parts.join('; ') : 'no expectation was met'}`;
    },
    (p, w) => {
      const parts = [
        ...(p.factErrors.length > 0 ? [`ses faits sont refusés${S}: ${p.factErrors.join(`${S}; `)}`] : []),
        ...p.failures.map((f) => `${f.field}${S}: attendu ${goldenValue(f.expected, w)}, obtenu ${goldenValue(f.actual, w)}`),
      ];
      return `échoue — ${parts.length > 0 ? parts.join(`${S}; `) : 'aucune attente n’est satisfaite'}`;
    },
  ),
  compileFailed: m<{ reason: string }>(
    (p) => `the compiler refused the policy: ${p.reason}`,
    (p) => `le compilateur a refusé la politique${S}: ${p.reason}`,
  ),
  monotonicity: m<{ input: string; higherIsBetter: boolean; from: number; to: number; worse: Worsening }>(
    (p, w) =>
      `'${p.input}' is declared ${p.higherIsBetter ? 'higher' : 'lower'} is better, yet ${p.higherIsBetter ? 'raising' : 'lowering'} it from ${w.n(p.from)} to ${w.n(p.to)}, all else equal, makes the decision worse: ${worseText(p.worse, w)}`,
    (p, w) =>
      `${w.q(p.input)} est déclarée « ${p.higherIsBetter ? 'plus haut' : 'plus bas'} vaut mieux », pourtant ${p.higherIsBetter ? 'la monter' : 'la baisser'} de ${w.n(p.from)} à ${w.n(p.to)}, tout le reste égal, rend la décision pire${S}: ${worseText(p.worse, w)}`,
  ),

  // The compiler's own (rare: validation says these first) ----------------------------------------------------
  compileUnknownLevel: m<{ level: string }>((p) => `unknown delegation level '${p.level}'`, (p, w) => `niveau de délégation inconnu ${w.q(p.level)}`),
  compileDuplicateName: m<{ name: string; other: string | null }>(
    (p) => `'${p.name}' is already ${p.other === null ? 'an input' : `produced by node '${p.other}'`}`,
    (p, w) => `${w.q(p.name)} est déjà ${p.other === null ? 'une entrée' : `produit par le nœud ${w.q(p.other)}`}`,
  ),
  compileNoDecision: m<Record<string, never>>(() => 'the policy has no decision node', () => 'la politique n’a pas de nœud de décision'),
  compileUnknownName: m<{ name: string }>(
    (p) => `unknown name '${p.name}': neither an input nor a variable of the policy`,
    (p, w) => `nom inconnu ${w.q(p.name)}${S}: ni une entrée ni une variable de la politique`,
  ),
  compileNotUpstream: m<{ name: string; producer: string; node: string }>(
    (p) => `'${p.name}' is produced by node '${p.producer}', which is not upstream of '${p.node}'`,
    (p, w) => `${w.q(p.name)} est produit par le nœud ${w.q(p.producer)}, qui n’est pas en amont de ${w.q(p.node)}`,
  ),
  compileCycle: m<{ cycle: readonly string[] }>(
    (p) => `the graph has a cycle through ${p.cycle.join(', ')}`,
    (p) => `le graphe a un cycle passant par ${p.cycle.join(', ')}`,
  ),
  compileProblem: m<{ problem: string }>((p) => p.problem, (p) => p.problem),
  compilePlaceholder: m<{ name: string }>(
    (p) => `placeholder {${p.name}} names no input or variable`,
    (p) => `le paramètre {${p.name}} ne désigne aucune entrée ni variable`,
  ),
  compileUnknownClass: m<{ class: string; known: readonly string[] }>(
    (p) => `unknown risk class '${p.class}' (classes: ${p.known.join(', ')})`,
    (p, w) => `classe de risque inconnue ${w.q(p.class)} (classes${S}: ${p.known.join(', ')})`,
  ),
  compileEscalationWithoutLevel: m<Record<string, never>>(
    () => 'escalates, but the policy defines no delegation level',
    () => 'remonte la demande, mais la politique ne définit aucun niveau de délégation',
  ),
  compileUnknownScenario: m<{ scenario: string; known: readonly string[] }>(
    (p) => `unknown collection scenario '${p.scenario}' (scenarios: ${p.known.join(', ')})`,
    (p, w) => `scénario de recouvrement inconnu ${w.q(p.scenario)} (scénarios${S}: ${p.known.join(', ')})`,
  ),
};

/** What got worse in a monotonicity counterexample. */
export type Worsening =
  | { what: 'score'; from: number; to: number }
  | { what: 'scoreMissing' }
  | { what: 'riskClass'; from: string; to: string }
  | { what: 'creditLimit'; from: number; to: number }
  | { what: 'outcome'; from: string; to: string };

function worseText(x: Worsening, w: Words): string {
  const fr = w.language === 'fr';
  switch (x.what) {
    case 'score':
      return fr ? `le score baisse de ${w.n(x.from)} à ${w.n(x.to)}` : `the score falls from ${w.n(x.from)} to ${w.n(x.to)}`;
    case 'scoreMissing':
      return fr ? 'le score devient absent' : 'the score becomes missing';
    case 'riskClass':
      return fr ? `la classe de risque passe de ${x.from} à ${x.to}` : `the risk class worsens from ${x.from} to ${x.to}`;
    case 'creditLimit':
      return fr ? `l’encours autorisé baisse de ${w.n(x.from)} à ${w.n(x.to)}` : `the credit limit falls from ${w.n(x.from)} to ${w.n(x.to)}`;
    case 'outcome':
      return fr ? `la décision passe de « ${outcomeWord(x.from, w)} » à « ${outcomeWord(x.to, w)} »` : `the outcome worsens from ${x.from} to ${x.to}`;
  }
}

function goldenValue(value: unknown, w: Words): string {
  if (value === undefined) return w.language === 'fr' ? 'rien' : 'nothing';
  if (Array.isArray(value)) return `[${value.map((v) => goldenValue(v, w)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const json = JSON.stringify(value);
    return json.length > 200 ? `${json.slice(0, 197)}…` : json;
  }
  return w.v(value);
}

export type MessageKey = keyof typeof DIAGNOSTIC_MESSAGES;
export type MessageParams<K extends MessageKey> = Parameters<(typeof DIAGNOSTIC_MESSAGES)[K]['en']>[0];

/** A diagnostic's words before they are put in a language: a message key and its parameters. */
export interface DiagnosticText {
  key: MessageKey;
  params: Record<string, unknown>;
}

/** The words of a diagnostic, to be rendered in each language. */
export const says = <K extends MessageKey>(key: K, params: MessageParams<K>): DiagnosticText => ({ key, params: params as Record<string, unknown> });

export function renderText(text: DiagnosticText, language: Language): string {
  const entry = DIAGNOSTIC_MESSAGES[text.key] as { en: Render<unknown>; fr: Render<unknown> };
  return entry[language](text.params, WORDS[language]);
}
