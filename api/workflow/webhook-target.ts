/**
 * Where a webhook may be sent. An administrator's URL is still a request the server makes from
 * inside the network (SSRF): cloud metadata services, loopback admin ports and private hosts are
 * refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS=1 says this deployment means it. Checked on the URL
 * at subscription time (literal addresses and well-known internal names), and again at every send
 * on the addresses the name resolves to then (a public name can be re-pointed at 10.0.0.1 later).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local (AWS IPv6 metadata fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** Names that always mean "inside": metadata services and this machine. */
const INTERNAL_NAMES = /^(localhost|metadata|metadata\.google\.internal|instance-data|instance-data\.ec2\.internal)$|\.(localhost|internal|local)$/;

/** Whether an IP address (v4, v6, or v4-mapped v6) is private, loopback, link-local or otherwise internal. */
export function isInternalAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  const family = isIP(a);
  if (family === 4) return blocked.check(a, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
    if (hexMapped) {
      const n = (parseInt(hexMapped[1]!, 16) << 16) | parseInt(hexMapped[2]!, 16);
      return blocked.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), 'ipv4');
    }
    return blocked.check(a, 'ipv6');
  }
  return true; // not an address at all: never trusted
}

export interface UrlProblem {
  detail: string;
}

/**
 * Checks a subscription URL as typed. Returns the normalised URL (scheme and host lower-cased,
 * `HTTP://` accepted) or the reason it is refused.
 */
export function checkWebhookUrl(text: string, allowPrivate: boolean): { url: string } | UrlProblem {
  // The URL parser silently drops tabs and newlines: look at the text as sent.
  if (/[\u0000-\u0020\u007F]/.test(text)) return { detail: 'contains spaces or control characters (CR, LF…)' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { detail: 'is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { detail: 'must be an http or https URL' };
  if (url.username || url.password) return { detail: 'must not hold credentials (user:password@): the receiver authenticates deliveries by their signature' };
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === '') return { detail: 'has no host' };
  if (!allowPrivate) {
    if (isIP(host) && isInternalAddress(host)) return { detail: `targets an internal address (${host}): private, loopback, link-local and metadata addresses are refused` };
    if (!isIP(host) && INTERNAL_NAMES.test(host.replace(/\.$/, ''))) return { detail: `targets an internal host name (${host})` };
  }
  return { url: url.href };
}

export type Resolve = (hostname: string) => Promise<string[]>;
export const systemResolve: Resolve = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * At send time: null when the URL may be sent to now, else why not. Every address the name
 * resolves to must be public (an attacker's DNS may answer a public and a private one).
 */
export async function sendTimeRefusal(text: string, allowPrivate: boolean, resolve: Resolve): Promise<string | null> {
  const checked = checkWebhookUrl(text, allowPrivate);
  if ('detail' in checked) return `URL ${checked.detail}`;
  if (allowPrivate) return null;
  const host = new URL(checked.url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return null; // already checked as a literal
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (err) {
    return `cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  const internal = addresses.find(isInternalAddress);
  return internal ? `${host} resolves to an internal address (${internal}): refused` : null;
}
