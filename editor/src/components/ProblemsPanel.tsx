/** Every diagnostic of the draft; clicking one selects its node and focuses the field. */
import type { DiagnosticLike } from '../document/overlays.js';
import { useI18n } from '../i18n/i18n.js';

export function ProblemsPanel({ diagnostics, validating, onPick }: { diagnostics: DiagnosticLike[]; validating: boolean; onPick(d: DiagnosticLike): void }) {
  const { t } = useI18n();
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return (
    <div className="problems-panel">
      <p className="panel-summary" aria-live="polite" data-testid="problems-summary">
        {validating ? t('problems.validating') : diagnostics.length === 0 ? t('problems.none') : `${t('problems.errors', { count: errors })} · ${t('problems.warnings', { count: warnings })}`}
      </p>
      <ul className="problem-list">
        {diagnostics.map((d, i) => (
          <li key={i}>
            <button type="button" className={`problem severity-${d.severity}`} onClick={() => onPick(d)}>
              <span className={`badge badge-${d.severity}`}>{t(d.severity === 'error' ? 'problems.error' : 'problems.warning')}</span>
              <code>{d.code}</code>
              <span className="problem-message">{d.message}</span>
              {d.nodeId ? <span className="muted"> · {d.nodeId}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
