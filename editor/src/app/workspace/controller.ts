/**
 * One policy open in the editor, as plain TypeScript (no React): loads the draft or a version,
 * owns its DocumentSession (document + undo history) and the view store, and carries out what the
 * toolbar, the keyboard and the panels ask (save, submit, compare, add, copy/paste, notices).
 * React reads it through useWorkspace (use-workspace.ts).
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { NodeKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';
import { ApiError, type ApiClient, type Draft, type Me, type PolicySummary } from '../../api/client.js';
import { addNodes, batch, checkConnection, connect, disconnect, edgeKey, moveNodes, removeNodes, type Command } from '../../document/commands.js';
import { autoLayout } from '../../document/auto-layout.js';
import { copyNodes, isClipboardPayload, pasteNodes, type ClipboardPayload } from '../../document/clipboard.js';
import type { PolicyFlowNode } from '../../document/graph-mapping.js';
import { DocumentSession, type DispatchResult } from '../../document/session.js';
import { createStore, type Store } from '../../document/store.js';
import { createViewStore, READABLE_ZOOM, type CompareState, type ViewState, type ViewStore } from '../../document/view-state.js';
import type { MessageKey, Translate } from '../../i18n/i18n.js';
import { createNode } from '../../nodes/registry.js';
import { fitTextsToPolicy } from '../../document/translations.js';

export type Loaded =
  | { kind: 'draft'; draft: Draft; session: DocumentSession; summary: PolicySummary | null }
  | { kind: 'version'; version: number; session: DocumentSession; summary: PolicySummary | null };

export interface WorkspaceState {
  loaded: Loaded | null;
  loadError: string | null;
  conflict: boolean;
  saving: boolean;
  submitOpen: boolean;
  submitComment: string;
  /** Bumped when the list of versions changed (approve, activate). */
  historyKey: number;
}

export interface WorkspaceOptions {
  api: ApiClient;
  me: Me;
  policyId: string;
  /** null = the draft; a number = that published version, read-only. */
  version: number | null;
}

/** How long a success or info notice stays before it goes by itself (errors stay until dismissed). */
export const NOTICE_MS = 4000;
/** Card size used to place new nodes beside others (matches .policy-card width). */
const CARD_W = 260;
/** Typical card height, for fitting the graph before cards are measured. */
const CARD_H = 170;
const GAP_X = 80;

/** A document without positions gets an automatic layout when opened (not a change of the policy). */
export function withLayout(doc: PolicyDocument): PolicyDocument {
  const have = doc.layout?.nodes ?? {};
  if (doc.nodes.every((n) => have[n.id])) return doc;
  return { ...doc, layout: { ...(doc.layout ?? {}), nodes: { ...autoLayout(doc), ...have } } };
}

export class WorkspaceController {
  readonly state: Store<WorkspaceState>;
  readonly view: ViewStore;
  flow: ReactFlowInstance<PolicyFlowNode> | null = null;
  /** The canvas element's box, for placing a node in the middle of what is visible. */
  canvasRect: () => DOMRect | null = () => null;
  private clipboard: ClipboardPayload | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;
  private t: Translate = (key) => key;

  constructor(readonly options: WorkspaceOptions) {
    this.state = createStore<WorkspaceState>({ loaded: null, loadError: null, conflict: false, saving: false, submitOpen: false, submitComment: '', historyKey: 0 });
    this.view = createViewStore();
  }

  setTranslate(t: Translate): void {
    this.t = t;
  }

  get isAuthor(): boolean {
    return this.options.me.roles.includes('author') || this.options.me.roles.includes('admin');
  }

  get isApprover(): boolean {
    return this.options.me.roles.includes('approver');
  }

  get loaded(): Loaded | null {
    return this.state.get().loaded;
  }

  get session(): DocumentSession | null {
    return this.loaded?.session ?? null;
  }

  get draft(): Draft | null {
    const l = this.loaded;
    return l?.kind === 'draft' ? l.draft : null;
  }

  /** Edits not saved yet (a draft being edited only). */
  get dirty(): boolean {
    return !!this.session && this.loaded?.kind === 'draft' && this.session.hasUnsavedChanges;
  }

