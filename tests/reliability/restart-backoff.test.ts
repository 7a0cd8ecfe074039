/** Row 9 of issue 17: dead workers are replaced with a back-off while they keep dying young. */
import { describe, expect, it } from 'vitest';
import { RestartBackoff } from '../../api/restart-backoff.js';

describe('worker restart back-off', () => {
  it('doubles from 1 s to at most 30 s while workers die within 30 s of starting; at once after a healthy run', () => {
    const b = new RestartBackoff();
    expect([100, 100, 100, 100, 100, 100, 100].map((lived) => b.next(lived))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(b.next(45_000)).toBe(0); // it served a while: a crash in service, replaced at once
    expect(b.next(10)).toBe(1000); // and the count starts again
  });
});
