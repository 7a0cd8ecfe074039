#!/usr/bin/env node
// npm run test:mongo — the MongoDB suites: the store contract, explain() on the hot queries, the
// client settings, and two API processes on one database. They need MONGODB_URI (a replica set:
// `docker compose up -d` starts one, see docker-compose.yml); without it this says why, in one line.
import { spawnSync } from 'node:child_process';

const SUITES = ['tests/store/mongo-store.contract.test.ts', 'tests/store/mongo-explain.test.ts', 'tests/store/mongo-options.test.ts', 'tests/reliability/instances-mongo.test.ts'];

if (!process.env.MONGODB_URI?.trim()) {
  console.log('test:mongo skipped: MONGODB_URI is not set (start a replica set with `docker compose up -d`, then MONGODB_URI=mongodb://127.0.0.1:27017/?replicaSet=rs0 npm run test:mongo)');
  process.exit(0);
}
const run = spawnSync('npx', ['vitest', 'run', ...SUITES], { stdio: 'inherit', env: process.env });
process.exit(run.status ?? 1);
