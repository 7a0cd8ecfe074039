/**
 * Soak: the real server process under mixed load on loopback (autocannon), for SOAK_SECONDS
 * (default 600 = 10 minutes). Then:
 *   - zero 5xx answers, zero connection errors or timeouts;
 *   - memory stable: after warm-up, the server's heap (sampled from its /metrics) shows no growth
 *     trend per logged decision beyond SOAK_BYTES_PER_DECISION (512 B; a store holding the records
 *     would use ≈ 3 KB). The SQLite store keeps nothing per decision in memory (api/store/README.md);
 *   - the decision log holds exactly as many decisions as there were 201 answers.
 * Exit code 0 when all hold, 1 otherwise. Run: `npm run test:soak` or
 *   SOAK_SECONDS=90 node --import tsx tests/soak/soak.ts
 */
import path from 'node:path';
import autocannonUntyped from 'autocannon';
import Database from 'better-sqlite3';
import { B2B_FACTS, DEMO, http, removeDataDir, startServer, tempDir } from '../reliability/support/server-process.js';
import { eventually } from '../support/eventually.js';

interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: RequestSpec) => RequestSpec;
  onResponse?: (status: number, body: string) => void;
}
interface CannonResult {
  errors: number;
  timeouts: number;
  requests: { total: number; average: number };
  latency: { p99: number };
}
type Instance = Promise<CannonResult> & { stop(): void };
const autocannon = autocannonUntyped as unknown as (o: { url: string; connections: number; duration: number; requests: RequestSpec[] }) => Instance;

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const BUDGET_BYTES_PER_DECISION = Number(process.env.SOAK_BYTES_PER_DECISION ?? 512);
const P = '/api/v1/policies/b2b-standard';
const json = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });

const statuses = new Map<string, number>();
const count = (what: string, status: number) => statuses.set(`${what} ${status}`, (statuses.get(`${what} ${status}`) ?? 0) + 1);
let created = 0; // 201 answers to decision requests
const sent = new Map<string, string>(); // requestId → body, single decisions
const answered = new Set<string>(); // requestIds answered 201 (single and batch items)
const sentBatch = new Map<string, string>(); // requestId → batch body
let batchLogged = 0;

