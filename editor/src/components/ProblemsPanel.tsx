/**
 * Every diagnostic of the draft; clicking one selects its node and focuses the field. A problem
 * that names its remedy (a missing edge) offers a "Fix" button that makes it, as one undoable step.
 */
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { Command } from '../document/commands.js';
import { fixFor } from '../document/fixes.js';
import type { DiagnosticLike } from '../document/overlays.js';
import { useI18n } from '../i18n/i18n.js';

interface Props {
  diagnostics: DiagnosticLike[];
  validating: boolean;
  onPick(d: DiagnosticLike): void;
  /** The document the problems are about, and how to apply a fix (absent = read-only). */
  doc?: PolicyDocument;
  onFix?(command: Command): void;
}

export function ProblemsPanel({ diagnostics, validating, onPick, doc, onFix }: Props) {
  const { t, lt, locale } = useI18n();
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const labelOf = (id: string) => {
    const n = doc?.nodes.find((x) => x.id === id);
    return lt(n?.label) || id;
  };
  return (
    <div className="problems-panel">
      <p className="panel-summary" aria-live="polite" data-testid="problems-summary">
        {validating ? t('problems.validating') : diagnostics.length === 0 ? t('problems.none') : `${t('problems.errors', { count: errors })} · ${t('problems.warnings', { count: warnings })}`}
      </p>
      <ul className="problem-list">
        {diagnostics.map((d, i) => {
          const fix = doc && onFix ? fixFor(doc, d) : null;
          return (
            <li key={i} className="problem-row">
              <button type="button" className={`problem severity-${d.severity}`} onClick={() => onPick(d)} title={d.nodeId ?? undefined}>
                <span className={`badge badge-${d.severity}`}>{t(d.severity === 'error' ? 'problems.error' : 'problems.warning')}</span>
                <code>{d.code}</code>
                <span className="problem-message">{d.messages?.[locale] ?? d.message}</span>
                {d.nodeId ? <span className="muted"> · {labelOf(d.nodeId)}</span> : null}
              </button>
              {fix ? (
                <button type="button" className="fix-btn" onClick={() => onFix!(fix.command)} data-testid="problem-fix">
                  ⚡ {t('problems.fix', { from: labelOf(fix.source), to: labelOf(fix.target) })}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
