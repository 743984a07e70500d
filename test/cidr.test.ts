import * as net from 'net';
import * as fc from 'fast-check';
import { findOverlaps, OwnedRange } from '../lib/analysis/cidr-overlap';
import { CidrRange, parseCidr } from '../lib/model/cidr';

describe('parseCidr', () => {
  test.each([
    ['10.0.0.0/8', 4, 0x0a000000n, 0x0affffffn],
    ['192.168.1.0/24', 4, 0xc0a80100n, 0xc0a801ffn],
    ['0.0.0.0/0', 4, 0n, 0xffffffffn],
    ['255.255.255.255/32', 4, 0xffffffffn, 0xffffffffn],
    ['fd00::/8', 6, 0xfd000000_00000000_00000000_00000000n, 0xfdffffff_ffffffff_ffffffff_ffffffffn],
    ['::/0', 6, 0n, 0xffffffff_ffffffff_ffffffff_ffffffffn],
    ['::1/128', 6, 1n, 1n],
    ['2001:DB8::/32', 6, 0x20010db8_00000000_00000000_00000000n, 0x20010db8_ffffffff_ffffffff_ffffffffn],
    ['2001:db8:0:0:0:0:0:0/32', 6, 0x20010db8_00000000_00000000_00000000n, 0x20010db8_ffffffff_ffffffff_ffffffffn],
    ['fd00:10:0:7::/64', 6, 0xfd000010_00000007_00000000_00000000n, 0xfd000010_00000007_ffffffff_ffffffffn],
    ['1::/16', 6, 0x00010000_00000000_00000000_00000000n, 0x0001ffff_ffffffff_ffffffff_ffffffffn],
    ['1:2:3:4:5:6:7::/128', 6, 0x00010002_00030004_00050006_00070000n, 0x00010002_00030004_00050006_00070000n],
    ['::ffff:10.0.0.0/104', 6, 0x0000ffff_0a000000n, 0x0000ffff_0affffffn],
    ['64:ff9b::192.0.2.0/120', 6, 0x0064ff9b_00000000_00000000_c0000200n, 0x0064ff9b_00000000_00000000_c00002ffn],
    ['1:2:3:4:5:6:10.0.0.1/128', 6, 0x00010002_00030004_00050006_0a000001n, 0x00010002_00030004_00050006_0a000001n],
  ] as const)('%s', (text, family, first, last) => {
    expect(parseCidr(text)).toEqual({ family, first, last, text });
  });

  test('host bits are cleared: the range is the network the address belongs to', () => {
    expect(parseCidr('10.0.0.1/8')).toEqual({ family: 4, first: 0x0a000000n, last: 0x0affffffn, text: '10.0.0.1/8' });
    expect(parseCidr('fd00::1/64')).toEqual({ ...parseCidr('fd00::/64'), text: 'fd00::1/64' });
  });

  test.each([
    ['10.0.0.0', 'expected an address, a slash and a prefix length, e.g. 10.0.0.0/16 or fd00::/48'],
    ['10.0.0.0/8/8', 'expected an address, a slash and a prefix length, e.g. 10.0.0.0/16 or fd00::/48'],
    ['', 'expected an address, a slash and a prefix length, e.g. 10.0.0.0/16 or fd00::/48'],
    ['10.0.0.0/33', 'prefix length "33" must be a whole number from 0 to 32 for IPv4'],
    ['10.0.0.0/', 'prefix length "" must be a whole number from 0 to 32 for IPv4'],
    ['10.0.0.0/08', 'prefix length "08" must be a whole number from 0 to 32 for IPv4'],
    ['10.0.0.0/ 8', 'prefix length " 8" must be a whole number from 0 to 32 for IPv4'],
    ['fd00::/129', 'prefix length "129" must be a whole number from 0 to 128 for IPv6'],
    ['/8', '"" is not an IPv4 address: expected four decimal octets like 10.0.0.0'],
    ['10.0.0/8', '"10.0.0" is not an IPv4 address: expected four decimal octets like 10.0.0.0'],
    ['cluster.local/8', '"cluster.local" is not an IPv4 address: expected four decimal octets like 10.0.0.0'],
    ['10.0.0.256/8', 'octet "256" is above 255'],
    ['010.0.0.0/8', 'octet "010" has a leading zero (octal or decimal is ambiguous)'],
    ['10.0.x.0/8', 'octet "x" is not a decimal number from 0 to 255'],
    ['1::2::3/64', '"::" may appear only once'],
    ['1:2:3:4:5:6:7:8:9/64', '"1:2:3:4:5:6:7:8:9" has 9 groups of 16 bits; an IPv6 address has 8 (fewer only with "::")'],
    ['1:2:3:4:5:6:7/64', '"1:2:3:4:5:6:7" has 7 groups of 16 bits; an IPv6 address has 8 (fewer only with "::")'],
    ['1:2:3:4::5:6:7:8/64', '"1:2:3:4::5:6:7:8" has 8 groups of 16 bits; an IPv6 address has 8 (fewer only with "::")'],
    ['1:2:3:4:5:6:7:1.2.3.4/64', '"1:2:3:4:5:6:7:1.2.3.4" has 9 groups of 16 bits; an IPv6 address has 8 (fewer only with "::")'],
    ['fd00:12345::/32', 'group "12345" is not one to four hex digits'],
    ['fg00::/16', 'group "fg00" is not one to four hex digits'],
    ['1:::2/64', 'group "" is not one to four hex digits'],
    [':1::/64', 'group "" is not one to four hex digits'],
    ['1.2.3.4::/96', 'embedded IPv4 "1.2.3.4" must end the address'],
    ['::1.2.3.4:5/96', 'embedded IPv4 "1.2.3.4" must end the address'],
    ['::ffff:10.0.0.300/104', 'octet "300" is above 255'],
    ['fe80::1%eth0/64', 'a zone id (%) has no place in a CIDR'],
  ])('refuses %j', (text, reason) => {
    expect(() => parseCidr(text)).toThrow(new Error(`Invalid CIDR "${text}": ${reason}.`));
  });

  test('agrees with net.BlockList on which addresses a random range holds', () => {
    const withMask = (bits: number) => fc.tuple(fc.integer({ min: 0, max: bits }), fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n }));
    fc.assert(fc.property(
      fc.oneof(
        fc.tuple(fc.constant(4 as const), fc.ipV4(), withMask(32)),
        fc.tuple(fc.constant(6 as const), fc.ipV6(), withMask(128)),
      ),
      ([family, address, [prefix, noise]]) => {
        const bits = family === 4 ? 32 : 128;
        const range = parseCidr(`${address}/${prefix}`);
        // An address in the block twice the range's size around it: inside the range half the time.
        const block = 2n ** BigInt(bits - prefix + 1);
        const probe = range.first - (range.first % block) + (noise % block);
        const oracle = new net.BlockList();
        oracle.addSubnet(address, prefix, `ipv${family}`);
        expect(range.family).toBe(family);
        expect(range.first <= probe && probe <= range.last).toBe(oracle.check(format(family, probe), `ipv${family}`));
      },
    ), { numRuns: 2000 });
  });
});

