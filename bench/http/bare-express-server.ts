/**
 * The HTTP baseline: a bare Express 5 app with one POST route that parses the JSON body and
 * answers 201 with `res.json()` of a fixed object — the response the real decision endpoint gave
 * for the benchmark's request (BARE_BODY_FILE), so the bytes and the serialisation work are the
 * same. No auth, no validation, no engine, no store, no logging.
 */
import { readFileSync } from 'node:fs';
import express from 'express';

const body: unknown = process.env.BARE_BODY_FILE ? JSON.parse(readFileSync(process.env.BARE_BODY_FILE, 'utf8')) : { ok: true };

const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/api/v1/policies/:policyId/decisions', (_req, res) => {
  res.status(201).json(body);
});
app.listen(Number(process.env.PORT ?? 3100));
