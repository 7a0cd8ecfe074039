/** Writes the OpenAPI document the server serves (same builder, no server needed) to a file. */
import { writeFileSync } from 'node:fs';
import { API_ROUTES, API_VERSION } from '../../../api/app.js';
import { apiReference } from '../../../api/openapi/api-reference.js';
import { operationalPaths } from '../../../api/openapi/operational-paths.js';

const out = process.argv[2];
if (!out) throw new Error('usage: dump-openapi.ts <file>');
writeFileSync(out, JSON.stringify(apiReference(API_ROUTES, { version: API_VERSION, extraPaths: operationalPaths }).document(), null, 2) + '\n');
