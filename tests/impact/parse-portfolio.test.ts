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
import { smallPolicy, withEmployees } from '../support/small-policy.js';

// The small policy with an integer input (tests/support/small-policy.ts: `withEmployees`). Its six
// required inputs: yearsInBusiness, sector, insolvencyProceedings, tangibleNetWorth, annualTurnover,
// requestedAmount; REST and REST_CELLS fill the four a test is not about.
const policy = withEmployees(smallPolicy());
const REST = 'sector,insolvencyProceedings,tangibleNetWorth,annualTurnover';
const REST_CELLS = 'retail,false,1000,2000';
const REST_FACTS = { sector: 'retail', insolvencyProceedings: false, tangibleNetWorth: 1000, annualTurnover: 2000 };

// Line 1 is the header. Row 5 (c5) spans lines 6–7 (a quoted note with a newline), so row 6 is on line 8.
const CSV = [
  'customerId,yearsInBusiness,annualTurnover,requestedAmount,outstanding,insolvencyProceedings,sector,employees,tangibleNetWorth,notes',
  'c1,12,100000,15000,0,yes,retail,12,50000,fine',
  'c2,abc,200000,15000,12000,no,industry,,80000,',
  'c3,6,-5,4000,3000,no,industry,,80000,',
  'c4,5,300000,,40000,no,services,,80000,',
  'c5,"10",1e3,5000,800,TRUE,services,3,-1500,"multi',
  'line, quoted ""note"""',
  'c6,7,1000000,60000,lots,maybe,mining,2.5,80000,',
  'c7, 15 ,40000,9000,6000.50,0,retail,0,60000,x',
  '',
  ',,,,,,,,,',
  'c8,3,20000,1000,,1,industry,,0,',
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
      facts: { yearsInBusiness: 12, annualTurnover: 100000, requestedAmount: 15000, insolvencyProceedings: true, sector: 'retail', employees: 12, tangibleNetWorth: 50000 },
    });
    // A quoted number is a number; 1e3 is 1,000; TRUE is true; the net worth has no minimum.
    expect(parsed.rows[1]).toMatchObject({ rowNumber: 5, line: 6, facts: { yearsInBusiness: 10, annualTurnover: 1000, insolvencyProceedings: true, sector: 'services', employees: 3, tangibleNetWorth: -1500 } });
    // Cells are trimmed; decimals kept; "0" is false.
    expect(parsed.rows[2]).toMatchObject({ rowNumber: 7, line: 9, outstanding: 6000.5, facts: { yearsInBusiness: 15, insolvencyProceedings: false, employees: 0 } });
    // Empty cells are missing facts (employees here); a missing outstanding is 0. Blank lines are no records.
    expect(parsed.rows[3]).toEqual({
      rowNumber: 8,
      line: 12,
      customerId: 'c8',
      outstanding: 0,
      requestedAmount: 1000,
      facts: { yearsInBusiness: 3, annualTurnover: 20000, requestedAmount: 1000, insolvencyProceedings: true, sector: 'industry', tangibleNetWorth: 0 },
    });
  });

  it('reports every problem of every bad row with row, line and column', () => {
    expect(parsed.errors).toEqual([
      { row: 2, line: 3, column: 'yearsInBusiness', message: '"abc" is not a number (use digits and a decimal point, e.g. 1250.50)' },
      { row: 3, line: 4, column: 'annualTurnover', message: 'annualTurnover must be ≥ 0' },
      { row: 4, line: 5, column: 'requestedAmount', message: 'requestedAmount is required' },
      // Cells that do not convert first, in column order; then what checkFacts finds in the rest.
      { row: 6, line: 8, column: 'outstanding', message: '"lots" is not a number (use digits and a decimal point, e.g. 1250.50)' },
      { row: 6, line: 8, column: 'insolvencyProceedings', message: '"maybe" is not a yes/no value (use true/false, 1/0 or yes/no)' },
      { row: 6, line: 8, column: 'employees', message: '"2.5" is not a whole number' },
      { row: 6, line: 8, column: 'sector', message: 'sector must be one of retail, industry, services' },
    ]);
    expect(parsed.recordCount).toBe(8);
    expect(parsed.rejectedCount).toBe(4);
    expect(parsed.errorCount).toBe(7);
  });

  it('warns about columns that are not inputs and ignores them', () => {
    expect(parsed.warnings).toEqual([{ row: 0, line: 1, column: 'notes', message: 'column "notes" is not an input of policy small-policy: ignored' }]);
    expect(parsed.columns).toEqual(['customerId', 'yearsInBusiness', 'annualTurnover', 'requestedAmount', 'outstanding', 'insolvencyProceedings', 'sector', 'employees', 'tangibleNetWorth', 'notes']);
  });

  it('says once when a required input has no column, then refuses each row', () => {
    const result = parsePortfolio(policy, `customerId,yearsInBusiness,${REST}\nx,5,${REST_CELLS}\ny,6,${REST_CELLS}\n`);
    expect(result.errors[0]).toEqual({ row: 0, line: 1, column: 'requestedAmount', message: 'required input "requestedAmount" has no column: every row will be refused' });
    expect(result.errors.slice(1)).toEqual([
      { row: 1, line: 2, column: 'requestedAmount', message: 'requestedAmount is required' },
      { row: 2, line: 3, column: 'requestedAmount', message: 'requestedAmount is required' },
    ]);
    expect(result.rows).toEqual([]);
  });

  it('caps the problems it keeps but counts them all', () => {
    const lines = [`yearsInBusiness,requestedAmount,${REST}`, ...Array.from({ length: 30 }, () => `x,1,${REST_CELLS}`)];
    const result = parsePortfolio(policy, lines.join('\n'), { maxErrors: 5 });
    expect(result.errors).toHaveLength(5);
    expect(result.errorCount).toBe(30);
    expect(result.rejectedCount).toBe(30);
  });

  it('numbers customers without an id, and warns about duplicate ids', () => {
    const result = parsePortfolio(policy, `customerId,yearsInBusiness,requestedAmount,${REST}\n,5,1,${REST_CELLS}\nk,6,1,${REST_CELLS}\nk,7,1,${REST_CELLS}\n`);
    expect(result.rows.map((r) => r.customerId)).toEqual(['#1', 'k', 'k']);
    expect(result.warnings).toEqual([{ row: 3, line: 4, column: 'customerId', message: 'customer "k" appears more than once' }]);
  });

  it('warns about a duplicate id that comes after ids in increasing order (sorted exports are read without the id set until then)', () => {
    const ids = ['a1', 'a2', 'b', 'a2', 'c', 'a1', 'c', 'd'];
    const csv = `customerId,yearsInBusiness,requestedAmount,${REST}\n${ids.map((id, i) => `${id},${i},1,${REST_CELLS}`).join('\n')}\n`;
    for (const piece of [csv.length, 7]) {
      const state = startPortfolioParse(policy);
      const warnings: PortfolioBatch['warnings'] = [];
      for (let at = 0; at < csv.length; at += piece) warnings.push(...parsePortfolioChunk(state, csv.slice(at, at + piece), { last: at + piece >= csv.length }).warnings);
      expect(warnings.map((w) => [w.row, w.message])).toEqual([
        [4, 'customer "a2" appears more than once'],
        [6, 'customer "a1" appears more than once'],
        [7, 'customer "c" appears more than once'],
      ]);
    }
    // Equal ids in a row are not "increasing".
    expect(parsePortfolio(policy, `customerId,yearsInBusiness,requestedAmount,${REST}\nk,1,1,${REST_CELLS}\nk,2,1,${REST_CELLS}\n`).warnings).toHaveLength(1);
  });

  it('reads semicolon files with CRLF line ends and a byte-order mark (spreadsheet exports)', () => {
    const rest = REST.replaceAll(',', ';');
    const cells = REST_CELLS.replaceAll(',', ';');
    const result = parsePortfolio(policy, `\ufeffcustomerId;yearsInBusiness;requestedAmount;${rest}\r\na;5;100;${cells}\r\nb;6;200;${cells}\r\n`);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.customerId, r.line, r.facts.yearsInBusiness, r.facts.annualTurnover])).toEqual([
      ['a', 2, 5, 2000],
      ['b', 3, 6, 2000],
    ]);
  });

  it('refuses comma decimals and other number spellings rather than guessing', () => {
    const rest = REST.replaceAll(',', ';');
    const cells = REST_CELLS.replaceAll(',', ';');
    const result = parsePortfolio(policy, `yearsInBusiness;requestedAmount;${rest}\n12,5;100;${cells}\n0x10;100;${cells}\nInfinity;100;${cells}\n`);
    expect(result.rows).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual([
      '"12,5" is not a number (use digits and a decimal point, e.g. 1250.50)',
      '"0x10" is not a number (use digits and a decimal point, e.g. 1250.50)',
      '"Infinity" is not a number (use digits and a decimal point, e.g. 1250.50)',
    ]);
  });

  it('reports a quote that never closes instead of reading the rest as one cell', () => {
    const result = parsePortfolio(policy, `customerId,yearsInBusiness,requestedAmount,${REST}\na,5,1,${REST_CELLS}\n"b,6,1,${REST_CELLS}\nc,7,1,${REST_CELLS}\n`);
    expect(result.rows.map((r) => r.customerId)).toEqual(['a']);
    expect(result.errors).toEqual([{ row: 0, line: 3, column: null, message: 'a quoted cell opened on line 3 is never closed: the rest of the file was not read' }]);
    expect(result.rejectedCount).toBe(1);
  });

  it('reports a row with more cells than the header', () => {
    const result = parsePortfolio(policy, `yearsInBusiness,requestedAmount,${REST}\n5,100,${REST_CELLS},extra\n5,100,${REST_CELLS},\n`);
    // 2 + 4 columns in the header; the first row has those 6 cells and one more.
    expect(result.errors).toEqual([{ row: 1, line: 2, column: null, message: 'has 7 cells but the header has 6 columns' }]);
    expect(result.rows).toHaveLength(1); // a trailing empty cell is harmless
  });

  it('keeps requestedAmount and outstanding as bookkeeping columns when the policy does not declare them', () => {
    const noRequest = { ...policy, inputs: policy.inputs.filter((i) => i.name !== 'requestedAmount') };
    const result = parsePortfolio(noRequest, `customerId,yearsInBusiness,requestedAmount,outstanding,${REST}\na,5,2500,100,${REST_CELLS}\nb,5,-1,,${REST_CELLS}\n`);
    expect(result.rows).toEqual([{ rowNumber: 1, line: 2, customerId: 'a', outstanding: 100, requestedAmount: 2500, facts: { yearsInBusiness: 5, ...REST_FACTS } }]);
    expect(result.errors).toEqual([{ row: 2, line: 3, column: 'requestedAmount', message: 'requestedAmount -1 is negative' }]);
  });
});

