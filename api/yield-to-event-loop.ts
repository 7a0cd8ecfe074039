/**
 * Long scans (verifying the audit trail or the decision log, slicing a portfolio) read page after
 * page synchronously (better-sqlite3): awaiting an already resolved promise runs as a microtask and
 * never lets a request in. One macrotask turn per page keeps the server answering meanwhile.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