  /** Shown document is read-only: a version, a submitted draft, a non-author, or a comparison. */
  get readOnly(): boolean {
    return !this.session || this.session.state.get().readOnly || !!this.view.get().compare;
  }

  private patch(p: Partial<WorkspaceState>): void {
    this.state.set((s) => ({ ...s, ...p }));
  }

  private patchView(p: Partial<ViewState> | ((v: ViewState) => Partial<ViewState>)): void {
    this.view.set((s) => ({ ...s, ...(typeof p === 'function' ? p(s) : p) }));
  }

  async load(): Promise<void> {
    const { api, policyId, version } = this.options;
    this.patch({ loadError: null, conflict: false });
    try {
      // The list (for the summary) and the document are asked together, not one after the other.
      const summaryOf = api.listPolicies().then((list) => list.find((p) => p.id === policyId) ?? null);
      if (version === null) {
        const [summary, draft] = await Promise.all([summaryOf, api.getDraft(policyId)]);
        const readOnly = !this.isAuthor || draft.status === 'submitted';
        this.patch({ loaded: { kind: 'draft', draft, summary, session: new DocumentSession(withLayout(draft.document), { etag: draft.etag, readOnly }) } });
        if (draft.status === 'submitted' && this.isApprover) this.patchView({ panel: 'review', panelCollapsed: false });
      } else {
        const [summary, v] = await Promise.all([summaryOf, api.getVersion(policyId, version)]);
        this.patch({ loaded: { kind: 'version', version: v.version, summary, session: new DocumentSession(withLayout(v.document), { readOnly: true }) } });
      }
    } catch (err) {
      this.patch({ loadError: (err as Error).message });
    }
  }

  /** Reload after a conflict, a submit or a decision (the view state stays). */
  async reload(): Promise<void> {
    await this.load();
  }

