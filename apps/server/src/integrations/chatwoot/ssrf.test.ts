import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, test } from 'node:test';
import { ChatwootBlockedUrlError, ChatwootUnreachableError } from './errors';
import { assertPublicUrl, isPrivateAddress } from './ssrf';

const PRIVATE: Array<[string, string]> = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'this network'],
  ['10.0.0.1', 'RFC 1918'],
  ['10.255.255.255', 'RFC 1918 end'],
  ['100.64.0.1', 'CGNAT start'],
  ['100.127.255.254', 'CGNAT end'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback range'],
  ['169.254.169.254', 'cloud metadata (link-local)'],
  ['172.16.0.1', 'RFC 1918'],
  ['172.31.255.255', 'RFC 1918 end'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.10', 'TEST-NET-1'],
  ['192.88.99.1', '6to4 relay'],
  ['192.168.1.1', 'RFC 1918'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking end'],
  ['198.51.100.7', 'TEST-NET-2'],
  ['203.0.113.9', 'TEST-NET-3'],
  ['224.0.0.251', 'multicast (mDNS)'],
  ['239.255.255.250', 'multicast (SSDP)'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'IPv6 unspecified'],
  ['::1', 'IPv6 loopback'],
  ['[::1]', 'IPv6 loopback in URL brackets'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback (dotted)'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback (hex)'],
  ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata'],
  ['::ffff:10.1.2.3', 'IPv4-mapped RFC 1918'],
  ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 of metadata'],
  ['64:ff9b:1::1', 'local-use NAT64'],
  ['100::1', 'discard-only'],
  ['2001::1', 'Teredo'],
  ['2001:db8::1', 'documentation'],
  ['2002:7f00:1::1', '6to4 of loopback'],
  ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
  ['3fff::1', 'documentation (RFC 9637)'],
  ['fc00::1', 'unique local'],
  ['fd12:3456:789a::1', 'unique local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local with zone'],
  ['fec0::1', 'site-local (deprecated)'],
  ['ff02::1', 'multicast'],
  ['not-an-ip', 'not an address (fail closed)'],
  ['', 'empty (fail closed)'],
  ['1.2.3', 'short IPv4 (fail closed)'],
  ['999.1.1.1', 'out of range (fail closed)'],
];

const PUBLIC: Array<[string, string]> = [
  ['1.1.1.1', 'public DNS'],
  ['8.8.8.8', 'public DNS'],
  ['93.184.216.34', 'public'],
  ['100.63.255.255', 'just below CGNAT'],
  ['100.128.0.0', 'just above CGNAT'],
  ['172.15.255.255', 'just below 172.16/12'],
  ['172.32.0.0', 'just above 172.16/12'],
  ['169.253.255.255', 'just below link-local'],
  ['192.167.255.255', 'just below 192.168/16'],
  ['198.20.0.0', 'just above benchmarking'],
  ['223.255.255.255', 'just below multicast'],
  ['2606:4700:4700::1111', 'public IPv6'],
  ['2a00:1450:4001:82a::200e', 'public IPv6'],
  ['::ffff:8.8.8.8', 'IPv4-mapped public'],
  ['64:ff9b::808:808', 'NAT64 of a public host (DNS64 networks)'],
  ['2002:808:808::1', '6to4 of a public host'],
];

describe('isPrivateAddress', () => {
  for (const [ip, why] of PRIVATE) {
    test(`blocks ${ip || '(empty)'} — ${why}`, () => assert.equal(isPrivateAddress(ip), true));
  }
  for (const [ip, why] of PUBLIC) {
    test(`allows ${ip} — ${why}`, () => assert.equal(isPrivateAddress(ip), false));
  }
});

/** A resolver that must not be reached, proving a check happened before DNS. */
const noDns = async (): Promise<LookupAddress[]> => {
  throw new Error('DNS must not be consulted');
};

const resolvesTo =
  (...addresses: string[]) =>
  async (): Promise<LookupAddress[]> =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function assertBlocked(url: string, reason: string, lookup = noDns) {
  await assert.rejects(assertPublicUrl(url, { allowPrivateNetwork: false, lookup }), (error: unknown) => {
    assert.ok(error instanceof ChatwootBlockedUrlError, `expected ChatwootBlockedUrlError for ${url}`);
    assert.equal(error.reason, reason);
    assert.equal(error.operation, 'assertPublicUrl');
    return true;
  });
}

describe('assertPublicUrl', () => {
  const literalTargets = [
    'http://127.0.0.1:3000/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00::1]:8080/',
    'http://2130706433/', // decimal form of 127.0.0.1
    'http://0x7f000001/', // hex form
    'http://017700000001/', // octal form
    'http://127.1/', // short form
    'http://0/', // 0.0.0.0
    'http://10.0.0.5/',
    'http://192.168.0.10/',
    'http://100.64.1.1/',
    'https://localhost/',
    'http://LOCALHOST./',
    'http://chatwoot.localhost:3000/',
  ];
  for (const url of literalTargets) {
    test(`refuses ${url} without asking DNS`, () => assertBlocked(url, 'private_address'));
  }

  test('refuses a name that resolves to a private address, even among public ones', () =>
    assertBlocked('https://chat.example.com/', 'private_address', resolvesTo('93.184.216.34', '10.0.0.7')));

  test('refuses a name that resolves to an IPv4-mapped loopback', () =>
    assertBlocked('https://chat.example.com/', 'private_address', resolvesTo('::ffff:127.0.0.1')));

  test('refuses a name that resolves to nothing', () =>
    assertBlocked('https://chat.example.com/', 'private_address', resolvesTo()));

  test('accepts a name whose every address is public', async () => {
    const url = await assertPublicUrl('https://chat.example.com/base/', {
      allowPrivateNetwork: false,
      lookup: resolvesTo('93.184.216.34', '2606:4700:4700::1111'),
    });
    assert.equal(url.href, 'https://chat.example.com/base/');
  });

  test('accepts a public literal address without DNS', async () => {
    const url = await assertPublicUrl('http://93.184.216.34:8080', {
      allowPrivateNetwork: false,
      lookup: noDns,
    });
    assert.equal(url.hostname, '93.184.216.34');
  });

  test('a DNS failure is an unreachable host, not a policy decision', async () => {
    await assert.rejects(
      assertPublicUrl('https://nowhere.example/', {
        allowPrivateNetwork: false,
        lookup: async () => {
          throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' });
        },
      }),
      (error: unknown) => error instanceof ChatwootUnreachableError && error.reason === 'dns',
    );
  });

  for (const url of ['ftp://chat.example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://x/']) {
    test(`refuses the ${new URL(url).protocol} scheme`, () => assertBlocked(url, 'protocol'));
  }

  // A made-up credential: the point is that URLs carrying one are refused.
  // secretlint-disable-next-line
  for (const url of ['https://admin:secret@chat.example.com/', 'https://token@chat.example.com/']) {
    test(`refuses credentials in ${url.replace(/\/\/.*@/, '//…@')}`, () => assertBlocked(url, 'credentials'));
  }

  test('refuses what is not a URL', () => assertBlocked('chat.example.com', 'invalid_url'));

  test('allowPrivateNetwork permits private targets but keeps the scheme and credential rules', async () => {
    for (const url of ['http://127.0.0.1:3000/', 'http://[::1]/', 'http://localhost/', 'http://10.0.0.5/']) {
      const parsed = await assertPublicUrl(url, { allowPrivateNetwork: true, lookup: noDns });
      assert.equal(parsed.href, new URL(url).href);
    }
    await assert.rejects(
      assertPublicUrl('ftp://127.0.0.1/', { allowPrivateNetwork: true }),
      ChatwootBlockedUrlError,
    );
    await assert.rejects(
      assertPublicUrl('http://u:p@127.0.0.1/', { allowPrivateNetwork: true }),
      ChatwootBlockedUrlError,
    );
  });
});
