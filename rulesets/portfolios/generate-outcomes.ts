/**
 * Command line for the synthetic decisions-and-outcomes generator (what `creditgraph monitor` reads):
 *
 *   npx tsx rulesets/portfolios/generate-outcomes.ts --policy rulesets/b2b-standard.json --rows 10000 --seed 42 > outcomes.json
 *   npx tsx rulesets/portfolios/generate-outcomes.ts --policy rulesets/b2b-standard.json --seed 43 --drift 1 > shifted.json
 *   … --challenger my-challenger.json --percent 20 --salt exp-1   (a champion/challenger experiment)
 *
 * The customers are those of generate-portfolio.ts with the same --rows and --seed; the same
 * arguments give the same bytes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { generateCustomers } from './synthetic-customers.js';
import { generateMonitoringFile } from './synthetic-outcomes.js';

function main(): void {
  const { values } = parseArgs({
    options: {
      policy: { type: 'string' },
      rows: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '42' },
      drift: { type: 'string', default: '0' },
      'first-date': { type: 'string', default: '2025-01-01' },
      challenger: { type: 'string' },
      percent: { type: 'string', default: '20' },
      salt: { type: 'string', default: 'experiment-1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.policy) {
    process.stderr.write(
      'usage: generate-outcomes.ts --policy <policy.json> [--rows 10000] [--seed 42] [--drift 0] [--first-date 2025-01-01]\n' +
        '                            [--challenger <policy.json> --percent 20 --salt experiment-1] > decisions-and-outcomes.json\n',
    );
    process.exit(values.help ? 0 : 2);
  }
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  const drift = Number(values.drift);
  const percent = Number(values.percent);
  if (!Number.isInteger(rows) || rows < 0 || rows > 1_000_000) fail(`--rows must be a whole number from 0 to 1,000,000 (got ${values.rows})`);
  if (!Number.isInteger(seed)) fail(`--seed must be a whole number (got ${values.seed})`);
  if (!Number.isFinite(drift) || drift < 0) fail(`--drift must be a number ≥ 0 (got ${values.drift})`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values['first-date']!)) fail(`--first-date must be YYYY-MM-DD (got ${values['first-date']})`);
  const champion = load(values.policy);
  if (!Number.isFinite(percent) || percent < 0 || percent > 50) fail(`--percent must be a number from 0 to 50 (got ${values.percent})`);
  const challenger = values.challenger !== undefined ? { policy: compilePolicy(load(values.challenger)), percent, salt: values.salt! } : undefined;
  const file = generateMonitoringFile(compilePolicy(champion), generateCustomers(champion, { rows, seed }), {
    seed,
    drift,
    firstDate: values['first-date']!,
    ...(challenger ? { challenger } : {}),
  });
  process.stdout.write(`${JSON.stringify(file)}\n`);
}

function load(path: string): PolicyDocument {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PolicyDocument;
  } catch (error) {
    fail(`cannot read the policy ${path}: ${(error as Error).message}`);
  }
}

function fail(message: string): never {
  process.stderr.write(`generate-outcomes: ${message}\n`);
  process.exit(2);
}

main();
