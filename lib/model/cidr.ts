/**
 * CIDR ranges as plain numbers: enough to compare address plans, nothing to route with.
 */

/**
 * An IPv4 or IPv6 CIDR block as the closed interval of addresses it holds.
 *
 * IPv4-mapped and IPv4-compatible IPv6 forms (`::ffff:10.0.0.0/104`) are IPv6 ranges:
 * they never overlap an IPv4 range, as a cluster configured with them is dual-stack
 * by family, not by address.
 */
export interface CidrRange {
  readonly family: 4 | 6;
  /** The network address: the lowest address of the block. */
  readonly first: bigint;
  /** The highest address of the block (the broadcast address in IPv4). */
  readonly last: bigint;
  /** The CIDR as written, for messages that must name what the user declared. */
  readonly text: string;
}

const IPV4_BITS = 32;
const IPV6_BITS = 128;
const IPV6_GROUPS = 8;

/**
 * Parses `10.0.0.0/16`, `fd00:10::/56` or `::ffff:10.0.0.0/104` into the range it covers.
 *
 * An address with host bits set (`10.0.0.1/8`) is accepted and normalized to its network
 * (`10.0.0.0/8`), as Go's `net.ParseCIDR`, and so Kubernetes, does; `text` keeps the input as written.
 * Anything else that is not a CIDR is refused with an Error naming the input, e.g.
 * `Invalid CIDR "10.0.0.256/8": octet "256" is above 255.`
 */
export function parseCidr(text: string): CidrRange {
  const fail = (reason: string): never => {
    throw new Error(`Invalid CIDR "${text}": ${reason}.`);
  };
  const parts = text.split('/');
  if (parts.length !== 2) fail('expected an address, a slash and a prefix length, e.g. 10.0.0.0/16 or fd00::/48');
  const [address, prefixText] = parts;
  const family = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? IPV4_BITS : IPV6_BITS;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    fail(`prefix length "${prefixText}" must be a whole number from 0 to ${bits} for IPv${family}`);
  }
  const value = family === 4 ? parseIpv4(address, fail) : parseIpv6(address, fail);
  const size = 2n ** BigInt(bits - Number(prefixText));
  const first = value - (value % size);
  return { family, first, last: first + size - 1n, text };
}

function parseIpv4(address: string, fail: (reason: string) => never): bigint {
  const octets = address.split('.');
  if (octets.length !== 4) fail(`"${address}" is not an IPv4 address: expected four decimal octets like 10.0.0.0`);
  let value = 0n;
  for (const octet of octets) {
    if (!/^[0-9]{1,3}$/.test(octet)) fail(`octet "${octet}" is not a decimal number from 0 to 255`);
    if (octet.length > 1 && octet.startsWith('0')) fail(`octet "${octet}" has a leading zero (octal or decimal is ambiguous)`);
    if (Number(octet) > 255) fail(`octet "${octet}" is above 255`);
    value = value * 0x100n + BigInt(octet);
  }
  return value;
}

function parseIpv6(address: string, fail: (reason: string) => never): bigint {
  if (address.includes('%')) fail('a zone id (%) has no place in a CIDR');
  const halves = address.split('::');
  if (halves.length > 2) fail('"::" may appear only once');
  const compressed = halves.length === 2;
  const head = parseGroups(halves[0], !compressed, fail);
  const tail = compressed ? parseGroups(halves[1], true, fail) : [];
  const written = head.length + tail.length;
  if (compressed ? written > IPV6_GROUPS - 1 : written !== IPV6_GROUPS) {
    fail(`"${address}" has ${written} groups of 16 bits; an IPv6 address has 8 (fewer only with "::")`);
  }
  const groups = [...head, ...new Array<number>(IPV6_GROUPS - written).fill(0), ...tail];
  return groups.reduce((value, group) => value * 0x10000n + BigInt(group), 0n);
}

/** The 16-bit groups of one side of `::`; a dotted IPv4 tail counts as two. */
function parseGroups(side: string, endsAddress: boolean, fail: (reason: string) => never): number[] {
  if (side === '') return [];
  const pieces = side.split(':');
  const groups: number[] = [];
  pieces.forEach((piece, i) => {
    if (piece.includes('.')) {
      if (!endsAddress || i !== pieces.length - 1) fail(`embedded IPv4 "${piece}" must end the address`);
      const v4 = parseIpv4(piece, fail);
      groups.push(Number(v4 / 0x10000n), Number(v4 % 0x10000n));
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) fail(`group "${piece}" is not one to four hex digits`);
      groups.push(parseInt(piece, 16));
    }
  });
  return groups;
}
