// Outbound-call policy for the Chatwoot base URL (security.md S-SSO-4): http/https only, no
// credentials in the URL, and — unless the deployment opts in with `allowPrivateNetwork` — no target
// that is not a public unicast address. The check runs on literal IPs in the URL, on names before DNS
// (`localhost`), on every address DNS returns, and again inside the socket's own lookup so a DNS
// answer that changes between check and connect (rebinding) cannot slip through.
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { ChatwootBlockedUrlError, ChatwootUnreachableError } from './errors';

/** Resolves a name to every address it has, like `dns.promises.lookup(name, { all: true })`. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface PublicUrlOptions {
  allowPrivateNetwork: boolean;
  /** Resolver returning every address of a name; `dns.promises.lookup(name, { all: true })` by default. */
  lookup?: Resolver;
}

// ----------------------------------------------------------------------------------------------
// Address classification

type Cidr4 = { network: number; bits: number; why: string };

/** IANA IPv4 special-purpose ranges that are not public unicast, plus multicast and reserved space. */
const BLOCKED_V4: Cidr4[] = [
  ['0.0.0.0/8', 'this network / unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata)'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay anycast'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved and broadcast'],
].map(([cidr, why]) => {
  const [address, bits] = (cidr as string).split('/') as [string, string];
  return { network: ipv4ToInt(address)!, bits: Number(bits), why: why as string };
});

function ipv4ToInt(ip: string): number | null {
  if (isIP(ip) !== 4) return null;
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function v4Blocked(value: number): boolean {
  return BLOCKED_V4.some(({ network, bits }) => {
    const size = 2 ** (32 - bits);
    return Math.floor(value / size) === Math.floor(network / size);
  });
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped), or null when it is not one. */
function ipv6Groups(input: string): number[] | null {
  const ip = input.split('%')[0] ?? '';
  if (isIP(ip) !== 6) return null;
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToInt(tail);
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const headGroups = parse(head);
  if (rest === undefined) return headGroups.length === 8 ? headGroups : null;
  const tailGroups = parse(rest);
  const zeros = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...new Array<number>(zeros).fill(0), ...tailGroups];
}

const embeddedV4 = (high: number, low: number) => high * 0x10000 + low;

function v6Blocked(g: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::ffff:a.b.c.d reaches the IPv4 host a.b.c.d, so it is as private as that address.
  if (firstFiveZero && g5 === 0xffff) return v4Blocked(embeddedV4(g6, g7));
  // NAT64 (64:ff9b::/96): what DNS64 hands out for public IPv4 hosts on IPv6-only networks.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return v4Blocked(embeddedV4(g6, g7));
  }
  // Only global unicast (2000::/3) can be public; this also covers ::, ::1, the deprecated
  // IPv4-compatible ::a.b.c.d, fc00::/7 unique-local, fe80::/10 link-local, fec0::/10 and ff00::/8.
  if ((g0 & 0xe000) !== 0x2000) return true;
  // 2001::/23 (IETF assignments, Teredo tunnels to arbitrary IPv4 hosts), 2001:db8::/32, 3fff::/20.
  if (g0 === 0x2001 && g1 < 0x200) return true;
  if (g0 === 0x2001 && g1 === 0xdb8) return true;
  if (g0 === 0x3fff && g1 < 0x1000) return true;
  // 6to4 (2002::/16) embeds an IPv4 address in bits 16–47.
  if (g0 === 0x2002) return v4Blocked(embeddedV4(g1, g2));
  return false;
}

/**
 * True unless `ip` is a public unicast address: private, loopback, link-local, unique-local, CGNAT,
 * multicast, unspecified, documentation and reserved ranges of IPv4 and IPv6, IPv4-mapped, NAT64 and
 * 6to4 forms of those — and anything that is not an IP address at all (fail closed).
 */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ipv4ToInt(ip);
  if (v4 !== null) return v4Blocked(v4);
  const groups = ipv6Groups(ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip);
  if (groups === null) return true;
  return v6Blocked(groups);
}

/** RFC 6761 reserves these names for the local host; refuse them before asking DNS. */
function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

// ----------------------------------------------------------------------------------------------
// URL checks

