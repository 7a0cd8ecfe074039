/**
 * The golden tests of the draft, checked live (every edit re-runs them in the browser): per case
 * its expected values, typed and edited here (score included), what the policy gives now, and for
 * a failing case "Accept the new result" which makes the current result the expectation.
 */
import type { GoldenTest, PolicyDocument } from '../../../engine/model/policy-schema.js';
import { setTests, type Command } from '../document/commands.js';
import type { DispatchResult } from '../document/session.js';
import type { GoldenCaseResult } from '../app/workspace/golden-live.js';
import { useI18n } from '../i18n/i18n.js';
import { NumberField, TextField } from './form/fields.js';
import { inLanguage } from './form/LocalizedTextField.js';
import { LANGUAGES, policyLanguageOf, versionOf, withVersion } from '../document/localized.js';

/** The expectation fields a person types: the decision's headline figures. */
const FIELDS = ['outcome', 'riskClass', 'score', 'creditLimit', 'approvalLevel', 'collectionScenario'] as const;
type Field = (typeof FIELDS)[number];
const NUMERIC: ReadonlySet<Field> = new Set(['score', 'creditLimit']);

export function GoldenPanel({ doc, readOnly, dispatch, live, validating }: { doc: PolicyDocument; readOnly: boolean; dispatch(c: Command): DispatchResult; live: GoldenCaseResult[]; validating: boolean }) {
  const { t, formatNumber, lt } = useI18n();
  const own = policyLanguageOf(doc);
  const byId = new Map(live.map((r) => [r.testId, r]));
  const checked = doc.tests.filter((x) => byId.has(x.id));
  const passed = checked.filter((x) => byId.get(x.id)!.passed).length;
  const show = (v: unknown) => (v === undefined ? '—' : v === null ? t('golden.none.value') : typeof v === 'number' ? formatNumber(v) : Array.isArray(v) ? v.join(', ') : String(v));
  const editTest = (id: string, mutate: (x: GoldenTest) => GoldenTest, mergeKey?: string) => dispatch(setTests(doc.tests.map((x) => (x.id === id ? mutate(x) : x)), mergeKey));
  const setExpect = (test: GoldenTest, field: Field, value: string | number | null) =>
    editTest(
      test.id,
      (x) => {
        const expect = { ...x.expect } as Record<string, unknown>;
        if (value === null || value === '') delete expect[field];
        else expect[field] = value;
        return { ...x, expect: expect as GoldenTest['expect'] };
      },
      `golden:${test.id}:${field}`,
    );
  const accept = (test: GoldenTest, r: GoldenCaseResult) =>
    editTest(test.id, (x) => {
      const expect = { ...x.expect } as Record<string, unknown>;
      for (const f of r.failures) {
        if (f.field === 'reasons') expect.reasons = (expect.reasons as string[] | undefined)?.filter((c) => c !== f.expected);
        else if (f.field.startsWith('variables.')) expect.variables = { ...(expect.variables as object), [f.field.slice(10)]: f.actual };
        else if (f.field !== 'facts') expect[f.field] = f.actual;
      }
      return { ...x, expect: expect as GoldenTest['expect'] };
    });

  return (
    <div className="golden-panel">
      <div className="panel-toolbar">
        <span className={passed === checked.length ? 'success-text' : 'error-text'} data-testid="golden-summary" aria-live="polite">
          {validating ? t('problems.validating') : checked.length ? t('golden.summary', { passed, total: checked.length }) : doc.tests.length ? t('golden.notChecked') : ''}
        </span>
        <span className="muted small">{t('golden.liveHelp')}</span>
      </div>
      <table className="grid-table golden-table">
        <caption className="sr-only">{t('panel.golden')}</caption>
        <thead>
          <tr>
            {LANGUAGES.map((lang) => (
              <th key={lang} lang={lang}>
                {t('golden.case')} · {t(`lang.short.${lang}`)}
              </th>
            ))}
            {FIELDS.map((f) => (
              <th key={f}>{t(`golden.field.${f}`)}</th>
            ))}
            <th>{t('golden.result')}</th>
            <th>
              <span className="sr-only">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {doc.tests.map((test, ti) => {
            const r = byId.get(test.id);
            const failing = new Map((r?.failures ?? []).map((f) => [f.field, f]));
            return (
              <tr key={test.id} className={r ? (r.passed ? 'pass' : 'fail') : undefined} data-testid={`golden-row-${test.id}`}>
                {LANGUAGES.map((lang) => {
                  const value = versionOf(test.name, lang, own);
                  const other = LANGUAGES.map((l) => versionOf(test.name, l, own)).find((x, i) => LANGUAGES[i] !== lang && x !== '') ?? '';
                  const missing = value === '' && other !== '';
                  return (
                    <td key={lang} className="golden-name">
                      <input
                        type="text"
                        lang={lang}
                        aria-label={inLanguage(t, t('golden.caseName', { n: ti + 1 }), lang)}
                        value={value}
                        placeholder={other}
                        data-missing={missing ? 'true' : undefined}
                        title={missing ? t('lang.missing', { language: t(`lang.${lang}`) }) : undefined}
                        data-path={`/tests/${ti}/name/${lang}`}
                        disabled={readOnly}
                        onChange={(e) => {
                          if (e.target.value === '' && other === '') return; // a case keeps a name
                          editTest(test.id, (x) => ({ ...x, name: withVersion(x.name, lang, e.target.value, own) ?? x.name }), `golden:${test.id}:name:${lang}`);
                        }}
                      />
                    </td>
                  );
                })}
                {FIELDS.map((f) => {
                  const expected = test.expect[f];
                  const fail = failing.get(f);
                  const label = t('golden.expected', { field: t(`golden.field.${f}`), name: lt(test.name) });
                  return (
                    <td key={f} className={fail ? 'golden-cell-fail' : undefined}>
                      {NUMERIC.has(f) ? (
                        <NumberField hideLabel nullable label={label} value={(expected as number | undefined) ?? null} disabled={readOnly} onChange={(v) => setExpect(test, f, v)} />
                      ) : (
                        <TextField hideLabel mono label={label} value={expected === undefined || expected === null ? '' : String(expected)} disabled={readOnly} onChange={(v) => setExpect(test, f, v.trim() || null)} />
                      )}
                      {fail ? (
                        <div className="small golden-actual" data-testid="golden-actual">
                          {t('golden.now', { value: show(fail.actual) })}
                        </div>
                      ) : null}
                    </td>
                  );
                })}
                <td>
                  {r ? (
                    <>
                      <span className={`badge ${r.passed ? 'badge-pass' : 'badge-error'}`}>{r.passed ? t('golden.pass') : t('golden.fail')}</span>
                      {r.failures
                        .filter((f) => !(FIELDS as readonly string[]).includes(f.field))
                        .map((f, i) => (
                          <div key={i} className="small">
                            {t('golden.failure', { field: f.field, expected: show(f.expected), actual: show(f.actual) })}
                          </div>
                        ))}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="nowrap">
                  {!readOnly && r && !r.passed && !failing.has('facts') ? (
                    <button type="button" onClick={() => accept(test, r)} data-testid={`accept-${test.id}`}>
                      ✓ {t('golden.accept')}
                    </button>
                  ) : null}
                  {!readOnly ? (
                    <button type="button" className="icon-btn danger" aria-label={t('golden.remove', { name: lt(test.name) })} title={t('golden.remove', { name: lt(test.name) })} onClick={() => dispatch(setTests(doc.tests.filter((x) => x.id !== test.id)))}>
                      ×
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {doc.tests.length === 0 ? <p className="muted">{t('golden.none')}</p> : null}
    </div>
  );
}