function log(message: string) {
  process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<number> {
  const dataDir = await tempDir('cg-soak-');
  // --expose-gc + CREDITGRAPH_GC_SIGNAL: a SIGUSR2 before each sample makes it a live-heap figure.
  const server = await startServer(dataDir, { LOG_LEVEL: 'warn', CREDITGRAPH_GC_SIGNAL: '1' }, ['--expose-gc']);
  log(`server at ${server.url} (SQLite store), data in ${dataDir}, ${SECONDS} s of load`);
  const failures: string[] = [];
  try {
    let seq = 0;
    const decisions = autocannon({
      url: server.url,
      connections: 12,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: `${P}/decisions`,
          headers: json(DEMO.system),
          setupRequest: (req) => {
            const n = ++seq;
            const body = JSON.stringify({ facts: { ...B2B_FACTS, requestedAmount: 1000 + (n % 997) * 100 }, requestId: `soak-${n}`, customerId: `C-${n % 5000}` });
            sent.set(`soak-${n}`, body);
            return { ...req, body };
          },
          onResponse: (status, body) => {
            count('decide', status);
            if (status === 201) {
              created++;
              answered.add((JSON.parse(body) as { requestId: string }).requestId);
            }
          },
        },
      ],
    });
    const reads = autocannon({
      url: server.url,
      connections: 4,
      duration: SECONDS,
      requests: [
        { method: 'GET', path: '/api/v1/policies', headers: json(DEMO.author), onResponse: (s) => count('policies', s) },
        { method: 'GET', path: `${P}/versions/1`, headers: json(DEMO.auditor), onResponse: (s) => count('version', s) },
        { method: 'GET', path: '/api/v1/decisions?policyId=b2b-standard&limit=20', headers: json(DEMO.auditor), onResponse: (s) => count('log', s) },
        { method: 'GET', path: '/api/v1/audit?limit=20', headers: json(DEMO.auditor), onResponse: (s) => count('audit', s) },
        { method: 'POST', path: `${P}/draft/evaluate`, headers: json(DEMO.author), body: JSON.stringify({ facts: B2B_FACTS }), onResponse: (s) => count('evaluate', s) },
        {
          method: 'POST',
          path: `${P}/decisions`,
          headers: json(DEMO.system),
          body: JSON.stringify({ facts: B2B_FACTS, requestId: 'soak-replayed' }),
          onResponse: (s) => {
            count('replayed', s);
            if (s === 201) {
              created++;
              answered.add('soak-replayed');
            }
          },
        },
        {
          method: 'POST',
          path: `${P}/decisions/batch`,
          headers: json(DEMO.system),
          setupRequest: (req) => {
            const requestId = `soak-b-${++seq}`;
            const body = JSON.stringify({ items: [{ facts: B2B_FACTS, requestId }] });
            sentBatch.set(requestId, body);
            return { ...req, body };
          },
          onResponse: (s, body) => {
            count('batch', s);
            if (s !== 200) return;
            for (const item of (JSON.parse(body) as { items: { status: number; decision?: { requestId: string } }[] }).items) {
              count('batch-item', item.status);
              if (item.status === 201) {
                batchLogged++;
                answered.add(item.decision!.requestId);
              }
            }
          },
        },
        { method: 'GET', path: '/healthz', onResponse: (s) => count('healthz', s) },
      ],
    });

    // Writers: draft saves every second, a publication every 20 s.
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const draft = await http(server.url, 'GET', `${P}/draft`, { key: DEMO.author });
        count('draft-get', draft.status);
        if (draft.status === 200 && draft.body.status === 'editing') {
          const saved = await http(server.url, 'PUT', `${P}/draft`, {
            key: DEMO.author,
            body: { document: { ...draft.body.document, description: `soak ${i}` }, comment: `soak ${i}` },
            headers: { 'if-match': draft.headers.get('etag')! },
          });
          count('draft-save', saved.status);
          if (i % 20 === 19) {
            const sub = await http(server.url, 'POST', `${P}/draft/submit`, { key: DEMO.author, body: { comment: `soak ${i}` } });
            count('submit', sub.status);
            const app = await http(server.url, 'POST', `${P}/draft/approve`, { key: DEMO.approver, body: { comment: `soak ${i}` } });
            count('approve', app.status);
            if (app.status === 201) count('activate', (await http(server.url, 'POST', `${P}/activate`, { key: DEMO.approver, body: { version: app.body.version, comment: 'soak' } })).status);
          }
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();

    // Memory, sampled from the server itself, with the number of decisions logged so far.
    const samples: { t: number; heap: number; rss: number; decisions: number }[] = [];
    const t0 = Date.now();
    const sampler = setInterval(async () => {
      try {
        const collections = () => server.output().split('creditgraph: full GC done').length;
        const before = collections();
        server.child.kill('SIGUSR2');
        await eventually(async () => collections() > before); // the server says when the collection is done
        const text = (await http(server.url, 'GET', '/metrics')).text;
        const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
        samples.push({ t: (Date.now() - t0) / 1000, heap: metric('nodejs_heap_size_used_bytes'), rss: metric('process_resident_memory_bytes'), decisions: created + batchLogged });
      } catch {
        /* counted by the checks below if the server died */
      }
    }, 5000);
    const progress = setInterval(() => log(`${created} decisions created, ${[...statuses.entries()].filter(([k]) => /\s5\d\d$/.test(k)).length} kinds of 5xx so far`), 30_000);

    const [d, r] = await Promise.all([decisions, reads]);
    stop = true;
    clearInterval(sampler);
    clearInterval(progress);
    await writer;

    // ---- checks -----------------------------------------------------------------------------
    const fivexx = [...statuses.entries()].filter(([k]) => /\s5\d\d$/.test(k));
    if (fivexx.length) failures.push(`5xx answers: ${JSON.stringify(fivexx)}`);
    for (const [name, res] of [['decisions', d], ['reads', r]] as const) {
      if (res.errors || res.timeouts) failures.push(`${name}: ${res.errors} connection errors, ${res.timeouts} timeouts`);
    }
    const unexpected = [...statuses.entries()].filter(([k]) => !/\s(200|201)$/.test(k) && !/^(submit|approve|activate|draft-save) 4(09|12)$/.test(k));
    if (unexpected.length) failures.push(`unexpected statuses: ${JSON.stringify(unexpected)}`);

    // Decision log (through the API, every page) = the decisions answered 201. autocannon stops
    // at the deadline with requests in flight: those the server logged but whose answer was never
    // read are asked again with the same requestId, and must come back as the logged decision
    // (200, Idempotent-Replayed) — so every logged decision has exactly one successful answer.
    const loggedIds = new Set<string>();
    let logged = 0;
    let cursor: string | null = null;
    const pageStart = Date.now();
    do {
      const page: { body: { items: { requestId: string }[]; nextCursor: string | null } } = await http(
        server.url,
        'GET',
        `/api/v1/decisions?policyId=b2b-standard&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key: DEMO.auditor },
      );
      for (const item of page.body.items) loggedIds.add(item.requestId);
      logged += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    const missing = [...answered].filter((id) => !loggedIds.has(id));
    if (missing.length) failures.push(`${missing.length} decisions answered 201 are not in the log (e.g. ${missing.slice(0, 3).join(', ')})`);
    const unanswered = [...loggedIds].filter((id) => !answered.has(id));
    let recovered = 0;
    for (const id of unanswered) {
      const single = sent.get(id);
      const batch = sentBatch.get(id);
      if (!single && !batch) {
        failures.push(`logged decision ${id} was never sent`);
        continue;
      }
      const r = single
        ? await http(server.url, 'POST', `${P}/decisions`, { key: DEMO.system, raw: single, headers: { 'content-type': 'application/json' } })
        : await http(server.url, 'POST', `${P}/decisions/batch`, { key: DEMO.system, raw: batch!, headers: { 'content-type': 'application/json' } });
      const status = single ? r.status : r.body?.items?.[0]?.status;
      if (status === 200) recovered++;
      else failures.push(`in-flight decision ${id} asked again answered ${status}, expected 200 (replayed)`);
    }
    if (unanswered.length > 16 + 12) failures.push(`${unanswered.length} logged decisions without an answer: more than the connections in flight`);
    log(
      `decision log: ${logged} entries (read in ${((Date.now() - pageStart) / 1000).toFixed(1)} s); answered 201: ${answered.size} (${created} single + ${batchLogged} batch items); ` +
        `${unanswered.length} were in flight at the deadline, ${recovered} of them answered by their replay`,
    );
    if (logged !== loggedIds.size) failures.push(`decision log lists ${logged} entries for ${loggedIds.size} requestIds`);
    if (logged !== answered.size + recovered) failures.push(`decision log has ${logged} entries, successful answers ${answered.size + recovered}`);
    const expected = logged;

    // Memory: the minimum heap of each window (samples follow a forced full GC: live heap), after a warm-up.
    const warm = samples.filter((s) => s.t >= Math.min(60, SECONDS * 0.2) && Number.isFinite(s.heap));
    const windows = 8;
    const per = Math.max(1, Math.floor(warm.length / windows));
    const minima: typeof samples = [];
    for (let i = 0; i + per <= warm.length; i += per) {
      const w = warm.slice(i, i + per);
      minima.push(w.reduce((a, b) => (b.heap < a.heap ? b : a)));
    }
    if (minima.length >= 3) {
      const slope = (xs: number[], ys: number[]) => {
        const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
        const my = ys.reduce((a, b) => a + b, 0) / ys.length;
        const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
        const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
        return den === 0 ? 0 : num / den;
      };
      const perDecision = slope(minima.map((m) => m.decisions), minima.map((m) => m.heap));
      const perMinute = slope(minima.map((m) => m.t / 60), minima.map((m) => m.heap));
      const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
      log(`heap minima after warm-up: ${minima.map((m) => mb(m.heap)).join(' → ')}; rss ${mb(minima[0]!.rss)} → ${mb(minima[minima.length - 1]!.rss)}`);
      log(`heap trend: ${perDecision.toFixed(0)} B per logged decision (budget ${BUDGET_BYTES_PER_DECISION}), ${mb(perMinute)}/min`);
      if (SECONDS < 300) log('memory verdict needs SOAK_SECONDS ≥ 300 (major GCs must show in every window): reported, not judged');
      else if (perDecision > BUDGET_BYTES_PER_DECISION) failures.push(`heap grows ${perDecision.toFixed(0)} B per logged decision (budget ${BUDGET_BYTES_PER_DECISION})`);
    } else {
      log(`too few memory samples for a trend (${warm.length}); run longer (SOAK_SECONDS ≥ 60)`);
      if (SECONDS >= 300) failures.push('too few memory samples');
    }

    const verify = await http(server.url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor });
    if (!verify.body?.intact) failures.push(`audit chain: ${verify.text}`);
    log(`requests: decisions ${d.requests.total} (p99 ${d.latency.p99} ms), reads ${r.requests.total} (p99 ${r.latency.p99} ms)`);
    log(`statuses: ${JSON.stringify(Object.fromEntries([...statuses.entries()].sort()))}`);
    const stopped = await server.stop();
    if (stopped !== 0) failures.push(`server exit code ${stopped} on SIGTERM`);
    // The log on disk agrees with the API after a clean stop.
    const db = new Database(path.join(dataDir, 'creditgraph.sqlite'), { readonly: true });
    const lines = (db.prepare("SELECT count(*) AS n FROM decisions WHERE policy_id = 'b2b-standard'").get() as { n: number }).n;
    db.close();
    if (lines !== expected) failures.push(`decision log on disk holds ${lines} decisions, expected ${expected}`);
  } finally {
    await server.kill();
    await removeDataDir(dataDir);
  }
  if (failures.length) {
    log(`FAILED:\n  - ${failures.join('\n  - ')}`);
    return 1;
  }
  log('OK: zero 5xx, memory stable, decision log = successful decision answers');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
