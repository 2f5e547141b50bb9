/**
 * Who is asking, by network address: the one answer for SvelteKit's `getClientAddress` (through the
 * private header server/index.ts sets on every request) and for the raw Node handlers (uploads).
 *
 * Security invariant: `X-Forwarded-For` is believed only from a proxy listed in TRUST_PROXY, and
 * only up to the first hop that is not itself a listed proxy (read right to left: each proxy
 * appends the address it saw, and anything left of an untrusted hop may be forged by the client).
 * Without TRUST_PROXY the header is ignored: adapter-node's own ADDRESS_HEADER would believe any
 * peer, so a client could pick its own address and escape the per-address sign-in limit.
 */
import net from 'node:net';
import type { IncomingMessage } from 'node:http';

/** Set by server/index.ts on every request (overwriting what a client sent), read by adapter-node. */
export const CLIENT_ADDRESS_HEADER = 'x-athar-client-address';

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** An address as written in logs and throttle keys: IPv4-mapped IPv6 as plain IPv4. */
function plain(address: string): string {
  return MAPPED_V4.exec(address)?.[1] ?? address;
}

/** `TRUST_PROXY` entries: addresses or CIDR subnets (`10.0.0.0/8`); throws on anything else. */
export function parseTrustedProxies(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const family = net.isIP(address);
    const max = family === 4 ? 32 : 128;
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (!family || !validBits || extra !== undefined)
      throw new Error(`TRUST_PROXY must list IP addresses or subnets, got ${entry}`);
  }
  return entries;
}

const lists = new WeakMap<readonly string[], net.BlockList>();

function trustList(proxies: readonly string[]): net.BlockList {
  let list = lists.get(proxies);
  if (!list) {
    list = new net.BlockList();
    for (const entry of proxies) {
      const [address = '', bits] = entry.split('/');
      const type = net.isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    lists.set(proxies, list);
  }
  return list;
}

function trusted(list: net.BlockList, address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The client's address: the peer, or the rightmost untrusted hop of X-Forwarded-For behind a trusted proxy. */
export function clientAddress(req: IncomingMessage, proxies: readonly string[]): string {
  let address = plain(req.socket.remoteAddress ?? '');
  if (proxies.length === 0) return address;
  const list = trustList(proxies);
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => plain(h.trim()));
  for (let i = hops.length - 1; i >= 0 && trusted(list, address); i--) {
    // A hop that is no address (an empty or garbled header) ends the walk at the last proxy.
    if (!net.isIP(hops[i]!)) break;
    address = hops[i]!;
  }
  return address;
}
