/**
 * The server's integrity keys, kept OUTSIDE the data folder so that whoever holds the data (a disk,
 * a backup) cannot forge evidence:
 *   - the audit key (32 random bytes, HMAC-SHA256): every audit entry carries HMAC(key, hash);
 *   - the signing key (Ed25519): checkpoints of the chain head, checkable offline with the public key.
 *
 * From the environment (CREDITGRAPH_AUDIT_KEY as hex, CREDITGRAPH_SIGNING_KEY as a PKCS#8 PEM,
 * CREDITGRAPH_AUDIT_KEYED_FROM) or from a key file (CREDITGRAPH_KEY_FILE, default
 * `<DATA_DIR>.keys/integrity-keys.json`). Outside production a missing file is generated; in
 * production a missing key is refused (the server does not start).
 *
 * `keyedFrom`: the first audit seq that carries a MAC. A chain written before keys existed stays
 * readable: its earlier entries are verified by their plain hash; the key file records where
 * keying began (set once, on the first start with the key).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, createHash, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ServerKeys {
  auditKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** sha-256 of the public key (SPKI DER), hex: how people name the key. */
  fingerprint: string;
  /** First seq that must carry a MAC; null until the server has recorded it (first start). */
  keyedFrom: number | null;
  /** The key file, when the keys come from one. */
  file: string | null;
}

interface KeyFile {
  format: 'creditgraph.integrity-keys/1';
  createdAt: string;
  auditKey: string;
  signingKey: string;
  keyedFrom: number | null;
}

export class KeyError extends Error {}

export const defaultKeyFile = (dataDir: string) => path.join(path.dirname(path.resolve(dataDir)), `${path.basename(path.resolve(dataDir))}.keys`, 'integrity-keys.json');

function fromParts(auditKeyHex: string, signingPem: string, keyedFrom: number | null, file: string | null): ServerKeys {
  if (!/^[0-9a-fA-F]{64,}$/.test(auditKeyHex)) throw new KeyError('the audit key must be at least 32 bytes written as hex (64 characters or more)');
  let signingKey: KeyObject;
  try {
    signingKey = createPrivateKey(signingPem);
  } catch (err) {
    throw new KeyError(`the signing key is not a PEM private key: ${(err as Error).message}`);
  }
  if (signingKey.asymmetricKeyType !== 'ed25519') throw new KeyError(`the signing key must be Ed25519 (got ${signingKey.asymmetricKeyType})`);
  const publicKey = createPublicKey(signingKey);
  return {
    auditKey: Buffer.from(auditKeyHex, 'hex'),
    signingKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: publicKeyFingerprint(publicKey),
    keyedFrom,
    file,
  };
}

export const publicKeyFingerprint = (key: KeyObject) => createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');

function writeKeyFile(file: string, content: KeyFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** A new key file's content (also `creditgraph init-keys`). */
export function newKeyFile(now: Date): KeyFile {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    format: 'creditgraph.integrity-keys/1',
    createdAt: now.toISOString(),
    auditKey: randomBytes(32).toString('hex'),
    signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyedFrom: null,
  };
}

export function createKeyFile(file: string, now = new Date()): void {
  if (!createKeyFileOnce(file, newKeyFile(now))) throw new KeyError(`${file} exists already: keys are never overwritten`);
}

/**
 * Creates the key file only if none exists, atomically (a hard link fails when the name is taken):
 * of several servers starting together on one data folder, one key file wins and all use it.
 */
function createKeyFileOnce(file: string, content: KeyFile): boolean {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function loadServerKeys(options: {
  env: Record<string, string | undefined>;
  dataDir: string;
  production: boolean;
  log: (message: string) => void;
  now?: Date;
}): ServerKeys {
  const { env } = options;
  if (env.CREDITGRAPH_AUDIT_KEY || env.CREDITGRAPH_SIGNING_KEY) {
    if (!env.CREDITGRAPH_AUDIT_KEY || !env.CREDITGRAPH_SIGNING_KEY) throw new KeyError('set both CREDITGRAPH_AUDIT_KEY and CREDITGRAPH_SIGNING_KEY, or neither (then a key file is used)');
    const from = Number(env.CREDITGRAPH_AUDIT_KEYED_FROM ?? 1);
    if (!Number.isInteger(from) || from < 1) throw new KeyError(`CREDITGRAPH_AUDIT_KEYED_FROM must be a positive integer (got ${env.CREDITGRAPH_AUDIT_KEYED_FROM})`);
    return fromParts(env.CREDITGRAPH_AUDIT_KEY, env.CREDITGRAPH_SIGNING_KEY.replaceAll('\\n', '\n'), from, null);
  }
  const dataDir = path.resolve(options.dataDir);
  const file = path.resolve(env.CREDITGRAPH_KEY_FILE || defaultKeyFile(dataDir));
  if (file === dataDir || file.startsWith(dataDir + path.sep))
    throw new KeyError(`the key file ${file} is inside DATA_DIR (${dataDir}): keep it elsewhere, or whoever holds the data holds the key`);
  if (!existsSync(file)) {
    if (options.production)
      throw new KeyError(`NODE_ENV=production needs the integrity keys: ${file} does not exist. Create it with \`npx creditgraph init-keys ${file}\` (or set CREDITGRAPH_KEY_FILE, or CREDITGRAPH_AUDIT_KEY and CREDITGRAPH_SIGNING_KEY)`);
    if (createKeyFileOnce(file, newKeyFile(options.now ?? new Date())))
      options.log(`generated the integrity keys (audit HMAC key, Ed25519 signing key) in ${file}: keep this file, outside DATA_DIR and its backups`);
    // else another server starting on the same folder made it first: its keys are the ones
  }
  let content: KeyFile;
  try {
    content = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } catch (err) {
    throw new KeyError(`cannot read the key file ${file}: ${(err as Error).message}`);
  }
  if (content.format !== 'creditgraph.integrity-keys/1') throw new KeyError(`${file} is not a creditgraph key file`);
  return fromParts(content.auditKey, content.signingKey, content.keyedFrom ?? null, file);
}

/**
 * Where keying begins: recorded once in the key file as the seq after the chain's last entry at
 * the first start with the key (entries before it predate the key). Env keys carry it themselves.
 */
export function recordKeyedFrom(keys: ServerKeys, lastSeq: number, log: (message: string) => void): ServerKeys {
  if (keys.keyedFrom !== null || !keys.file) return keys;
  const content = JSON.parse(readFileSync(keys.file, 'utf8')) as KeyFile;
  if (content.keyedFrom) return { ...keys, keyedFrom: content.keyedFrom }; // another server recorded it meanwhile
  const keyedFrom = lastSeq + 1;
  writeKeyFile(keys.file, { ...content, keyedFrom });
  if (lastSeq > 0) log(`the audit chain is keyed from entry ${keyedFrom}: the ${lastSeq} earlier entries predate the key and are verified by their plain hash`);
  return { ...keys, keyedFrom };
}
