import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** The storage of each member of a StatefulSet. */
export interface DataVolumeOptions {
  readonly labels: Record<string, string>;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly mountPath: string;
}

/**
 * Gives every pod of `statefulSet` its own `ReadWriteOnce` volume `datadir`, mounted in the first
 * container. cdk8s-plus has no volumeClaimTemplates, so the claim is patched into the raw object.
 */
export function addDataVolume(statefulSet: kplus.StatefulSet, options: DataVolumeOptions): void {
  const claim = {
    metadata: { name: 'datadir', labels: options.labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(options.storageClassName ? { storageClassName: options.storageClassName } : {}),
      resources: { requests: { storage: kplus.k8s.Quantity.fromString(options.storageSize) } },
    },
  };
  const raw = ApiObject.of(statefulSet);
  raw.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [claim]));
  const mount = { name: 'datadir', mountPath: options.mountPath };
  raw.addJsonPatch(statefulSet.containers[0].mounts.length > 0
    ? JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', mount)
    : JsonPatch.add('/spec/template/spec/containers/0/volumeMounts', [mount]));
}
