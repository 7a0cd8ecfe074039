/**
 * Undo/redo over commands. The history never holds documents: it replays commands, so a
 * policy of 200 nodes costs the same as one of 2 to undo.
 */
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { Command } from './commands.js';

export interface HistoryOptions {
  /** Most undo steps kept. */
  limit?: number;
  /** Consecutive commands with the same merge key within this window merge (ms). */
  mergeWindowMs?: number;
  now?: () => number;
}

export class History {
  private past: { command: Command; at: number }[] = [];
  private future: Command[] = [];
  private readonly limit: number;
  private readonly mergeWindowMs: number;
  private readonly now: () => number;

  constructor(options: HistoryOptions = {}) {
    this.limit = options.limit ?? 500;
    this.mergeWindowMs = options.mergeWindowMs ?? 1500;
    this.now = options.now ?? (() => Date.now());
  }

  /** Runs the command on `doc` and records it; throws (recording nothing) when the command refuses. */
  execute(doc: PolicyDocument, command: Command): PolicyDocument {
    const next = command.execute(doc);
    const at = this.now();
    const last = this.past[this.past.length - 1];
    const merged =
      last && command.mergeKey && last.command.mergeKey === command.mergeKey && at - last.at <= this.mergeWindowMs
        ? last.command.merge?.(command) ?? null
        : null;
    if (merged) {
      // `merged` carries the "before" captured by `last` and the "after" of `command`
      this.past[this.past.length - 1] = { command: merged, at };
    } else {
      this.past.push({ command, at });
      if (this.past.length > this.limit) this.past.shift();
    }
    this.future = [];
    return next;
  }

  undo(doc: PolicyDocument): PolicyDocument {
    const entry = this.past.pop();
    if (!entry) return doc;
    this.future.push(entry.command);
    return entry.command.undo(doc);
  }

  redo(doc: PolicyDocument): PolicyDocument {
    const command = this.future.pop();
    if (!command) return doc;
    this.past.push({ command, at: -Infinity }); // a redone step never merges with the next edit
    return command.execute(doc);
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }
  /** Labels (i18n keys) of the undo stack, oldest first. */
  get labels(): string[] {
    return this.past.map((p) => p.command.label);
  }
  clear(): void {
    this.past = [];
    this.future = [];
  }
}
