import ipaddr from 'ipaddr.js';

/**
 * Why an address may not receive a webhook, or null when it may: only global unicast addresses
 * are reachable from the outside world. Loopback, private, link-local, unique-local, multicast,
 * unspecified, carrier-grade NAT, reserved and broadcast ranges are refused, IPv4-mapped IPv6
 * addresses as the IPv4 address they carry.
 */
export function blockedAddressReason(address: string): string | null {
  const parsed = parseAddress(address);
  if (!parsed) return 'is not an IP address';
  const range = parsed.range();
  return range === 'unicast' ? null : `is a ${range} address`;
}

/** An address, an IPv4-mapped IPv6 address as the IPv4 address it carries; null if not one. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
}

/** An allow-list entry: an address, a CIDR range or a host name (compared case-insensitively). */
export type AllowEntry =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'range'; readonly range: [ipaddr.IPv4 | ipaddr.IPv6, number] };

/** Parses an operator's allow-list (`127.0.0.1, ::1, 10.1.0.0/16, hooks.internal`). */
export function parseAllowList(text: string): AllowEntry[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry): AllowEntry => {
      if (entry.includes('/')) return { kind: 'range', range: ipaddr.parseCIDR(entry) };
      if (ipaddr.isValid(entry)) {
        const a = ipaddr.parse(entry);
        return { kind: 'range', range: [a, a.kind() === 'ipv4' ? 32 : 128] };
      }
      return { kind: 'name', name: entry.toLowerCase() };
    });
}

/** Whether an address is in one of the allow-list's ranges. */
export function addressAllowed(address: string, allow: readonly AllowEntry[]): boolean {
  const a = parseAddress(address);
  if (!a) return false;
  return allow.some(
    (e) => e.kind === 'range' && e.range[0].kind() === a.kind() && a.match(e.range),
  );
}
