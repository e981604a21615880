import { Resolver, lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import {
  addressAllowed,
  blockedAddressReason,
  parseAllowList,
  type AllowEntry,
} from './address-policy';

/** How outbound webhook URLs are checked: the operator's settings and how names are resolved. */
export interface EgressPolicy {
  /** Plain `http://` allowed (development only); otherwise `https://` only. */
  readonly allowHttp: boolean;
  /** Addresses, ranges and host names allowed although not public (e.g. a loopback receiver). */
  readonly allow: readonly AllowEntry[];
  /** All addresses of a host name (default: the system resolver). */
  readonly resolve?: (host: string) => Promise<string[]>;
}

export type UrlVerdict =
  | { readonly ok: true; readonly url: URL; readonly host: string; readonly addresses: string[] }
  | { readonly ok: false; readonly reason: string };

async function systemResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

/** Resolves with the DNS server at `server` (`host:port`), A and AAAA records. */
function serverResolve(server: string): (host: string) => Promise<string[]> {
  const resolver = new Resolver({ timeout: 2_000, tries: 1 });
  resolver.setServers([server]);
  const none = (e: Error & { code?: string }): string[] => {
    if (e.code === 'ENODATA' || e.code === 'ENOTFOUND') return [];
    throw e;
  };
  return async (host) => [
    ...(await resolver.resolve4(host).catch(none)),
    ...(await resolver.resolve6(host).catch(none)),
  ];
}

/**
 * Whether a webhook may be sent to `raw`, and to which addresses. The URL is parsed as a browser
 * does (so `http://2130706433/`, `http://0x7f000001/` and `http://127.1/` all mean 127.0.0.1);
 * credentials are refused; the host is resolved and every address must be public unless the
 * operator's allow-list names the host or the address. Called at registration and again before
 * every delivery (a name may point elsewhere since), and the delivery connects only to an address
 * checked here.
 */
export async function checkWebhookUrl(
  raw: string,
  policy: EgressPolicy,
  /** True before a delivery: the addresses to connect to are needed even for an allow-listed name. */
  connecting = false,
): Promise<UrlVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
    return {
      ok: false,
      reason: policy.allowHttp ? 'must be an https:// or http:// URL' : 'must be an https:// URL',
    };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'must not carry credentials (user:password@): use the secret' };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) return { ok: false, reason: 'must name a host' };
  const named = policy.allow.some((e) => e.kind === 'name' && e.name === host);
  // A name the operator allow-lists is trusted as it is: resolved only to connect.
  if (named && !connecting) return { ok: true, url, host, addresses: [] };
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch {
      return { ok: false, reason: 'its host name does not resolve' };
    }
    if (addresses.length === 0) return { ok: false, reason: 'its host name does not resolve' };
  }
  if (!named) {
    for (const address of addresses) {
      if (addressAllowed(address, policy.allow)) continue;
      const reason = blockedAddressReason(address);
      if (reason) {
        return {
          ok: false,
          reason: `must reach a public address: ${isIP(host) ? 'it' : `${host} resolves to one that`} ${reason}`,
        };
      }
    }
  }
  return { ok: true, url, host, addresses };
}

/** The policy an app's settings give (`WEBHOOK_ALLOW_HTTP`, `WEBHOOK_ALLOWED_HOSTS`). */
export function egressPolicyOf(settings: {
  WEBHOOK_ALLOW_HTTP: boolean;
  WEBHOOK_ALLOWED_HOSTS: string;
  WEBHOOK_DNS_SERVER?: string;
}): EgressPolicy {
  return {
    allowHttp: settings.WEBHOOK_ALLOW_HTTP,
    allow: parseAllowList(settings.WEBHOOK_ALLOWED_HOSTS),
    ...(settings.WEBHOOK_DNS_SERVER ? { resolve: serverResolve(settings.WEBHOOK_DNS_SERVER) } : {}),
  };
}
