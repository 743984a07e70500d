/** Bytes per suffix of a Kubernetes quantity (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/). */
const SUFFIX_BYTES: Record<string, number> = {
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** A storage quantity (`100Gi`, `1T`, `500M`) in bytes; undefined when it is not one. */
export function storageBytes(quantity: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(quantity.trim());
  return m ? Number(m[1]) * SUFFIX_BYTES[m[2] ?? ''] : undefined;
}
