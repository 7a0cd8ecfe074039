/**
 * `creditgraph monitor <decisions-and-outcomes.json> [--baseline <file.json>] [--json] [--lang fr|en]`:
 * does the scorecard still separate payers from defaulters, are the class bad rates as expected,
 * has the population moved? Exit 1 when a file is not a valid decisions-and-outcomes file (each
 * problem on stderr with its JSON pointer).
 */
import { checkMonitoringFile, formatMonitoringReport, monitoringReport, type Lang, type MonitoringFile } from '../engine/monitoring/index.js';
import type { Output } from './cli.js';
import { readJsonFile, UsageError } from './read-json-file.js';
import { plural } from './report-lines.js';

export function monitorCommand(path: string, options: { json: boolean; baseline?: string | undefined; lang?: string | undefined }, io: Output): number {
  const lang = options.lang ?? 'en';
  if (lang !== 'fr' && lang !== 'en') throw new UsageError(`--lang must be fr or en (got "${lang}")`);
  const file = load(path, io);
  if (!file) return 1;
  let baseline: MonitoringFile | undefined;
  if (options.baseline !== undefined) {
    baseline = load(options.baseline, io);
    if (!baseline) return 1;
  }
  const report = monitoringReport(file, baseline);
  io.out(options.json ? JSON.stringify(report, null, 2) : formatMonitoringReport(report, lang as Lang).trimEnd());
  return 0;
}

function load(path: string, io: Output): MonitoringFile | undefined {
  const checked = checkMonitoringFile(readJsonFile(path, 'decisions and outcomes'));
  if (checked.ok) return checked.file;
  for (const p of checked.problems) io.err(`error ${path} at ${p.path}: ${p.message}`);
  io.err(`${path}: not a decisions-and-outcomes file (${plural(checked.problems.length, 'problem')}${checked.problems.length >= 20 ? ' shown, maybe more' : ''})`);
  return undefined;
}