const blocked = (operation: string, message: string, reason: ChatwootBlockedUrlError['reason']) =>
  new ChatwootBlockedUrlError(message, { operation, reason });

/** The hostname as an address when the URL names a literal IP (brackets of IPv6 removed). */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? null : host;
}

/**
 * The checks that need no DNS: a parsable http(s) URL without credentials and, unless private
 * targets are allowed, no literal non-public IP or local name. WHATWG URL parsing already turns
 * `http://2130706433/`, `http://0x7f.1/` and friends into `127.0.0.1`, so those are caught here.
 */
export function checkUrlShape(input: string | URL, allowPrivateNetwork: boolean, operation: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw blocked(operation, 'Chatwoot URL is not a valid absolute URL', 'invalid_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw blocked(operation, `Chatwoot URL must use http or https, not ${url.protocol}`, 'protocol');
  }
  if (url.username !== '' || url.password !== '') {
    throw blocked(operation, 'Chatwoot URL must not contain credentials', 'credentials');
  }
  if (!allowPrivateNetwork) {
    const literal = literalAddress(url);
    if (literal !== null && isPrivateAddress(literal)) {
      throw blocked(operation, privateMessage(literal), 'private_address');
    }
    if (literal === null && isLocalName(url.hostname)) {
      throw blocked(operation, privateMessage(url.hostname), 'private_address');
    }
  }
  return url;
}

function privateMessage(target: string): string {
  return `Chatwoot URL blocked: ${target} is not a public address (allowPrivateNetwork is off)`;
}

export function defaultLookup(hostname: string): Promise<LookupAddress[]> {
  return dnsLookupAll(hostname, { all: true, verbatim: true });
}

/** Every address a name resolves to must be public; an empty answer counts as blocked. */
export async function checkResolvedAddresses(url: URL, lookup: Resolver, operation: string): Promise<void> {
  if (literalAddress(url) !== null) return;
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(url.hostname);
  } catch (error) {
    throw new ChatwootUnreachableError(`Chatwoot host ${url.hostname} could not be resolved`, {
      operation,
      reason: 'dns',
      cause: error,
    });
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (addresses.length === 0 || bad) {
    throw blocked(
      operation,
      privateMessage(`${url.hostname} (${bad?.address ?? 'no address'})`),
      'private_address',
    );
  }
}

/**
 * Validate a configurable Chatwoot URL before storing or calling it. Resolves the name (all
 * addresses) unless `allowPrivateNetwork` is on. Throws `ChatwootBlockedUrlError` (policy) or
 * `ChatwootUnreachableError` (DNS failure); returns the parsed URL.
 */
export async function assertPublicUrl(input: string | URL, options: PublicUrlOptions): Promise<URL> {
  const operation = 'assertPublicUrl';
  const url = checkUrlShape(input, options.allowPrivateNetwork, operation);
  if (!options.allowPrivateNetwork) {
    await checkResolvedAddresses(url, options.lookup ?? defaultLookup, operation);
  }
  return url;
}

/**
 * A `net` lookup for the client's sockets: resolves with `resolve` and, unless private targets are
 * allowed, refuses any non-public answer. The socket dials exactly what this returns, so the checked
 * address is the dialled address (DNS pinning, no second resolution to race against).
 */
export function createSocketLookup(options: {
  allowPrivateNetwork: boolean;
  resolve?: Resolver;
}): LookupFunction {
  const resolve = options.resolve ?? defaultLookup;
  return (hostname, lookupOptions, callback) => {
    const refuse = (target: string) =>
      callback(blocked('connect', privateMessage(target), 'private_address'), '');
    if (!options.allowPrivateNetwork && isLocalName(hostname)) {
      refuse(hostname);
      return;
    }
    resolve(hostname).then(
      (answers) => {
        const wanted = lookupOptions.family;
        const family = wanted === 4 || wanted === 'IPv4' ? 4 : wanted === 6 || wanted === 'IPv6' ? 6 : 0;
        const addresses = family === 0 ? answers : answers.filter((a) => a.family === family);
        const bad = options.allowPrivateNetwork
          ? undefined
          : addresses.find((a) => isPrivateAddress(a.address));
        const first = addresses[0];
        if (bad || !first) {
          refuse(`${hostname} (${bad?.address ?? 'no address'})`);
          return;
        }
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
