/**
 * creditgraph's command line: validate, test, decide, diff and simulate policies from files;
 * monitor decisions and their outcomes; export a policy to an Excel workbook and import the
 * edited workbook back.
 * Exit codes: 0 fine · 1 the policy, its tests or the facts are wrong · 2 the command or a file is
 * wrong (usage, missing file, not JSON) · 3 an internal error (a bug: please report it).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './read-json-file.js';

export const USAGE = `Usage: creditgraph <command> [options]

Commands:
  validate <policy.json>                   Check a policy: schema, semantics, compilation, golden tests.
       [--lang fr|en]                      Language of the diagnostics' messages (default en).
       [--today YYYY-MM-DD]                Date dated reference figures are checked against (default today).
  test <policy.json>                       Run the policy's golden tests, one line per case.
  decide <policy.json> <facts.json>        Evaluate the policy on the facts; print the decision JSON.
         [--trace]                         Include each node's inputs, outputs and matched rules.
  diff <before.json> <after.json>          What changed between two versions, one change per line.
       [--json]                            Print the diff as JSON (changes, JSON Patch, nodes).
       [--lang fr|en]                      Language of the change sentences (default en).
  simulate <policy-a.json> <policy-b.json> <portfolio.csv|json|ndjson>
                                           What B changes against A on a portfolio: outcome and
                                           class migrations, limits, escalations, risk maps.
       [--json]                            Print the impact summary as JSON.
       [--csv <out.csv>]                   Also write one line per customer, most-changed first.
  monitor <decisions-and-outcomes.json>    Does the scorecard still work? Gini, KS, bad rates by class
                                           and score band, calibration, approval and override rates
                                           (per arm of a champion/challenger experiment).
       [--baseline <file.json>]            Population stability (PSI) of the scores against these decisions.
       [--json]                            Print the report as JSON.
       [--lang fr|en]                      Language of the report (default en).
  export-xlsx <policy.json> <out.xlsx>     Write the policy's workbook: a sheet per table (bands,
                                           classes, limits, levels, dunning steps, golden tests).
  import-xlsx <policy.json> <in.xlsx>      What the edited workbook changes, one change per line
                                           (problems as sheet!cell when it cannot be imported).
       [--out <new.json>]                  Write the changed policy there.
  verify-export <bundle.zip>               Check an evidence bundle offline (signature, file hashes,
                                           audit chain, decision seals, version hash).
       [--public-key <key.pem>]            The server's public key you pinned (GET /api/v1/audit/public-key).
       [--checkpoint <kept.json>]          A checkpoint you kept: prove nothing up to it changed.
  init-keys <file>                         Write a new integrity key file (CREDITGRAPH_KEY_FILE).

Options:
  -h, --help                               Show this help.

Exit codes: 0 ok · 1 invalid policy, failing golden test, invalid facts or decisions file, export not verified · 2 usage or file error · 3 internal error.
`;

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

type Run = (files: string[], flags: Set<string>, io: Output, values: { csv?: string; baseline?: string; lang?: string; out?: string; 'public-key'?: string; checkpoint?: string; today?: string }) => Promise<number>;

// Commands load the engine only when they run, so `--help` and usage errors answer at once.
const COMMANDS: Record<string, { args: string[]; flags: string[]; run: Run }> = {
  validate: { args: ['policy.json'], flags: ['lang', 'today'], run: async (f, _, io, values) => (await import('./validate-command.js')).validateCommand(f[0]!, io, values.lang, values.today) },
  test: { args: ['policy.json'], flags: [], run: async (f, _, io) => (await import('./test-command.js')).testCommand(f[0]!, io) },
  decide: {
    args: ['policy.json', 'facts.json'],
    flags: ['trace'],
    run: async (f, flags, io) => (await import('./decide-command.js')).decideCommand(f[0]!, f[1]!, flags.has('trace'), io),
  },
  diff: {
    args: ['before.json', 'after.json'],
    flags: ['json', 'lang'],
    run: async (f, flags, io, values) => (await import('./diff-command.js')).diffCommand(f[0]!, f[1]!, flags.has('json'), io, values.lang),
  },
  simulate: {
    args: ['policy-a.json', 'policy-b.json', 'portfolio.csv'],
    flags: ['json', 'csv'],
    run: async (f, flags, io, values) =>
      (await import('./simulate-command.js')).simulateCommand(f[0]!, f[1]!, f[2]!, { json: flags.has('json'), ...(values.csv !== undefined ? { csv: values.csv } : {}) }, io),
  },
  monitor: {
    args: ['decisions-and-outcomes.json'],
    flags: ['json', 'baseline', 'lang'],
    run: async (f, flags, io, values) => (await import('./monitor-command.js')).monitorCommand(f[0]!, { json: flags.has('json'), baseline: values.baseline, lang: values.lang }, io),
  },
  'export-xlsx': { args: ['policy.json', 'out.xlsx'], flags: [], run: async (f, _, io) => (await import('./xlsx-commands.js')).exportXlsxCommand(f[0]!, f[1]!, io) },
  'import-xlsx': {
    args: ['policy.json', 'in.xlsx'],
    flags: ['out'],
    run: async (f, _, io, values) => (await import('./xlsx-commands.js')).importXlsxCommand(f[0]!, f[1]!, values.out, io),
  },
  'verify-export': {
    args: ['bundle.zip'],
    flags: ['public-key', 'checkpoint'],
    run: async (f, _, io, values) =>
      (await import('./evidence-commands.js')).verifyExportCommand(f[0]!, { ...(values['public-key'] ? { publicKey: values['public-key'] } : {}), ...(values.checkpoint ? { checkpoint: values.checkpoint } : {}) }, io),
  },
  'init-keys': { args: ['file'], flags: [], run: async (f, _, io) => (await import('./evidence-commands.js')).initKeysCommand(f[0]!, io) },
};

const stdio: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function main(argv: string[], io: Output = stdio): Promise<number> {
  const usageError = (message: string) => {
    io.err(`creditgraph: ${message}\n`);
    io.err(USAGE);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        trace: { type: 'boolean' },
        json: { type: 'boolean' },
        csv: { type: 'string' },
        baseline: { type: 'string' },
        lang: { type: 'string' },
        out: { type: 'string' },
        'public-key': { type: 'string' },
        checkpoint: { type: 'string' },
        today: { type: 'string' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const [name, ...files] = parsed.positionals;
  if (parsed.values.help) {
    io.out(USAGE);
    return 0;
  }
  if (name === undefined) return usageError('no command given');
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name]! : undefined;
  if (!command) return usageError(`unknown command "${name}"`);
  // Boolean flags and string options alike must apply to the command (`--csv <file>` is simulate's).
  const flags = new Set(Object.entries(parsed.values).filter(([, on]) => on !== undefined && on !== false).map(([flag]) => flag));
  for (const flag of flags) {
    if (!command.flags.includes(flag)) return usageError(`option --${flag} does not apply to "${name}"`);
  }
  if (files.length !== command.args.length) {
    return usageError(`"${name}" expects ${command.args.map((a) => `<${a}>`).join(' ')}, got ${files.length === 0 ? 'nothing' : files.join(' ')}`);
  }
  try {
    const { csv, baseline, lang, out, checkpoint, today } = parsed.values;
    const publicKey = parsed.values['public-key'];
    return await command.run(files, flags, io, {
      ...(typeof csv === 'string' ? { csv } : {}),
      ...(typeof baseline === 'string' ? { baseline } : {}),
      ...(typeof lang === 'string' ? { lang } : {}),
      ...(typeof out === 'string' ? { out } : {}),
      ...(typeof publicKey === 'string' ? { 'public-key': publicKey } : {}),
      ...(typeof checkpoint === 'string' ? { checkpoint } : {}),
      ...(typeof today === 'string' ? { today } : {}),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`creditgraph: ${error.message}`);
      return 2;
    }
    io.err(`creditgraph: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 3;
  }
}
