/**
 * One policy open in the editor: the draft (editable for authors) or a published version
 * (read-only). The WorkspaceController (workspace/controller.ts) holds the state and carries out
 * the actions; this component lays out the toolbar, palette, canvas, inspector and bottom panel.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { ApiClient, Me } from '../api/client.js';
import { setField } from '../document/commands.js';
import type { GraphOverlays } from '../document/graph-mapping.js';
import { diagnosticOverlay, diffOverlay, mergeOverlays, traceOverlay } from '../document/overlays.js';
import { useI18n } from '../i18n/i18n.js';
import { PolicyCanvas } from '../components/PolicyCanvas.js';
import { Palette } from '../components/Palette.js';
import { NodeInspector } from '../components/NodeInspector.js';
import { InputsEditor } from '../components/InputsEditor.js';
import { TextArea, TextField } from '../components/form/fields.js';
import { useStore } from './use-store.js';
import type { WorkspaceController } from './workspace/controller.js';
import { useLiveValidation, useWorkspace } from './workspace/use-workspace.js';
import { WorkspaceToolbar } from './workspace/WorkspaceToolbar.js';
import { BottomPanel } from './workspace/BottomPanel.js';

interface Props {
  api: ApiClient;
  me: Me;
  policyId: string;
  /** null = the draft; a number = that published version, read-only. */
  version: number | null;
  onNavigate(hash: string): void;
}

export default function PolicyWorkspace(props: Props) {
  const { t } = useI18n();
  const ctl = useWorkspace(props.api, props.me, props.policyId, props.version);
  const ws = useStore(ctl.state);
  if (ws.loadError)
    return (
      <div className="page-message" role="alert">
        <p>{ws.loadError}</p>
        <button type="button" onClick={() => props.onNavigate('#/')}>
          {t('nav.back')}
        </button>
      </div>
    );
  if (!ws.loaded) return <div className="page-message">{t('common.loading')}</div>;
  return (
    <ReactFlowProvider>
      <Workspace ctl={ctl} onNavigate={props.onNavigate} />
    </ReactFlowProvider>
  );
}

