/**
 * Champion/challenger experiments over HTTP, rule by rule: approver-only, four eyes to start, to
 * change the share and to stop; the audit trail tells each step; promoting is an activation; an
 * activation of another version stops a running experiment; the decision names the arm that
 * answered and the log keeps the other arm's shadow answer, under the seal; errors are
 * problem+json in the caller's language.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealDecision, sealState } from '../../api/integrity/decision-seal.js';
import { canErase } from '../../api/store/store.js';
import { assignArm } from '../../engine/monitoring/champion-challenger.js';
import { RULESETS_DIR, B2B_WORKED_EXAMPLE } from '../support/reference-policies.js';
import { keyOf, startTestApp, type TestApp } from './support/test-app.js';
import { publishChallenger, stricterClasses } from './support/challenger-version.js';

let t: TestApp;
let challenger = 0;
const P = '/api/v1/policies/b2b-standard';
const [paul, pia, ana, vic, erp, aude] = ['paul', 'pia', 'ana', 'vic', 'erp', 'aude'].map(keyOf) as [string, string, string, string, string, string];

beforeAll(async () => {
  t = await startTestApp({ rulesets: path.join(RULESETS_DIR) });
  challenger = await publishChallenger(t.call, { author: ana, approver: paul });
}, 60_000);
afterAll(async () => t?.close());

const propose = (key: string, body: Record<string, unknown>) => t.call('POST', `${P}/experiments`, { key, body });
const act = (key: string, id: string, action: string, body: Record<string, unknown> = {}) => t.call('POST', `/api/v1/experiments/${id}/${action}`, { key, body: { comment: `${action} it`, ...body } });
const decideAs = (customerId: string) => t.call('POST', `${P}/decisions`, { key: erp, body: { facts: B2B_WORKED_EXAMPLE, customerId } });

async function auditActions(): Promise<string[]> {
  const r = await t.call('GET', '/api/v1/audit?policyId=b2b-standard&limit=500', { key: aude });
  return (r.body.items as { action: string }[]).map((e) => e.action).reverse();
}

describe('champion/challenger experiments over HTTP', () => {
  it('refuses bad proposals with problem+json naming the field, in the caller\'s language', async () => {
    expect((await propose(ana, { challengerVersion: challenger, share: 20, comment: 'x' })).status).toBe(403); // an author is not an approver
    expect((await propose(vic, { challengerVersion: challenger, share: 20, comment: 'x' })).status).toBe(403);
    const tooMuch = await propose(paul, { challengerVersion: challenger, share: 60, comment: 'x' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(tooMuch.body.errors)).toContain('/share');
    const champion = await t.call('POST', `${P}/experiments`, { key: paul, body: { challengerVersion: 1, share: 20, comment: 'x' }, headers: { 'accept-language': 'fr' } });
    expect(champion.status).toBe(422);
    expect(champion.body.detail).toContain('est la version active');
    expect(champion.body.errors[0].pointer).toBe('/challengerVersion');
    const missing = await propose(paul, { challengerVersion: 99, share: 20, comment: 'x' });
    expect(missing.status).toBe(404);
    expect((await t.call('GET', '/api/v1/experiments/exp_nope', { key: vic })).status).toBe(404);
  });

  it('starts with a second approver only, answers by arm, logs the shadow arm under the seal, and compares', async () => {
    const proposed = await propose(paul, { challengerVersion: challenger, share: 50, comment: 'try stricter classes on half' });
    expect(proposed.status).toBe(201);
    const id = proposed.body.id as string;
    expect(proposed.body).toMatchObject({ status: 'proposed', championVersion: 1, challengerVersion: challenger, share: 50, proposedBy: 'paul' });
    expect(proposed.body.salt).toBeUndefined(); // never shown
    expect(proposed.headers.get('location')).toBe(`/api/v1/experiments/${id}`);
    // Proposed is not running: the champion answers alone.
    expect((await decideAs('C-before')).body.experiment).toBeUndefined();
    expect((await propose(pia, { challengerVersion: challenger, share: 10, comment: 'another' })).status).toBe(409); // one open per policy
    const self = await act(paul, id, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('FOUR_EYES');
    expect((await act(pia, id, 'approve', { revision: 99 })).status).toBe(412);
    const started = await act(pia, id, 'approve', { revision: proposed.body.revision });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', approvedBy: 'pia' });

    // Customers in both arms: each decision names its arm; its version is that arm's.
    const seen = { champion: 0, challenger: 0 };
    for (let i = 0; i < 40; i++) {
      const r = await decideAs(`C-${i}`);
      expect(r.status).toBe(201);
      const arm = r.body.experiment.arm as 'champion' | 'challenger';
      seen[arm]++;
      expect(r.body.experiment.experimentId).toBe(id);
      expect(r.body.version).toBe(arm === 'champion' ? 1 : challenger);
      const again = await decideAs(`C-${i}`);
      expect(again.body.experiment.arm).toBe(arm); // same customer, same arm
      const logged = await t.call('GET', `/api/v1/decisions/${r.body.decisionId}`, { key: aude });
      expect(logged.body.experiment).toMatchObject({ experimentId: id, arm, shadow: { arm: arm === 'champion' ? 'challenger' : 'champion', version: arm === 'champion' ? challenger : 1 } });
      expect(logged.body.seal).toBe('intact');
    }
    expect(seen.champion).toBeGreaterThan(5);
    expect(seen.challenger).toBeGreaterThan(5);
    // The seal covers the experiment part: change the shadow's outcome and it no longer verifies.
    const record = (await t.store.listDecisions({ policyId: 'b2b-standard', limit: 1 })).items[0]!;
    if (!canErase(t.store)) throw new Error('the test store keeps customer salts');
    const salt = (await t.store.customerSalts([record.customerId!], false))[record.customerId!]!;
    const sealed = sealDecision(record, salt);
    expect(sealState(sealed, salt)).toBe('intact');
    expect(sealState({ ...sealed, experiment: { ...sealed.experiment!, shadow: { ...sealed.experiment!.shadow, outcome: 'refuse' } } }, salt)).toBe('altered');
    expect(sealState({ ...sealed, experiment: { ...sealed.experiment!, arm: sealed.experiment!.arm === 'champion' ? 'challenger' : 'champion' } }, salt)).toBe('altered');
    // Without a customer id the requestId places the request; with neither, the champion answers (the challenger in shadow).
    const experimentSalt = (await t.store.getExperiment(id))!.salt;
    for (let i = 0; i < 12; i++) {
      const requestId = `req-no-customer-${i}`;
      const r = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: B2B_WORKED_EXAMPLE, requestId } });
      expect(r.body.experiment.arm).toBe(assignArm({ policyId: 'b2b-standard', customerId: requestId, salt: experimentSalt, challengerPercent: 50 }).arm);
    }
    for (let i = 0; i < 5; i++) {
      const anonymous = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: B2B_WORKED_EXAMPLE } });
      expect(anonymous.body.experiment.arm).toBe('champion');
      expect((await t.call('GET', `/api/v1/decisions/${anonymous.body.decisionId}`, { key: aude })).body.experiment.shadow.version).toBe(challenger);
    }
    // A pinned version is not part of the experiment.
    const pinned = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: B2B_WORKED_EXAMPLE, customerId: 'C-0', version: 1 } });
    expect(pinned.body.experiment).toBeUndefined();

    const comparison = await t.call('GET', `/api/v1/experiments/${id}/comparison`, { key: vic });
    expect(comparison.status).toBe(200);
    const logged = 80 + 12 + 5;
    expect(comparison.body.decisions).toBe(logged);
    expect(comparison.body.answered.champion + comparison.body.answered.challenger).toBe(logged);
    expect(comparison.body.answered.challenger).toBeGreaterThanOrEqual(seen.challenger * 2);
    expect(comparison.body.arms.champion.decisions).toBe(logged);
    expect(comparison.body.arms.challenger.decisions).toBe(logged);
    expect(comparison.body.daily.reduce((n: number, d: { decisions: number }) => n + d.decisions, 0)).toBe(logged);

    // Changing the share: proposed by one approver, applied by another.
    const change = await act(pia, id, 'share', { share: 20 });
    expect(change.status).toBe(200);
    expect(change.body.pendingChange).toMatchObject({ kind: 'share', share: 20, proposedBy: 'pia' });
    expect(change.body.share).toBe(50); // not yet
    expect((await act(paul, id, 'share', { share: 30 })).status).toBe(409); // one pending change at a time
    expect((await act(pia, id, 'approve')).status).toBe(403);
    const applied = await act(paul, id, 'approve');
    expect(applied.body).toMatchObject({ share: 20, pendingChange: null, status: 'running' });
    // A stop, withdrawn, then asked again and approved.
    expect((await act(paul, id, 'stop')).body.pendingChange.kind).toBe('stop');
    expect((await act(pia, id, 'withdraw-change')).body.pendingChange).toBeNull();
    await act(paul, id, 'stop');
    const stopped = await act(pia, id, 'approve', { comment: 'enough data' });
    expect(stopped.body).toMatchObject({ status: 'stopped', endedBy: 'pia' });
    expect((await decideAs('C-1')).body.experiment).toBeUndefined(); // the champion alone again
    expect(stopped.body.history.map((h: { action: string }) => h.action)).toEqual(['proposed', 'approved', 'changeProposed', 'changeApproved', 'changeProposed', 'changeWithdrawn', 'changeProposed', 'stopped']);
    const actions = (await auditActions()).filter((a) => a.startsWith('experiment.'));
    expect(actions).toEqual([
      'experiment.proposed',
      'experiment.started',
      'experiment.changeProposed',
      'experiment.shareChanged',
      'experiment.changeProposed',
      'experiment.changeWithdrawn',
      'experiment.changeProposed',
      'experiment.stopped',
    ]);
    // The comparison still reads (the experiment's window is closed).
    expect((await t.call('GET', `/api/v1/experiments/${id}/comparison`, { key: vic })).body.decisions).toBe(logged);
    const csv = await t.call('GET', `/api/v1/experiments/${id}/comparison.csv`, { key: vic });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('table,scope,date,arm,key,value');
    expect(csv.text).toContain(`outcome,all,,champion,accept,`);
  });

  it('withdraws a proposal at once; activating another version stops a running experiment; promoting is an activation', async () => {
    const first = (await propose(paul, { challengerVersion: challenger, share: 0, comment: 'shadow only' })).body;
    const withdrawn = await act(paul, first.id, 'stop');
    expect(withdrawn.body.status).toBe('stopped');

    const second = (await propose(paul, { challengerVersion: challenger, share: 0, comment: 'shadow only' })).body;
    await act(pia, second.id, 'approve');
    // Share 0: pure shadow mode — the champion answers everyone, the challenger is logged beside it.
    const shadowOnly = await decideAs('C-shadow');
    expect(shadowOnly.body.experiment.arm).toBe('champion');
    expect(shadowOnly.body.version).toBe(1);
    // Activating the champion again changes nothing; activating the challenger is its promotion.
    const promoted = await act(pia, second.id, 'promote', { comment: 'v2 wins' });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ status: 'promoted', endedBy: 'pia' });
    expect((await t.call('GET', P, { key: vic })).body.policy.activeVersion).toBe(challenger);
    const tail = (await auditActions()).slice(-2);
    expect(tail).toEqual(['version.activated', 'experiment.promoted']);

    // Now version `challenger` is the champion; challenge it with version 1, then activate version 1 directly.
    const third = (await propose(pia, { challengerVersion: 1, share: 30, comment: 'back-test v1' })).body;
    expect(third.championVersion).toBe(challenger);
    await act(paul, third.id, 'approve');
    const activated = await t.call('POST', `${P}/activate`, { key: paul, body: { version: challenger, comment: 'same again' } });
    expect(activated.status).toBe(200);
    expect((await t.call('GET', `/api/v1/experiments/${third.id}`, { key: vic })).body.status).toBe('running'); // the champion itself: nothing ends
    await t.call('POST', `${P}/activate`, { key: paul, body: { version: 1, comment: 'roll back' } });
    const ended = (await t.call('GET', `/api/v1/experiments/${third.id}`, { key: vic })).body;
    expect(ended.status).toBe('promoted'); // version 1 was its challenger: activating it is its promotion
    const list = await t.call('GET', `${P}/experiments`, { key: vic });
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([third.id, second.id, first.id, expect.any(String)]);
  });

  it('stops a running experiment when a version other than its challenger is activated', async () => {
    // Champion 1, challenger `challenger`; activating a third version (published now) supersedes it.
    const e = (await propose(paul, { challengerVersion: challenger, share: 10, comment: 'again' })).body;
    await act(pia, e.id, 'approve');
    const third = await publishChallenger(t.call, { author: ana, approver: pia });
    await t.call('POST', `${P}/activate`, { key: paul, body: { version: third, comment: 'third' } });
    const ended = (await t.call('GET', `/api/v1/experiments/${e.id}`, { key: vic })).body;
    expect(ended).toMatchObject({ status: 'stopped', endedBy: 'paul' });
    expect(ended.history.at(-1).action).toBe('superseded');
    expect((await auditActions()).slice(-2)).toEqual(['version.activated', 'experiment.superseded']);
  });

  it('logs the shadow arm\'s refusal of the facts without failing the request; the answering arm\'s refusal is the caller\'s 422', async () => {
    // A challenger that requires `guarantees`, which the worked example does not send.
    const strict = stricterClasses();
    strict.inputs.find((i) => i.name === 'guarantees')!.required = true;
    const active = (await t.call('GET', P, { key: vic })).body.policy.activeVersion as number;
    const demanding = await publishChallenger(t.call, { author: ana, approver: paul }, 'b2b-standard', strict);
    const e = (await propose(paul, { challengerVersion: demanding, share: 50, comment: 'needs guarantees' })).body;
    await act(pia, e.id, 'approve');
    const salt = (await t.store.getExperiment(e.id))!.salt;
    const ids = Array.from({ length: 40 }, (_, i) => `G-${i}`);
    const armOf = (c: string) => assignArm({ policyId: 'b2b-standard', customerId: c, salt, challengerPercent: 50 }).arm;
    const inChampion = ids.find((c) => armOf(c) === 'champion')!;
    const inChallenger = ids.find((c) => armOf(c) === 'challenger')!;
    const answered = await decideAs(inChampion);
    expect(answered.status).toBe(201);
    expect(answered.body.version).toBe(active);
    const logged = (await t.call('GET', `/api/v1/decisions/${answered.body.decisionId}`, { key: aude })).body;
    expect(logged.experiment.shadow).toMatchObject({ arm: 'challenger', version: demanding, outcome: null, score: null });
    expect(logged.experiment.shadow.problem).toContain('guarantees');
    const refused = await decideAs(inChallenger);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('INVALID_FACTS');
    await act(paul, e.id, 'stop');
    await act(pia, e.id, 'approve');
  });
});
