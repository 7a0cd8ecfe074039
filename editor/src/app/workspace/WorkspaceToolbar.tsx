/**
 * The workspace toolbar. Every button is always there (disabled when it does not apply), so
 * selecting a node never changes its width nor makes the canvas jump.
 */
import type { WorkspaceController } from './controller.js';
import { useI18n } from '../../i18n/i18n.js';
import { useStore } from '../use-store.js';
import { WorkbookImport } from '../../components/PolicyWorkbook.js';

export function WorkspaceToolbar({ ctl, onNavigate }: { ctl: WorkspaceController; onNavigate(hash: string): void }) {
  const { t } = useI18n();
  const ws = useStore(ctl.state);
  const v = useStore(ctl.view);
  const loaded = ws.loaded!;
  const session = loaded.session;
  const state = useStore(session.state);
  const draft = ctl.draft;
  const readOnly = state.readOnly || !!v.compare;
  const { policyId } = ctl.options;
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  const goldenFailing = errors.filter((d) => d.code === 'GOLDEN_TEST_FAILED').length;
  const submitBlocked = errors.length > 0 ? (goldenFailing > 0 && goldenFailing === errors.length ? t('submit.goldenFail', { count: goldenFailing }) : t('submit.fixErrors')) : null;
  const status =
    loaded.kind === 'version'
      ? t('status.version', { version: loaded.version })
      : draft?.status === 'submitted'
        ? t('status.submitted')
        : state.readOnly
          ? t('status.readOnlyDraft')
          : t('status.editing');
  const roles = ctl.options.me.roles;
  return (
    <div className="ws-toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <button type="button" onClick={() => onNavigate('#/')}>
        ← {t('nav.policies')}
      </button>
      <h1 className="ws-title" title={policyId}>
        {session.doc.name}
      </h1>
      <span className={`status-badge status-${loaded.kind === 'version' ? 'version' : draft?.status}`} data-testid="draft-status">
        {status}
      </span>
      <span className="dirty-dot" aria-live="polite">
        {loaded.kind === 'draft' && state.revision !== state.savedRevision ? t('save.unsaved') : ''}
      </span>
      <span className="spacer" />
      <button type="button" onClick={() => ctl.undo()} disabled={!state.canUndo || readOnly} title="Ctrl+Z" aria-keyshortcuts="Control+Z">
        ↶ {t('toolbar.undo')}
      </button>
      <button type="button" onClick={() => ctl.redo()} disabled={!state.canRedo || readOnly} title="Ctrl+Shift+Z" aria-keyshortcuts="Control+Shift+Z">
        ↷ {t('toolbar.redo')}
      </button>
      <button type="button" disabled={readOnly} onClick={() => ctl.autoLayout()}>
        ⇶ {t('toolbar.autoLayout')}
      </button>
      <button type="button" onClick={() => ctl.fitView()} data-testid="fit-view">
        ⤢ {t('toolbar.fitView')}
      </button>
      <button type="button" disabled={readOnly || (v.selection.length === 0 && v.selectedEdges.length === 0)} onClick={() => ctl.deleteSelection()} data-testid="delete-selection">
        ✕ {t('toolbar.delete')}
      </button>
      {loaded.kind === 'draft' && !state.readOnly ? (
        <>
          <button type="button" className="primary" onClick={() => void ctl.save()} disabled={ws.saving || state.revision === state.savedRevision} data-testid="save">
            {ws.saving ? t('save.saving') : t('save.save')}
          </button>
          <button type="button" onClick={() => ctl.openSubmit(true)} disabled={!!submitBlocked} title={submitBlocked ?? undefined} aria-describedby={submitBlocked ? 'submit-blocked' : undefined} data-testid="submit">
            {t('submit.submit')}
          </button>
          <WorkbookImport api={ctl.options.api} policyId={policyId} dirty={session.dirty} dispatch={ctl.dispatch} onDone={(m) => ctl.notify('success', m)} onError={(m) => ctl.notify('error', m)} />
          {submitBlocked ? (
            <span id="submit-blocked" className="sr-only" data-testid="submit-blocked">
              {submitBlocked}
            </span>
          ) : null}
        </>
      ) : null}
      {loaded.kind === 'version' ? (
        <button type="button" onClick={() => onNavigate(`#/policies/${policyId}`)}>
          {t('nav.toDraft')}
        </button>
      ) : null}
      {roles.some((r) => r === 'author' || r === 'approver' || r === 'auditor') ? (
        <button type="button" onClick={() => onNavigate(`#/policies/${encodeURIComponent(policyId)}/impact`)} data-testid="open-impact-view">
          {t('impact.nav')}
        </button>
      ) : null}
    </div>
  );
}
