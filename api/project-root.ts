/**
 * The project folder (the one holding package.json), found upwards from a module's own location:
 * `api/` when the server runs from source (tsx), `dist/server/` when it runs from the bundle.
 * rulesets/ and editor/dist/ are found from here, so both ways find the same files.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function projectRoot(moduleUrl: string): string {
  const start = path.dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..'); // no package.json: the source layout
  }
}
