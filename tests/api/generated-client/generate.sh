#!/bin/sh
# Regenerates the typed client from the served OpenAPI document with @hey-api/openapi-ts, installed
# in a throw-away folder (it wants TypeScript 5 as a peer; this project uses TypeScript 7), so the
# project's node_modules stay as they are. The generated code is plain TypeScript with no runtime
# dependency: it is checked in and type-checked with the project.
set -e
cd "$(dirname "$0")/../../.."
node --import tsx tests/api/generated-client/dump-openapi.ts tests/api/generated-client/openapi.json
TOOLS="${TMPDIR:-/tmp}/creditgraph-openapi-ts"
mkdir -p "$TOOLS"
[ -x "$TOOLS/node_modules/.bin/openapi-ts" ] || npm install --prefix "$TOOLS" --no-audit --no-fund --no-save @hey-api/openapi-ts@0.99.0 typescript@5 >/dev/null
rm -rf tests/api/generated-client/src
"$TOOLS/node_modules/.bin/openapi-ts" -f tests/api/generated-client/openapi-ts.config.mjs
