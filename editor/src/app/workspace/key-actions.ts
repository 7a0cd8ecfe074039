/**
 * The workspace's keyboard shortcuts as a table: which keys, what they do, and whether they apply
 * while typing in a field (fields keep their own undo and clipboard). One listener reads the table.
 */
import type { WorkspaceController } from './controller.js';

export interface KeyAction {
  /** e.g. 'Mod+Z', 'Mod+Shift+Z' (Mod = Ctrl or ⌘). */
  keys: string[];
  /** i18n-free id, for tests and the help list. */
  id: 'undo' | 'redo' | 'copy' | 'paste' | 'save';
  /** Also while the focus is in a text field. */
  whileTyping?: boolean;
  /** Let the browser's own action happen too (copy into the system clipboard). */
  keepDefault?: boolean;
  run(ctl: WorkspaceController): void;
}

export const KEY_ACTIONS: KeyAction[] = [
  { id: 'undo', keys: ['Mod+Z'], run: (c) => c.undo() },
  { id: 'redo', keys: ['Mod+Shift+Z', 'Mod+Y'], run: (c) => c.redo() },
  { id: 'copy', keys: ['Mod+C'], keepDefault: true, run: (c) => c.copy() },
  { id: 'paste', keys: ['Mod+V'], keepDefault: true, run: (c) => c.paste() },
  { id: 'save', keys: ['Mod+S'], whileTyping: true, run: (c) => void c.save() },
];

const isTyping = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** 'Mod+Shift+Z' for Ctrl+Shift+Z; null when no modifier is held (plain typing). */
export function chordOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): string | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  return `Mod+${e.shiftKey ? 'Shift+' : ''}${e.key.length === 1 ? e.key.toUpperCase() : e.key}`;
}

export function findKeyAction(e: KeyboardEvent, table: KeyAction[] = KEY_ACTIONS): KeyAction | null {
  const chord = chordOf(e);
  if (!chord) return null;
  const action = table.find((a) => a.keys.includes(chord)) ?? null;
  if (!action) return null;
  if (isTyping(e.target) && !action.whileTyping) return null;
  return action;
}

export function handleKey(e: KeyboardEvent, ctl: WorkspaceController, table: KeyAction[] = KEY_ACTIONS): boolean {
  const action = findKeyAction(e, table);
  if (!action) return false;
  if (!action.keepDefault) e.preventDefault();
  action.run(ctl);
  return true;
}
