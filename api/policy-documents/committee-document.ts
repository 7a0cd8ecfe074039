/**
 * The credit-committee document of a version, as a language-neutral outline (cover, sections of
 * paragraphs, tables and dunning timelines) that the HTML page and the PDF both render: the policy
 * in words and tables, its golden tests with their results, the changes from the previous version
 * and the latest impact summary. French and English.
 */
import type { LocalizedText, PolicyDocument, PolicyNode } from '../../engine/index.js';
import { compilePolicy, conditionText, diffPolicies, localizedText, runGoldenTests } from '../policy-engine.js';
import type { VersionRecord } from '../store/store.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric?: number[] }
  | { kind: 'timeline'; title: string; steps: { day: number; action: string; label: string }[] };

export interface Section {
  title: string;
  blocks: Block[];
  /** Starts on a new page when printed. */
  pageBreak?: boolean;
}

export interface CommitteeDocument {
  lang: Language;
  title: string;
  policyName: string;
  policyId: string;
  version: number;
  contentHash: string;
  cover: [string, string][];
  sections: Section[];
  /** Running header and footer words. */
  running: { hash: string; page: string; of: string };
}

/** The figures of the latest finished simulation whose "after" side is this version's content. */
export interface ImpactFigures {
  finishedAt: string;
  /** What it was compared with: a version number, or null (a draft, another target). */
  againstVersion: number | null;
  customers: number;
  outcomes: { outcome: string; a: number; b: number }[];
  grossLimit: { a: number; b: number };
  changed: number;
  currency: string;
}

