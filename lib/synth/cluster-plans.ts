import { monitoringPlan } from './monitoring-plan';
import { PREREQUISITES } from './prerequisites';
import { WrittenObject } from './render-manifests';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { applyAfterDemands, describeCycle, orderSites } from '../check/apply-order';
import { engineOfKind } from '../engines/registry';
import { apiGroupOf, isCrdBacked } from '../k8s/api-groups';
import { ApplyStep, ClusterSetup, OperatorCreatedObject, Precondition } from '../k8s/cluster-setup';
import { ClusterContext, Prerequisite, prerequisitesFor } from '../k8s/prerequisites';
import { ObjectReference } from '../k8s/references';

/** One Kubernetes cluster of the design: what is installed, provided, applied and run there, in order. */
export interface ClusterPlan extends ClusterContext {
  /** For people: `dc-a` or `the stretched cluster`. */
  readonly label: string;
  readonly objects: readonly WrittenObject[];
  /** Operators and CRDs installed first, in install order. */
  readonly prerequisites: readonly Prerequisite[];
  /** Objects operators create here from objects written to other clusters. */
  readonly operatorCreates: readonly OperatorCreatedObject[];
  /** What must exist before the apply and is not written. */
  readonly provide: readonly Precondition[];
  /** Steps between the prerequisites and the apply. */
  readonly beforeApply: readonly ApplyStep[];
  /** Steps after the apply. */
  readonly afterApply: readonly ApplyStep[];
}

/** The CRD groups of a cluster's objects, sorted. */
export function crdGroups(objects: readonly { readonly apiVersion: string }[]): string[] {
  return [...new Set(objects.filter((o) => isCrdBacked(o.apiVersion)).map((o) => apiGroupOf(o.apiVersion)))].sort();
}

/**
 * Every Kubernetes cluster that gets objects or engine setup, in the order to apply them: the
 * design's site order, except that a cluster comes after those its setup says it needs
 * (K8ssandra's control plane after the data planes it registers; `../check/apply-order.ts`).
 */
export function clusterPlans(design: AnalyzedDesign, objects: readonly WrittenObject[]): ClusterPlan[] {
  const setups: ClusterSetup[] = design.analyses.flatMap((a) => [...(engineOfKind(a.cluster.engine.kind).clusterSetup?.(design, a) ?? [])]);
  const byFolder = new Map<string, WrittenObject[]>();
  for (const o of objects) {
    const list = byFolder.get(o.folder) ?? [];
    list.push(o);
    byFolder.set(o.folder, list);
  }
  const scraperNamespace = design.monitoring?.scraperNamespace;
  const etcdSiteLabel = monitoringPlan(design)?.controlPlane?.siteLabel;
  const contexts: (ClusterContext & { label: string; objects: readonly WrittenObject[] })[] = design.shape.kind === 'stretched'
    ? (objects.length === 0 ? [] : [{ label: 'the stretched cluster', entryPoint: '.', scraperNamespace, etcdSiteLabel, objects }])
    : design.sites.map((s) => ({ label: s.name, site: s.name, entryPoint: s.name, scraperNamespace, objects: byFolder.get(s.name) ?? [] }));
  const plans = contexts
    .map((c) => planOf(c, setups.filter((s) => design.shape.kind === 'stretched' || s.site === c.site)))
    .filter((p) => p.objects.length > 0 || p.operatorCreates.length > 0 || p.beforeApply.length > 0 || p.afterApply.length > 0);
  const ordered = orderSites(plans.map((p) => p.site ?? ''), applyAfterDemands(design));
  // MS-APPLY-ORDER-CYCLE refuses such a design before any output is built.
  if ('cycle' in ordered) throw new Error(`the apply order has a cycle: ${describeCycle(ordered.cycle)}`);
  return ordered.order.map((site) => plans.find((p) => (p.site ?? '') === site)!);
}

function planOf(c: ClusterContext & { label: string; objects: readonly WrittenObject[] }, setups: readonly ClusterSetup[]): ClusterPlan {
  const operatorCreates = setups.flatMap((s) => s.operatorCreates ?? []);
  // What an engine says how to provide replaces what the references alone would say.
  const given = setups.flatMap((s) => s.provide ?? []);
  const prerequisites = prerequisitesFor(PREREQUISITES, crdGroups([...c.objects, ...operatorCreates]), setups.flatMap((s) => s.prerequisites ?? []));
  const derived = preconditionsOf(c.objects, operatorCreates, prerequisites.flatMap((p) => (p.namespace ? [p.namespace] : [])));
  return {
    ...c,
    prerequisites,
    operatorCreates,
    provide: [
      ...derived.filter((p) => !given.some((g) => sameObject(g, p))),
      ...given.filter((g) => !g.onlyWhereReferenced || derived.some((p) => sameObject(g, p))).map(({ onlyWhereReferenced, ...p }) => p),
    ],
    beforeApply: setups.flatMap((s) => s.beforeApply ?? []),
    afterApply: setups.flatMap((s) => s.afterApply ?? []),
  };
}

