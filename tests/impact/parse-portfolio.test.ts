/**
 * Portfolio parsing: typed cells, every bad row reported (row, line, column, message) and left out
 * while the others carry on; CSV, JSON array and NDJSON; the streaming form gives the same answer
 * whatever the chunk size.
 */
import { describe, expect, it } from 'vitest';
import {
  InputConflictError,
  parsePortfolio,
  parsePortfolioChunk,
  portfolioInputs,
  portfolioSummary,
  startPortfolioParse,
  type PortfolioBatch,
} from '../../engine/impact/index.js';
import { DECIMAL, parseNumberCell } from '../../engine/impact/portfolio-columns.js';
import { smallPolicy } from './small-policies.js';

const policy = smallPolicy();

// Line 1 is the header. Row 5 (c5) spans lines 6–7 (a quoted note with a newline), so row 6 is on line 8.
const CSV = [
  'customerId,rating,turnover,requestedAmount,outstanding,insured,sector,employees,notes',
  'c1,90,100000,15000,0,yes,low,12,fine',
  'c2,abc,200000,15000,12000,no,,,',
  'c3,65,-5,4000,3000,,,,',
  'c4,50,300000,,40000,,,,',
  'c5,"10",1e3,5000,800,TRUE,high,3,"multi',
  'line, quoted ""note"""',
  'c6,75,1000000,60000,lots,maybe,medium,2.5,',
  'c7, 85 ,40000,9000,6000.50,0,low,0,x',
  '',
  ',,,,,,,,',
  'c8,30,,1000,,1,,,',
].join('\n');

