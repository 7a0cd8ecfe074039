/**
 * One policy open in the editor: the draft (editable for authors) or a published version
 * (read-only). Owns the DocumentSession (document + undo history) and the view store; the canvas,
 * inspector and panels read from them and write through commands.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { NodeKind, PolicyDocument } from '../../../engine/model/policy-schema.js';
import { ApiError, type ApiClient, type Draft, type Me, type PolicySummary } from '../api/client.js';
import { addNodes, moveNodes, setField, removeNodes, type Command } from '../document/commands.js';
import { autoLayout } from '../document/auto-layout.js';
import { copyNodes, isClipboardPayload, pasteNodes, type ClipboardPayload } from '../document/clipboard.js';
import type { GraphOverlays, PolicyFlowNode } from '../document/graph-mapping.js';
import { diagnosticOverlay, diffOverlay, mergeOverlays, traceOverlay, type DiagnosticLike } from '../document/overlays.js';
import { DocumentSession, type DispatchResult } from '../document/session.js';
import { createViewStore, type BottomPanel, type CompareState } from '../document/view-state.js';
import { startLoadingEngine } from '../engine/use-engine.js';
import { useI18n } from '../i18n/i18n.js';
import { createNode } from '../nodes/registry.js';
import { PolicyCanvas } from '../components/PolicyCanvas.js';
import { Palette } from '../components/Palette.js';
import { NodeInspector } from '../components/NodeInspector.js';
import { InputsEditor } from '../components/InputsEditor.js';
import { ProblemsPanel } from '../components/ProblemsPanel.js';
import { TestPanel } from '../components/TestPanel.js';
import { GoldenPanel } from '../components/GoldenPanel.js';
import { HistoryPanel } from '../components/HistoryPanel.js';
import { ReviewPanel } from '../components/ReviewPanel.js';
import { ChangeList } from '../components/ChangeList.js';
import { TextArea, TextField } from '../components/form/fields.js';
import { useStore } from './use-store.js';
import { LatestImpact } from '../impact/LatestImpact.js';
import { PolicyDocumentsBar, WorkbookImport } from '../components/PolicyWorkbook.js';

interface Props {
  api: ApiClient;
  me: Me;
  policyId: string;
  /** null = the draft; a number = that published version, read-only. */
  version: number | null;
  onNavigate(hash: string): void;
}

type Loaded =
  | { kind: 'draft'; draft: Draft; session: DocumentSession; summary: PolicySummary | null }
  | { kind: 'version'; version: number; session: DocumentSession; summary: PolicySummary | null };

const isTyping = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

export default function PolicyWorkspace(props: Props) {
  const { t } = useI18n();
  const { api, me, policyId } = props;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [submitOpen, setSubmitOpen] = useState(false);
  const [submitComment, setSubmitComment] = useState('');
  const [historyKey, setHistoryKey] = useState(0);
  const view = useMemo(() => createViewStore(), []);
  const flow = useRef<ReactFlowInstance<PolicyFlowNode> | null>(null);
  const clipboard = useRef<ClipboardPayload | null>(null);

  const isAuthor = me.roles.includes('author') || me.roles.includes('admin');
  const isApprover = me.roles.includes('approver');

  const load = useCallback(async () => {
    setLoadError(null);
    setConflict(false);
    try {
      void startLoadingEngine();
      const summary = (await api.listPolicies()).find((p) => p.id === policyId) ?? null;
      if (props.version === null) {
        const draft = await api.getDraft(policyId);
        const readOnly = !isAuthor || draft.status === 'submitted';
        setLoaded({ kind: 'draft', draft, summary, session: new DocumentSession(withLayout(draft.document), { etag: draft.etag, readOnly }) });
        if (draft.status === 'submitted' && isApprover) view.set((v) => ({ ...v, panel: 'review' }));
      } else {
        const v = await api.getVersion(policyId, props.version);
        setLoaded({ kind: 'version', version: v.version, summary, session: new DocumentSession(withLayout(v.document), { readOnly: true }) });
      }
    } catch (err) {
      setLoadError((err as Error).message);
    }
  }, [api, policyId, props.version, isAuthor, isApprover, view]);

  useEffect(() => {
    view.set(createViewStore().get());
    setLoaded(null);
    void load();
  }, [load, view]);

  if (loadError)
    return (
      <div className="page-message" role="alert">
        <p>{loadError}</p>
        <button type="button" onClick={() => props.onNavigate('#/')}>
          {t('nav.back')}
        </button>
      </div>
    );
  if (!loaded) return <div className="page-message">{t('common.loading')}</div>;
  return (
    <ReactFlowProvider>
      <Workspace
        {...props}
        loaded={loaded}
        view={view}
        flow={flow}
        clipboard={clipboard}
        conflict={conflict}
        setConflict={setConflict}
        saving={saving}
        setSaving={setSaving}
        submitOpen={submitOpen}
        setSubmitOpen={setSubmitOpen}
        submitComment={submitComment}
        setSubmitComment={setSubmitComment}
        historyKey={historyKey}
        bumpHistory={() => setHistoryKey((k) => k + 1)}
        reload={load}
        isAuthor={isAuthor}
        isApprover={isApprover}
      />
    </ReactFlowProvider>
  );
}

