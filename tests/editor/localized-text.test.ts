/**
 * Side-by-side EN/FR editing of policy texts (issue 18): writing one language keeps the other, a
 * plain string becomes {en, fr} when the second language is typed, each edit is one undo step,
 * and a bilingual policy reports its untranslated texts.
 */
import { describe, expect, it } from 'vitest';
import { DocumentSession } from '../../editor/src/document/session.js';
import { replaceNode } from '../../editor/src/document/commands.js';
import { languagesOf, versionOf, withVersion } from '../../editor/src/document/localized.js';
import { fitTextsToPolicy, isBilingual, missingTranslations, policyTexts } from '../../editor/src/document/translations.js';
import { createNode } from '../../editor/src/nodes/registry.js';
import type { PolicyDocument, PolicyNode } from '../../engine/model/policy-schema.js';
import { samplePolicy } from './fixture.js';

const words = (count: number, language: string, example: string) => `${count}:${language}:${example}`;

describe('one language version of a text', () => {
  it('reads a plain string as the policy language, and nothing in the other', () => {
    expect(versionOf('Low risk', 'en', 'en')).toBe('Low risk');
    expect(versionOf('Low risk', 'fr', 'en')).toBe('');
    expect(versionOf('Risque faible', 'fr', 'fr')).toBe('Risque faible');
    expect(versionOf({ en: 'Low', fr: 'Faible' }, 'fr', 'en')).toBe('Faible');
    expect(versionOf(undefined, 'en', 'en')).toBe('');
  });

  it('typing the second language turns a plain string into {en, fr}; the first is kept', () => {
    expect(withVersion('Low risk', 'fr', 'Risque faible', 'en')).toEqual({ en: 'Low risk', fr: 'Risque faible' });
    expect(withVersion({ en: 'Low risk', fr: 'Risque faible' }, 'en', 'Low', 'en')).toEqual({ en: 'Low', fr: 'Risque faible' });
    // a French policy: its plain strings are French
    expect(withVersion('Risque faible', 'en', 'Low risk', 'fr')).toEqual({ en: 'Low risk', fr: 'Risque faible' });
  });

  it('the policy language on its own stays (or becomes again) a plain string; emptying both removes the text', () => {
    expect(withVersion('Low risk', 'en', 'Low', 'en')).toBe('Low');
    expect(withVersion({ en: 'Low risk', fr: 'Risque faible' }, 'fr', '', 'en')).toBe('Low risk');
    expect(withVersion({ en: 'Low risk', fr: 'Risque faible' }, 'en', '', 'en')).toEqual({ fr: 'Risque faible' });
    expect(withVersion('Low risk', 'en', '', 'en')).toBeUndefined();
    expect(withVersion(undefined, 'fr', 'Faible', 'en')).toEqual({ fr: 'Faible' });
    expect(languagesOf({ fr: 'Faible' }, 'en')).toEqual(['fr']);
  });
});

describe('editing a label in both languages', () => {
  const classes = (doc: PolicyDocument) => (doc.nodes.find((n) => n.id === 'classes') as Extract<PolicyNode, { kind: 'riskClass' }>).config.classes;
  const typeFrench = (session: DocumentSession, text: string) => {
    // the inspector: each keystroke replaces the node, with the same merge key (the field typed in)
    for (let i = 1; i <= text.length; i++) {
      const node = structuredClone(session.doc.nodes.find((n) => n.id === 'classes')!) as Extract<PolicyNode, { kind: 'riskClass' }>;
      node.config.classes[0]!.label = withVersion(node.config.classes[0]!.label, 'fr', text.slice(0, i), 'en');
      session.dispatch(replaceNode(node, '/nodes/2/config/classes/0/label/fr'));
    }
  };

  it('typing a French label keeps the English one, and is one undo step', () => {
    const doc = samplePolicy();
    classes(doc)[0]!.label = 'Low risk';
    const session = new DocumentSession(doc);
    typeFrench(session, 'Faible');
    expect(classes(session.doc)[0]!.label).toEqual({ en: 'Low risk', fr: 'Faible' });
    session.undo();
    expect(classes(session.doc)[0]!.label).toBe('Low risk');
    session.redo();
    expect(classes(session.doc)[0]!.label).toEqual({ en: 'Low risk', fr: 'Faible' });
  });
});

describe('missing translations', () => {
  it('a one-language policy has none to report', () => {
    const doc = samplePolicy();
    expect(isBilingual(doc)).toBe(false);
    expect(missingTranslations(doc, words)).toEqual([]);
  });

  it('a bilingual policy reports, per node and language, its texts with one version, pointing at the first', () => {
    const doc = samplePolicy();
    const sc = doc.nodes.find((n) => n.id === 'scorecard')!;
    sc.label = { en: 'Scorecard', fr: 'Grille de score' };
    // the criterion label stays English only
    const problems = missingTranslations(doc, words);
    expect(problems).toEqual([
      { code: 'TRANSLATION_MISSING', severity: 'warning', nodeId: 'scorecard', path: '/nodes/1/config/criteria/0/label/fr', message: '1:fr:Equity ratio' },
      // the approval rule's reason messages, and the golden test's name
      { code: 'TRANSLATION_MISSING', severity: 'warning', nodeId: 'approval', path: '/nodes/3/config/rules/0/reason/message/fr', message: '2:fr:small' },
      { code: 'TRANSLATION_MISSING', severity: 'warning', nodeId: null, path: '/tests/0/name/fr', message: '1:fr:Small request' },
    ]);
    const texts = policyTexts(doc).map((x) => x.path);
    expect(texts).toContain('/nodes/1/label');
    expect(texts).toContain('/tests/0/name');
  });

  it('new nodes come in both languages, reduced to the policy language in a one-language policy', () => {
    const doc = samplePolicy();
    const node = createNode(doc, 'approval');
    expect(node.label).toEqual({ en: 'Approval', fr: 'Approbation' });
    const fitted = fitTextsToPolicy(node, doc) as Extract<PolicyNode, { kind: 'approval' }>;
    expect(fitted.label).toBe('Approval');
    expect(fitted.config.levels.map((l) => l.label)).toEqual(['Sales rep', 'Credit analyst', 'Credit manager']);
    const bilingual = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'scorecard' ? { ...n, label: { en: 'Scorecard', fr: 'Grille' } } : n)) } as PolicyDocument;
    expect(fitTextsToPolicy(node, bilingual)).toBe(node);
  });
});
