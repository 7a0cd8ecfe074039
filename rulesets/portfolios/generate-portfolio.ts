/**
 * Command line for the synthetic portfolio generator:
 *
 *   npx tsx rulesets/portfolios/generate-portfolio.ts --policy rulesets/b2b-standard.json --rows 10000 --seed 42 \
 *     > rulesets/portfolios/b2b-standard-10k.csv
 *
 * Same policy inputs, rows and seed → the same bytes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { generatePortfolioCsv } from './synthetic-customers.js';

function main(): void {
  const { values } = parseArgs({
    options: {
      policy: { type: 'string' },
      rows: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '42' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.policy) {
    process.stderr.write('usage: generate-portfolio.ts --policy <policy.json> [--rows 10000] [--seed 42] > portfolio.csv\n');
    process.exit(values.help ? 0 : 2);
  }
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!Number.isInteger(rows) || rows < 0 || rows > 10_000_000) fail(`--rows must be a whole number from 0 to 10,000,000 (got ${values.rows})`);
  if (!Number.isInteger(seed)) fail(`--seed must be a whole number (got ${values.seed})`);
  let policy: PolicyDocument;
  try {
    policy = JSON.parse(readFileSync(values.policy, 'utf8')) as PolicyDocument;
  } catch (error) {
    fail(`cannot read the policy ${values.policy}: ${(error as Error).message}`);
  }
  if (!Array.isArray(policy.inputs)) fail(`${values.policy} has no "inputs": is it a creditgraph policy?`);
  process.stdout.write(generatePortfolioCsv(policy, { rows, seed }));
}

function fail(message: string): never {
  process.stderr.write(`generate-portfolio: ${message}\n`);
  process.exit(2);
}

main();
