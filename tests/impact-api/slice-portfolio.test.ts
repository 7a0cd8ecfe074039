/** Cutting an upload into slices of whole records, for the workers (api/impact/slice-portfolio.ts). */
import { describe, expect, it } from 'vitest';
import { guessFormat, slicePortfolio } from '../../api/impact/slice-portfolio.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('slicePortfolio', () => {
  it('cuts a CSV at record ends outside quotes, keeps the header aside and says where each slice starts', async () => {
    // Record 2 holds a quoted newline: it spans lines 3–4 and must not be cut.
    const csv = 'id,note\n1,a\n2,"two\nlines"\n3,c\n\n4,d\n5,é\n6,f\n';
    const sliced = await slicePortfolio(bytes(csv), 'csv', 3, 2);
    expect(sliced.header).toBe('id,note');
    expect(sliced.estimatedRecords).toBe(6); // the blank line is no record
    expect(sliced.slices.map((s) => text(s.bytes)).join('')).toBe(csv);
    for (const s of sliced.slices.slice(0, -1)) expect(text(s.bytes).endsWith('\n')).toBe(true);
    expect(sliced.slices.map((s) => s.firstLine)).toEqual(sliced.slices.map((s, k) => (k === 0 ? 1 : csv.slice(0, csv.indexOf(text(s.bytes))).split('\n').length)));
    expect(sliced.slices.some((s) => text(s.bytes).startsWith('lines'))).toBe(false);
    expect(sliced.slices.length).toBe(3);
  });

  it('keeps one slice for small files, JSON arrays, and one part', async () => {
    expect((await slicePortfolio(bytes('a\n1\n2\n'), 'csv', 4)).slices).toHaveLength(1); // under 1,000 records a slice
    expect((await slicePortfolio(bytes('[{"a":1},{"a":2}]'), 'json', 4, 1)).slices).toHaveLength(1);
    expect((await slicePortfolio(bytes('{"a":1}\n{"a":2}\n{"a":3}\n'), 'ndjson', 1, 1)).slices).toHaveLength(1);
    const nd = await slicePortfolio(bytes('{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n'), 'ndjson', 2, 1);
    expect(nd.header).toBeNull();
    expect(nd.slices.map((s) => [text(s.bytes), s.firstLine])).toEqual([
      ['{"a":1}\n{"a":2}\n', 1],
      ['{"a":3}\n{"a":4}\n', 3],
    ]);
  });

  it('guesses the format from the first character, past a byte-order mark', () => {
    expect(guessFormat(bytes('\uFEFF  [{}]'))).toBe('json');
    expect(guessFormat(bytes('{"a":1}'))).toBe('ndjson');
    expect(guessFormat(bytes('id,a'))).toBe('csv');
  });
});
