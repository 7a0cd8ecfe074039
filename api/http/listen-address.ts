/** Whether a listening address only answers this machine (127.0.0.0/8, ::1, localhost). */
import { isIP } from 'node:net';

export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === '') return false; // every interface
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}