describe('parsePortfolio (CSV)', () => {
  const parsed = parsePortfolio(policy, CSV);

  it('keeps the good rows, typed', () => {
    expect(parsed.format).toBe('csv');
    expect(parsed.rows.map((r) => r.customerId)).toEqual(['c1', 'c5', 'c7', 'c8']);
    expect(parsed.rows[0]).toEqual({
      rowNumber: 1,
      line: 2,
      customerId: 'c1',
      outstanding: 0,
      requestedAmount: 15000,
      facts: { rating: 90, turnover: 100000, requestedAmount: 15000, insured: true, sector: 'low', employees: 12 },
    });
    expect(parsed.rows[1]).toMatchObject({ rowNumber: 5, line: 6, facts: { rating: 10, turnover: 1000, insured: true, sector: 'high', employees: 3 } });
    // Cells are trimmed; decimals kept; "0" is false.
    expect(parsed.rows[2]).toMatchObject({ rowNumber: 7, line: 9, outstanding: 6000.5, facts: { rating: 85, insured: false, employees: 0 } });
    // Empty cells are missing facts; a missing outstanding is 0. Blank lines are no records.
    expect(parsed.rows[3]).toEqual({ rowNumber: 8, line: 12, customerId: 'c8', outstanding: 0, requestedAmount: 1000, facts: { rating: 30, requestedAmount: 1000, insured: true } });
  });

  it('reports every problem of every bad row with row, line and column', () => {
    expect(parsed.errors).toEqual([
      { row: 2, line: 3, column: 'rating', message: '"abc" is not a number (use digits and a decimal point, e.g. 1250.50)' },
      { row: 3, line: 4, column: 'turnover', message: 'turnover must be ≥ 0' },
      { row: 4, line: 5, column: 'requestedAmount', message: 'requestedAmount is required' },
      { row: 6, line: 8, column: 'outstanding', message: '"lots" is not a number (use digits and a decimal point, e.g. 1250.50)' },
      { row: 6, line: 8, column: 'insured', message: '"maybe" is not a yes/no value (use true/false, 1/0 or yes/no)' },
      { row: 6, line: 8, column: 'employees', message: '"2.5" is not a whole number' },
      { row: 6, line: 8, column: 'sector', message: 'sector must be one of low, high' },
    ]);
    expect(parsed.recordCount).toBe(8);
    expect(parsed.rejectedCount).toBe(4);
    expect(parsed.errorCount).toBe(7);
  });

  it('warns about columns that are not inputs and ignores them', () => {
    expect(parsed.warnings).toEqual([{ row: 0, line: 1, column: 'notes', message: 'column "notes" is not an input of policy small-test: ignored' }]);
    expect(parsed.columns).toEqual(['customerId', 'rating', 'turnover', 'requestedAmount', 'outstanding', 'insured', 'sector', 'employees', 'notes']);
  });

  it('says once when a required input has no column, then refuses each row', () => {
    const result = parsePortfolio(policy, 'customerId,rating\nx,50\ny,60\n');
    expect(result.errors[0]).toEqual({ row: 0, line: 1, column: 'requestedAmount', message: 'required input "requestedAmount" has no column: every row will be refused' });
    expect(result.errors.slice(1)).toEqual([
      { row: 1, line: 2, column: 'requestedAmount', message: 'requestedAmount is required' },
      { row: 2, line: 3, column: 'requestedAmount', message: 'requestedAmount is required' },
    ]);
    expect(result.rows).toEqual([]);
  });

  it('caps the problems it keeps but counts them all', () => {
    const lines = ['rating,requestedAmount', ...Array.from({ length: 30 }, () => 'x,1')];
    const result = parsePortfolio(policy, lines.join('\n'), { maxErrors: 5 });
    expect(result.errors).toHaveLength(5);
    expect(result.errorCount).toBe(30);
    expect(result.rejectedCount).toBe(30);
  });

  it('numbers customers without an id, and warns about duplicate ids', () => {
    const result = parsePortfolio(policy, 'customerId,rating,requestedAmount\n,50,1\nk,60,1\nk,70,1\n');
    expect(result.rows.map((r) => r.customerId)).toEqual(['#1', 'k', 'k']);
    expect(result.warnings).toEqual([{ row: 3, line: 4, column: 'customerId', message: 'customer "k" appears more than once' }]);
  });

  it('reads semicolon files with CRLF line ends and a byte-order mark (spreadsheet exports)', () => {
    const result = parsePortfolio(policy, '\ufeffcustomerId;rating;requestedAmount\r\na;50;100\r\nb;60;200\r\n');
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.customerId, r.line, r.facts.rating])).toEqual([
      ['a', 2, 50],
      ['b', 3, 60],
    ]);
  });

  it('refuses comma decimals and other number spellings rather than guessing', () => {
    const result = parsePortfolio(policy, 'rating;requestedAmount\n12,5;100\n0x10;100\nInfinity;100\n');
    expect(result.rows).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual([
      '"12,5" is not a number (use digits and a decimal point, e.g. 1250.50)',
      '"0x10" is not a number (use digits and a decimal point, e.g. 1250.50)',
      '"Infinity" is not a number (use digits and a decimal point, e.g. 1250.50)',
    ]);
  });

  it('reports a quote that never closes instead of reading the rest as one cell', () => {
    const result = parsePortfolio(policy, 'customerId,rating,requestedAmount\na,50,1\n"b,60,1\nc,70,1\n');
    expect(result.rows.map((r) => r.customerId)).toEqual(['a']);
    expect(result.errors).toEqual([{ row: 0, line: 3, column: null, message: 'a quoted cell opened on line 3 is never closed: the rest of the file was not read' }]);
    expect(result.rejectedCount).toBe(1);
  });

  it('reports a row with more cells than the header', () => {
    const result = parsePortfolio(policy, 'rating,requestedAmount\n50,100,extra\n50,100,\n');
    expect(result.errors).toEqual([{ row: 1, line: 2, column: null, message: 'has 3 cells but the header has 2 columns' }]);
    expect(result.rows).toHaveLength(1); // a trailing empty cell is harmless
  });

  it('keeps requestedAmount and outstanding as bookkeeping columns when the policy does not declare them', () => {
    const noRequest = { ...policy, inputs: policy.inputs.filter((i) => i.name !== 'requestedAmount') };
    const result = parsePortfolio(noRequest, 'customerId,rating,requestedAmount,outstanding\na,50,2500,100\nb,50,-1,\n');
    expect(result.rows).toEqual([{ rowNumber: 1, line: 2, customerId: 'a', outstanding: 100, requestedAmount: 2500, facts: { rating: 50 } }]);
    expect(result.errors).toEqual([{ row: 2, line: 3, column: 'requestedAmount', message: 'requestedAmount -1 is negative' }]);
  });
});