const WORDS = {
  en: {
    title: 'Credit policy — committee document',
    policy: 'Policy',
    version: 'Version',
    status: 'Status',
    active: 'active (the version deciding now)',
    published: 'published, not active',
    hash: 'Content hash (sha-256)',
    author: 'Author (submitted)',
    approver: 'Approver',
    published_at: 'Published',
    submitComment: 'Author’s comment',
    approveComment: 'Approver’s comment',
    currency: 'Currency',
    summary: 'The policy in words',
    inputs: 'Inputs (facts sent by the caller)',
    name: 'Name',
    label: 'Label',
    type: 'Type',
    unit: 'Unit',
    required: 'Required',
    yes: 'yes',
    no: 'no',
    formulas: 'Formulas',
    formula: 'Formula',
    scorecard: 'Scorecard',
    criterion: 'Criterion',
    weight: 'Weight',
    bands: 'Bands and points',
    missingRule: { points: 'A missing value scores its criterion’s “points if missing”.', reweight: 'A missing value is left out and the other weights are re-spread to 100 %.' },
    scale: 'Scale',
    classes: 'Risk classes (best first)',
    cls: 'Class',
    minScore: 'Lowest score',
    review: 'Review (months)',
    overrides: 'Overrides',
    when: 'When',
    effect: 'Effect',
    force: 'class forced to',
    noBetterThan: 'no better than',
    limit: 'Credit limit',
    limitText: 'The limit is the lowest of the capacities below, computed with the parameters of the customer’s risk class',
    capacity: 'Capacity',
    parameters: 'Parameters per class',
    floor: 'floor',
    ceiling: 'ceiling',
    rounding: 'rounded',
    insurer: 'insurer cover added on top',
    approval: 'Approval and delegation levels',
    level: 'Level',
    maxAmount: 'Highest amount it may approve',
    noCeiling: 'no ceiling',
    rules: 'Rules, in order (the first that matches decides)',
    outcome: 'Outcome',
    otherwise: 'Otherwise',
    reason: 'Reason',
    collection: 'Dunning scenarios',
    byClass: 'Scenario of each class',
    scenario: 'Scenario',
    day: 'Day',
    action: 'Action',
    knockouts: 'Rules',
    tests: 'Golden tests and their results',
    test: 'Test',
    expected: 'Expected',
    actual: 'Result',
    passed: 'passed',
    failed: 'FAILED',
    changes: 'Changes from the previous version',
    noPrevious: 'This is the first version of the policy.',
    noChange: 'No change from the previous version.',
    impact: 'Latest impact summary',
    noImpact: 'No impact simulation of this version is available on this server.',
    impactAgainst: 'compared with',
    impactDraft: 'another target',
    impactCustomers: 'customers',
    impactChanged: 'with a changed decision',
    impactLimit: 'Total granted limit',
    thisVersion: 'this version',
    page: 'Page',
    of: 'of',
    outcomes: { accept: 'accept', refuse: 'refuse', escalate: 'escalate' } as Record<string, string>,
    actions: {
      email: 'E-mail', call: 'Phone call', sms: 'SMS', letter: 'Letter', registeredLetter: 'Registered letter', formalNotice: 'Formal notice', salesRep: 'Sales rep', penalties: 'Late-payment penalties', stopSupply: 'Stop supplies', agency: 'Collection agency', litigation: 'Litigation', insurerNotice: 'Notice to the insurer',
    } as Record<string, string>,
  },
  fr: {
    title: 'Politique de crédit — dossier du comité',
    policy: 'Politique',
    version: 'Version',
    status: 'Statut',
    active: 'active (la version qui décide aujourd’hui)',
    published: 'publiée, non active',
    hash: 'Empreinte du contenu (sha-256)',
    author: 'Auteur (soumission)',
    approver: 'Approbateur',
    published_at: 'Publiée le',
    submitComment: 'Commentaire de l’auteur',
    approveComment: 'Commentaire de l’approbateur',
    currency: 'Devise',
    summary: 'La politique en clair',
    inputs: 'Entrées (faits envoyés par l’appelant)',
    name: 'Nom',
    label: 'Libellé',
    type: 'Type',
    unit: 'Unité',
    required: 'Obligatoire',
    yes: 'oui',
    no: 'non',
    formulas: 'Formules',
    formula: 'Formule',
    scorecard: 'Scorecard',
    criterion: 'Critère',
    weight: 'Poids',
    bands: 'Tranches et points',
    missingRule: { points: 'Une valeur manquante vaut les « points si manquant » de son critère.', reweight: 'Une valeur manquante est écartée et les autres poids sont ramenés à 100 %.' },
    scale: 'Échelle',
    classes: 'Classes de risque (la meilleure d’abord)',
    cls: 'Classe',
    minScore: 'Score minimum',
    review: 'Révision (mois)',
    overrides: 'Forçages',
    when: 'Quand',
    effect: 'Effet',
    force: 'classe imposée',
    noBetterThan: 'pas mieux que',
    limit: 'Limite de crédit',
    limitText: 'La limite est la plus basse des capacités ci-dessous, calculées avec les paramètres de la classe de risque du client',
    capacity: 'Capacité',
    parameters: 'Paramètres par classe',
    floor: 'plancher',
    ceiling: 'plafond',
    rounding: 'arrondie',
    insurer: 'couverture de l’assureur ajoutée',
    approval: 'Approbation et niveaux de délégation',
    level: 'Niveau',
    maxAmount: 'Montant maximum accordé',
    noCeiling: 'sans plafond',
    rules: 'Règles, dans l’ordre (la première qui s’applique décide)',
    outcome: 'Décision',
    otherwise: 'Sinon',
    reason: 'Motif',
    collection: 'Scénarios de relance',
    byClass: 'Scénario de chaque classe',
    scenario: 'Scénario',
    day: 'Jour',
    action: 'Action',
    knockouts: 'Règles',
    tests: 'Tests de référence et leurs résultats',
    test: 'Test',
    expected: 'Attendu',
    actual: 'Résultat',
    passed: 'réussi',
    failed: 'ÉCHEC',
    changes: 'Changements depuis la version précédente',
    noPrevious: 'C’est la première version de la politique.',
    noChange: 'Aucun changement depuis la version précédente.',
    impact: 'Dernière analyse d’impact',
    noImpact: 'Aucune simulation d’impact de cette version n’est disponible sur ce serveur.',
    impactAgainst: 'comparée à',
    impactDraft: 'une autre cible',
    impactCustomers: 'clients',
    impactChanged: 'dont la décision change',
    impactLimit: 'Total des limites accordées',
    thisVersion: 'cette version',
    page: 'Page',
    of: 'sur',
    outcomes: { accept: 'accepter', refuse: 'refuser', escalate: 'remonter' } as Record<string, string>,
    actions: {
      email: 'E-mail', call: 'Appel', sms: 'SMS', letter: 'Lettre', registeredLetter: 'Lettre recommandée', formalNotice: 'Mise en demeure', salesRep: 'Solliciter le commercial', penalties: 'Pénalités de retard', stopSupply: 'Blocage des livraisons', agency: 'Société de recouvrement', litigation: 'Contentieux', insurerNotice: 'Déclaration à l’assureur',
    } as Record<string, string>,
  },
};

