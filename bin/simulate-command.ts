/**
 * `creditgraph simulate <policy-a.json> <policy-b.json> <portfolio.csv|json|ndjson> [--json] [--csv <file>]`:
 * what policy B changes against policy A on a portfolio. Prints the impact tables (or the summary
 * JSON with --json); bad portfolio rows are reported on stderr and left out. Exit 1 when a policy
 * is invalid or no row could be read. The file is streamed: a large one is parsed and simulated on
 * every core with bounded memory (simulate-portfolio-file.ts).
 */
import { writeFileSync } from 'node:fs';
import { compilePolicy, validatePolicy } from '../engine/index.js';
import { formatImpactReport, impactSummary, impactToCsv, InputConflictError, portfolioInputs } from '../engine/impact/index.js';
import type { Output } from './cli.js';
import { readJsonFile, UsageError } from './read-json-file.js';
import { diagnosticLine, plural } from './report-lines.js';
import { simulatePortfolioFile } from './simulate-portfolio-file.js';

export async function simulateCommand(pathA: string, pathB: string, portfolioPath: string, options: { json: boolean; csv?: string }, io: Output): Promise<number> {
  const compiled = [];
  for (const path of [pathA, pathB]) {
    const validation = validatePolicy(readJsonFile(path, 'policy'));
    if (!validation.valid || !validation.document) {
      const errors = validation.diagnostics.filter((d) => d.severity === 'error');
      for (const d of errors) io.err(diagnosticLine(d));
      io.err(`${path}: cannot simulate, the policy has ${plural(errors.length, 'error')}`);
      return 1;
    }
    compiled.push(compilePolicy(validation.document));
  }
  // One row feeds both versions: it is checked against the inputs of both (a version may add or tighten one).
  let inputs;
  try {
    inputs = portfolioInputs(compiled[0]!.document, compiled[1]!.document);
  } catch (error) {
    if (error instanceof InputConflictError) {
      io.err(`cannot simulate: ${error.message}`);
      return 1;
    }
    throw error;
  }
  let portfolio;
  try {
    portfolio = await simulatePortfolioFile(compiled[0]!, compiled[1]!, inputs, portfolioPath, { keepCustomers: options.csv !== undefined });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined && (error as NodeJS.ErrnoException).syscall !== undefined) {
      throw new UsageError(`cannot read portfolio file ${portfolioPath}: ${(error as Error).message}`);
    }
    throw error;
  }
  for (const w of portfolio.warnings) io.err(`warning ${portfolioPath}: row ${w.row}${w.line ? ` (line ${w.line})` : ''}${w.column ? `, ${w.column}` : ''}: ${w.message}`);
  for (const e of portfolio.errors) io.err(`error ${portfolioPath}: row ${e.row}${e.line ? ` (line ${e.line})` : ''}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
  if (portfolio.errorCount > portfolio.errors.length) io.err(`… and ${portfolio.errorCount - portfolio.errors.length} more problems`);
  if (portfolio.rejectedCount > 0) io.err(`${portfolioPath}: ${plural(portfolio.rejectedCount, 'row')} left out of ${portfolio.recordCount}`);
  const result = portfolio.result;
  if (result.rowCount + result.failureCount === 0) {
    io.err(`${portfolioPath}: no customer could be read`);
    return 1;
  }
  if (options.csv !== undefined) writeFileSync(options.csv, impactToCsv(result));
  io.out(options.json ? JSON.stringify(impactSummary(result), null, 2) : formatImpactReport(result).trimEnd());
  return 0;
}
