/**
 * Waits for something a test can observe (a job's status, an alert, a log line) by asking again
 * until it holds. No deadline of its own: the test's timeout bounds it, so a slow machine only
 * waits longer. The pause between asks only paces the polling; nothing relies on its length.
 */
export async function eventually<T>(ask: () => Promise<T | undefined | null | false>, pauseMs = 20): Promise<T> {
  for (;;) {
    const answer = await ask();
    if (answer !== undefined && answer !== null && answer !== false) return answer;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}
