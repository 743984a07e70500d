import { Size } from 'cdk8s';

/** A size as Kubernetes writes whole gibibytes: `100Gi`. */
export function gibibytes(size: Size): string {
  return `${size.toGibibytes()}Gi`;
}

/** CPU as millicores: `2` → 2000, `1500m` → 1500. */
export function cpuMillis(amount: string): number {
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Math.round(Number(amount) * 1000);
}

/** Bytes of a size the models keep in whole gibibytes (`100Gi`, as `gibibytes` writes it). */
export function bytesOfGibibytes(size: string): number {
  return Number(/^(\d+)Gi$/.exec(size)![1]) * 1024 ** 3;
}
