import { CassandraOptions } from './options';
import { invalidValue, isDns1123Label, isLabelValue } from '../../model/validation';
import { checkClientNamespaces, checkSecretNames, checkWorkload } from '../option-checks';

/**
 * Cassandra versions cass-operator runs: its webhook refuses any other `serverVersion`
 * ("use unsupported Cassandra version", k8ssandra/cass-operator `pkg/images/images.go`
 * ValidOssVersionRegexp `(3\.11\.\d+)|(4\.\d+\.\d+)|(5\.\d+\.\d+)`), anchored here to the whole value.
 */
const SUPPORTED_SERVER_VERSION = /^(3\.11|4\.\d+|5\.\d+)\.\d+$/;

/**
 * Options of `SqlEngine.cassandra` that are wrong on their own, in the terms of Cassandra and of
 * the K8ssandra operators: the server version cass-operator accepts, zones that are node label
 * values, one kubeconfig context per site and one site per context (k8ssandra-operator reaches
 * each datacenter's own Kubernetes cluster through its context), a keyspace's per-site replicas
 * naming each site once, Secret and namespace names Kubernetes accepts.
 */
export function checkCassandraOptions(where: string, options: CassandraOptions): void {
  checkWorkload(where, { storageClassName: options.storageClassName, cpu: options.cpu });
  if (options.serverVersion !== undefined && !SUPPORTED_SERVER_VERSION.test(options.serverVersion)) {
    throw invalidValue(where, 'serverVersion', options.serverVersion, 'is not a Cassandra version cass-operator runs (3.11.x, 4.x.y or 5.x.y; its webhook refuses any other)');
  }
  checkSecretNames(where, {
    certManagerCaSecret: options.certManagerCaSecret,
    keystorePasswordSecret: options.keystorePasswordSecret,
    writeHealthPasswordSecret: options.writeHealthPasswordSecret,
  });
  checkClientNamespaces(where, 'clientNamespaces entry', options.clientNamespaces);
  if (options.operatorNamespace !== undefined && !isDns1123Label(options.operatorNamespace)) {
    throw invalidValue(where, 'operatorNamespace', options.operatorNamespace, 'is not a namespace name (DNS label, at most 63 characters)');
  }
  const contextOf = new Map<string, string>();
  for (const { site, context } of options.kubernetesContexts ?? []) {
    if (typeof context !== 'string' || context.trim() === '') {
      throw invalidValue(where, `kubernetesContexts context of ${site.siteName}`, context, 'is empty; name the kubeconfig context k8ssandra-operator reaches that site\'s cluster through (a ClientConfig)');
    }
    if ([...contextOf.keys()].includes(site.siteName)) {
      throw new Error(`${where}: kubernetesContexts names site ${site.siteName} twice; give each site one context.`);
    }
    const shared = [...contextOf].find(([, c]) => c === context);
    if (shared) {
      throw new Error(`${where}: kubernetesContexts gives sites ${shared[0]} and ${site.siteName} one context "${context}"; each datacenter runs in its site's own Kubernetes cluster, so each site needs its own context.`);
    }
    contextOf.set(site.siteName, context);
  }
  const racksOf = new Set<string>();
  for (const { site, zones } of options.racks ?? []) {
    if (racksOf.has(site.siteName)) throw new Error(`${where}: racks names site ${site.siteName} twice; list each site's zones once.`);
    racksOf.add(site.siteName);
    if (zones.length === 0) throw new Error(`${where}: racks of ${site.siteName} lists no zone; leave the site out for one unpinned rack.`);
    for (const zone of zones) {
      if (zone === '' || !isLabelValue(zone)) {
        throw invalidValue(where, `racks zone of ${site.siteName}`, zone, 'is not a label value (1–63 letters, digits, \'-\', \'_\', \'.\', alphanumeric at both ends), which a topology.kubernetes.io/zone value is');
      }
    }
    if (new Set(zones).size !== zones.length) throw new Error(`${where}: racks of ${site.siteName} lists a zone twice (${zones.join(', ')}); each zone is one rack.`);
  }
  for (const k of options.keyspaces ?? []) {
    if (k.replicationFactor !== undefined && !(Number.isInteger(k.replicationFactor) && k.replicationFactor >= 0)) {
      throw invalidValue(where, `keyspace ${k.name} replicationFactor`, k.replicationFactor, 'is not a whole number ≥ 0 (replicas per datacenter)');
    }
    const sites = (k.perSite ?? []).map((p) => p.site.siteName);
    const twice = sites.find((s, i) => sites.indexOf(s) !== i);
    if (twice !== undefined) {
      throw new Error(`${where}: keyspace ${k.name} lists site ${twice} twice in perSite; a datacenter has one replication factor, give it once.`);
    }
    for (const p of k.perSite ?? []) {
      if (!Number.isInteger(p.replicationFactor) || p.replicationFactor < 0) {
        throw invalidValue(where, `keyspace ${k.name} replicationFactor in ${p.site.siteName}`, p.replicationFactor, 'is not a whole number ≥ 0');
      }
    }
  }
}
