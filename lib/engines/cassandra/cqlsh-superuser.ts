import { AnalyzedCassandra } from './analysis';

/**
 * The commands that run cqlsh as the superuser on the first datacenter's first node, with the
 * password from the superuser Secret k8ssandra-operator creates (`<cluster>-superuser`), passed
 * to the pod as arguments, never in a file; the statements come on stdin from `input.file`, or
 * from the output of the shell command `input.pipeFrom`.
 */
export function cqlshAsSuperuser(a: AnalyzedCassandra, input: { readonly file?: string; readonly pipeFrom?: string }): string[] {
  const { cluster, details } = a;
  const ns = cluster.namespace;
  const first = details.datacenters[0];
  const firstRack = first.racks[0]?.name ?? 'default';
  const tls = !cluster.engine.insecure;
  return [
    `CQL_USER=$(kubectl --context ${first.context} -n ${ns} get secret ${cluster.name}-superuser -o jsonpath='{.data.username}' | base64 -d)`,
    `CQL_PASSWORD=$(kubectl --context ${first.context} -n ${ns} get secret ${cluster.name}-superuser -o jsonpath='{.data.password}' | base64 -d)`,
    `${input.pipeFrom ? `${input.pipeFrom} | ` : ''}kubectl --context ${first.context} -n ${ns} exec -i ${cluster.name}-${first.site}-${firstRack}-sts-0 -c cassandra -- sh -c '${tls ? 'SSL_VALIDATE=false ' : ''}cqlsh${tls ? ' --ssl' : ''} -u "$0" -p "$1" "$(hostname -i)"' "$CQL_USER" "$CQL_PASSWORD"${input.file ? ` < ${input.file}` : ''}`,
  ];
}
