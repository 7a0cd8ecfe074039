/**
 * Missing translations, as problems: once a policy carries texts in both languages, every label,
 * reason message or golden test name that has only one version is worth a warning (one per node,
 * per missing language, pointing at the first such field), so a French reader never meets an
 * English label by surprise. A policy written in one language only gets none.
 */
import type { LocalizedText, PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { DiagnosticLike } from './overlays.js';
import { LANGUAGES, languagesOf, policyLanguageOf, versionOf, type Language } from './localized.js';

export const TRANSLATION_MISSING = 'TRANSLATION_MISSING';

export interface PolicyText {
  /** JSON pointer of the text (…/label, …/reason/message, /tests/3/name). */
  path: string;
  nodeId: string | null;
  text: LocalizedText;
}

const isText = (v: unknown): v is LocalizedText =>
  typeof v === 'string' || (!!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => (LANGUAGES as readonly string[]).includes(k)));

/** Every text a person reads in the document, with where it is. */
export function policyTexts(doc: PolicyDocument): PolicyText[] {
  const out: PolicyText[] = [];
  const walk = (value: unknown, path: string, nodeId: string | null) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}/${i}`, nodeId));
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'label' || key === 'message') && isText(v)) out.push({ path: `${path}/${key}`, nodeId, text: v });
      else if (key !== 'when' && key !== 'expect' && key !== 'facts') walk(v, `${path}/${key}`, nodeId);
    }
  };
  doc.inputs.forEach((input, i) => input.label !== undefined && out.push({ path: `/inputs/${i}/label`, nodeId: null, text: input.label }));
  doc.nodes.forEach((node, i) => walk(node, `/nodes/${i}`, node.id));
  doc.tests.forEach((test, i) => out.push({ path: `/tests/${i}/name`, nodeId: null, text: test.name }));
  return out;
}

/** A policy is bilingual once one of its texts has a version in a language other than its own. */
export function isBilingual(doc: PolicyDocument, texts = policyTexts(doc)): boolean {
  const own = policyLanguageOf(doc);
  return texts.some((x) => languagesOf(x.text, own).some((l) => l !== own));
}

/**
 * One warning per node (or for the inputs, or the golden tests) and missing language, pointing at the
 * first text without that version. `describe` words it in the editor's language.
 */
export function missingTranslations(doc: PolicyDocument, describe: (count: number, language: Language, example: string) => string): DiagnosticLike[] {
  const texts = policyTexts(doc);
  if (!isBilingual(doc, texts)) return [];
  const own = policyLanguageOf(doc);
  const groups = new Map<string, { nodeId: string | null; language: Language; paths: string[]; example: string }>();
  for (const x of texts) {
    const has = languagesOf(x.text, own);
    if (has.length === 0) continue;
    for (const language of LANGUAGES) {
      if (has.includes(language)) continue;
      const owner = x.nodeId ?? x.path.split('/')[1]!;
      const key = `${owner}:${language}`;
      const g = groups.get(key) ?? { nodeId: x.nodeId, language, paths: [], example: versionOf(x.text, has[0]!, own) };
      g.paths.push(`${x.path}/${language}`);
      groups.set(key, g);
    }
  }
  return [...groups.values()].map((g) => ({
    code: TRANSLATION_MISSING,
    severity: 'warning',
    nodeId: g.nodeId,
    path: g.paths[0]!,
    message: describe(g.paths.length, g.language, g.example),
  }));
}

/**
 * A new node's texts (which come in both languages) made to fit the policy: kept as they are in a
 * bilingual policy; in a one-language policy, only its language (a plain string), so adding a node
 * does not make the whole policy look untranslated.
 */
export function fitTextsToPolicy<T>(value: T, doc: PolicyDocument): T {
  if (isBilingual(doc)) return value;
  const own = policyLanguageOf(doc);
  const fit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fit);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [key, x] of Object.entries(v)) {
      if ((key === 'label' || key === 'message') && isText(x) && typeof x === 'object') {
        out[key] = versionOf(x, own, own) || LANGUAGES.map((l) => versionOf(x, l, own)).find((s) => s !== '') || x;
      } else out[key] = key === 'when' ? x : fit(x);
    }
    return out;
  };
  return fit(value) as T;
}