/** The namespaces every cluster has (https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces). */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const sameObject = (a: Precondition, b: Precondition) => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

/**
 * What the cluster's objects reference and nothing there creates, as preconditions with the
 * commands that provide them: Secrets (with their keys), ConfigMaps, ServiceAccounts,
 * StorageClasses, node labels, and the namespaces of namespaced objects that no written
 * Namespace, no prerequisite's install and no cluster itself creates.
 */
function preconditionsOf(
  objects: readonly WrittenObject[], operatorCreates: readonly OperatorCreatedObject[], installed: readonly string[],
): Precondition[] {
  const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ''}/${name}`;
  const existing = new Set([
    ...objects.map((o) => key(o.kind, o.namespace, o.name)),
    ...objects.flatMap((o) => o.producesSecrets.map((s) => key('Secret', o.namespace, s))),
    ...operatorCreates.map((o) => key(o.kind, o.namespace, o.name)),
  ]);
  const writtenNamespaces = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.name));
  const existingNamespaces = new Set([...writtenNamespaces, ...installed, ...BUILT_IN_NAMESPACES]);
  const wanted = new Map<string, { ref: ObjectReference; keys: Set<string>; neededBy: Set<string> }>();
  for (const o of objects) {
    for (const ref of o.references) {
      const k = key(ref.kind, ref.namespace, ref.name);
      if (existing.has(k)) continue;
      const entry = wanted.get(k) ?? { ref, keys: new Set<string>(), neededBy: new Set<string>() };
      ref.keys.forEach((x) => entry.keys.add(x));
      entry.neededBy.add(`${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`);
      wanted.set(k, entry);
    }
  }
  const out: Precondition[] = [];
  const namespaces = [...new Set(objects.map((o) => o.namespace).filter((n): n is string => !!n && !existingNamespaces.has(n)))].sort();
  for (const ns of namespaces) {
    out.push({ kind: 'Namespace', name: ns, neededBy: `the objects in namespace ${ns}`, commands: [`kubectl create namespace ${ns}`] });
  }
  const byKey = [...wanted.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  for (const { ref, keys, neededBy } of byKey) {
    const sortedKeys = [...keys].sort();
    out.push({
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      ...(sortedKeys.length > 0 ? { keys: sortedKeys } : {}),
      neededBy: [...neededBy].sort().join(', '),
      commands: commandsFor(ref, sortedKeys, writtenNamespaces.has(ref.namespace ?? '')),
    });
  }
  return out;
}

/** Commands that provide one reference; a Secret in a namespace the apply writes creates that namespace first (the apply then adopts it). */
function commandsFor(ref: ObjectReference, keys: readonly string[], namespaceWritten: boolean): string[] {
  const ns = ref.namespace;
  const pre = namespaceWritten && ns ? [`kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`] : [];
  switch (ref.kind) {
    case 'Secret':
      if (ref.secretType === 'tls') return [...pre, `kubectl -n ${ns} create secret tls ${ref.name} --cert=<PEM certificate: tls.crt> --key=<PEM private key: tls.key>`];
      if (ref.secretType === 'docker-registry') {
        return [...pre, `kubectl -n ${ns} create secret docker-registry ${ref.name} --docker-server=${ref.registry ?? '<registry>'} --docker-username=<user> --docker-password=<password or token>`];
      }
      return [...pre, `kubectl -n ${ns} create secret generic ${ref.name} ${keys.length > 0 ? keys.map(secretKeyArgument).join(' ') : '--from-file=<file>'}`];
    case 'ConfigMap':
      return [...pre, `kubectl -n ${ns} create configmap ${ref.name} ${keys.length > 0 ? keys.map((k) => `--from-file=${k}=<file>`).join(' ') : '--from-file=<file>'}`];
    case 'ServiceAccount':
      return [...pre, `kubectl -n ${ns} create serviceaccount ${ref.name}`];
    case 'Ingress':
    case 'Service':
      return [`# your application's ${ref.kind} ${ref.name} in namespace ${ns}: the Gslb there serves it; write it in the site's chart, or apply it yourself`];
    case 'StorageClass':
      return ref.name === '(default)'
        ? ['kubectl get storageclass  # one must be marked (default); to mark one: kubectl annotate storageclass <name> storageclass.kubernetes.io/is-default-class=true']
        : [`kubectl get storageclass ${ref.name}`];
    default:
      return [`kubectl label node <each node where these pods may run> ${ref.name}`];
  }
}

/** A Secret key as `kubectl create secret generic` takes it: a file for certificates and keys, a literal otherwise. */
function secretKeyArgument(key: string): string {
  return /\.(crt|key|pem|jks|p12)$/.test(key) ? `--from-file=${key}=<path to ${key}>` : `--from-literal=${key}=<${key}>`;
}
