/**
 * The document being edited: the policy document, its undo history, and what the server knows
 * of it (etag, saved revision). View state (selection, panels, zoom) lives elsewhere (view-state.ts).
 */
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import { CommandError, type Command } from './commands.js';
import { History } from './history.js';
import { createStore, type Store } from './store.js';

export interface SessionState {
  doc: PolicyDocument;
  /** Increases on every change (execute, undo, redo). */
  revision: number;
  /** Revision last saved to (or loaded from) the server. */
  savedRevision: number;
  etag: string | null;
  canUndo: boolean;
  canRedo: boolean;
  readOnly: boolean;
}

export type DispatchResult = { ok: true } | { ok: false; code: string; reason: string };

export class DocumentSession {
  readonly state: Store<SessionState>;
  readonly history: History;
  /** The document as last loaded or saved (to tell a real change from edits undone back to it). */
  private savedDoc: PolicyDocument;

  constructor(doc: PolicyDocument, options: { etag?: string | null; readOnly?: boolean; history?: History } = {}) {
    this.history = options.history ?? new History();
    this.savedDoc = doc;
    this.state = createStore<SessionState>({
      doc,
      revision: 0,
      savedRevision: 0,
      etag: options.etag ?? null,
      canUndo: false,
      canRedo: false,
      readOnly: options.readOnly ?? false,
    });
  }

  get doc(): PolicyDocument {
    return this.state.get().doc;
  }

  get dirty(): boolean {
    const s = this.state.get();
    return s.revision !== s.savedRevision;
  }

  /** Unsaved work worth a warning: edited, and not merely undone back to what was saved. */
  get hasUnsavedChanges(): boolean {
    return this.dirty && JSON.stringify(this.doc) !== JSON.stringify(this.savedDoc);
  }

  /** Runs a command. A command that refuses (e.g. a cycle) changes nothing and says why. */
  dispatch(command: Command): DispatchResult {
    const s = this.state.get();
    if (s.readOnly) return { ok: false, code: 'READ_ONLY', reason: 'session.readOnly' };
    try {
      const doc = this.history.execute(s.doc, command);
      this.commit(doc);
      return { ok: true };
    } catch (err) {
      if (err instanceof CommandError) return { ok: false, code: err.code, reason: err.message };
      throw err;
    }
  }

  undo(): void {
    if (!this.history.canUndo || this.state.get().readOnly) return;
    this.commit(this.history.undo(this.state.get().doc));
  }

  redo(): void {
    if (!this.history.canRedo || this.state.get().readOnly) return;
    this.commit(this.history.redo(this.state.get().doc));
  }

  /** After a successful save: the server's etag, and the current revision counts as saved. */
  markSaved(etag: string): void {
    this.savedDoc = this.doc;
    this.state.set((s) => ({ ...s, etag, savedRevision: s.revision }));
  }

  private commit(doc: PolicyDocument): void {
    this.state.set((s) => ({
      ...s,
      doc,
      revision: s.revision + 1,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
    }));
  }
}
