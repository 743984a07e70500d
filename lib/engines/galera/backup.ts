import { GaleraCluster, GaleraModel } from './model';
import { createMarkerCommand, deleteMarkerCommand, NEW_CLUSTER_WINDOW_SECONDS, newClusterMarkerName, waitForBootstrapPodCommand } from './new-cluster-marker';
import type { GaleraSettings } from './settings';
import { AWS_CLI_IMAGE } from '../../model/backup';
import { DesignModel } from '../../model/design';
import { membersName, podSubdomain } from '../../model/member-addresses';
import { EngineBackup } from '../engine';
import { bytesOfGibibytes } from '../units';

/**
 * Galera backs up with `mariadb-backup` (a physical, consistent copy of one node's datadir,
 * https://mariadb.com/kb/en/mariabackup-overview/), run by a CronJob beside one Synced node
 * (`./backup-writer.ts`). Full backups only: an incremental needs the previous backup's
 * directory at hand (`--incremental-basedir`), which a stream to a bucket does not keep.
 */
export const GALERA_BACKUP: EngineBackup<GaleraModel> = {
  tool: 'mariadb-backup',
  incremental: false,
  // One node's copy: at most its volume.
  largestFullBackupBytes: (cluster) => bytesOfGibibytes(cluster.engine.storageSize),
  restoreNeeds: galeraRestoreNeeds,
  restoreGuide: (design, cluster) => galeraRestoreGuide(design, cluster),
};

/** One data node, by pod name and address. */
export interface GaleraNode {
  readonly site: string;
  /** The pod, e.g. `orders-dc-b-1`. */
  readonly pod: string;
  /** Its fully qualified name. */
  readonly host: string;
}

/** Which node the backup copies and which nodes must be Synced for it to go ahead. */
export interface GaleraBackupPlan {
  /** The node backed up: the last data node in the order writes go to (placement order under multi-writer). */
  readonly node: GaleraNode;
  /**
   * Under single-writer routing, the nodes ahead of `node` in the writers' order: the routers
   * send writes to the first Synced one (`./haproxy-config.ts`), so while one of them is Synced,
   * `node` is not the writer. Empty under multi-writer, where every node takes writes and none is
   * "the" writer.
   */
  readonly aheadInWriterOrder: readonly GaleraNode[];
}

/** The backup plan of `cluster`. */
export function galeraBackupPlan(design: DesignModel, cluster: GaleraCluster, settings: GaleraSettings): GaleraBackupPlan {
  const dataSites = cluster.members.filter((m) => m.voters > 0);
  const order = settings.router?.writerSites ?? dataSites.map((m) => m.site);
  const nodes = order.flatMap((site) => {
    const voters = dataSites.find((m) => m.site === site)!.voters;
    const sts = membersName(cluster, site);
    return Array.from({ length: voters }, (_, i): GaleraNode => ({ site, pod: `${sts}-${i}`, host: `${sts}-${i}.${podSubdomain(design, site, sts, cluster.namespace)}` }));
  });
  const node = nodes[nodes.length - 1];
  return { node, aheadInWriterOrder: settings.router ? nodes.slice(0, -1) : [] };
}

/** What a restore of a Galera cluster needs, for the report. */
export function galeraRestoreNeeds(cluster: GaleraCluster): string[] {
  return [
    `the newest backup with COMPLETE under s3://${cluster.backup!.target.bucket}/${cluster.backup!.target.prefix}/, and the keys in Secret ${cluster.backup!.target.credentialsSecret}`,
    'every node and garbd stopped: the restored node starts a new cluster and the others rejoin it by SST',
    `scratch space for the extracted backup (up to ${cluster.engine.storageSize}) beside the bootstrap node's volume`,
  ];
}