/** Labels are plain text (in the policy's language) or {en, fr}: show the reader's language, else the policy's. */
function text(value: unknown, lang: Language, fallback: string, policyLanguage: Language | undefined): string {
  if (typeof value !== 'string' && !(value && typeof value === 'object' && !Array.isArray(value))) return fallback;
  return localizedText(value as LocalizedText, lang, policyLanguage ?? 'en') || fallback;
}

export function numberIn(lang: Language, value: number | null | undefined, options: Intl.NumberFormatOptions = {}): string {
  if (value === null || value === undefined) return '';
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 6, ...options }).format(value);
}

const dateIn = (lang: Language, iso: string) =>
  new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';

export interface CommitteeInput {
  version: VersionRecord;
  previous: VersionRecord | null;
  activeVersion: number | null;
  lang: Language;
  impact?: ImpactFigures | null;
}

export function committeeDocumentOf(input: CommitteeInput): CommitteeDocument {
  const { version: v, lang } = input;
  const w = WORDS[lang];
  const doc = v.document;
  const num = (n: number | null | undefined, o?: Intl.NumberFormatOptions) => numberIn(lang, n, o);
  const money = (n: number | null | undefined) => (n === null || n === undefined ? '' : `${num(n, { maximumFractionDigits: 2 })} ${doc.currency}`);
  const cover: [string, string][] = [
    [w.policy, `${doc.name} (${doc.id})`],
    [w.version, String(v.version)],
    [w.status, input.activeVersion === v.version ? w.active : w.published],
    [w.hash, v.contentHash],
    [w.author, v.author],
    [w.approver, v.approvedBy],
    [w.published_at, dateIn(lang, v.publishedAt)],
    [w.currency, doc.currency],
  ];
  if (v.submitComment) cover.push([w.submitComment, v.submitComment]);
  if (v.approveComment) cover.push([w.approveComment, v.approveComment]);

  const sections: Section[] = [];
  if (doc.description) sections.push({ title: w.summary, blocks: doc.description.split(/\n{2,}/).map((p) => ({ kind: 'p' as const, text: p })) });
  sections.push({
    title: w.inputs,
    blocks: [{ kind: 'table', head: [w.name, w.label, w.type, w.unit, w.required], rows: doc.inputs.map((i) => [i.name, text(i.label, lang, '', doc.language), i.type === 'enum' ? `enum: ${(i.values ?? []).join(', ')}` : i.type, i.unit ?? '', i.required ? w.yes : w.no]) }],
  });
  for (const node of doc.nodes as PolicyNode[]) {
    const title = (kind: string) => `${kind} — ${text(node.label, lang, node.id, doc.language)}`;
    switch (node.kind) {
      case 'formula':
        sections.push({ title: title(w.formulas), blocks: [{ kind: 'table', head: [w.name, w.label, w.formula], rows: node.config.variables.map((x) => [x.name, text(x.label, lang, '', doc.language), x.expression]) }] });
        break;
      case 'scorecard': {
        const c = node.config;
        const blocks: Block[] = [
          { kind: 'p', text: `${w.scale} ${num(c.scale.min)}–${num(c.scale.max)}. ${w.missingRule[c.missingRule]}` },
          { kind: 'table', head: [w.criterion, w.weight, w.bands], rows: c.criteria.map((k) => [`${text(k.label, lang, k.id, doc.language)} (${k.variable})`, `${num(k.weight)} %`, k.bands.map((b) => `${bandRange(b, num)}: ${num(b.points)}`).join(' · ')]), numeric: [1] },
        ];
        sections.push({ title: title(w.scorecard), blocks });
        break;
      }
      case 'riskClass': {
        const c = node.config;
        const blocks: Block[] = [{ kind: 'table', head: [w.cls, w.label, w.minScore, w.review], rows: c.classes.map((k) => [k.id, text(k.label, lang, '', doc.language), `≥ ${num(k.minScore)}`, k.reviewMonths ? String(k.reviewMonths) : '']), numeric: [2, 3] }];
        if (c.overrides?.length)
          blocks.push({ kind: 'table', head: [w.overrides, w.when, w.effect, w.reason], rows: c.overrides.map((o) => [text(o.label, lang, o.id, doc.language), conditionText(o.when), `${o.effect === 'force' ? w.force : w.noBetterThan} ${o.class}`, text(o.reason.message, lang, '', doc.language)]) });
        sections.push({ title: title(w.classes), blocks });
        break;
      }
      case 'creditLimit': {
        const c = node.config;
        const extras = [c.floor !== undefined ? `${w.floor} ${money(c.floor)}` : '', c.ceiling !== undefined ? `${w.ceiling} ${money(c.ceiling)}` : '', c.rounding ? `${w.rounding} ${c.rounding.mode} ${money(c.rounding.step)}` : '', c.addInsurerCover ? w.insurer : ''].filter(Boolean);
        const blocks: Block[] = [
          { kind: 'p', text: `${w.limitText}${extras.length ? `; ${extras.join(', ')}` : ''}.` },
          { kind: 'table', head: [w.capacity, w.formula], rows: c.capacities.map((k) => [text(k.label, lang, k.id, doc.language), k.expression]) },
        ];
        const params = Object.entries(c.classParameters ?? {});
        const names = [...new Set(params.flatMap(([, p]) => Object.keys(p)))];
        if (params.length) blocks.push({ kind: 'table', head: [w.cls, ...names], rows: params.map(([cls, p]) => [cls, ...names.map((n) => (p[n] === undefined ? '' : /share|rate/i.test(n) ? num(p[n], { style: 'percent', maximumFractionDigits: 2 }) : num(p[n])))]), numeric: names.map((_, i) => i + 1) });
        sections.push({ title: title(w.limit), blocks });
        break;
      }
      case 'approval': {
        const c = node.config;
        sections.push({
          title: title(w.approval),
          blocks: [
            { kind: 'table', head: [w.level, w.maxAmount], rows: c.levels.map((l) => [text(l.label, lang, l.id, doc.language), l.maxAmount === null ? w.noCeiling : money(l.maxAmount)]), numeric: [1] },
            { kind: 'p', text: w.rules },
            {
              kind: 'table',
              head: [w.when, w.outcome, w.reason],
              rows: [
                ...c.rules.map((r) => [conditionText(r.when), `${w.outcomes[r.outcome] ?? r.outcome}${r.level ? ` → ${r.level}` : ''}`, text(r.reason.message, lang, '', doc.language)]),
                [w.otherwise, `${w.outcomes[c.default.outcome] ?? c.default.outcome}${c.default.level ? ` → ${c.default.level}` : ''}`, text(c.default.reason.message, lang, '', doc.language)],
              ],
            },
          ],
        });
        break;
      }
      case 'collection': {
        const c = node.config;
        const blocks: Block[] = [{ kind: 'table', head: [w.cls, w.scenario], rows: Object.entries(c.byClass).map(([cls, s]) => [cls, text(c.scenarios.find((x) => x.id === s)?.label, lang, s, doc.language)]) }];
        for (const s of c.scenarios) {
          const classes = Object.entries(c.byClass).filter(([, id]) => id === s.id).map(([cls]) => cls);
          blocks.push({ kind: 'timeline', title: `${text(s.label, lang, s.id, doc.language)}${classes.length ? ` — ${w.cls} ${classes.join(', ')}` : ''}`, steps: s.steps.map((st) => ({ day: st.day, action: w.actions[st.action] ?? st.action, label: text(st.label, lang, '', doc.language) })) });
        }
        sections.push({ title: title(w.collection), blocks });
        break;
      }
      case 'rules':
        sections.push({ title: title(w.knockouts), blocks: [{ kind: 'table', head: [w.name, w.when, w.reason], rows: node.config.rules.map((r) => [text(r.label, lang, r.id, doc.language), conditionText(r.when), r.actions.map((a) => ('reason' in a ? text(a.reason.message, lang, '', doc.language) : `${a.variable} = ${a.expression}`)).join(' ')]) }] });
        break;
      default:
        break;
    }
  }
  sections.push({ title: w.tests, blocks: [goldenTable(doc, w, num, lang)], pageBreak: true });
  sections.push({ title: w.changes, blocks: changeBlocks(input.previous, doc, w), pageBreak: true });
  sections.push({
    title: w.impact,
    blocks: input.impact ? impactBlocks(input.impact, w, lang, num) : [{ kind: 'p', text: w.noImpact }],
  });
  return { lang, title: w.title, policyName: doc.name, policyId: doc.id, version: v.version, contentHash: v.contentHash, cover, sections, running: { hash: v.contentHash, page: w.page, of: w.of } };
}