describe('bookkeeping columns declared as inputs', () => {
  it('takes outstanding from the fact when the policy declares it', () => {
    const withOutstanding = { ...policy, inputs: [...policy.inputs, { name: 'outstanding', type: 'number' as const, min: 0, required: false }] };
    const csv = parsePortfolio(withOutstanding, 'rating,requestedAmount,outstanding\n50,1,2500\n50,1,\n');
    expect(csv.rows.map((r) => [r.outstanding, r.facts.outstanding])).toEqual([
      [2500, 2500],
      [0, undefined],
    ]);
    const json = parsePortfolio(withOutstanding, '[{"rating":50,"requestedAmount":1,"outstanding":700}]');
    expect(json.rows[0]).toMatchObject({ outstanding: 700, facts: { outstanding: 700 } });
  });
});

describe('parsePortfolio (JSON and NDJSON)', () => {
  it('reads a JSON array; null is missing; non-objects and bad facts are reported by row', () => {
    const text = JSON.stringify([
      { customerId: 'j1', rating: 90, requestedAmount: 1000, turnover: null, outstanding: 10 },
      'not a customer',
      { customerId: 7, rating: '90', requestedAmount: 1000, colour: 'red' },
      { rating: 40, requestedAmount: 500, sector: 'low' },
    ]);
    const result = parsePortfolio(policy, text);
    expect(result.format).toBe('json');
    expect(result.rows).toEqual([
      { rowNumber: 1, customerId: 'j1', outstanding: 10, requestedAmount: 1000, facts: { rating: 90, requestedAmount: 1000 } },
      { rowNumber: 4, customerId: '#4', outstanding: 0, requestedAmount: 500, facts: { rating: 40, requestedAmount: 500, sector: 'low' } },
    ]);
    expect(result.errors).toEqual([
      { row: 2, column: null, message: 'a customer must be a JSON object' },
      { row: 3, column: 'rating', message: 'rating must be a number' },
    ]);
    expect(result.warnings).toEqual([{ row: 3, column: 'colour', message: 'field "colour" is not an input of policy small-test: ignored' }]);
  });

  it('reports a file that is not JSON at all', () => {
    const result = parsePortfolio(policy, '[{"rating": 1,', { format: 'json' });
    expect(result.rows).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 0, column: null });
    expect(result.errors[0].message).toMatch(/^not valid JSON/);
  });

  it('reads NDJSON line by line; a broken line is one bad row', () => {
    const text = ['{"customerId":"n1","rating":90,"requestedAmount":1}', '', '{"customerId":"n2","rating":', '{"customerId":"n3","rating":20,"requestedAmount":2}'].join('\n');
    const result = parsePortfolio(policy, text);
    expect(result.format).toBe('ndjson');
    expect(result.rows.map((r) => [r.customerId, r.rowNumber, r.line])).toEqual([
      ['n1', 1, 1],
      ['n3', 3, 4],
    ]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 2, line: 3, column: null });
  });
});

