import { CassandraAnalysis } from './analysis';
import { CassandraCluster } from './model';
import { cassandraPodLabels } from './names';
import { CASSANDRA_PORTS } from './ports';
import { NetworkFlow } from '../../analysis/network-flow';
import { WriteHealthProbe, writeHealthFlows } from '../../analysis/write-health';
import { writeHealthPodLabels } from '../../k8s/labels';
import { DesignModel } from '../../model/design';

/** The CQL role the write-path probe logs in as (`[a-z_]`: no quoting anywhere). */
export const WRITE_HEALTH_ROLE = 'write_health';

/** The keyspace and table the probe writes its datacenter's row to. */
export const WRITE_HEALTH_KEYSPACE = 'write_health';
export const WRITE_HEALTH_TABLE = `${WRITE_HEALTH_KEYSPACE}.datacenters`;

/** The key of `writeHealthPasswordSecret` that holds the password. */
export const WRITE_HEALTH_PASSWORD_KEY = 'password';

/** The probe's environment variable that carries the role's password. */
const PASSWORD_ENV = 'WRITE_HEALTH_PASSWORD';

/** uid of the `cassandra` user of the management-API images (`useradd ... --uid=999 cassandra`). */
const CASSANDRA_UID = 999;

/**
 * The image cass-operator runs for `serverVersion`: type `cassandra` of its image config,
 * `docker.io/k8ssandra/cass-management-api:<version>-ubi` (k8ssandra-operator v1.32.5
 * config/cass-operator/imageconfig/patch-image-config.yaml: registry docker.io, repository
 * k8ssandra, name cass-management-api, suffix -ubi). It carries Cassandra's own cqlsh and the
 * python3 it runs on (k8ssandra/management-api-for-apache-cassandra PR #481, the UBI Dockerfiles'
 * `microdnf install ... python3 ...`, and issue #480: cqlsh runs there as user `cassandra`, uid 999).
 */
export function cassandraClientImage(serverVersion: string): string {
  return `docker.io/k8ssandra/cass-management-api:${serverVersion}-ubi`;
}

/** The probe's statement: its datacenter's row, written. */
export function writeHealthStatement(site: string): string {
  return `INSERT INTO ${WRITE_HEALTH_TABLE} (datacenter, written_at) VALUES ('${site}', toTimestamp(now()))`;
}

/**
 * The write-path probe of a Cassandra site: a write of the datacenter's row in
 * {@link WRITE_HEALTH_TABLE}, at the application's write consistency level, coordinated by a node
 * of the site's own datacenter, as the role {@link WRITE_HEALTH_ROLE} (which may modify that table
 * only). Cassandra has no leader: a write succeeds when enough replicas acknowledge it for its
 * level, counted from the coordinator's datacenter for the LOCAL_ levels
 * (https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#tunable-consistency),
 * so the probe is the application's own write, from the site. Its keyspace keeps in each datacenter
 * the fewest replicas any of the cluster's keyspaces keeps there (`./write-health-setup.ts`), so it
 * fails wherever some keyspace's writes do: a site cut off at LOCAL_QUORUM keeps passing, at QUORUM
 * it fails.
 *
 * cqlsh connects to the datacenter's Service (`<cluster>-<dc>-service`, cass-operator's, which
 * selects that datacenter's ready nodes) and sends every request to that node only, so the
 * coordinator is in the site (cqlsh.py connects with a `WhiteListRoundRobinPolicy` of the host it
 * was given, apache/cassandra 4.1 bin/cqlsh.py). cqlsh exits 2 when a statement given with `-e`
 * fails (bin/cqlsh.py main: "if batch_mode and shell.statement_error: sys.exit(2)"). With client
 * encryption on, it connects with `--ssl` and does not validate the node (`SSL_VALIDATE=false`, as
 * the keyspaces step does): it sends only its own role's password.
 *
 * No detection term: cut off, a coordinator sends the write to replicas that no longer answer and
 * fails it with a timeout after `write_request_timeout` (2 s by default, apache/cassandra 4.1
 * conf/cassandra.yaml), inside the probe's timeout; once its failure detector convicts them
 * (`phi_convict_threshold`, 8 by default, same file) it fails it at once as unavailable. Either
 * way the probe fails from the first attempt after the cut.
 */
export function cassandraWriteHealthProbe(
  design: DesignModel, cluster: CassandraCluster, details: CassandraAnalysis, site: string,
): WriteHealthProbe | undefined {
  const dc = details.datacenters.find((d) => d.site === site);
  if (!dc || dc.size === 0) return undefined;
  const domain = design.sites.find((s) => s.name === site)!.clusterDomain;
  const host = `${cluster.name}-${site}-service.${cluster.namespace}.svc.${domain}`;
  const e = cluster.engine;
  const ssl = e.insecure ? '' : ' --ssl';
  const script = [
    'set -u',
    `export HOME=/tmp${e.insecure ? '' : ' SSL_VALIDATE=false'}`,
    `exec cqlsh${ssl} --connect-timeout=3 --request-timeout=5 -u ${WRITE_HEALTH_ROLE} -p "$${PASSWORD_ENV}" `
      + `-e "CONSISTENCY ${e.writeConsistency}; ${writeHealthStatement(site)};" ${host} ${CASSANDRA_PORTS.cql}`,
  ].join('\n');
  return {
    checks: `a node of the site's datacenter coordinates a write at ${e.writeConsistency} (the application's write level)`,
    image: cassandraClientImage(e.serverVersion),
    uid: CASSANDRA_UID,
    command: ['/bin/bash', '-c', script],
    secretEnv: [{ name: PASSWORD_ENV, secretName: e.writeHealthPasswordSecret, key: WRITE_HEALTH_PASSWORD_KEY }],
    detectionSeconds: 0,
    periodSeconds: 10,
    timeoutSeconds: 8,
    failureThreshold: 2,
    target: { role: 'Cassandra node', namespace: cluster.namespace, podLabels: cassandraPodLabels(cluster), pods: dc.size, port: CASSANDRA_PORTS.cql },
  };
}

/** The flows of the write-health pods of hosts that write to `cluster` (checked by `MS-NETWORK-FLOW-BLOCKED`). */
export function cassandraWriteHealthFlows(design: DesignModel, cluster: CassandraCluster, details: CassandraAnalysis): NetworkFlow[] {
  return writeHealthFlows(design, cluster, (site) => cassandraWriteHealthProbe(design, cluster, details, site),
    (site) => writeHealthPodLabels(cluster.name, site));
}
