/** Numbers as people type them (both languages), spreadsheet cells read per column, and the workspace's key table. */
import { describe, expect, it } from 'vitest';
import { formatGrouped, parseLocaleNumber } from '../../editor/src/components/form/locale-number.js';
import { parseCell } from '../../editor/src/components/form/GridTable.js';
import { chordOf, KEY_ACTIONS } from '../../editor/src/app/workspace/key-actions.js';

describe('locale numbers', () => {
  it('shows whole numbers with the language’s thousands separators', () => {
    expect(formatGrouped('en', 100000)).toBe('100,000');
    expect(formatGrouped('fr', 100000)).toBe('100\u202f000');
    expect(formatGrouped('en', 0.35)).toBe('0.35');
  });
  it('reads what is typed or pasted, with or without separators', () => {
    expect(parseLocaleNumber('en', '30,000')).toBe(30000);
    expect(parseLocaleNumber('en', '1,234.5')).toBe(1234.5);
    expect(parseLocaleNumber('fr', '30 000')).toBe(30000);
    expect(parseLocaleNumber('fr', '30\u202f000')).toBe(30000);
    expect(parseLocaleNumber('fr', '0,35')).toBe(0.35);
    expect(parseLocaleNumber('fr', '1.234,5')).toBe(1234.5);
    expect(parseLocaleNumber('en', '')).toBeNull();
    expect(parseLocaleNumber('en', 'abc')).toBeNull();
    expect(parseLocaleNumber('en', '12abc')).toBeNull();
  });
  it('a pasted cell becomes the column’s value, or leaves the cell alone', () => {
    expect(parseCell({ kind: 'number', nullable: true }, '∞', 'en')).toBeNull();
    expect(parseCell({ kind: 'number' }, '', 'en')).toBeUndefined();
    expect(parseCell({ kind: 'number', integer: true }, '14.6', 'en')).toBe(15);
    expect(parseCell({ kind: 'select', options: [{ value: 'email', label: 'E-mail' }] }, 'e-mail', 'en')).toBe('email');
    expect(parseCell({ kind: 'select', options: [{ value: 'email', label: 'E-mail' }] }, 'fax', 'en')).toBeUndefined();
    expect(parseCell({ kind: 'text' }, ' Credit analyst ', 'en')).toBe('Credit analyst');
  });
});

describe('key actions', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it('names chords the way the table does', () => {
    expect(chordOf(key('z', { ctrlKey: true }))).toBe('Mod+Z');
    expect(chordOf(key('Z', { metaKey: true, shiftKey: true }))).toBe('Mod+Shift+Z');
    expect(chordOf(key('z'))).toBeNull();
  });
  it('every chord does one thing', () => {
    const chords = KEY_ACTIONS.flatMap((a) => a.keys);
    expect(new Set(chords).size).toBe(chords.length);
    expect(KEY_ACTIONS.find((a) => a.keys.includes('Mod+Shift+Z'))?.id).toBe('redo');
  });
});
