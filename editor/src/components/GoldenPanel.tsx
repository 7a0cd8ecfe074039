/** Runs every golden test of the draft in the browser, pass/fail per case; cases can be removed. */
import { useState } from 'react';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import { setTests, type Command } from '../document/commands.js';
import type { DispatchResult } from '../document/session.js';
import { loadEngine } from '../engine/engine.js';
import { useI18n } from '../i18n/i18n.js';

interface CaseResult {
  id: string;
  passed: boolean;
  details: string[];
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export function GoldenPanel({ doc, readOnly, dispatch }: { doc: PolicyDocument; readOnly: boolean; dispatch(c: Command): DispatchResult }) {
  const { t, lt, lw } = useI18n();
  const [results, setResults] = useState<Map<string, CaseResult> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runAll = async () => {
    setError(null);
    try {
      const engine = await loadEngine();
      const results = engine.runGoldenTests(engine.compilePolicy(doc));
      setResults(
        new Map(
          results.map((r) => [
            r.testId,
            { id: r.testId, passed: r.passed, details: r.failures.map((f) => t('golden.failure', { field: f.field, expected: show(f.expected), actual: show(f.actual) })) },
          ]),
        ),
      );
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const passed = results ? [...results.values()].filter((r) => r.passed).length : 0;
  return (
    <div className="golden-panel">
      <div className="panel-toolbar">
        <button type="button" className="primary" onClick={() => void runAll()} data-testid="run-golden">
          ▶ {t('golden.runAll')}
        </button>
        {results ? (
          <span className={passed === results.size ? 'success-text' : 'error-text'} data-testid="golden-summary">
            {t('golden.summary', { passed, total: results.size })}
          </span>
        ) : null}
        {error ? <span className="error-text">{error}</span> : null}
      </div>
      <table className="grid-table golden-table">
        <thead>
          <tr>
            <th>{t('golden.case')}</th>
            <th>{t('golden.expect')}</th>
            <th>{t('golden.result')}</th>
            <th>
              <span className="sr-only">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {doc.tests.map((test) => {
            const r = results?.get(test.id);
            return (
              <tr key={test.id} className={r ? (r.passed ? 'pass' : 'fail') : undefined}>
                <td>{lt(test.name)}</td>
                <td className="mono small">
                  {Object.entries(test.expect)
                    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
                    .join(' · ')}
                </td>
                <td>
                  {r ? (
                    <>
                      <span className={`badge ${r.passed ? 'badge-pass' : 'badge-error'}`}>{r.passed ? t('golden.pass') : t('golden.fail')}</span>
                      {r.details.map((d, i) => (
                        <div key={i} className="small">
                          {d}
                        </div>
                      ))}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
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
