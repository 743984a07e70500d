import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/*
 * What the YugabyteDB image expects of the pods that run it, servers and the placement Job alike:
 * the user it runs as and where it reads its certificates.
 */

/**
 * The uid the image runs as: the chart's `podSecurityContext` (runAsUser/runAsGroup/fsGroup 10001,
 * runAsNonRoot) since yugabyte/charts 303cee93d97a "Run YBDB as non-root user by default", with
 * the default image (values.yaml L912-919 at 1349b41fba098899d08e54106164edd72013787c).
 */
export const YUGABYTE_UID = 10001;

/** The data directory (`--fs_data_dirs`), the chart's first disk (`/mnt/disk0`). */
export const DATA_DIR = '/mnt/disk0';

/** `--certs_dir` and `--certs_for_client_dir`, where the chart mounts the server certificates. */
export const CERTS_DIR = '/opt/certs/yugabyte';
/**
 * `--cert_node_filename`: servers read `node.<name>.crt` and `node.<name>.key` from the certs
 * directory, for node-to-node, YCQL and YSQL TLS alike (yugabyte/yugabyte-db
 * src/yb/server/secure.cc at 322fc2ed9dac1501c48431f35beac9cc3cc948cc, and pg_wrapper's
 * `cert_base_name`). One fixed name lets every pod mount the same Secret.
 */
export const CERT_NODE_NAME = 'server';
/** Secret files readable by the owner and fsGroup only. */
const SECRET_FILE_MODE = 0o440;
/**
 * The certificate Secret as the servers read it: `ca.crt`, and the key pair under the names
 * `--cert_node_filename` makes them look for. `caOnly` mounts the CA alone (yb-admin).
 */
export function certificateVolume(scope: Construct, secretName: string, caOnly: boolean): kplus.Volume {
  const items: Record<string, kplus.PathMapping> = { 'ca.crt': { path: 'ca.crt' } };
  if (!caOnly) {
    items['tls.crt'] = { path: `node.${CERT_NODE_NAME}.crt` };
    items['tls.key'] = { path: `node.${CERT_NODE_NAME}.key` };
  }
  return kplus.Volume.fromSecret(scope, 'certs', kplus.Secret.fromSecretName(scope, 'certs-secret', secretName), {
    name: 'certs', defaultMode: SECRET_FILE_MODE, items,
  });
}
