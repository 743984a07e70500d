import * as net from 'net';

/**
 * What Kubernetes, CoreDNS, BGP and Route 53 accept, as predicates, and the one shape of the error
 * a construct throws for a value that is wrong on its own: where (the construct path), the value,
 * and the limit or the fix.
 */

/** RFC 1123 label: lowercase letters, digits and '-', alphanumeric at both ends, at most 63 characters (namespaces, label values). */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s);
}

/** RFC 1035 label: an RFC 1123 label that starts with a letter (Service names). */
export function isDns1035Label(s: string): boolean {
  return isDns1123Label(s) && /^[a-z]/.test(s);
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters (Secret names, cluster domains). */
export function isDns1123Subdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && s.split('.').every((l) => l.length > 0 && isDns1123Label(l));
}

/** A label value: empty, or up to 63 of letters, digits, '-', '_', '.', alphanumeric at both ends. */
export function isLabelValue(s: string): boolean {
  return s === '' || (s.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(s));
}

/** A label key: an optional DNS-subdomain prefix and '/', then a name like a label value (non-empty). */
export function isLabelKey(s: string): boolean {
  const slash = s.lastIndexOf('/');
  const name = slash < 0 ? s : s.slice(slash + 1);
  return name.length > 0 && isLabelValue(name) && (slash < 0 || isDns1123Subdomain(s.slice(0, slash)));
}

/** A TCP or UDP port number. */
export function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** A 4-byte BGP AS number, 0 excluded (RFC 6793). */
export function isAsn(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 4294967295;
}

/** A BGP community `ASN:value` with two 16-bit halves (RFC 1997), as MetalLB takes it. */
export function isBgpCommunity(s: string): boolean {
  const m = /^(\d{1,5}):(\d{1,5})$/.exec(s);
  return m !== null && Number(m[1]) <= 65535 && Number(m[2]) <= 65535;
}

/** A unicast IPv4 address a host or resolver can have: not 0.0.0.0, not multicast or broadcast. */
export function isUnicastIpv4(s: string): boolean {
  if (!net.isIPv4(s)) return false;
  const first = Number(s.split('.')[0]);
  return s !== '0.0.0.0' && s !== '255.255.255.255' && !(first >= 224 && first <= 239);
}

/** An IPv4 or IPv6 address. */
export function isIpAddress(s: string): boolean {
  return net.isIP(s) !== 0;
}

/**
 * The longest StatefulSet name whose pods start: each pod carries the label
 * `controller-revision-hash: <name>-<10-character hash>`, and a label value holds at most 63
 * characters (kubernetes/kubernetes#64023), so 63 − 11 = 52.
 */
export const MAX_STATEFULSET_NAME = 52;

/** Namespaces Kubernetes itself owns: the library must not relabel them or deny their ingress. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Route 53's largest record TTL in seconds (2^31 − 1). */
export const ROUTE53_MAX_TTL_SECONDS = 2147483647;

/** The error a construct throws for a value that is wrong on its own. */
export function invalidValue(where: string, what: string, value: unknown, limit: string): Error {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new Error(`${where}: ${what} ${shown} ${limit}.`);
}

/** A value a number was expected for, as a message shows it: `3`, or `"3" (a string, not a number)`. */
export function shownNumber(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return `${JSON.stringify(value) ?? String(value)} (${value === null ? 'null' : `a ${typeof value}`}, not a number)`;
}

/** The part of a construct scope {@link checkConstructId} reads (the model knows no constructs library). */
export interface ConstructScope {
  readonly node: { readonly path: string; tryFindChild(id: string): unknown };
}

/**
 * Refuses a construct id the constructs library would refuse with a message that names no
 * prop: an empty one ("Only root constructs may have an empty ID"), one a sibling already has
 * ("There is already a Construct with name ..."). `what` names the construct, e.g. `Site`.
 */
export function checkConstructId(what: string, scope: ConstructScope, id: unknown, unique: string): string {
  if (typeof id !== 'string' || id === '') {
    throw new Error(`${what} ${JSON.stringify(id) ?? String(id)}: the id is empty; ${unique}`);
  }
  if (scope.node.tryFindChild(id) !== undefined) {
    throw new Error(`${what} "${id}": ${scope.node.path || 'the app'} already has a construct with this id; ${unique}`);
  }
  return id;
}
