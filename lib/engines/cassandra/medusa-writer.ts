import { Construct } from 'constructs';
import { medusaSchedules, medusaStorageSecretName } from './backup';
import { CassandraCluster } from './model';
import { storesSecretName } from './names';
import type * as K8ssandraBindings from '../../imports/k8ssandra.io';
import * as medusa from '../../imports/medusa.k8ssandra.io';
import { workloadLabels } from '../../k8s/labels';

/**
 * `spec.medusa` of the K8ssandraCluster of a cluster with `backup` (k8ssandra-operator v1.32.5,
 * `apis/medusa/v1alpha1/medusa_types.go` and `pkg/medusa/reconcile.go` CreateMedusaIni, which
 * turns these into medusa.ini's `[storage]`):
 *
 * - the bucket: AWS S3 (`storageProvider: s3`, its region) when the target is AWS's regional
 *   endpoint, any other endpoint as `s3_compatible` with its host, port and TLS (`secure`, and
 *   `sslVerify`, which the operator otherwise writes as False); the target's folder as `prefix`;
 * - the credentials: `storageSecretRef`, the Secret with Medusa's `credentials` file in every
 *   datacenter's namespace (`./backup.ts`, medusaStorageSecretName; `cluster-setup.ts` says how
 *   to make it from the target's Secret);
 * - retention: Medusa's purge, which the operator schedules nightly per datacenter while
 *   `purgeBackups` is true (`controllers/k8ssandra/medusa_reconciler.go`,
 *   reconcileMedusaPurgeSchedule), deletes backups older than `maxBackupAge` days
 *   (medusa.ini `max_backup_age`); `maxBackupCount` stays 0 (no count limit);
 * - with client encryption on, the operator refuses Medusa without client certificates
 *   ("medusa encryption certificates were not provided"): `clientEncryptionStores` names the
 *   datacenter's own certificate (cert-manager writes `ca.crt`, `tls.crt` and `tls.key` beside the
 *   JKS stores). The operator mounts the keystore ref at `certfile` (the CA Medusa's CQL driver
 *   verifies), the truststore ref at `usercert` and the truststore password ref at `userkey`, and
 *   mounts all three paths whatever is set, so all three are given (`newVolumesFromClientEncryptionStores`,
 *   medusaVolumeMounts, and the medusa.ini template's `[cassandra]` section).
 */
export function medusaSpec(k8ssandra: typeof K8ssandraBindings, cluster: CassandraCluster): K8ssandraBindings.K8SsandraClusterSpecMedusa {
  const b = cluster.backup!;
  const t = b.target;
  const url = new URL(t.endpoint);
  const tls = url.protocol === 'https:';
  const Provider = k8ssandra.K8SsandraClusterSpecMedusaStoragePropertiesStorageProvider;
  const aws = t.endpoint === `https://s3.${t.region}.amazonaws.com`;
  const stores = storesSecretName(cluster);
  return {
    storageProperties: {
      storageProvider: aws ? Provider.S3 : Provider.S3_UNDERSCORE_COMPATIBLE,
      bucketName: t.bucket,
      prefix: t.prefix,
      region: t.region,
      ...(aws ? {} : { host: url.hostname, port: url.port ? Number(url.port) : tls ? 443 : 80 }),
      secure: tls,
      sslVerify: tls,
      storageSecretRef: { name: medusaStorageSecretName(cluster) },
      maxBackupAge: b.retentionDays,
      maxBackupCount: 0,
    },
    purgeBackups: true,
    ...(cluster.engine.insecure ? {} : {
      clientEncryptionStores: {
        keystoreSecretRef: { name: stores, key: 'ca.crt' },
        truststoreSecretRef: { name: stores, key: 'tls.crt' },
        truststorePasswordSecretRef: { name: stores, key: 'tls.key' },
      },
    }),
  };
}

/**
 * The MedusaBackupSchedules of `site`'s datacenter, in its own Kubernetes cluster and namespace:
 * the schedule controller runs in every k8ssandra-operator (control or data plane) and gets the
 * CassandraDatacenter named in `backupSpec.cassandraDatacenter` from its own cluster, in the
 * schedule's namespace (k8ssandra-operator v1.32.5 `main.go`, outside isControlPlane;
 * `controllers/medusa/medusabackupschedule_controller.go`). Its cron is robfig/cron's standard
 * parser (the webhook's `validateCronSchedule`), which reads the design's expressions as UTC with
 * the `CRON_TZ=UTC` prefix, whatever the operator's local time. `Forbid` (the default, stated):
 * a run waits while any backup job of the datacenter is unfinished, so a full and a differential
 * backup that fall on the same minute never run at once.
 */
export function writeMedusaSchedules(scope: Construct, cluster: CassandraCluster, site: string): Construct[] {
  const labels = workloadLabels('cassandra', cluster.name, 'backup');
  return medusaSchedules(cluster, site).map((s) => new medusa.MedusaBackupSchedule(scope, s.name, {
    metadata: { name: s.name, namespace: cluster.namespace, labels },
    spec: {
      backupSpec: {
        cassandraDatacenter: site,
        backupType: s.backupType === 'full' ? medusa.MedusaBackupScheduleSpecBackupSpecBackupType.FULL : medusa.MedusaBackupScheduleSpecBackupSpecBackupType.DIFFERENTIAL,
      },
      cronSchedule: `CRON_TZ=UTC ${s.cron}`,
      concurrencyPolicy: 'Forbid',
    },
  }));
}