function impactBlocks(i: ImpactFigures, w: Words, lang: Language, num: (n: number, o?: Intl.NumberFormatOptions) => string): Block[] {
  const against = i.againstVersion === null ? w.impactDraft : `v${i.againstVersion}`;
  return [
    { kind: 'p', text: `${dateIn(lang, i.finishedAt)} — ${w.impactAgainst} ${against} — ${num(i.customers)} ${w.impactCustomers}, ${num(i.changed)} ${w.impactChanged}.` },
    {
      kind: 'table',
      head: ['', against, w.thisVersion, 'Δ'],
      rows: [
        ...i.outcomes.map((o) => [w.outcomes[o.outcome] ?? o.outcome, num(o.a), num(o.b), num(o.b - o.a, { signDisplay: 'exceptZero' })]),
        [`${w.impactLimit} (${i.currency})`, num(i.grossLimit.a, { maximumFractionDigits: 0 }), num(i.grossLimit.b, { maximumFractionDigits: 0 }), num(i.grossLimit.b - i.grossLimit.a, { maximumFractionDigits: 0, signDisplay: 'exceptZero' })],
      ],
      numeric: [1, 2, 3],
    },
  ];
}

function bandRange(b: { min?: number; max?: number; values?: unknown[] }, num: (n: number) => string): string {
  if (b.values) return b.values.map(String).join(', ');
  if (b.min !== undefined && b.max !== undefined) return `${num(b.min)}–${num(b.max)}`;
  if (b.min !== undefined) return `≥ ${num(b.min)}`;
  if (b.max !== undefined) return `< ${num(b.max)}`;
  return '*';
}