/** The restore of a Galera cluster, step by step, with the exact commands (`RESTORE-<cluster>.md`). */
export function galeraRestoreGuide(design: DesignModel, cluster: GaleraCluster): string {
  const b = cluster.backup!;
  const t = b.target;
  const ns = cluster.namespace;
  const dataSites = cluster.members.filter((m) => m.voters > 0);
  const bootstrapSite = dataSites[0].site;
  const bootstrapPod = `${membersName(cluster, bootstrapSite)}-0`;
  const garbdSites = cluster.members.filter((m) => m.arbitrators > 0).map((m) => m.site);
  const perSite = design.shape.kind === 'cluster-per-site';
  const ctx = (site: string) => (perSite ? ` --context <${site}>` : '');
  const s3 = `aws --endpoint-url ${t.endpoint} --region ${t.region} s3`;
  return [
    `# Restoring ${cluster.name} (MariaDB Galera) from its backups`,
    '',
    `Backups: \`s3://${t.bucket}/${t.prefix}/<UTC time>/backup.xbstream\`, taken with \`mariadb-backup --backup --stream=xbstream --galera-info\``,
    `by CronJob \`${ns}/${cluster.name}-backup\`; a backup is whole only when \`COMPLETE\` lies beside it. ${t.kind === 'created-bucket'
      ? `Kept ${t.bucketRetentionDays} days (the retention, ${b.retentionDays}, + the full-backup gap) by the lifecycle rule of the bucket the library's Terraform creates.`
      : `Kept ${b.retentionDays} days`}`,
    ...(t.kind === 'created-bucket' ? [] : ['by the bucket\'s lifecycle rule (the library does not delete old backups: give the bucket a rule that expires them).']),
    '',
    'The restore replaces the data of every node: the restored node starts a new cluster (`--wsrep-new-cluster`, which',
    `the written start script passes to \`${bootstrapPod}\` only while ConfigMap \`${newClusterMarkerName(cluster)}\` allows it, its datadir has no`,
    '`grastate.dat` and no peer answers), and the',
    'other nodes join it by SST. Sources: https://mariadb.com/kb/en/full-backup-and-restore-with-mariabackup/ (extract with',
    '`mbstream -x`, `--prepare`, `--copy-back` into an empty datadir); https://mariadb.com/docs/service-management/operations/start-stop-status/bootstrap-galera-cluster/.',
    '',
    '## 1. Pick the backup',
    '',
    '```sh',
    `${s3} ls s3://${t.bucket}/${t.prefix}/ --recursive | grep /COMPLETE   # the newest line is the backup to restore`,
    'STAMP=<YYYYMMDDTHHMMSSZ from that line>',
    '```',
    '',
    '## 2. Stop every member',
    '',
    '```sh',
    ...dataSites.map((m) => `kubectl${ctx(m.site)} -n ${ns} scale statefulset ${membersName(cluster, m.site)} --replicas=0`),
    ...garbdSites.map((site) => `kubectl${ctx(site)} -n ${ns} scale deployment ${cluster.name}-arbitrator-${site} --replicas=0`),
    `kubectl${ctx(bootstrapSite)} -n ${ns} wait --for=delete pod -l app.kubernetes.io/instance=${cluster.name},app.kubernetes.io/component=database --timeout=10m`,
    '```',
    '',
    '## 3. Empty the other nodes\' volumes, so they rejoin by SST',
    '',
    '```sh',
    ...dataSites.flatMap((m) => Array.from({ length: m.voters }, (_, i) => `${membersName(cluster, m.site)}-${i}`)
      .filter((pod) => pod !== bootstrapPod)
      .map((pod) => `kubectl${ctx(m.site)} -n ${ns} delete pvc datadir-${pod}`)),
    '```',
    '',
    `## 4. Restore into \`datadir-${bootstrapPod}\``,
    '',
    'A pod on that volume downloads the backup (AWS CLI), extracts and prepares it (the cluster\'s MariaDB image) and copies it',
    'into the emptied datadir:',
    '',
    '```sh',
    `kubectl${ctx(bootstrapSite)} -n ${ns} apply -f - <<EOF`,
    'apiVersion: v1',
    'kind: Pod',
    `metadata: { name: ${cluster.name}-restore, namespace: ${ns} }`,
    'spec:',
    '  restartPolicy: Never',
    '  securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: RuntimeDefault } }',
    '  initContainers:',
    '  - name: download',
    `    image: ${AWS_CLI_IMAGE}`,
    `    command: [bash, -c, 'aws --endpoint-url ${t.endpoint} --region ${t.region} s3 cp s3://${t.bucket}/${t.prefix}/$STAMP/backup.xbstream /restore/backup.xbstream']`,
    '    env:',
    `    - { name: AWS_ACCESS_KEY_ID, valueFrom: { secretKeyRef: { name: ${t.credentialsSecret}, key: ${t.accessKeyIdKey} } } }`,
    `    - { name: AWS_SECRET_ACCESS_KEY, valueFrom: { secretKeyRef: { name: ${t.credentialsSecret}, key: ${t.secretAccessKeyKey} } } }`,
    '    - { name: HOME, value: /tmp }',
    '    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }',
    '    volumeMounts: [{ name: restore, mountPath: /restore }, { name: tmp, mountPath: /tmp }]',
    '  containers:',
    '  - name: restore',
    `    image: ${cluster.engine.image}`,
    `    command: [bash, -c, '${galeraRestoreScript()}']`,
    '    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }',
    '    volumeMounts: [{ name: datadir, mountPath: /var/lib/mysql }, { name: restore, mountPath: /restore }]',
    '  volumes:',
    `  - { name: datadir, persistentVolumeClaim: { claimName: datadir-${bootstrapPod} } }`,
    `  - { name: restore, emptyDir: { sizeLimit: ${cluster.engine.storageSize} } }`,
    '  - { name: tmp, emptyDir: {} }',
    'EOF',
    `kubectl${ctx(bootstrapSite)} -n ${ns} wait --for=jsonpath='{.status.phase}'=Succeeded pod/${cluster.name}-restore --timeout=6h`,
    `kubectl${ctx(bootstrapSite)} -n ${ns} logs ${cluster.name}-restore -c restore   # ends with the backup's wsrep position`,
    `kubectl${ctx(bootstrapSite)} -n ${ns} delete pod ${cluster.name}-restore`,
    '```',
    '',
    '## 5. Start the restored node, then the others',
    '',
    `The marker lets \`${bootstrapPod}\` start a new cluster for ${NEW_CLUSTER_WINDOW_SECONDS / 60} minutes; delete it once the pod is Ready, so that an`,
    'empty disk later never starts a second cluster.',
    '',
    '```sh',
    createMarkerCommand(cluster, `kubectl${ctx(bootstrapSite)}`),
    `kubectl${ctx(bootstrapSite)} -n ${ns} scale statefulset ${membersName(cluster, bootstrapSite)} --replicas=1`,
    waitForBootstrapPodCommand(cluster, bootstrapPod, 30, `kubectl${ctx(bootstrapSite)}`),
    deleteMarkerCommand(cluster, `kubectl${ctx(bootstrapSite)}`),
    ...dataSites.map((m) => `kubectl${ctx(m.site)} -n ${ns} scale statefulset ${membersName(cluster, m.site)} --replicas=${m.voters}`),
    ...cluster.members.filter((m) => m.arbitrators > 0).map((m) => `kubectl${ctx(m.site)} -n ${ns} scale deployment ${cluster.name}-arbitrator-${m.site} --replicas=${m.arbitrators}`),
    `kubectl${ctx(bootstrapSite)} -n ${ns} exec ${bootstrapPod} -c mariadb -- bash -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb -uroot -e "SHOW STATUS LIKE \\"wsrep_cluster_size\\""'`,
    '```',
    '',
    `Expect \`wsrep_cluster_size\` ${cluster.members.reduce((n, m) => n + m.voters + m.arbitrators, 0)} once every node has joined. Writes made after the backup's time are not in it.`,
    '',
  ].join('\n');
}

