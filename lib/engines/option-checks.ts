import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
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

/** What every engine's pods take from the options: the image, the volume's StorageClass, the CPU request. */
export interface WorkloadOptions {
  readonly image?: string;
  readonly storageClassName?: string;
  readonly cpu?: Cpu;
}

/**
 * An image reference that is not empty and has no whitespace (the container runtime refuses to
 * pull either); a StorageClass name that is a DNS subdomain (StorageClass names are object names,
 * k8s.io/apimachinery NameIsDNSSubdomain); a CPU request of at least 1m (see {@link checkCpu}).
 */
export function checkWorkload(where: string, options: WorkloadOptions): void {
  if (options.image !== undefined && (options.image.trim() === '' || /\s/.test(options.image))) {
    throw invalidValue(where, 'image', options.image, 'is not an image reference (empty or with whitespace); give e.g. "registry.example.com/db:1.2.3"');
  }
  if (options.storageClassName !== undefined && !isDns1123Subdomain(options.storageClassName)) {
    throw invalidValue(where, 'storageClassName', options.storageClassName, 'is not a StorageClass name (lowercase DNS subdomain, at most 253 characters)');
  }
  checkCpu(where, 'cpu', options.cpu);
}

/**
 * A CPU request of at least 1m, one millicore, the finest precision Kubernetes takes
 * (https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-cpu):
 * a pod that requests 0 is scheduled anywhere and starved first.
 */
export function checkCpu(where: string, what: string, cpu: Cpu | undefined): void {
  if (cpu === undefined) return;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(cpu.amount);
  const millicores = m ? Number(m[1]) * (m[2] === 'm' ? 1 : 1000) : NaN;
  if (!(millicores >= 1)) {
    throw invalidValue(where, what, cpu.amount, 'is not a CPU request of at least 1m (one millicore, the finest Kubernetes takes)');
  }
}
