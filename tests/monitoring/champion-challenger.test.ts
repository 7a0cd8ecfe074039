/**
 * Champion/challenger assignment: a customer always lands in the same arm, the challenger gets
 * about its share of 10,000 customers, raising the share only moves customers to the challenger,
 * and the hash is the documented one (SHA-256 of the JSON array [policy, customer, salt]).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assignArm, experimentPosition, MAX_CHALLENGER_PERCENT } from '../../engine/monitoring/index.js';

const ids = Array.from({ length: 10_000 }, (_, i) => `C${String(i + 1).padStart(6, '0')}`);
const assign = (customerId: string, challengerPercent: number, salt = 'exp-2026-12', policyId = 'b2b-standard') =>
  assignArm({ policyId, customerId, salt, challengerPercent });

describe('champion/challenger assignment', () => {
  it.each([0, 5, 20, 50])('at a %s percent share the challenger gets about that share of 10,000 customers (within 4 standard deviations)', (percent) => {
    const challengers = ids.filter((id) => assign(id, percent).arm === 'challenger').length;
    const p = percent / 100;
    const sd = Math.sqrt(ids.length * p * (1 - p));
    expect(Math.abs(challengers - ids.length * p)).toBeLessThanOrEqual(4 * sd);
    if (percent === 0) expect(challengers).toBe(0);
  });

  it('puts a customer in the same arm every time', () => {
    const first = ids.map((id) => assign(id, 20).arm);
    const again = ids.map((id) => assign(id, 20).arm);
    expect(again).toEqual(first);
  });

  it('only moves customers from champion to challenger when the share rises', () => {
    const at10 = ids.map((id) => assign(id, 10).arm);
    const at30 = ids.map((id) => assign(id, 30).arm);
    expect(at10.every((arm, i) => arm === 'champion' || at30[i] === 'challenger')).toBe(true);
    expect(at30.filter((a) => a === 'challenger').length).toBeGreaterThan(at10.filter((a) => a === 'challenger').length);
  });

  it('redraws the split with another salt or policy (not the same customers again)', () => {
    const base = new Set(ids.filter((id) => assign(id, 20).arm === 'challenger'));
    for (const other of [ids.filter((id) => assign(id, 20, 'another-salt').arm === 'challenger'), ids.filter((id) => assign(id, 20, undefined, 'order-release').arm === 'challenger')]) {
      const overlap = other.filter((id) => base.has(id)).length / other.length;
      // Independent draws overlap by ≈ the share (20 %), not ≈ 100 %.
      expect(overlap).toBeGreaterThan(0.12);
      expect(overlap).toBeLessThan(0.28);
    }
  });

  it('is SHA-256 of the JSON array [policy, customer, salt], first 48 bits over 2^48', () => {
    for (const [policy, customer, salt] of [['b2b-standard', 'C000001', 's'], ['p', 'client "é"', ''], ['a,b', 'c', 'd']]) {
      const hex = createHash('sha256').update(JSON.stringify([policy, customer, salt]), 'utf8').digest('hex');
      expect(experimentPosition(policy!, customer!, salt!)).toBe(parseInt(hex.slice(0, 12), 16) / 2 ** 48);
    }
    // Framing: moving a character between fields changes the position.
    expect(experimentPosition('ab', 'c', 's')).not.toBe(experimentPosition('a', 'bc', 's'));
  });

  it('refuses a share outside 0–50 %', () => {
    for (const bad of [-1, 50.5, 100, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => assign('C1', bad)).toThrow(`challengerPercent must be a number from 0 to ${MAX_CHALLENGER_PERCENT}`);
    }
    expect(assign('C1', 50).arm).toMatch(/^(champion|challenger)$/);
  });
});