type Words = (typeof WORDS)['en'];

function goldenTable(doc: PolicyDocument, w: Words, num: (n: number) => string, lang: Language): Block {
  let results: ReturnType<typeof runGoldenTests> = [];
  try {
    results = runGoldenTests(compilePolicy(doc));
  } catch {
    results = [];
  }
  const rows = doc.tests.map((t) => {
    const r = results.find((x) => x.testId === t.id);
    const e = t.expect;
    const expected = [e.outcome ? w.outcomes[e.outcome] : '', e.riskClass ? `${w.cls} ${e.riskClass}` : '', e.creditLimit !== undefined && e.creditLimit !== null ? `${num(typeof e.creditLimit === 'object' ? e.creditLimit.value : e.creditLimit)}` : ''].filter(Boolean).join(' · ');
    const d = r?.decision;
    const actual = d ? [w.outcomes[d.outcome] ?? d.outcome, d.riskClass ? `${w.cls} ${d.riskClass}` : '', d.creditLimit ? num(d.creditLimit.gross) : ''].filter(Boolean).join(' · ') : '';
    return [text(t.name, lang, '', doc.language), expected, `${actual} — ${r?.passed ? w.passed : w.failed}`];
  });
  return { kind: 'table', head: [w.test, w.expected, w.actual], rows };
}

function changeBlocks(previous: VersionRecord | null, doc: PolicyDocument, w: Words): Block[] {
  if (!previous) return [{ kind: 'p', text: w.noPrevious }];
  const diff = diffPolicies(previous.document, doc);
  if (diff.changes.length === 0) return [{ kind: 'p', text: w.noChange }];
  return [{ kind: 'table', head: [`v${previous.version} → v${previous.version + 1}`], rows: diff.changes.map((c) => [c.message]) }];
}