describe('parsePortfolioChunk (streaming)', () => {
  function streamed(text: string, size: number) {
    const state = startPortfolioParse(policy);
    const batches: PortfolioBatch[] = [];
    for (let i = 0; i < text.length; i += size) batches.push(parsePortfolioChunk(state, text.slice(i, i + size)));
    batches.push(parsePortfolioChunk(state, '', { last: true }));
    return {
      rows: batches.flatMap((b) => b.rows),
      errors: batches.flatMap((b) => b.errors),
      warnings: batches.flatMap((b) => b.warnings),
      ...portfolioSummary(state),
    };
  }

  const ndjson = ['{"customerId":"n1","rating":90,"requestedAmount":1}', '{"customerId":"n2","rating":"x"}', '{"customerId":"n3","rating":20,"requestedAmount":2}', ''].join('\n');
  const crlf = '\ufeffcustomerId;rating;requestedAmount;insured\r\na;50;100;"y\r\nes"\r\nb;60;200;no\r\n';

  it.each([1, 2, 3, 7, 64, 100_000])('gives the one-shot answer with chunks of %i characters', (size) => {
    const unclosed = 'customerId,rating,requestedAmount\na,50,1\n"b,60,1\nc,70,1\n';
    for (const text of [CSV, ndjson, crlf, unclosed, JSON.stringify([{ rating: 1, requestedAmount: 1 }, { rating: 'x' }])]) {
      const { rows, errors, warnings, ...summary } = streamed(text, size);
      const whole = parsePortfolio(policy, text);
      expect({ rows, errors, warnings, ...summary }).toEqual(whole);
    }
  });

  it('returns rows while the file is still arriving', () => {
    const state = startPortfolioParse(policy);
    expect(parsePortfolioChunk(state, 'customerId,rating,requestedAmount\na,5').rows).toEqual([]);
    const batch = parsePortfolioChunk(state, '0,100\nb,60');
    expect(batch.rows.map((r) => r.facts.rating)).toEqual([50]);
    expect(parsePortfolioChunk(state, ',200', { last: true }).rows.map((r) => r.customerId)).toEqual(['b']);
    expect(() => parsePortfolioChunk(state, 'more')).toThrow(/last chunk/);
  });
});

describe('portfolioInputs (one portfolio for two versions)', () => {
  it('checks each row against both versions: added inputs, narrower ranges, common enum values', () => {
    const a = smallPolicy();
    const b = smallPolicy();
    b.inputs = b.inputs.map((i) => (i.name === 'turnover' ? { ...i, max: 1_000_000 } : i.name === 'sector' ? { ...i, values: ['high', 'other'] } : i));
    b.inputs.push({ name: 'region', type: 'enum', values: ['north', 'south'], required: true });
    const both = portfolioInputs(a, b);
    const result = parsePortfolio(both, 'customerId,rating,requestedAmount,turnover,sector,region\nx,50,1,2000000,,north\ny,50,1,100,low,south\nz,50,1,100,high,\nw,50,1,100,high,south\n');
    expect(result.rows.map((r) => r.customerId)).toEqual(['w']);
    expect(result.errors).toEqual([
      { row: 1, line: 2, column: 'turnover', message: 'turnover must be ≤ 1000000' },
      { row: 2, line: 3, column: 'sector', message: 'sector must be one of high' },
      { row: 3, line: 4, column: 'region', message: 'region is required' },
    ]);
    expect(portfolioInputs(a, a)).toBe(a);
    const clash = smallPolicy();
    clash.inputs = clash.inputs.map((i) => (i.name === 'insured' ? { ...i, type: 'number' as const } : i));
    expect(() => portfolioInputs(a, clash)).toThrow(InputConflictError);
    expect(() => portfolioInputs(a, clash)).toThrow('input "insured" is a boolean in small-test and a number in small-test: one portfolio cannot feed both');
  });
});

describe('number cells', () => {
  it('accept exactly the plain decimal notation', () => {
    const cases = ['0', '12', '-3', '+4', '1.', '.5', '-.5', '1.25', '1e6', '1E-3', '2.5e+2', ' 7 ', '', '.', '-', '+.', 'e5', '1e', '1e+', '1.2.3', '12,5', '0x10', 'Infinity', 'NaN', '1 000', '١٢'];
    for (const text of cases) {
      const result = parseNumberCell(text);
      const trimmed = text.trim();
      if (trimmed === '') expect(result).toEqual({ ok: true, value: undefined });
      else if (DECIMAL.test(trimmed)) expect(result, text).toEqual({ ok: true, value: Number(trimmed) });
      else expect(result.ok, text).toBe(false);
    }
  });
});