describe('findOverlaps', () => {
  const entry = (text: string, owner: string): OwnedRange<string> => ({ range: parseCidr(text), owner });
  const owners = (pairs: { a: OwnedRange<string>; b: OwnedRange<string> }[]) => pairs.map((p) => [p.a.owner, p.b.owner]);

  test('disjoint ranges do not overlap, nor do ranges of different families', () => {
    expect(findOverlaps([
      entry('10.0.0.0/16', 'dc-a pods'),
      entry('10.1.0.0/16', 'dc-b pods'),
      entry('::/96', 'dc-a v6 pods'),
      entry('::ffff:10.0.0.0/104', 'dc-b v6 pods'),
    ])).toEqual([]);
  });

  test('nested, equal and touching ranges overlap; the enclosing range is a', () => {
    expect(owners(findOverlaps([
      entry('10.0.1.255/32', 'broadcast'),
      entry('10.0.0.0/23', 'node'),
      entry('10.0.0.0/16', 'pod'),
      entry('10.0.0.0/16', 'pod again'),
      entry('10.1.0.0/16', 'service'),
    ]))).toEqual([
      ['pod', 'pod again'],
      ['pod', 'node'],
      ['pod', 'broadcast'],
      ['pod again', 'node'],
      ['pod again', 'broadcast'],
      ['node', 'broadcast'],
    ]);
  });

  test('groupOf leaves out pairs within a group', () => {
    const ranges = [
      entry('10.0.0.0/16', 'dc-a/pod'),
      entry('10.0.0.0/24', 'dc-a/node'),
      entry('10.0.128.0/20', 'dc-b/service'),
      entry('fd00::/56', 'dc-a/pod'),
      entry('fd00::/64', 'dc-b/pod'),
    ];
    expect(owners(findOverlaps(ranges, { groupOf: (owner) => owner.split('/')[0] }))).toEqual([
      ['dc-a/pod', 'dc-b/service'],
      ['dc-a/pod', 'dc-b/pod'],
    ]);
  });

  describe('finds exactly the pairs the brute force finds', () => {
    interface Owner { readonly id: number; readonly site: string }
    /** Small address spaces, so that ranges nest, repeat and touch often; a few wide ranges over everything. */
    const cidrText = fc.oneof(
      fc.tuple(fc.nat(255), fc.integer({ min: 24, max: 32 })).map(([host, prefix]) => `10.0.0.${host}/${prefix}`),
      fc.tuple(fc.nat(0xff), fc.integer({ min: 120, max: 128 })).map(([host, prefix]) => `fd00::${host.toString(16)}/${prefix}`),
      fc.tuple(fc.nat(0xff), fc.integer({ min: 104, max: 128 })).map(([host, prefix]) => `::ffff:10.0.0.${host}/${prefix}`),
      fc.constantFrom('10.0.0.0/8', '0.0.0.0/0', 'fd00::/8', '::/0', '10.1.0.0/16'),
    );
    /** Random ranges, then copies of some of them, so equal ranges are common; owners in four sites. */
    const entries = fc.tuple(
      fc.array(fc.tuple(cidrText, fc.constantFrom('dc-a', 'dc-b', 'dc-c', 'dc-d')), { maxLength: 45, size: 'max' }),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('dc-a', 'dc-b', 'dc-c', 'dc-d')), { maxLength: 15, size: 'max' }),
    ).map(([fresh, copies]) => {
      const texts = [...fresh, ...(fresh.length ? copies.map(([i, site]) => [fresh[i % fresh.length][0], site] as const) : [])];
      return texts.map(([text, site], id): OwnedRange<Owner> => ({ range: parseCidr(text), owner: { id, site } }));
    });

    const overlap = (x: CidrRange, y: CidrRange) => x.family === y.family && x.first <= y.last && y.first <= x.last;
    /** Every pair, in the documented sweep order, by nested loops. */
    function bruteForce(ranges: OwnedRange<Owner>[], skip: (a: Owner, b: Owner) => boolean): [number, number][] {
      const ordered = [...ranges].sort((x, y) => x.range.family - y.range.family
        || Number(x.range.first > y.range.first) - Number(x.range.first < y.range.first)
        || Number(x.range.last < y.range.last) - Number(x.range.last > y.range.last)
        || x.owner.id - y.owner.id);
      const pairs: [number, number][] = [];
      ordered.forEach((a, i) => ordered.slice(i + 1).forEach((b) => {
        if (overlap(a.range, b.range) && !skip(a.owner, b.owner)) pairs.push([a.owner.id, b.owner.id]);
      }));
      return pairs;
    }
    const ids = (pairs: { a: OwnedRange<Owner>; b: OwnedRange<Owner> }[]) => pairs.map((p): [number, number] => [p.a.owner.id, p.b.owner.id]);
    // Compared as strings: toEqual on arrays costs more than the rest of a run together.
    const asSet = (pairs: [number, number][]) => pairs.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`).sort().join(' ');
    const inOrder = (pairs: [number, number][]) => pairs.map(([a, b]) => `${a}-${b}`).join(' ');

    test('over all pairs', () => {
      fc.assert(fc.property(entries, (ranges) => {
        const expected = bruteForce(ranges, () => false);
        const found = ids(findOverlaps(ranges));
        expect(asSet(found)).toBe(asSet(expected));
        expect(inOrder(found)).toBe(inOrder(expected));
      }), { numRuns: 1000 });
    });

    test('over pairs of different sites, with groupOf', () => {
      fc.assert(fc.property(entries, (ranges) => {
        const expected = bruteForce(ranges, (a, b) => a.site === b.site);
        const found = ids(findOverlaps(ranges, { groupOf: (owner) => owner.site }));
        expect(asSet(found)).toBe(asSet(expected));
        expect(inOrder(found)).toBe(inOrder(expected));
      }), { numRuns: 1000 });
    });
  });
});

/** An address in full, uncompressed form, for the oracle to parse on its own. */
function format(family: 4 | 6, address: bigint): string {
  const [count, radix, base, separator] = family === 4 ? [4, 0x100n, 10, '.'] as const : [8, 0x10000n, 16, ':'] as const;
  return Array.from({ length: count }, (_, i) => (address / radix ** BigInt(count - 1 - i) % radix).toString(base)).join(separator);
}
