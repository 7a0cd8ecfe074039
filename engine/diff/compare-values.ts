/**
 * Walks two versions of a part of a policy along its shape (which lists have ids, which are sets,
 * which objects are keyed by class) and says what changed, field by field, in words.
 */
import { escapeSegment } from '../validate/json-pointer.js';
import { fieldWords, isCodeField, shortCondition, shortValue } from './change-words.js';
import { CHANGE_WORDS, type ChangeNoun } from '../i18n/change-messages.js';
import type { Language } from '../model/policy-schema.js';
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
  /** The change in words, in the language asked for (English by default). */
  message: string;
  /** The same words in every language the engine speaks (the editor switches language without diffing again). */
  messages?: Record<Language, string>;
  /** Present (true) when the change cannot alter a decision: layout, labels, descriptions, order of unordered lists. */
  cosmetic?: true;
}

type Item = Record<string, unknown>;

export type Shape =
  /** A field compared as a whole; `bare` prints strings unquoted, `cosmetic` marks label-like fields. */
  | { is: 'value'; bare?: boolean; cosmetic?: boolean }
  | { is: 'condition' }
  /** An array whose order means nothing (band values, returned variables): reports members in and out. */
  | { is: 'set'; noun: ChangeNoun }
  | { is: 'object'; fields?: Record<string, Shape> }
  /**
   * An array of items. With `key`, items are matched by identity and moves are reported; without,
   * by position. `inline` items are named after the colon ("class B minimum score …").
   */
  | {
      is: 'list';
      key?: (item: Item) => string;
      phrase: (item: Item, index: number, language: Language) => string;
      /** What an added or removed item holds, for lists whose items have no name: "day 14, email". */
      summary?: (item: Item, language: Language) => string;
      inline?: boolean;
      orderMatters: boolean;
      item: Shape;
    }
  /** An object keyed by class ids or variable names; `noun` precedes the key ("class B", "fact x"). */
  | { is: 'record'; noun: ChangeNoun; item: Shape; valueWord?: ChangeNoun };

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
  /** The language the change is worded in. */
  language: Language;
}

const COSMETIC_FIELDS = new Set(['label', 'description']);

const isPlainObject = (v: unknown): v is Item => v !== null && typeof v === 'object' && !Array.isArray(v);

export function say(scope: Pick<Scope, 'head' | 'words' | 'language'>, what: string): string {
  const body = [...scope.words, what].filter((w) => w.length > 0).join(' ');
  const text = scope.head.length > 0 ? `${scope.head.join(', ')}${CHANGE_WORDS[scope.language].colon}${body}` : body;
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
  const { language } = scope;
  const w = CHANGE_WORDS[language];
  const cosmetic = scope.cosmetic || (shape.is === 'value' && shape.cosmetic === true);
  if (before === undefined) {
    const shown = shape.is === 'condition' ? shortCondition(after, language) : shortValue(after, bare, language);
    log.add(scope, 'added', shown !== null ? w.setTo(shown) : w.added, { after }, cosmetic);
    return;
  }
  if (after === undefined) {
    const shown = shape.is === 'condition' ? shortCondition(before, language) : shortValue(before, bare, language);
    log.add(scope, 'removed', shown !== null ? w.removedWas(shown) : w.removed, { before }, cosmetic);
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
      const b = shortCondition(before, language);
      const a = shortCondition(after, language);
      log.add(scope, 'changed', b !== null && a !== null ? `${b} → ${a}` : w.changed, { before, after }, cosmetic);
      return;
    }
    case 'value':
      break;
  }
  const b = shortValue(before, bare, language);
  const a = shortValue(after, bare, language);
  log.add(scope, 'changed', b !== null && a !== null ? `${b} → ${a}` : w.changed, { before, after }, cosmetic);
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
    compareValues(shape, b, a, child(scope, key, { words: container ? scope.words : [...scope.words, fieldWords(key, scope.language)] }), log);
  }
}

function compareRecords(shape: Extract<Shape, { is: 'record' }>, before: Item, after: Item, scope: Scope, log: ChangeLog): void {
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !Object.prototype.hasOwnProperty.call(after, k))];
  for (const key of keys) {
    const b = Object.prototype.hasOwnProperty.call(before, key) ? before[key] : undefined;
    const a = Object.prototype.hasOwnProperty.call(after, key) ? after[key] : undefined;
    const w = CHANGE_WORDS[scope.language];
    const words = [...scope.words, shape.noun ? `${w.noun(shape.noun)} ${key}` : key, ...(shape.valueWord ? [w.noun(shape.valueWord)] : [])];
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
    const phrase = shape.phrase(a[ai]!, ai, scope.language);
    const base: Scope = { ...scope, afterPath: `${scope.afterPath}/${ai}`, beforePath: `${scope.beforePath}/${bi}`, key: '' };
    return shape.inline ? { ...base, words: [...scope.words, phrase] } : { ...base, head: [...scope.head, phrase], words: [] };
  };
  const { language } = scope;
  const w = CHANGE_WORDS[language];
  const described = (item: Item, index: number) => `${shape.phrase(item, index, language)}${shape.summary ? ` (${shape.summary(item, language)})` : ''}`;
  const events: { order: number; run: () => void }[] = [];
  for (const bi of match.removed) {
    events.push({ order: bi, run: () => log.add(at(bi), 'removed', w.itemRemoved(described(b[bi]!, bi)), { before: before[bi] }) });
  }
  for (const ai of match.added) {
    events.push({ order: ai, run: () => log.add(at(ai), 'added', w.itemAdded(described(a[ai]!, ai)), { after: after[ai] }) });
  }
  const moved = new Set(match.moved.map(([, ai]) => ai));
  for (const [bi, ai] of match.pairs) {
    events.push({
      order: ai,
      run: () => {
        if (moved.has(ai)) {
          log.add(at(ai), 'changed', w.itemMoved(shape.phrase(a[ai]!, ai, language), bi + 1, ai + 1), { before: bi + 1, after: ai + 1 }, scope.cosmetic || !shape.orderMatters);
        }
        compareValues(shape.item, before[bi], after[ai], itemScope(bi, ai), log);
      },
    });
  }
  // Report in the order a reader meets the items in the new version; removed ones where they stood.
  events.sort((x, y) => x.order - y.order).forEach((e) => e.run());
}

function compareSets(noun: ChangeNoun, before: unknown[], after: unknown[], scope: Scope, log: ChangeLog): void {
  const w = CHANGE_WORDS[scope.language];
  const label = (v: unknown) => shortValue(v, true, scope.language) ?? JSON.stringify(v);
  before.forEach((v, bi) => {
    if (!after.some((w) => sameJson(v, w))) {
      log.add({ ...scope, beforePath: `${scope.beforePath}/${bi}` }, 'removed', w.itemRemoved(`${w.noun(noun)} ${label(v)}`), { before: v });
    }
  });
  after.forEach((v, ai) => {
    if (!before.some((w) => sameJson(v, w))) {
      log.add({ ...scope, afterPath: `${scope.afterPath}/${ai}` }, 'added', w.itemAdded(`${w.noun(noun)} ${label(v)}`), { after: v });
    }
  });
}