/** A document without positions gets an automatic layout when opened (not a change of the policy). */
function withLayout(doc: PolicyDocument): PolicyDocument {
  const have = doc.layout?.nodes ?? {};
  if (doc.nodes.every((n) => have[n.id])) return doc;
  return { ...doc, layout: { ...(doc.layout ?? {}), nodes: { ...autoLayout(doc), ...have } } };
}

function Workspace(
  p: Props & {
    loaded: Loaded;
    view: ReturnType<typeof createViewStore>;
    flow: React.MutableRefObject<ReactFlowInstance<PolicyFlowNode> | null>;
    clipboard: React.MutableRefObject<ClipboardPayload | null>;
    conflict: boolean;
    setConflict(v: boolean): void;
    saving: boolean;
    setSaving(v: boolean): void;
    submitOpen: boolean;
    setSubmitOpen(v: boolean): void;
    submitComment: string;
    setSubmitComment(v: string): void;
    historyKey: number;
    bumpHistory(): void;
    reload(): Promise<void>;
    isAuthor: boolean;
    isApprover: boolean;
  },
) {
  const { t } = useI18n();
  const { loaded, view, api, policyId } = p;
  const session = loaded.session;
  const state = useStore(session.state);
  const v = useStore(view);
  const doc = state.doc;
  const compare = v.compare;
  const shownDoc = compare ? compare.after : doc;
  const readOnly = state.readOnly || !!compare;
  const draft = loaded.kind === 'draft' ? loaded.draft : null;

  const notify = useCallback((kind: 'error' | 'info' | 'success', text: string) => view.set((s) => ({ ...s, notice: { kind, text } })), [view]);

  const dispatch = useCallback(
    (command: Command): DispatchResult => {
      const r = session.dispatch(command);
      if (!r.ok) notify('error', t(r.reason as 'connect.cycle') ?? r.reason);
      return r;
    },
    [session, notify, t],
  );

  // Live validation, debounced, in the browser with the engine. Moving nodes (layout only) changes
  // no decision, so it does not re-validate.
  const semanticKey = useMemo(
    () => ({}),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc.id, doc.name, doc.description, doc.currency, doc.inputs, doc.conditions, doc.nodes, doc.edges, doc.tests],
  );
  useEffect(() => {
    let cancelled = false;
    view.set((s) => ({ ...s, validating: true }));
    const timer = setTimeout(() => {
      startLoadingEngine()
        .then((engine) => {
          if (cancelled) return;
          const result = engine.validatePolicy(session.doc);
          view.set((s) => ({ ...s, diagnostics: result.diagnostics as DiagnosticLike[], validating: false }));
        })
        .catch((err: Error) => {
          if (cancelled) return;
          view.set((s) => ({ ...s, validating: false }));
          notify('error', err.message);
        });
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [semanticKey, session, view, notify]);

  // A test run belongs to the document it ran on: any edit clears the highlighted path.
  const runDoc = useRef<PolicyDocument | null>(null);
  useEffect(() => {
    if (v.run && runDoc.current && runDoc.current.nodes !== doc.nodes) view.set((s) => ({ ...s, run: null }));
  }, [doc, v.run, view]);

  // Undo / delete can remove selected nodes: the selection only keeps nodes that exist.
  useEffect(() => {
    const ids = new Set(shownDoc.nodes.map((n) => n.id));
    const sel = view.get().selection;
    if (sel.some((id) => !ids.has(id))) view.set((s) => ({ ...s, selection: s.selection.filter((id) => ids.has(id)) }));
  }, [shownDoc.nodes, view]);

  const overlays = useMemo<Omit<GraphOverlays, 'selected' | 'dragging'>>(() => {
    if (compare) {
      const ghosts = compare.before ? compare.before.nodes.filter((n) => compare.nodes.removed.includes(n.id)) : [];
      return {
        nodes: diffOverlay(compare.after, compare.nodes),
        ghostNodes: ghosts,
        ghostPositions: compare.before?.layout?.nodes,
      };
    }
    const trace = v.run?.decision.trace ? traceOverlay(doc, v.run.decision.trace) : null;
    const decisionNode = doc.nodes.find((n) => n.kind === 'decision');
    const decisionOut = v.run && decisionNode ? { [decisionNode.id]: { outputs: { outcome: v.run.decision.outcome }, onPath: true } } : undefined;
    return { nodes: mergeOverlays(diagnosticOverlay(v.diagnostics), trace?.nodes, decisionOut), litEdges: trace?.litEdges };
  }, [compare, v.run, v.diagnostics, doc]);

  const select = useCallback((nodes: string[], edges: string[]) => view.set((s) => ({ ...s, selection: nodes, selectedEdges: edges, focusPath: null, inspectorTab: 'node' })), [view]);

  const addKind = (kind: NodeKind) => {
    const node = createNode(doc, kind);
    const vp = p.flow.current;
    const el = document.querySelector('.canvas');
    const rect = el?.getBoundingClientRect();
    const centre = vp && rect ? vp.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
    const r = dispatch(addNodes([node], { [node.id]: { x: Math.round(centre.x - 130), y: Math.round(centre.y - 60) } }));
    if (r.ok) select([node.id], []);
  };

  const save = useCallback(async (): Promise<boolean> => {
    if (!draft || state.readOnly) return false;
    p.setSaving(true);
    try {
      const revision = session.state.get().revision;
      const saved = await api.saveDraft(policyId, session.doc, session.state.get().etag ?? draft.etag);
      if (session.state.get().revision === revision) session.markSaved(saved.etag);
      else session.state.set((s) => ({ ...s, etag: saved.etag }));
      notify('success', t('save.saved'));
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) p.setConflict(true);
      else notify('error', (err as Error).message);
      return false;
    } finally {
      p.setSaving(false);
    }
  }, [draft, state.readOnly, session, api, policyId, notify, t, p]);

  const submit = async () => {
    if (session.dirty && !(await save())) return;
    try {
      await api.submitDraft(policyId, p.submitComment);
      p.setSubmitOpen(false);
      p.setSubmitComment('');
      notify('success', t('submit.done'));
      await p.reload();
    } catch (err) {
      notify('error', (err as Error).message);
    }
  };

  const runCompare = useCallback(
    async (from: string, to: string) => {
      try {
        const ref = (r: string) => (r === 'draft' || r === 'active' ? r : Number(r));
        const diff = await api.diff(policyId, ref(from) as 'draft', ref(to) as 'draft');
        const docOf = async (r: string): Promise<PolicyDocument | null> => {
          if (r === 'draft') return (await api.getDraft(policyId)).document;
          const n = r === 'active' ? loaded.summary?.activeVersion ?? null : Number(r);
          return n === null ? null : (await api.getVersion(policyId, n)).document;
        };
        const [before, after] = await Promise.all([docOf(from), docOf(to)]);
        if (!after) throw new Error(t('compare.nothing'));
        const c: CompareState = { from, to, before: before ? withLayout(before) : null, after: withLayout(after), changes: diff.changes, nodes: diff.nodes };
        view.set((s) => ({ ...s, compare: c, selection: [], run: null }));
      } catch (err) {
        notify('error', (err as Error).message);
      }
    },
    [api, policyId, loaded.summary, view, notify, t],
  );

  // Keyboard: undo/redo, copy/paste (outside text fields; they keep their own undo).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        session.undo();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        session.redo();
      } else if (key === 'c') {
        const payload = copyNodes(session.doc, view.get().selection);
        if (payload) {
          p.clipboard.current = payload;
          void navigator.clipboard?.writeText(JSON.stringify(payload)).catch(() => undefined);
          notify('info', t('clipboard.copied', { count: payload.nodes.length }));
        }
      } else if (key === 'v' && !readOnly) {
        const payload = p.clipboard.current;
        if (!payload || !isClipboardPayload(payload)) return;
        const pasted = pasteNodes(session.doc, payload);
        if (pasted && dispatch(pasted.command).ok) select(pasted.ids, []);
      } else if (key === 's') {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session, view, readOnly, dispatch, select, save, notify, t, p.clipboard]);

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    const onBefore = (e: BeforeUnloadEvent) => {
      if (session.dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBefore);
    return () => window.removeEventListener('beforeunload', onBefore);
  }, [session]);

  const selectedNode = v.selection.length === 1 ? shownDoc.nodes.find((n) => n.id === v.selection[0]) ?? null : null;
  const errors = v.diagnostics.filter((d) => d.severity === 'error').length;
  const submittedBy = draft?.submittedBy ?? draft?.updatedBy ?? null;
  const canDecide = !!draft && draft.status === 'submitted' && p.isApprover && submittedBy !== p.me.id;
  const status =
    loaded.kind === 'version'
      ? t('status.version', { version: loaded.version })
      : draft?.status === 'submitted'
        ? t('status.submitted')
        : state.readOnly
          ? t('status.readOnlyDraft')
          : t('status.editing');

  const panels: { id: BottomPanel; label: string }[] = [
    { id: 'problems', label: `${t('panel.problems')}${v.diagnostics.length ? ` (${v.diagnostics.length})` : ''}` },
    { id: 'test', label: t('panel.test') },
    { id: 'golden', label: `${t('panel.golden')} (${doc.tests.length})` },
    { id: 'history', label: t('panel.history') },
    ...(draft ? [{ id: 'review' as const, label: draft.status === 'submitted' ? `${t('panel.review')} •` : t('panel.review') }] : []),
  ];

  return (
    <div className="workspace">
      <div className="ws-toolbar" role="toolbar" aria-label={t('toolbar.label')}>
        <button type="button" onClick={() => p.onNavigate('#/')}>
          ← {t('nav.policies')}
        </button>
        <h1 className="ws-title">
          {doc.name} <span className="muted mono">{policyId}</span>
        </h1>
        <span className={`status-badge status-${loaded.kind === 'version' ? 'version' : draft?.status}`} data-testid="draft-status">
          {status}
        </span>
        {loaded.kind === 'draft' && session.dirty ? <span className="dirty-dot">{t('save.unsaved')}</span> : null}
        <span className="spacer" />
        <button type="button" onClick={() => session.undo()} disabled={!state.canUndo || readOnly} title="Ctrl+Z" aria-keyshortcuts="Control+Z">
          ↶ {t('toolbar.undo')}
        </button>
        <button type="button" onClick={() => session.redo()} disabled={!state.canRedo || readOnly} title="Ctrl+Shift+Z" aria-keyshortcuts="Control+Shift+Z">
          ↷ {t('toolbar.redo')}
        </button>
        <button type="button" disabled={readOnly} onClick={() => {
          dispatch(moveNodes(autoLayout(doc), 'cmd.autoLayout'));
          setTimeout(() => p.flow.current?.fitView({ duration: 200 }), 50);
        }}>
          ⇶ {t('toolbar.autoLayout')}
        </button>
        <button type="button" onClick={() => p.flow.current?.fitView({ duration: 200 })}>
          ⤢ {t('toolbar.fitView')}
        </button>
        {v.selection.length > 0 && !readOnly ? (
          <button type="button" onClick={() => {
            dispatch(removeNodes(v.selection));
            select([], []);
          }}>
            ✕ {t('toolbar.delete')}
          </button>
        ) : null}
        {loaded.kind === 'draft' && !state.readOnly ? (
          <>
            <button type="button" className="primary" onClick={() => void save()} disabled={p.saving || !session.dirty} data-testid="save">
              {p.saving ? t('save.saving') : t('save.save')}
            </button>
            <button type="button" onClick={() => p.setSubmitOpen(true)} disabled={errors > 0} title={errors > 0 ? t('submit.fixErrors') : undefined} data-testid="submit">
              {t('submit.submit')}
            </button>
            <WorkbookImport api={api} policyId={policyId} dirty={session.dirty} dispatch={dispatch} onDone={(m) => notify('success', m)} onError={(m) => notify('error', m)} />
          </>
        ) : null}
        {loaded.kind === 'version' ? (
          <button type="button" onClick={() => p.onNavigate(`#/policies/${policyId}`)}>
            {t('nav.toDraft')}
          </button>
        ) : null}
        {p.me.roles.some((r) => r === 'author' || r === 'approver' || r === 'auditor') ? (
          <button type="button" onClick={() => p.onNavigate(`#/policies/${encodeURIComponent(policyId)}/impact`)} data-testid="open-impact-view">
            {t('impact.nav')}
          </button>
        ) : null}
      </div>

      {p.conflict ? (
        <div className="banner banner-error" role="alert" data-testid="conflict-banner">
          {t('save.conflict')}
          <button type="button" onClick={() => void p.reload()}>
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
          {t('compare.showing', { from: compare.from, to: compare.to })}
          <button type="button" onClick={() => view.set((s) => ({ ...s, compare: null }))}>
            {t('compare.close')}
          </button>
        </div>
      ) : null}
      {v.notice ? (
        <div className={`toast toast-${v.notice.kind}`} role={v.notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          {v.notice.text}
          <button type="button" className="icon-btn" aria-label={t('common.dismiss')} onClick={() => view.set((s) => ({ ...s, notice: null }))}>
            ×
          </button>
        </div>
      ) : null}

      {p.submitOpen ? (
        <form
          className="inline-dialog submit-dialog"
          aria-label={t('submit.title')}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <TextArea label={t('submit.comment')} value={p.submitComment} onChange={p.setSubmitComment} rows={2} />
          <button type="submit" className="primary" disabled={!p.submitComment.trim()} data-testid="confirm-submit">
            {t('submit.confirm')}
          </button>
          <button type="button" onClick={() => p.setSubmitOpen(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}

      <div className="ws-main">
        <Palette doc={doc} onAdd={addKind} disabled={readOnly} />
        <PolicyCanvas
          doc={shownDoc}
          overlays={overlays}
          selection={v.selection}
          selectedEdges={v.selectedEdges}
          readOnly={readOnly}
          dispatch={dispatch}
          onSelect={select}
          onRefused={(reason) => notify('error', t(reason as 'connect.cycle'))}
          onInit={(inst) => (p.flow.current = inst)}
        />
        <aside className="inspector" aria-label={t('inspector.title')}>
          <div className="tabs" role="tablist">
            {(['node', 'inputs', 'policy'] as const).map((tab) => (
              <button key={tab} type="button" role="tab" aria-selected={v.inspectorTab === tab} className={v.inspectorTab === tab ? 'active' : undefined} onClick={() => view.set((s) => ({ ...s, inspectorTab: tab }))}>
                {t(`inspector.tab.${tab}`)}
              </button>
            ))}
          </div>
          <div className="inspector-body">
            {v.inspectorTab === 'inputs' ? (
              <InputsEditor doc={shownDoc} readOnly={readOnly} dispatch={dispatch} />
            ) : v.inspectorTab === 'policy' ? (
              <div className="policy-fields">
                <TextField label={t('policy.name')} value={shownDoc.name} disabled={readOnly} path="/name" onChange={(x) => dispatch(setField('name', x, 'name'))} />
                <TextField label={t('policy.currency')} value={shownDoc.currency} mono disabled={readOnly} path="/currency" onChange={(x) => dispatch(setField('currency', x.toUpperCase(), 'currency'))} />
                <TextArea label={t('common.description')} value={shownDoc.description ?? ''} rows={8} disabled={readOnly} path="/description" onChange={(x) => dispatch(setField('description', x || undefined, 'description'))} />
              </div>
            ) : selectedNode ? (
              <NodeInspector
                key={selectedNode.id}
                doc={shownDoc}
                node={selectedNode}
                readOnly={readOnly}
                focusPath={v.focusPath}
                dispatch={dispatch}
                onRenamed={(id) => view.set((s) => ({ ...s, selection: [id] }))}
                onRefused={(reason) => notify('error', t(reason as 'inspector.badId'))}
              />
            ) : (
              <p className="muted">{v.selection.length > 1 ? t('inspector.many', { count: v.selection.length }) : t('inspector.none')}</p>
            )}
          </div>
        </aside>
      </div>

      <section className="bottom-panel" aria-label={t('panel.label')}>
        <div className="tabs" role="tablist">
          {panels.map((x) => (
            <button key={x.id} type="button" role="tab" aria-selected={v.panel === x.id} className={v.panel === x.id ? 'active' : undefined} onClick={() => view.set((s) => ({ ...s, panel: x.id }))} data-testid={`tab-${x.id}`}>
              {x.label}
            </button>
          ))}
        </div>
        <div className="panel-body">
          {v.panel === 'problems' ? (
            <ProblemsPanel
              diagnostics={v.diagnostics}
              validating={v.validating}
              onPick={(d) => {
                if (!d.nodeId) {
                  const top = d.path?.split('/')[1];
                  view.set((s) => ({ ...s, inspectorTab: top === 'inputs' ? 'inputs' : 'policy', focusPath: d.path ?? null }));
                  return;
                }
                view.set((s) => ({ ...s, selection: [d.nodeId!], selectedEdges: [], focusPath: d.path ?? null, inspectorTab: 'node' }));
                const pos = doc.layout?.nodes[d.nodeId];
                if (pos) p.flow.current?.setCenter(pos.x + 130, pos.y + 80, { duration: 200, zoom: p.flow.current.getZoom() });
              }}
            />
          ) : v.panel === 'test' ? (
            <TestPanel
              doc={doc}
              readOnly={state.readOnly}
              lastRun={v.run}
              dispatch={dispatch}
              onResult={(run) => {
                runDoc.current = doc;
                view.set((s) => ({ ...s, run, compare: null }));
              }}
            />
          ) : v.panel === 'golden' ? (
            <GoldenPanel doc={doc} readOnly={state.readOnly} dispatch={dispatch} />
          ) : v.panel === 'history' ? (
            <>
              {compare ? <ChangeList compare={compare} onPick={(id) => id && view.set((s) => ({ ...s, selection: [id] }))} /> : null}
              <PolicyDocumentsBar api={api} policyId={policyId} hasDraft={!!draft} refreshKey={p.historyKey} onError={(m) => notify('error', m)} />
              <HistoryPanel
                api={api}
                policyId={policyId}
                activeVersion={loaded.summary?.activeVersion ?? null}
                canActivate={p.isApprover}
                refreshKey={p.historyKey}
                onOpen={(n) => p.onNavigate(`#/policies/${policyId}/versions/${n}`)}
                onCompare={(from, to) => void runCompare(from, to)}
                onActivated={() => {
                  notify('success', t('versions.activated'));
                  p.bumpHistory();
                  void p.reload();
                }}
              />
            </>
          ) : (
            <>
            {draft?.status === 'submitted' ? (
              <LatestImpact api={api} policyId={policyId} draftEtag={draft.etag} onOpen={() => p.onNavigate(`#/policies/${encodeURIComponent(policyId)}/impact`)} />
            ) : null}
            <ReviewPanel
              submitted={draft?.status === 'submitted' ? { by: submittedBy, comment: draft.submitComment ?? null } : null}
              canDecide={canDecide}
              cannotDecideReason={!p.isApprover ? t('review.notApprover') : submittedBy === p.me.id ? t('review.ownDraft') : null}
              compare={compare}
              onLoadDiff={() => void runCompare('active', 'draft')}
              onPickChange={(id) => id && view.set((s) => ({ ...s, selection: [id] }))}
              onApprove={async (comment, activate) => {
                const version = await api.approveDraft(policyId, comment);
                if (activate) await api.activate(policyId, version.version, comment);
                notify('success', t(activate ? 'review.approvedActive' : 'review.approved', { version: version.version }));
                view.set((s) => ({ ...s, compare: null }));
                p.bumpHistory();
                await p.reload();
              }}
              onReject={async (comment) => {
                await api.rejectDraft(policyId, comment);
                notify('info', t('review.rejected'));
                view.set((s) => ({ ...s, compare: null }));
                await p.reload();
              }}
            />
            </>
          )}
        </div>
      </section>
    </div>
  );
}
