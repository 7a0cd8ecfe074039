/**
 * `creditgraph simulate` on a file cut into chunks for worker threads gives exactly what one pass
 * over the whole file gives: every table, the top changes, and every bad row's problems with its
 * row and line, including records that span lines and chunk boundaries. Small chunks force many
 * cuts; the seed is printed and can be given in CG_SEED.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulatePortfolioFile } from '../../bin/simulate-portfolio-file.js';
import { compilePolicy } from '../../engine/index.js';
import { impactSummary, impactToCsv, parsePortfolio, portfolioInputs, simulateImpact } from '../../engine/impact/index.js';
import { generatePortfolioCsv } from '../../rulesets/portfolios/synthetic-customers.js';
import { shiftedClassThresholds, smallPolicy } from '../support/small-policy.js';

const seed = Number(process.env.CG_SEED ?? Date.now() % 100_000);
console.log(`simulate-large-file seed: ${seed} (set CG_SEED to replay)`);

const dir = mkdtempSync(join(tmpdir(), 'creditgraph-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const docA = smallPolicy();
const docB = shiftedClassThresholds(docA);
const a = compilePolicy(docA);
const b = compilePolicy(docB);
const inputs = portfolioInputs(docA, docB);

/**
 * A generated portfolio with, every ~97 records, a bad cell, a quoted multi-line note or a blank line.
 * The generator's columns for the small policy: customerId, outstanding, yearsInBusiness, … so the
 * bad cell is the years in business.
 */
function portfolio(rows: number): string {
  const lines = generatePortfolioCsv(docA, { rows, seed }).split('\n');
  lines[0] += ',notes';
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    if (i % 97 === 0) lines[i] = lines[i].replace(/^([^,]*),([^,]*),([^,]*)/, '$1,$2,oops') + ',';
    else if (i % 89 === 0) lines[i] += ',"a note\non two lines, with ""quotes"""';
    else if (i % 83 === 0) lines[i] += ',\n';
    else lines[i] += ',';
  }
  return lines.join('\n');
}

describe('a portfolio file simulated in chunks by worker threads', () => {
  const text = portfolio(6000);
  const path = join(dir, 'portfolio.csv');
  writeFileSync(path, text);
  const onePass = parsePortfolio(inputs, text);
  const expected = simulateImpact(a, b, onePass.rows, { keepCustomers: true });

  it('adds up to the one-pass result, problems and per-customer lines included', async () => {
    expect(onePass.errorCount).toBeGreaterThan(0);
    const got = await simulatePortfolioFile(a, b, inputs, path, { keepCustomers: true, workers: 2, chunkBytes: 16 * 1024 });
    expect(got.workers).toBe(2);
    expect(got.recordCount).toBe(onePass.recordCount);
    expect(got.rejectedCount).toBe(onePass.rejectedCount);
    expect(got.errorCount).toBe(onePass.errorCount);
    expect(got.errors).toEqual(onePass.errors);
    expect(got.warnings).toEqual(onePass.warnings);
    expect(impactSummary(got.result)).toEqual(impactSummary(expected));
    expect(impactToCsv(got.result)).toBe(impactToCsv(expected));
  }, 120_000);

  it('a file of one chunk is done in this thread, with the same answer', async () => {
    const got = await simulatePortfolioFile(a, b, inputs, path, { keepCustomers: false });
    expect(got.workers).toBe(0);
    expect(got.errors).toEqual(onePass.errors);
    expect(impactSummary(got.result)).toEqual(impactSummary(expected));
  });

  it('a file ending inside an unclosed quote reports it once, like the one-pass parse', async () => {
    const broken = `${text.trimEnd()}\nX9,1,"never closed,1\n`;
    const brokenPath = join(dir, 'broken.csv');
    writeFileSync(brokenPath, broken);
    const whole = parsePortfolio(inputs, broken);
    const got = await simulatePortfolioFile(a, b, inputs, brokenPath, { keepCustomers: false, workers: 2, chunkBytes: 16 * 1024 });
    expect(got.errors).toEqual(whole.errors);
    expect(got.recordCount).toBe(whole.recordCount);
  }, 120_000);
});

describe('a portfolio without a required column', () => {
  it('says so once, not once per chunk', async () => {
    const original = generatePortfolioCsv(docA, { rows: 3000, seed });
    const text = original.replace(/^customerId,outstanding,yearsInBusiness,/, 'customerId,outstanding,seniority,');
    expect(text).not.toBe(original); // the header did name the column
    const path = join(dir, 'no-years.csv');
    writeFileSync(path, text);
    const whole = parsePortfolio(inputs, text, { maxErrors: 5 });
    const got = await simulatePortfolioFile(a, b, inputs, path, { keepCustomers: false, workers: 2, chunkBytes: 16 * 1024, maxErrors: 5 });
    expect(whole.errors[0]).toMatchObject({ row: 0, column: 'yearsInBusiness' });
    expect(got.errors).toEqual(whole.errors);
    expect(got.errorCount).toBe(whole.errorCount);
    expect(got.rejectedCount).toBe(3000);
  }, 120_000);
});