  notify(kind: 'error' | 'info' | 'success', text: string): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
    const notice = { kind, text };
    this.patchView({ notice });
    // Confirmations go by themselves; an error waits to be read and dismissed.
    if (kind !== 'error')
      this.noticeTimer = setTimeout(() => {
        if (this.view.get().notice === notice) this.patchView({ notice: null });
      }, NOTICE_MS);
  }

  dismissNotice(): void {
    this.patchView({ notice: null });
  }

  tReason(reason: string): string {
    return this.t(reason as MessageKey) ?? reason;
  }

  dispatch = (command: Command): DispatchResult => {
    const session = this.session;
    if (!session) return { ok: false, code: 'NOT_LOADED', reason: 'session.readOnly' };
    const r = session.dispatch(command);
    if (!r.ok) this.notify('error', this.tReason(r.reason));
    return r;
  };

  select = (nodes: string[], edges: string[]): void => {
    this.patchView({ selection: nodes, selectedEdges: edges, focusPath: null, inspectorTab: 'node' });
  };

  undo(): void {
    this.session?.undo();
  }

  redo(): void {
    this.session?.redo();
  }

  /**
   * A new node from the palette: beside the selected node and wired from it when that connection is
   * allowed (building left to right), otherwise in the middle of the visible canvas.
   */
  addKind(kind: NodeKind): void {
    const session = this.session;
    if (!session || this.readOnly) return;
    const doc = session.doc;
    const node = fitTextsToPolicy(createNode(doc, kind), doc);
    const from = this.view.get().selection.length === 1 ? this.view.get().selection[0]! : null;
    const fromPos = from ? doc.layout?.nodes[from] : undefined;
    let position: { x: number; y: number };
    let wire: Command | null = null;
    const taken = Object.values(doc.layout?.nodes ?? {});
    // Step down until the spot is free, so the new card never lands on another one.
    const free = (p: { x: number; y: number }) => {
      let at = p;
      while (taken.some((q) => Math.abs(q.x - at.x) < CARD_W && Math.abs(q.y - at.y) < CARD_H)) at = { ...at, y: at.y + 40 };
      return at;
    };
    if (from && fromPos) {
      position = free({ x: fromPos.x + CARD_W + GAP_X, y: fromPos.y });
      const withNode = { ...doc, nodes: [...doc.nodes, node] };
      if (checkConnection(withNode, from, node.id).ok) wire = connect(from, node.id);
    } else {
      const rect = this.canvasRect();
      const centre = this.flow && rect ? this.flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
      position = free({ x: Math.round(centre.x - CARD_W / 2), y: Math.round(centre.y - 60) });
    }
    const add = addNodes([node], { [node.id]: position });
    const r = this.dispatch(wire ? batch('cmd.addNode', [add, wire]) : add);
    if (r.ok) this.select([node.id], []);
  }

  /** Deletes the selected nodes (with their edges) and the selected edges, as one undoable step. */
  deleteSelection(): void {
    const { selection: sel, selectedEdges } = this.view.get();
    const doc = this.session?.doc;
    if (!doc || this.readOnly) return;
    const edges = selectedEdges.filter((k) => doc.edges.some((e) => edgeKey(e) === k));
    const commands: Command[] = [...(sel.length ? [removeNodes(sel)] : []), ...(edges.length ? [disconnect(edges)] : [])];
    if (commands.length === 0) return;
    this.dispatch(commands.length === 1 ? commands[0]! : batch('cmd.delete', commands));
    this.select([], []);
  }

  autoLayout(): void {
    const session = this.session;
    if (!session || this.readOnly) return;
    // The new positions are in the document now: fit at once, not on a timer that could start
    // moving the cards after the next click has already aimed at one.
    if (this.dispatch(moveNodes(autoLayout(session.doc), 'cmd.autoLayout')).ok) this.fitView();
  }

  /**
   * Fit the whole graph, but never below a zoom at which card text stays readable: a graph too big
   * for that shows its beginning (flows read left to right), the rest is a scroll or a minimap
   * click away.
   */
  fitView(animate = true): void {
    const flow = this.flow;
    const rect = this.canvasRect();
    const doc = this.view.get().compare?.after ?? this.session?.doc;
    if (!flow || !rect || !doc || rect.width === 0) return;
    const positions = doc.nodes.map((n) => doc.layout?.nodes[n.id]).filter((p): p is { x: number; y: number } => !!p);
    if (positions.length === 0) return;
    const minX = Math.min(...positions.map((p) => p.x));
    const minY = Math.min(...positions.map((p) => p.y));
    const maxX = Math.max(...positions.map((p) => p.x)) + CARD_W;
    const maxY = Math.max(...positions.map((p) => p.y)) + CARD_H;
    const pad = 24;
    const fit = Math.min((rect.width - 2 * pad) / (maxX - minX), (rect.height - 2 * pad) / (maxY - minY), 1.25);
    const zoom = Math.max(READABLE_ZOOM, fit);
    // Centre what fits; otherwise start at the top-left corner of the graph.
    const x = fit >= READABLE_ZOOM ? (rect.width - (maxX - minX) * zoom) / 2 - minX * zoom : pad - minX * zoom;
    const y = fit >= READABLE_ZOOM ? (rect.height - (maxY - minY) * zoom) / 2 - minY * zoom : pad - minY * zoom;
    void flow.setViewport({ x, y, zoom }, animate ? { duration: 200 } : undefined);
  }

  copy(): void {
    const session = this.session;
    if (!session) return;
    const payload = copyNodes(session.doc, this.view.get().selection);
    if (!payload) return;
    this.clipboard = payload;
    void navigator.clipboard?.writeText(JSON.stringify(payload)).catch(() => undefined);
    this.notify('info', this.t('clipboard.copied', { count: payload.nodes.length }));
  }

  paste(): void {
    const session = this.session;
    if (!session || this.readOnly) return;
    const payload = this.clipboard;
    if (!payload || !isClipboardPayload(payload)) return;
    const pasted = pasteNodes(session.doc, payload);
    if (pasted && this.dispatch(pasted.command).ok) this.select(pasted.ids, []);
  }

  async save(): Promise<boolean> {
    const session = this.session;
    const draft = this.draft;
    if (!session || !draft || session.state.get().readOnly) return false;
    this.patch({ saving: true });
    try {
      const revision = session.state.get().revision;
      const saved = await this.options.api.saveDraft(this.options.policyId, session.doc, session.state.get().etag ?? draft.etag);
      if (session.state.get().revision === revision) session.markSaved(saved.etag);
      else session.state.set((s) => ({ ...s, etag: saved.etag }));
      this.notify('success', this.t('save.saved'));
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) this.patch({ conflict: true });
      else this.notify('error', (err as Error).message);
      return false;
    } finally {
      this.patch({ saving: false });
    }
  }

  openSubmit(open: boolean): void {
    this.patch({ submitOpen: open });
  }

  setSubmitComment(comment: string): void {
    this.patch({ submitComment: comment });
  }

  async submit(): Promise<void> {
    const session = this.session;
    if (session?.dirty && !(await this.save())) return;
    try {
      await this.options.api.submitDraft(this.options.policyId, this.state.get().submitComment);
      this.patch({ submitOpen: false, submitComment: '' });
      this.notify('success', this.t('submit.done'));
      void this.startReviewImpact();
      await this.reload();
    } catch (err) {
      this.notify('error', (err as Error).message);
    }
  }

  /**
   * The impact of the submitted draft on the policy's sample portfolio (active → draft), started on
   * submit so the approver finds it on the review screen. Nothing to compare before a first version.
   */
  private async startReviewImpact(): Promise<void> {
    const { api, policyId } = this.options;
    const session = this.session;
    if (!session || !this.loaded?.summary?.activeVersion) return;
    try {
      const active = (await api.getVersion(policyId, this.loaded.summary.activeVersion)).document;
      const { generatePortfolioCsv } = await import('../../../../rulesets/portfolios/synthetic-customers.js');
      const csv = generatePortfolioCsv(active, { rows: 10_000, seed: 42 });
      await api.startSimulation(policyId, 'active', 'draft', { file: new Blob([csv], { type: 'text/csv' }), type: 'text/csv' });
    } catch {
      // The review works without it; the approver can still run one from the Impact view.
    }
  }

  async compare(from: string, to: string): Promise<void> {
    const { api, policyId } = this.options;
    try {
      const ref = (r: string) => (r === 'draft' || r === 'active' ? r : Number(r));
      const activeVersion = this.loaded?.summary?.activeVersion ?? null;
      const docOf = async (r: string): Promise<PolicyDocument | null> => {
        if (r === 'draft') return (await api.getDraft(policyId)).document;
        const n = r === 'active' ? activeVersion : Number(r);
        return n === null ? null : (await api.getVersion(policyId, n)).document;
      };
      const [before, after] = await Promise.all([docOf(from), docOf(to)]);
      if (!after) throw new Error(this.t('compare.nothing'));
      // A first version is reviewed against nothing: every node is new, no server diff to ask for.
      const diff =
        before === null && from === 'active'
          ? { changes: [], nodes: { added: after.nodes.map((n) => n.id), removed: [], changed: [] } }
          : await api.diff(policyId, ref(from) as 'draft', ref(to) as 'draft');
      const c: CompareState = { from, to, before: before ? withLayout(before) : null, after: withLayout(after), changes: diff.changes, nodes: diff.nodes };
      this.patchView({ compare: c, selection: [], run: null });
    } catch (err) {
      this.notify('error', (err as Error).message);
    }
  }

  closeCompare(): void {
    this.patchView({ compare: null });
  }

  bumpHistory(): void {
    this.state.set((s) => ({ ...s, historyKey: s.historyKey + 1 }));
  }

  async approve(comment: string, activate: boolean): Promise<void> {
    const { api, policyId } = this.options;
    const version = await api.approveDraft(policyId, comment);
    if (activate) await api.activate(policyId, version.version, comment);
    this.notify('success', this.t(activate ? 'review.approvedActive' : 'review.approved', { version: version.version }));
    this.patchView({ compare: null });
    this.bumpHistory();
    await this.reload();
  }

  async reject(comment: string): Promise<void> {
    await this.options.api.rejectDraft(this.options.policyId, comment);
    this.notify('info', this.t('review.rejected'));
    this.patchView({ compare: null });
    await this.reload();
  }

  /** Centre the canvas on a node (keeps the zoom). */
  centreOn(nodeId: string): void {
    const pos = this.session?.doc.layout?.nodes[nodeId];
    if (pos && this.flow) void this.flow.setCenter(pos.x + CARD_W / 2, pos.y + 80, { duration: 200, zoom: this.flow.getZoom() });
  }

  dispose(): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
  }
}
