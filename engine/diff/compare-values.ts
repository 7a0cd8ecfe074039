/**
 * Walks two versions of a part of a policy along its shape (which lists have ids, which are sets,
 * which objects are keyed by class) and says what changed, field by field, in words.
 */
import { escapeSegment } from '../validate/json-pointer.js';
import { fieldWords, isCodeField, shortCondition, shortValue } from './change-words.js';
import { matchByKey, matchByPosition, sameJson } from './match-items.js';

export type ChangeArea = 'policy' | 'input' | 'node' | 'edge' | 'test' | 'layout' | 'condition';

export interface PolicyChange {
  kind: 'added' | 'removed' | 'changed';
  area: ChangeArea;
  nodeId: string | null;
  /** JSON pointer in the AFTER document (in the BEFORE document for removals). */
  path: string;
  before?: unknown;
  after?: unknown;
  message: string;
  /** Present (true) when the change cannot alter a decision: layout, labels, descriptions, order of unordered lists. */
  cosmetic?: true;
}

type Item = Record<string, unknown>;

export type Shape =
  /** A field compared as a whole; `bare` prints strings unquoted, `cosmetic` marks label-like fields. */
  | { is: 'value'; bare?: boolean; cosmetic?: boolean }
  | { is: 'condition' }
  /** An array whose order means nothing (band values, returned variables): reports members in and out. */
  | { is: 'set'; noun: string }
  | { is: 'object'; fields?: Record<string, Shape> }
  /**
   * An array of items. With `key`, items are matched by identity and moves are reported; without,
   * by position. `inline` items are named after the colon ("class B minimum score …").
   */
  | {
      is: 'list';
      key?: (item: Item) => string;
      phrase: (item: Item, index: number) => string;
      /** What an added or removed item holds, for lists whose items have no name: "day 14, email". */
      summary?: (item: Item) => string;
      inline?: boolean;
      orderMatters: boolean;
      item: Shape;
    }
  /** An object keyed by class ids or variable names; `noun` precedes the key ("class B", "fact x"). */
  | { is: 'record'; noun: string; item: Shape; valueWord?: string };

export interface Scope {
  area: ChangeArea;
  nodeId: string | null;
  /** "Scorecard \"Credit score\"", "criterion \"Payment delay\"": joined by commas before the colon. */
  head: string[];
  /** Words after the colon, before what happened: "class B", "minimum score". */
  words: string[];
  afterPath: string;
  beforePath: string;
  /** The last field name, which decides how strings are printed. */
  key: string;
  cosmetic: boolean;
}

const COSMETIC_FIELDS = new Set(['label', 'description']);

const isPlainObject = (v: unknown): v is Item => v !== null && typeof v === 'object' && !Array.isArray(v);

export function say(scope: Pick<Scope, 'head' | 'words'>, what: string): string {
  const body = [...scope.words, what].filter((w) => w.length > 0).join(' ');
  const text = scope.head.length > 0 ? `${scope.head.join(', ')}: ${body}` : body;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export class ChangeLog {
  readonly changes: PolicyChange[] = [];

  add(scope: Scope, kind: PolicyChange['kind'], what: string, values: { before?: unknown; after?: unknown }, cosmetic = scope.cosmetic): void {
    const change: PolicyChange = {
      kind,
      area: scope.area,
      nodeId: scope.nodeId,
      path: kind === 'removed' ? scope.beforePath : scope.afterPath,
      ...('before' in values ? { before: values.before } : {}),
      ...('after' in values ? { after: values.after } : {}),
      message: say(scope, what),
    };
    if (cosmetic) change.cosmetic = true;
    this.changes.push(change);
  }
}

const child = (scope: Scope, key: string, extra: Partial<Scope> = {}): Scope => ({
  ...scope,
  afterPath: `${scope.afterPath}/${escapeSegment(key)}`,
  beforePath: `${scope.beforePath}/${escapeSegment(key)}`,
  key,
  cosmetic: scope.cosmetic || COSMETIC_FIELDS.has(key),
  ...extra,
});

export function compareValues(shape: Shape, before: unknown, after: unknown, scope: Scope, log: ChangeLog): void {
  if (sameJson(before, after)) return;
  const bare = shape.is === 'value' ? (shape.bare ?? isCodeField(scope.key)) : isCodeField(scope.key);
  const cosmetic = scope.cosmetic || (shape.is === 'value' && shape.cosmetic === true);
  if (before === undefined) {
    const shown = shape.is === 'condition' ? shortCondition(after) : shortValue(after, bare);
    log.add(scope, 'added', shown !== null ? `set to ${shown}` : 'added', { after }, cosmetic);
    return;
  }
  if (after === undefined) {
    const shown = shape.is === 'condition' ? shortCondition(before) : shortValue(before, bare);
    log.add(scope, 'removed', shown !== null ? `removed (was ${shown})` : 'removed', { before }, cosmetic);
    return;
  }
  switch (shape.is) {
    case 'object':
      if (isPlainObject(before) && isPlainObject(after)) return compareObjects(shape.fields ?? {}, before, after, scope, log);
      break;
    case 'list':
      if (Array.isArray(before) && Array.isArray(after)) return compareLists(shape, before, after, scope, log);
      break;
    case 'record':
      if (isPlainObject(before) && isPlainObject(after)) return compareRecords(shape, before, after, scope, log);
      break;
    case 'set':
      if (Array.isArray(before) && Array.isArray(after)) return compareSets(shape.noun, before, after, scope, log);
      break;
    case 'condition': {
      const b = shortCondition(before);
      const a = shortCondition(after);
      log.add(scope, 'changed', b !== null && a !== null ? `${b} → ${a}` : 'changed', { before, after }, cosmetic);
      return;
    }
    case 'value':
      break;
  }
  const b = shortValue(before, bare);
  const a = shortValue(after, bare);
  log.add(scope, 'changed', b !== null && a !== null ? `${b} → ${a}` : 'changed', { before, after }, cosmetic);
}

function compareObjects(fields: Record<string, Shape>, before: Item, after: Item, scope: Scope, log: ChangeLog): void {
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !Object.prototype.hasOwnProperty.call(after, k))];
  for (const key of keys) {
    const b = Object.prototype.hasOwnProperty.call(before, key) ? before[key] : undefined;
    const a = Object.prototype.hasOwnProperty.call(after, key) ? after[key] : undefined;
    const known = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
    const shape: Shape = known ?? (key === 'when' ? { is: 'condition' } : isPlainObject(a) && isPlainObject(b) ? { is: 'object' } : { is: 'value' });
    // A list or map names its own items ("criterion …", "class B"), so its field name is left out,
    // except when the whole list appears or disappears.
    const container =
      ((shape.is === 'list' || shape.is === 'set') && Array.isArray(a) && Array.isArray(b)) ||
      (shape.is === 'record' && isPlainObject(a) && isPlainObject(b));
    compareValues(shape, b, a, child(scope, key, { words: container ? scope.words : [...scope.words, fieldWords(key)] }), log);
  }
}

