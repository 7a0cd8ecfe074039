/** Integrity keys for an in-process app, as a server loads them (no file: from the environment form). */
import { loadServerKeys, newKeyFile, type ServerKeys } from '../../../api/integrity/server-keys.js';

export function testKeys(keyedFrom = 1): ServerKeys {
  const file = newKeyFile(new Date());
  return loadServerKeys({
    env: { CREDITGRAPH_AUDIT_KEY: file.auditKey, CREDITGRAPH_SIGNING_KEY: file.signingKey, CREDITGRAPH_AUDIT_KEYED_FROM: String(keyedFrom) },
    dataDir: '/nowhere',
    production: true,
    log: () => {},
  });
}
