/**
 * Who this API instance is, in leases and job claims: host, process id and a random suffix (a
 * restarted process, or a second app in one test process, is another instance).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function newInstanceId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}
