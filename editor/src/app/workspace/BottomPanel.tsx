/**
 * The bottom panel: problems, test run, golden tests, versions, review. It folds down to its tabs
 * and its height is dragged by the grip above it, so the graph gets the room when the panel has
 * little to say.
 */
import { useRef } from 'react';
import type { BottomPanel as PanelId } from '../../document/view-state.js';
import { useI18n } from '../../i18n/i18n.js';
import { useStore } from '../use-store.js';
import type { WorkspaceController } from './controller.js';
import { ProblemsPanel } from '../../components/ProblemsPanel.js';
import { TestPanel } from '../../components/TestPanel.js';
import { GoldenPanel } from '../../components/GoldenPanel.js';
import { HistoryPanel } from '../../components/HistoryPanel.js';
import { ReviewPanel } from '../../components/ReviewPanel.js';
import { ChangeList } from '../../components/ChangeList.js';
import { LatestImpact } from '../../impact/LatestImpact.js';
import { PolicyDocumentsBar } from '../../components/PolicyWorkbook.js';

const MIN_HEIGHT = 120;

export function BottomPanel({ ctl, onNavigate }: { ctl: WorkspaceController; onNavigate(hash: string): void }) {
  const { t } = useI18n();
  const ws = useStore(ctl.state);
  const v = useStore(ctl.view);
  const loaded = ws.loaded!;
  const state = useStore(loaded.session.state);
  const doc = state.doc;
  const draft = ctl.draft;
  const { api, policyId, me } = ctl.options;
  const compare = v.compare;
  const submittedBy = draft?.submittedBy ?? draft?.updatedBy ?? null;
  const canDecide = !!draft && draft.status === 'submitted' && ctl.isApprover && submittedBy !== me.id;
  const grip = useRef<{ y: number; h: number } | null>(null);

  const panels: { id: PanelId; label: string }[] = [
    { id: 'problems', label: `${t('panel.problems')}${v.diagnostics.length ? ` (${v.diagnostics.length})` : ''}` },
    { id: 'test', label: t('panel.test') },
    { id: 'golden', label: `${t('panel.golden')} (${doc.tests.length})` },
    { id: 'history', label: t('panel.history') },
    ...(draft ? [{ id: 'review' as const, label: draft.status === 'submitted' ? `${t('panel.review')} •` : t('panel.review') }] : []),
  ];
  const setView = (p: Partial<typeof v>) => ctl.view.set((s) => ({ ...s, ...p }));

  return (
    <section className={`bottom-panel${v.panelCollapsed ? ' collapsed' : ''}`} aria-label={t('panel.label')} style={v.panelCollapsed ? undefined : { height: v.panel === 'review' && draft?.status === 'submitted' ? Math.max(v.panelHeight, Math.round(window.innerHeight * 0.45)) : v.panelHeight }} data-testid="bottom-panel">
      {!v.panelCollapsed ? (
        <div
          className="panel-grip"
          role="separator"
          aria-orientation="horizontal"
          aria-label={t('panel.resize')}
          aria-valuenow={v.panelHeight}
          aria-valuemin={MIN_HEIGHT}
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp') setView({ panelHeight: v.panelHeight + 20 });
            if (e.key === 'ArrowDown') setView({ panelHeight: Math.max(MIN_HEIGHT, v.panelHeight - 20) });
          }}
          onPointerDown={(e) => {
            grip.current = { y: e.clientY, h: v.panelHeight };
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => {
            if (!grip.current) return;
            const h = Math.max(MIN_HEIGHT, Math.min(window.innerHeight * 0.8, grip.current.h + grip.current.y - e.clientY));
            setView({ panelHeight: Math.round(h) });
          }}
          onPointerUp={() => (grip.current = null)}
        />
      ) : null}
      <div className="tabs">
        <div className="tab-list" role="tablist">
        {panels.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            aria-selected={v.panel === x.id}
            className={v.panel === x.id ? 'active' : undefined}
            onClick={() => setView({ panel: x.id, panelCollapsed: false })}
            data-testid={`tab-${x.id}`}
          >
            {x.label}
          </button>
        ))}
        </div>
        <span className="spacer" />
        <button type="button" className="icon-btn panel-fold" aria-expanded={!v.panelCollapsed} onClick={() => setView({ panelCollapsed: !v.panelCollapsed })} data-testid="panel-fold">
          {v.panelCollapsed ? `▴ ${t('panel.expand')}` : `▾ ${t('panel.collapse')}`}
        </button>
      </div>
      {v.panelCollapsed ? null : (
        <div className="panel-body" role="tabpanel">
          {v.panel === 'problems' ? (
            <ProblemsPanel
              diagnostics={v.diagnostics}
              validating={v.validating}
              doc={doc}
              onFix={state.readOnly || compare ? undefined : (command) => ctl.dispatch(command)}
              onPick={(d) => {
                if (!d.nodeId) {
                  const top = d.path?.split('/')[1];
                  if (top === 'tests') return setView({ panel: 'golden' });
                  setView({ inspectorTab: top === 'inputs' ? 'inputs' : 'policy', focusPath: d.path ?? null });
                  return;
                }
                setView({ selection: [d.nodeId], selectedEdges: [], focusPath: d.code === 'GOLDEN_TEST_FAILED' ? null : d.path ?? null, inspectorTab: 'node', ...(d.code === 'GOLDEN_TEST_FAILED' ? { panel: 'golden' as const } : {}) });
                ctl.centreOn(d.nodeId);
              }}
            />
          ) : v.panel === 'test' ? (
            <TestPanel doc={doc} readOnly={state.readOnly} lastRun={v.run} dispatch={ctl.dispatch} onResult={(run) => setView({ run, runNodes: doc.nodes, compare: null })} />
          ) : v.panel === 'golden' ? (
            <GoldenPanel doc={doc} readOnly={state.readOnly} dispatch={ctl.dispatch} live={v.golden} validating={v.validating} />
          ) : v.panel === 'history' ? (
            <>
              {compare ? <ChangeList compare={compare} onPick={(id) => id && setView({ selection: [id] })} /> : null}
              <PolicyDocumentsBar api={api} policyId={policyId} hasDraft={!!draft} refreshKey={ws.historyKey} onError={(m) => ctl.notify('error', m)} />
              <HistoryPanel
                api={api}
                policyId={policyId}
                activeVersion={loaded.summary?.activeVersion ?? null}
                canActivate={ctl.isApprover}
                refreshKey={ws.historyKey}
                onOpen={(n) => onNavigate(`#/policies/${policyId}/versions/${n}`)}
                onCompare={(from, to) => void ctl.compare(from, to)}
                onActivated={() => {
                  ctl.notify('success', t('versions.activated'));
                  ctl.bumpHistory();
                  void ctl.reload();
                }}
              />
            </>
          ) : (
            <>
              {draft?.status === 'submitted' ? <LatestImpact api={api} policyId={policyId} draftEtag={draft.etag} onOpen={() => onNavigate(`#/policies/${encodeURIComponent(policyId)}/impact`)} /> : null}
              <ReviewPanel
                submitted={draft?.status === 'submitted' ? { by: submittedBy, comment: draft.submitComment ?? null } : null}
                canDecide={canDecide}
                cannotDecideReason={!ctl.isApprover ? t('review.notApprover') : submittedBy === me.id ? t('review.ownDraft') : null}
                compare={compare}
                firstVersion={!loaded.summary?.activeVersion}
                onLoadDiff={() => void ctl.compare('active', 'draft')}
                onPickChange={(id) => id && setView({ selection: [id] })}
                onApprove={(comment, activate) => ctl.approve(comment, activate)}
                onReject={(comment) => ctl.reject(comment)}
              />
            </>
          )}
        </div>
      )}
    </section>
  );
}
