import { Size } from 'cdk8s';
import { invalidValue, isDns1123Label, isDns1123Subdomain } from '../model/validation';

/**
 * Checks engines share for options that are wrong on their own: sizes in the unit the writer
 * writes, Secret and namespace names Kubernetes accepts.
 */

/** A size that is a whole number of GiB (volumes are written as `<n>Gi`), at least 1 GiB. */
export function checkWholeGibibytes(where: string, what: string, size: Size | undefined): void {
  if (size === undefined) return;
  const kib = size.toKibibytes();
  if (kib < 1024 * 1024 || kib % (1024 * 1024) !== 0) {
    throw invalidValue(where, what, `${kib / 1024} MiB`, 'is not a whole number of GiB (at least 1); volumes are sized in GiB: use Size.gibibytes(n)');
  }
}

/** A size that is a whole number of MiB, at least `minMebibytes`. */
export function checkWholeMebibytes(where: string, what: string, size: Size | undefined, minMebibytes: number): void {
  if (size === undefined) return;
  const kib = size.toKibibytes();
  if (kib % 1024 !== 0 || kib / 1024 < minMebibytes) {
    throw invalidValue(where, what, `${kib / 1024} MiB`, `must be a whole number of MiB, at least ${minMebibytes}`);
  }
}

/** Secret names the options refer to. */
export function checkSecretNames(where: string, names: Record<string, string | undefined>): void {
  for (const [what, name] of Object.entries(names)) {
    if (name !== undefined && !isDns1123Subdomain(name)) {
      throw invalidValue(where, what, name, 'is not a Secret name (lowercase DNS subdomain, at most 253 characters)');
    }
  }
}

/** Namespaces whose pods may connect. */
export function checkClientNamespaces(where: string, what: string, namespaces: readonly string[] | undefined): void {
  for (const ns of namespaces ?? []) {
    if (!isDns1123Label(ns)) throw invalidValue(where, what, ns, 'is not a namespace name (DNS label, at most 63 characters)');
  }
}