function compareRecords(shape: Extract<Shape, { is: 'record' }>, before: Item, after: Item, scope: Scope, log: ChangeLog): void {
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !Object.prototype.hasOwnProperty.call(after, k))];
  for (const key of keys) {
    const b = Object.prototype.hasOwnProperty.call(before, key) ? before[key] : undefined;
    const a = Object.prototype.hasOwnProperty.call(after, key) ? after[key] : undefined;
    const words = [...scope.words, shape.noun ? `${shape.noun} ${key}` : key, ...(shape.valueWord ? [shape.valueWord] : [])];
    compareValues(shape.item, b, a, child(scope, key, { words, key: shape.valueWord ?? key }), log);
  }
}

function compareLists(shape: Extract<Shape, { is: 'list' }>, before: unknown[], after: unknown[], scope: Scope, log: ChangeLog): void {
  const items = (list: unknown[]) => list.map((v) => (isPlainObject(v) ? v : {}));
  const b = items(before);
  const a = items(after);
  const match = shape.key ? matchByKey(b, a, shape.key) : matchByPosition(before, after);
  const at = (index: number): Scope => ({ ...scope, afterPath: `${scope.afterPath}/${index}`, beforePath: `${scope.beforePath}/${index}` });
  const itemScope = (bi: number, ai: number): Scope => {
    const phrase = shape.phrase(a[ai]!, ai);
    const base: Scope = { ...scope, afterPath: `${scope.afterPath}/${ai}`, beforePath: `${scope.beforePath}/${bi}`, key: '' };
    return shape.inline ? { ...base, words: [...scope.words, phrase] } : { ...base, head: [...scope.head, phrase], words: [] };
  };
  const described = (item: Item, index: number) => `${shape.phrase(item, index)}${shape.summary ? ` (${shape.summary(item)})` : ''}`;
  const events: { order: number; run: () => void }[] = [];
  for (const bi of match.removed) {
    events.push({ order: bi, run: () => log.add(at(bi), 'removed', `${described(b[bi]!, bi)} removed`, { before: before[bi] }) });
  }
  for (const ai of match.added) {
    events.push({ order: ai, run: () => log.add(at(ai), 'added', `${described(a[ai]!, ai)} added`, { after: after[ai] }) });
  }
  const moved = new Set(match.moved.map(([, ai]) => ai));
  for (const [bi, ai] of match.pairs) {
    events.push({
      order: ai,
      run: () => {
        if (moved.has(ai)) {
          log.add(at(ai), 'changed', `${shape.phrase(a[ai]!, ai)} moved from position ${bi + 1} to ${ai + 1}`, { before: bi + 1, after: ai + 1 }, scope.cosmetic || !shape.orderMatters);
        }
        compareValues(shape.item, before[bi], after[ai], itemScope(bi, ai), log);
      },
    });
  }
  // Report in the order a reader meets the items in the new version; removed ones where they stood.
  events.sort((x, y) => x.order - y.order).forEach((e) => e.run());
}

function compareSets(noun: string, before: unknown[], after: unknown[], scope: Scope, log: ChangeLog): void {
  const label = (v: unknown) => shortValue(v, true) ?? JSON.stringify(v);
  before.forEach((v, bi) => {
    if (!after.some((w) => sameJson(v, w))) {
      log.add({ ...scope, beforePath: `${scope.beforePath}/${bi}` }, 'removed', `${noun} ${label(v)} removed`, { before: v });
    }
  });
  after.forEach((v, ai) => {
    if (!before.some((w) => sameJson(v, w))) {
      log.add({ ...scope, afterPath: `${scope.afterPath}/${ai}` }, 'added', `${noun} ${label(v)} added`, { after: v });
    }
  });
}