describe('bookkeeping columns declared as inputs', () => {
  it('takes outstanding from the fact when the policy declares it', () => {
    const withOutstanding = { ...policy, inputs: [...policy.inputs, { name: 'outstanding', type: 'number' as const, min: 0, required: false }] };
    const csv = parsePortfolio(withOutstanding, `yearsInBusiness,requestedAmount,outstanding,${REST}\n5,1,2500,${REST_CELLS}\n5,1,,${REST_CELLS}\n`);
    expect(csv.rows.map((r) => [r.outstanding, r.facts.outstanding])).toEqual([
      [2500, 2500],
      [0, undefined],
    ]);
    const json = parsePortfolio(withOutstanding, JSON.stringify([{ yearsInBusiness: 5, requestedAmount: 1, outstanding: 700, ...REST_FACTS }]));
    expect(json.rows[0]).toMatchObject({ outstanding: 700, facts: { outstanding: 700 } });
  });
});

describe('parsePortfolio (JSON and NDJSON)', () => {
  it('reads a JSON array; null is missing; non-objects and bad facts are reported by row', () => {
    const text = JSON.stringify([
      { customerId: 'j1', yearsInBusiness: 12, requestedAmount: 1000, insurerCover: null, outstanding: 10, ...REST_FACTS },
      'not a customer',
      { customerId: 7, yearsInBusiness: '12', requestedAmount: 1000, colour: 'red', ...REST_FACTS },
      { yearsInBusiness: 4, requestedAmount: 500, ...REST_FACTS, sector: 'industry' },
    ]);
    const result = parsePortfolio(policy, text);
    expect(result.format).toBe('json');
    expect(result.rows).toEqual([
      // insurerCover: null is a missing fact.
      { rowNumber: 1, customerId: 'j1', outstanding: 10, requestedAmount: 1000, facts: { yearsInBusiness: 12, requestedAmount: 1000, ...REST_FACTS } },
      { rowNumber: 4, customerId: '#4', outstanding: 0, requestedAmount: 500, facts: { yearsInBusiness: 4, requestedAmount: 500, ...REST_FACTS, sector: 'industry' } },
    ]);
    expect(result.errors).toEqual([
      { row: 2, column: null, message: 'a customer must be a JSON object' },
      { row: 3, column: 'yearsInBusiness', message: 'yearsInBusiness must be a number' },
    ]);
    expect(result.warnings).toEqual([{ row: 3, column: 'colour', message: 'field "colour" is not an input of policy small-policy: ignored' }]);
  });

  it('reports a file that is not JSON at all', () => {
    const result = parsePortfolio(policy, '[{"yearsInBusiness": 1,', { format: 'json' });
    expect(result.rows).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 0, column: null });
    expect(result.errors[0].message).toMatch(/^not valid JSON/);
  });

  it('reads NDJSON line by line; a broken line is one bad row', () => {
    const n1 = JSON.stringify({ customerId: 'n1', yearsInBusiness: 12, requestedAmount: 1, ...REST_FACTS });
    const n3 = JSON.stringify({ customerId: 'n3', yearsInBusiness: 2, requestedAmount: 2, ...REST_FACTS });
    const text = [n1, '', '{"customerId":"n2","yearsInBusiness":', n3].join('\n');
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

  const ndjson = [
    JSON.stringify({ customerId: 'n1', yearsInBusiness: 12, requestedAmount: 1, ...REST_FACTS }),
    '{"customerId":"n2","yearsInBusiness":"x"}',
    JSON.stringify({ customerId: 'n3', yearsInBusiness: 2, requestedAmount: 2, ...REST_FACTS }),
    '',
  ].join('\n');
  const crlf = `\ufeffcustomerId;yearsInBusiness;requestedAmount;${REST.replaceAll(',', ';')}\r\na;5;100;retail;"y\r\nes";1000;2000\r\nb;6;200;industry;no;1000;2000\r\n`;

  it.each([1, 2, 3, 7, 64, 100_000])('gives the one-shot answer with chunks of %i characters', (size) => {
    const unclosed = `customerId,yearsInBusiness,requestedAmount,${REST}\na,5,1,${REST_CELLS}\n"b,6,1,${REST_CELLS}\nc,7,1,${REST_CELLS}\n`;
    for (const text of [CSV, ndjson, crlf, unclosed, JSON.stringify([{ yearsInBusiness: 1, requestedAmount: 1, ...REST_FACTS }, { yearsInBusiness: 'x' }])]) {
      const { rows, errors, warnings, ...summary } = streamed(text, size);
      const whole = parsePortfolio(policy, text);
      expect({ rows, errors, warnings, ...summary }).toEqual(whole);
    }
  });

  it('returns rows while the file is still arriving', () => {
    const state = startPortfolioParse(policy);
    expect(parsePortfolioChunk(state, `customerId,${REST},requestedAmount,yearsInBusiness\na,${REST_CELLS},100,1`).rows).toEqual([]);
    const batch = parsePortfolioChunk(state, `2\nb,${REST_CELLS},200,1`);
    expect(batch.rows.map((r) => r.facts.yearsInBusiness)).toEqual([12]); // "1" then "2": row a is complete only now
    expect(parsePortfolioChunk(state, '5', { last: true }).rows.map((r) => [r.customerId, r.facts.yearsInBusiness])).toEqual([['b', 15]]);
    expect(() => parsePortfolioChunk(state, 'more')).toThrow(/last chunk/);
  });
});

