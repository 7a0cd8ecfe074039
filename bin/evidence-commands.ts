/**
 * `creditgraph verify-export <bundle.zip> [--public-key key.pem] [--checkpoint kept.json]`: checks
 * an evidence bundle offline — the manifest's Ed25519 signature, every file's sha-256, the signed
 * checkpoint, the exported audit chain recomputed link by link, each exported decision against its
 * seal, a version's document against its content hash — and, with a checkpoint kept from before,
 * that nothing up to it changed. Exit 0 when everything holds, 1 when anything does not.
 *
 * `creditgraph init-keys <file>`: writes a new integrity key file (production needs one).
 */
import { readFileSync } from 'node:fs';
import { verifyBundle } from '../api/integrity/evidence-bundle.js';
import type { SignedCheckpoint } from '../api/integrity/checkpoint.js';
import { createKeyFile, KeyError } from '../api/integrity/server-keys.js';
import type { Output } from './cli.js';
import { readJsonFile, UsageError } from './read-json-file.js';

function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${what} file not found: ${path}` : `cannot read ${what} file ${path}: ${(error as Error).message}`);
  }
}

export async function verifyExportCommand(bundlePath: string, options: { publicKey?: string; checkpoint?: string }, io: Output): Promise<number> {
  const bytes = readBytes(bundlePath, 'bundle');
  const publicKeyPem = options.publicKey ? readBytes(options.publicKey, 'public key').toString('utf8') : undefined;
  const kept = options.checkpoint ? (readJsonFile(options.checkpoint, 'checkpoint') as SignedCheckpoint) : undefined;
  if (kept && (typeof kept !== 'object' || !kept.payload || typeof kept.signature !== 'string')) throw new UsageError(`${options.checkpoint} is not a signed checkpoint (GET /api/v1/audit/checkpoint)`);
  const result = await verifyBundle(bytes, { ...(publicKeyPem ? { publicKeyPem } : {}), ...(kept ? { kept } : {}) });
  for (const line of result.lines) (line.ok ? io.out : io.err)(`${line.ok ? 'ok  ' : 'FAIL'} ${line.text}`);
  io.out(result.ok ? `${bundlePath}: verified` : `${bundlePath}: NOT verified (${result.lines.filter((l) => !l.ok).length} problem(s))`);
  return result.ok ? 0 : 1;
}

export function initKeysCommand(file: string, io: Output): number {
  try {
    createKeyFile(file);
  } catch (error) {
    if (error instanceof KeyError) throw new UsageError(error.message);
    throw error;
  }
  io.out(`${file}: new integrity keys (audit HMAC key, Ed25519 signing key). Keep the file outside DATA_DIR and its backups; point CREDITGRAPH_KEY_FILE at it.`);
  return 0;
}
