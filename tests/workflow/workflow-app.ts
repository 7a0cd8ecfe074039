/**
 * A test app on the reference rulesets (b2b-standard: salesRep 5k · creditAnalyst 25k ·
 * creditManager 100k · financeDirector 500k · executiveCommittee; reviewMonths A–B 12, C 3, D–E 1;
 * serviceHours 48), a fake clock, no timers (tests call sweep() and drain()), and people at
 * each level.
 */
import { keyRecord } from '../../api/auth/api-keys.js';
import { keyCreated, userCreated } from '../../api/domain/audit-events.js';
import type { Role } from '../../api/store/store.js';
import { startTestApp, type TestApp } from '../api/support/test-app.js';
import { B2B_WORKED_EXAMPLE, RULESETS_DIR } from '../support/reference-policies.js';

/** The reference policies themselves (b2b-standard has serviceHours 48). */
export const RULESETS = RULESETS_DIR;

export const PEOPLE: { id: string; roles: Role[]; level: string | null; key: string }[] = [
  { id: 'rita', roles: ['approver'], level: 'salesRep', key: 'cg_wf_rita_salesrep_0000000000' },
  { id: 'alan', roles: ['approver'], level: 'creditAnalyst', key: 'cg_wf_alan_analyst_00000000000' },
  { id: 'mona', roles: ['approver'], level: 'creditManager', key: 'cg_wf_mona_manager_00000000000' },
  { id: 'mark', roles: ['approver'], level: 'creditManager', key: 'cg_wf_mark_manager_00000000000' },
  { id: 'fred', roles: ['approver'], level: 'financeDirector', key: 'cg_wf_fred_director_0000000000' },
  // Asks for decisions AND approves: must never decide what they asked for.
  { id: 'sara', roles: ['system', 'approver'], level: 'executiveCommittee', key: 'cg_wf_sara_sys_approver_000000' },
];
export const key = (id: string) => PEOPLE.find((p) => p.id === id)!.key;
export const ERP = 'cg_test_system_key_0000000000';
export const AUDITOR = 'cg_test_auditor_key_000000000';
export const ADMIN = 'cg_test_admin_key_00000000000';

/** Escalates to creditManager (45,000 above a 28,000 limit), class B, score 70.25. */
export const FACTS = { ...B2B_WORKED_EXAMPLE, requestedAmount: 45000 };

export class FakeClock {
  constructor(public ms = Date.parse('2026-03-02T09:00:00.000Z')) {}
  now = () => new Date(this.ms);
  advanceHours(h: number) {
    this.ms += h * 3_600_000;
  }
}

/** `workflow` turns the timers on for a test of the timers themselves (default: none, tests call sweep()). */
export async function startWorkflowApp(
  clock = new FakeClock(),
  webhooks: Record<string, unknown> = {},
  workflow: { timers?: boolean; sweepIntervalMs?: number } = {},
): Promise<{ t: TestApp; clock: FakeClock }> {
  const t = await startTestApp({
    rulesets: RULESETS,
    app: { clock, workflow: { timers: false, ...workflow, webhooks: { allowPrivateTargets: true, jitter: 0, timeoutMs: 1000, baseDelayMs: 60_000, maxAttempts: 4, ...webhooks } } },
  });
  const at = new Date().toISOString();
  for (const p of PEOPLE) {
    const user = { id: p.id, name: p.id, roles: p.roles, delegationLevel: p.level, createdAt: at, disabled: false };
    await t.store.createUser(user, userCreated(user, { actor: 'test' }));
    const key = keyRecord(p.id, p.key, at);
    await t.store.createApiKey(key, keyCreated(key, { actor: 'test' }));
  }
  return { t, clock };
}

export async function escalate(t: TestApp, body: Record<string, unknown> = {}, callerKey = ERP) {
  const r = await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: callerKey, body: { facts: FACTS, customerId: 'ACME', ...body } });
  if (r.status !== 201) throw new Error(`decision failed: ${r.status} ${r.text}`);
  return r.body;
}
