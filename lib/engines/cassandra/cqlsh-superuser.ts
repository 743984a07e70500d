import { AnalyzedCassandra } from './analysis';

/**
 * The command that runs cqlsh as the superuser on the first datacenter's first node, with the
 * username and password from the superuser Secret k8ssandra-operator creates
 * (`<cluster>-superuser`) as the first two lines of stdin, read into variables in the pod: neither
 * is an argument of kubectl (so neither shows in the admin machine's process list nor in the exec
 * request the API server may audit) nor lands in a file. The statements follow on stdin, from
 * `input.file` or from the output of the shell command `input.pipeFrom`.
 */
export function cqlshAsSuperuser(a: AnalyzedCassandra, input: { readonly file?: string; readonly pipeFrom?: string }): string[] {
  const { cluster, details } = a;
  const ns = cluster.namespace;
  const first = details.datacenters[0];
  const firstRack = first.racks[0]?.name ?? 'default';
  const tls = !cluster.engine.insecure;
  const secretKey = (key: string) => `kubectl --context ${first.context} -n ${ns} get secret ${cluster.name}-superuser -o jsonpath='{.data.${key}}' | base64 -d; echo;`;
  const statements = input.pipeFrom ?? `cat ${input.file}`;
  return [
    `{ ${secretKey('username')} ${secretKey('password')} ${statements}; } | kubectl --context ${first.context} -n ${ns} exec -i ${cluster.name}-${first.site}-${firstRack}-sts-0 -c cassandra -- `
      + `sh -c 'IFS= read -r user; IFS= read -r password; ${tls ? 'SSL_VALIDATE=false ' : ''}exec cqlsh${tls ? ' --ssl' : ''} -u "$user" -p "$password" "$(hostname -i)"'`,
  ];
}
