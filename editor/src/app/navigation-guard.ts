/**
 * Unsaved work is protected: a screen with unsaved edits registers a guard; in-app navigation (links,
 * buttons, hash changes) asks it first, and closing or reloading the tab gets the browser's prompt.
 */
type Guard = () => string | null;

let guard: Guard | null = null;

/** Registers the guard (a function returning the question to ask, or null when nothing is at stake). */
export function setNavigationGuard(next: Guard | null): () => void {
  guard = next;
  return () => {
    if (guard === next) guard = null;
  };
}

/** True when leaving is fine: nothing unsaved, or the person confirmed. */
export function mayLeave(): boolean {
  const question = guard?.() ?? null;
  return question === null || window.confirm(question);
}