function Workspace({ ctl, onNavigate }: { ctl: WorkspaceController; onNavigate(hash: string): void }) {
  const { t } = useI18n();
  const ws = useStore(ctl.state);
  const v = useStore(ctl.view);
  const loaded = ws.loaded!;
  const session = loaded.session;
  const state = useStore(session.state);
  const doc = state.doc;
  const compare = v.compare;
  const shownDoc = compare ? compare.after : doc;
  const readOnly = state.readOnly || !!compare;
  const draft = ctl.draft;
  const canvasBox = useRef<HTMLDivElement>(null);
  ctl.canvasRect = () => canvasBox.current?.getBoundingClientRect() ?? null;

  useLiveValidation(ctl, doc);

  // Undo / delete can remove selected nodes: the selection only keeps nodes that exist.
  useEffect(() => {
    const ids = new Set(shownDoc.nodes.map((n) => n.id));
    const sel = ctl.view.get().selection;
    if (sel.some((id) => !ids.has(id))) ctl.view.set((s) => ({ ...s, selection: s.selection.filter((id) => ids.has(id)) }));
  }, [shownDoc.nodes, ctl]);

  const overlays = useMemo<Omit<GraphOverlays, 'selected' | 'dragging'>>(() => {
    if (compare) {
      const ghosts = compare.before ? compare.before.nodes.filter((n) => compare.nodes.removed.includes(n.id)) : [];
      return { nodes: diffOverlay(compare.after, compare.nodes), ghostNodes: ghosts, ghostPositions: compare.before?.layout?.nodes };
    }
    const trace = v.run?.decision.trace ? traceOverlay(doc, v.run.decision.trace) : null;
    const decisionNode = doc.nodes.find((n) => n.kind === 'decision');
    const decisionOut = v.run && decisionNode ? { [decisionNode.id]: { outputs: { outcome: v.run.decision.outcome }, onPath: true } } : undefined;
    return { nodes: mergeOverlays(diagnosticOverlay(v.diagnostics), trace?.nodes, decisionOut), litEdges: trace?.litEdges };
  }, [compare, v.run, v.diagnostics, doc]);

  const setView = useCallback((p: Partial<typeof v>) => ctl.view.set((s) => ({ ...s, ...p })), [ctl]);
  const selectedNode = v.selection.length === 1 ? shownDoc.nodes.find((n) => n.id === v.selection[0]) ?? null : null;
  const submittedBy = draft?.submittedBy ?? draft?.updatedBy ?? null;

  return (
    <main className="workspace" aria-label={doc.name}>
      <WorkspaceToolbar ctl={ctl} onNavigate={(hash) => onNavigate(hash)} />

      {ws.conflict ? (
        <div className="banner banner-error" role="alert" data-testid="conflict-banner">
          {t('save.conflict')}
          <button type="button" onClick={() => void ctl.reload()}>
            {t('save.reload')}
          </button>
        </div>
      ) : null}
      {draft?.status === 'submitted' ? (
        <div className="banner banner-info">
          {t('status.submittedBanner', { user: submittedBy ?? '?' })}
          {draft.submitComment ? <q>{draft.submitComment}</q> : null}
        </div>
      ) : null}
      {compare ? (
        <div className="banner banner-info" data-testid="compare-banner">
          {compare.before ? t('compare.showing', { from: compare.from, to: compare.to }) : t('compare.firstVersion')}
          <button type="button" onClick={() => ctl.closeCompare()}>
            {t('compare.close')}
          </button>
        </div>
      ) : null}
      {v.notice ? (
        <div className={`toast toast-${v.notice.kind}`} role={v.notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          {v.notice.text}
          <button type="button" className="icon-btn" aria-label={t('common.dismiss')} onClick={() => ctl.dismissNotice()}>
            ×
          </button>
        </div>
      ) : null}

      {ws.submitOpen ? (
        <form
          className="inline-dialog submit-dialog"
          aria-label={t('submit.title')}
          onSubmit={(e) => {
            e.preventDefault();
            void ctl.submit();
          }}
          onKeyDown={(e) => e.key === 'Escape' && ctl.openSubmit(false)}
        >
          <TextArea label={t('submit.comment')} value={ws.submitComment} onChange={(c) => ctl.setSubmitComment(c)} rows={2} />
          <button type="submit" className="primary" disabled={!ws.submitComment.trim()} data-testid="confirm-submit">
            {t('submit.confirm')}
          </button>
          <button type="button" onClick={() => ctl.openSubmit(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}

      <div className={`ws-main${v.inspectorWide ? ' inspector-wide' : ''}`}>
        <Palette doc={doc} onAdd={(kind) => ctl.addKind(kind)} disabled={readOnly} />
        <div className="canvas-box" ref={canvasBox}>
          <PolicyCanvas
            doc={shownDoc}
            overlays={overlays}
            selection={v.selection}
            selectedEdges={v.selectedEdges}
            readOnly={readOnly}
            dispatch={ctl.dispatch}
            onSelect={ctl.select}
            onRefused={(reason) => ctl.notify('error', ctl.tReason(reason))}
            onInit={(inst) => {
              ctl.flow = inst;
              ctl.fitView(false);
            }}
            onFitView={() => ctl.fitView()}
          />
        </div>
        <aside className="inspector" aria-label={t('inspector.title')}>
          <div className="tabs">
            <div className="tab-list" role="tablist">
              {(['node', 'inputs', 'policy'] as const).map((tab) => (
                <button key={tab} type="button" role="tab" aria-selected={v.inspectorTab === tab} className={v.inspectorTab === tab ? 'active' : undefined} onClick={() => setView({ inspectorTab: tab })}>
                  {t(`inspector.tab.${tab}`)}
                </button>
              ))}
            </div>
            <span className="spacer" />
            <button type="button" className="icon-btn" aria-pressed={v.inspectorWide} onClick={() => setView({ inspectorWide: !v.inspectorWide })} data-testid="inspector-wide" title={t(v.inspectorWide ? 'inspector.narrow' : 'inspector.wide')}>
              {v.inspectorWide ? `⇥ ${t('inspector.narrow')}` : `⇤ ${t('inspector.wide')}`}
            </button>
          </div>
          <div className="inspector-body">
            {v.inspectorTab === 'inputs' ? (
              <InputsEditor doc={shownDoc} readOnly={readOnly} dispatch={ctl.dispatch} />
            ) : v.inspectorTab === 'policy' ? (
              <div className="policy-fields">
                <TextField label={t('policy.name')} value={shownDoc.name} disabled={readOnly} path="/name" onChange={(x) => ctl.dispatch(setField('name', x, 'name'))} />
                <TextField label={t('policy.currency')} value={shownDoc.currency} mono disabled={readOnly} path="/currency" onChange={(x) => ctl.dispatch(setField('currency', x.toUpperCase(), 'currency'))} />
                <TextArea label={t('common.description')} value={shownDoc.description ?? ''} rows={8} disabled={readOnly} path="/description" onChange={(x) => ctl.dispatch(setField('description', x || undefined, 'description'))} />
              </div>
            ) : selectedNode ? (
              <NodeInspector
                key={selectedNode.id}
                doc={shownDoc}
                node={selectedNode}
                readOnly={readOnly}
                focusPath={v.focusPath}
                dispatch={ctl.dispatch}
                onRenamed={(id) => setView({ selection: [id] })}
                onRefused={(reason) => ctl.notify('error', ctl.tReason(reason))}
              />
            ) : (
              <p className="muted">{v.selection.length > 1 ? t('inspector.many', { count: v.selection.length }) : t('inspector.none')}</p>
            )}
          </div>
        </aside>
      </div>

      <BottomPanel ctl={ctl} onNavigate={onNavigate} />
    </main>
  );
}