describe('portfolioInputs (one portfolio for two versions)', () => {
  it('checks each row against both versions: added inputs, narrower ranges, common enum values', () => {
    const a = smallPolicy();
    const b = smallPolicy();
    b.inputs = b.inputs.map((i) => (i.name === 'annualTurnover' ? { ...i, max: 1_000_000 } : i.name === 'sector' ? { ...i, values: ['industry', 'other'] } : i));
    b.inputs.push({ name: 'region', type: 'enum', values: ['north', 'south'], required: true });
    const both = portfolioInputs(a, b);
    const header = 'customerId,yearsInBusiness,requestedAmount,annualTurnover,sector,region,insolvencyProceedings,tangibleNetWorth';
    const result = parsePortfolio(both, `${header}\nx,5,1,2000000,industry,north,false,1000\ny,5,1,100,retail,south,false,1000\nz,5,1,100,industry,,false,1000\nw,5,1,100,industry,south,false,1000\n`);
    expect(result.rows.map((r) => r.customerId)).toEqual(['w']);
    expect(result.errors).toEqual([
      { row: 1, line: 2, column: 'annualTurnover', message: 'annualTurnover must be ≤ 1000000' },
      { row: 2, line: 3, column: 'sector', message: 'sector must be one of industry' }, // retail, industry, services ∩ industry, other
      { row: 3, line: 4, column: 'region', message: 'region is required' },
    ]);
    expect(portfolioInputs(a, a)).toBe(a);
    const clash = smallPolicy();
    clash.inputs = clash.inputs.map((i) => (i.name === 'insolvencyProceedings' ? { ...i, type: 'number' as const } : i));
    expect(() => portfolioInputs(a, clash)).toThrow(InputConflictError);
    expect(() => portfolioInputs(a, clash)).toThrow('input "insolvencyProceedings" is a boolean in small-policy and a number in small-policy: one portfolio cannot feed both');
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
