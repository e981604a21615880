import { blockedAddressReason, parseAllowList } from './address-policy';
import { checkWebhookUrl, type EgressPolicy } from './url-policy';

/** No name is looked up in these tests: a fixed table stands in for DNS. */
const dns: Record<string, string[]> = {
  'hooks.example.org': ['93.184.216.34'],
  'rebound.example.org': ['10.0.0.5'],
  'mixed.example.org': ['93.184.216.34', '192.168.1.10'],
  'v6.example.org': ['2606:4700:4700::1111'],
};
const policy = (more: Partial<EgressPolicy> = {}): EgressPolicy => ({
  allowHttp: false,
  allow: [],
  resolve: (host) =>
    dns[host] ? Promise.resolve(dns[host]) : Promise.reject(new Error(`ENOTFOUND ${host}`)),
  ...more,
});

describe('checkWebhookUrl', () => {
  it.each([
    'https://127.0.0.1:5432/',
    'https://127.1/',
    'https://2130706433/',
    'https://0x7f000001/',
    'https://0177.0.0.1/',
    'https://[::1]:6379/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[::]/',
    'https://0.0.0.0/',
    'https://10.1.2.3/',
    'https://172.16.0.1/',
    'https://192.168.0.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://[fe80::1]/',
    'https://[fc00::1]/',
    'https://[fd12:3456::1]/',
    'https://224.0.0.1/',
    'https://[ff02::1]/',
    'https://100.64.0.1/',
    'https://255.255.255.255/',
    'https://rebound.example.org/hooks',
    'https://mixed.example.org/hooks',
  ])('refuses %s: not a public address', async (url) => {
    const verdict = await checkWebhookUrl(url, policy());
    expect(verdict).toEqual({
      ok: false,
      reason: expect.stringMatching(/^must reach a public address/),
    });
  });

  it('refuses plain http unless the operator allows it, credentials always, and names that do not resolve', async () => {
    expect(await checkWebhookUrl('http://hooks.example.org/', policy())).toEqual({
      ok: false,
      reason: 'must be an https:// URL',
    });
    expect(
      (await checkWebhookUrl('http://hooks.example.org/', policy({ allowHttp: true }))).ok,
    ).toBe(true);
    expect(await checkWebhookUrl('https://user:pass@hooks.example.org/', policy())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/credentials/),
    });
    expect(await checkWebhookUrl('ftp://hooks.example.org/', policy())).toMatchObject({
      ok: false,
    });
    expect(await checkWebhookUrl('not a url', policy())).toEqual({
      ok: false,
      reason: 'is not a URL',
    });
    expect(await checkWebhookUrl('https://nowhere.example.org/', policy())).toEqual({
      ok: false,
      reason: 'its host name does not resolve',
    });
  });

  it('allows public addresses, with the addresses to connect to', async () => {
    expect(await checkWebhookUrl('https://hooks.example.org/x', policy())).toMatchObject({
      ok: true,
      host: 'hooks.example.org',
      addresses: ['93.184.216.34'],
    });
    expect(await checkWebhookUrl('https://v6.example.org/', policy())).toMatchObject({ ok: true });
    expect(await checkWebhookUrl('https://8.8.8.8/', policy())).toMatchObject({ ok: true });
  });

  it('allows what the operator allow-lists: an address, a range or a name', async () => {
    const allow = parseAllowList('127.0.0.1, ::1 10.0.0.0/8,hooks.internal');
    const p = policy({ allow, allowHttp: true });
    expect((await checkWebhookUrl('http://127.0.0.1:8080/', p)).ok).toBe(true);
    expect((await checkWebhookUrl('http://0x7f000001:8080/', p)).ok).toBe(true);
    expect((await checkWebhookUrl('http://[::1]:8080/', p)).ok).toBe(true);
    expect((await checkWebhookUrl('https://rebound.example.org/', p)).ok).toBe(true);
    expect((await checkWebhookUrl('http://127.0.0.2/', p)).ok).toBe(false);
    expect((await checkWebhookUrl('http://192.168.0.1/', p)).ok).toBe(false);
    const named = policy({
      allow,
      resolve: (host) => Promise.resolve(host === 'hooks.internal' ? ['10.9.9.9'] : []),
    });
    expect(await checkWebhookUrl('https://hooks.internal/', named)).toMatchObject({ ok: true });
  });
});

describe('blockedAddressReason', () => {
  it('names the range of an address that is not public', () => {
    expect(blockedAddressReason('127.0.0.1')).toBe('is a loopback address');
    expect(blockedAddressReason('::ffff:10.0.0.1')).toBe('is a private address');
    expect(blockedAddressReason('93.184.216.34')).toBeNull();
    expect(blockedAddressReason('nonsense')).toBe('is not an IP address');
  });
});
