/**
 * `creditgraph export-xlsx <policy.json> <out.xlsx>`: the policy's workbook, a sheet per table.
 * `creditgraph import-xlsx <policy.json> <in.xlsx> [--out new.json]`: what the edited workbook
 * changes in the policy, in words (and its problems, sheet!cell, when it cannot be imported);
 * with --out, the changed policy is written there. Exit 1 when the workbook has problems (nothing
 * written) or the changed policy does not validate (written, errors listed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { PolicyDocument } from '../engine/index.js';
import { previewImport, problemText } from '../engine/policy-tables/index.js';
import { readPolicyWorkbook, writePolicyWorkbook } from '../api/policy-documents/policy-workbook.js';
import { canonicalHash } from '../api/store/canonical-hash.js';
import type { Output } from './cli.js';
import { readJsonFile, UsageError } from './read-json-file.js';
import { diagnosticLine, plural } from './report-lines.js';

function readPolicy(path: string): PolicyDocument {
  const value = readJsonFile(path, 'policy');
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Array.isArray((value as { nodes?: unknown }).nodes))
    throw new UsageError(`policy file ${path} does not hold a policy document (a JSON object with nodes)`);
  return value as PolicyDocument;
}

export async function exportXlsxCommand(policyPath: string, outPath: string, io: Output): Promise<number> {
  const document = readPolicy(policyPath);
  const bytes = await writePolicyWorkbook(document, { version: null, contentHash: canonicalHash(document), exportedAt: new Date().toISOString() });
  try {
    writeFileSync(outPath, bytes);
  } catch (error) {
    throw new UsageError(`cannot write ${outPath}: ${(error as Error).message}`);
  }
  io.out(`${outPath}: workbook of ${document.id} written (${Math.round(bytes.length / 1024)} KB)`);
  return 0;
}

export async function importXlsxCommand(policyPath: string, workbookPath: string, outPath: string | undefined, io: Output): Promise<number> {
  const base = readPolicy(policyPath);
  let bytes: Buffer;
  try {
    bytes = readFileSync(workbookPath);
  } catch (error) {
    throw new UsageError(`cannot read workbook file ${workbookPath}: ${(error as Error).message}`);
  }
  const read = await readPolicyWorkbook(bytes);
  const preview = read.workbook ? previewImport(base, read.workbook) : null;
  const problems = preview ? preview.problems : read.problems;
  if (!preview?.ok || !preview.document) {
    for (const p of problems) io.err(`${workbookPath}: ${problemText(p)}`);
    io.err(`${workbookPath}: cannot import, ${plural(problems.length, 'problem')}; nothing written`);
    return 1;
  }
  const changes = preview.diff?.changes ?? [];
  for (const change of changes) io.out(change.message);
  if (changes.length === 0) io.out('No changes.');
  const errors = preview.validation?.diagnostics.filter((d) => d.severity === 'error') ?? [];
  for (const d of errors) io.err(diagnosticLine(d));
  if (outPath !== undefined) {
    writeFileSync(outPath, `${JSON.stringify(preview.document, null, 2)}\n`);
    io.err(`${outPath}: written (${plural(changes.length, 'change')})`);
  }
  if (errors.length > 0) {
    io.err(`the changed policy has ${plural(errors.length, 'error')}`);
    return 1;
  }
  return 0;
}