/**
 * What the restore Pod's `restore` container runs (bash, in the cluster's MariaDB image; inside
 * single quotes in RESTORE-<cluster>.md, so it has none): extract, prepare, copy back into the
 * emptied datadir, drop `grastate.dat`, print the backup's wsrep position. The position's file is
 * `mariadb_backup_galera_info` from MariaDB 11.1 (MDEV-18931, `extra/mariabackup/wsrep.cc`
 * `MB_GALERA_INFO_FILENAME`) and `xtrabackup_galera_info` before it (10.11's mariadb-backup writes
 * that name: seen in test/failure-lab/galera-backup-lab.test.ts), so a backup taken by an older
 * image restores too.
 */
export function galeraRestoreScript(): string {
  return [
    'set -e',
    'mkdir /restore/x',
    'mbstream -x -C /restore/x < /restore/backup.xbstream',
    'mariadb-backup --prepare --target-dir=/restore/x',
    'find /var/lib/mysql -mindepth 1 -delete',
    'mariadb-backup --copy-back --target-dir=/restore/x --datadir=/var/lib/mysql',
    'rm -f /var/lib/mysql/grastate.dat',
    'cat /restore/x/mariadb_backup_galera_info 2>/dev/null || cat /restore/x/xtrabackup_galera_info',
  ].join('; ');
}
