/**
 * What one written object needs to find in its cluster and does not create: a Secret, ConfigMap,
 * ServiceAccount or StorageClass it names, or a node label it schedules by.
 */
export interface ObjectReference {
  /**
   * `Secret`, `ConfigMap`, `ServiceAccount`, `StorageClass` (name `(default)` for the default one),
   * `node label`, or the `Ingress` or `Service` a k8gb Gslb serves.
   */
  readonly kind: 'Secret' | 'ConfigMap' | 'ServiceAccount' | 'StorageClass' | 'node label' | 'Ingress' | 'Service';
  /** The object's name, or for a node label `key=value` (`key` alone when any value spreads). */
  readonly name: string;
  /** The namespace of a namespaced object. */
  readonly namespace?: string;
  /** The keys read from a Secret or ConfigMap. */
  readonly keys: readonly string[];
  /** How a Secret is made: a TLS pair, a registry login (with its server) or generic key/values. */
  readonly secretType?: 'tls' | 'docker-registry' | 'generic';
  /** The registry a pull Secret logs in to. */
  readonly registry?: string;
}

/** What a written object creates itself that others may reference (cert-manager writes a Certificate's Secret). */
export function producedSecrets(obj: any): string[] {
  if (String(obj.apiVersion).startsWith('cert-manager.io/') && obj.kind === 'Certificate' && obj.spec?.secretName) return [obj.spec.secretName];
  return [];
}

/** The registry host of an image reference: `container-registry.oracle.com/database/enterprise:21` → `container-registry.oracle.com`. */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/** The pod spec of a workload, wherever its kind keeps it. */
function podSpecOf(obj: any): any | undefined {
  if (obj.kind === 'Pod') return obj.spec;
  if (obj.kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template?.spec;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(obj.kind)) return obj.spec?.template?.spec;
  return undefined;
}

/** What a pod spec references (core/v1 PodSpec: volumes, env, envFrom, imagePullSecrets, serviceAccountName, nodeSelector, node affinity). */
function podReferences(spec: any, namespace: string | undefined): ObjectReference[] {
  const out: ObjectReference[] = [];
  const secret = (name: string, keys: string[] = []) => out.push({ kind: 'Secret', name, namespace, keys, secretType: 'generic' });
  const configMap = (name: string, keys: string[] = []) => out.push({ kind: 'ConfigMap', name, namespace, keys });
  const itemKeys = (items: any[] | undefined) => (items ?? []).map((i) => String(i.key));
  for (const v of spec.volumes ?? []) {
    if (v.secret && !v.secret.optional) secret(v.secret.secretName, itemKeys(v.secret.items));
    if (v.configMap && !v.configMap.optional) configMap(v.configMap.name, itemKeys(v.configMap.items));
    for (const s of v.projected?.sources ?? []) {
      if (s.secret && !s.secret.optional) secret(s.secret.name, itemKeys(s.secret.items));
      if (s.configMap && !s.configMap.optional) configMap(s.configMap.name, itemKeys(s.configMap.items));
    }
  }
  const images: string[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    images.push(String(c.image ?? ''));
    for (const e of c.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      if (s && !s.optional) secret(s.name, [s.key]);
      const m = e.valueFrom?.configMapKeyRef;
      if (m && !m.optional) configMap(m.name, [m.key]);
    }
    for (const f of c.envFrom ?? []) {
      if (f.secretRef && !f.secretRef.optional) secret(f.secretRef.name);
      if (f.configMapRef && !f.configMapRef.optional) configMap(f.configMapRef.name);
    }
  }
  for (const p of spec.imagePullSecrets ?? []) {
    out.push({ kind: 'Secret', name: p.name, namespace, keys: ['.dockerconfigjson'], secretType: 'docker-registry', registry: registryOf(images[0] ?? '') });
  }
  if (spec.serviceAccountName && spec.serviceAccountName !== 'default') out.push({ kind: 'ServiceAccount', name: spec.serviceAccountName, namespace, keys: [] });
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) out.push({ kind: 'node label', name: `${k}=${v}`, keys: [] });
  for (const term of spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const e of term.matchExpressions ?? []) {
      if (e.operator === 'In') for (const v of e.values ?? []) out.push({ kind: 'node label', name: `${e.key}=${v}`, keys: [] });
    }
  }
  return out;
}

/**
 * Every Secret, ConfigMap, ServiceAccount, StorageClass and node label one written object
 * references, for the kinds the library writes: workloads (core/v1 PodSpec and StatefulSet
 * `volumeClaimTemplates`), cert-manager v1 `Issuer.spec.ca.secretName` (a TLS pair:
 * `tls.crt`, `tls.key`) and `Certificate.spec.keystores.*.passwordSecretRef`, and a k8gb Gslb's
 * `spec.resourceRef`. An engine's custom resources are read by the engine
 * (`SqlEngineDefinition.customResourceReferences`).
 */
export function referencesOf(obj: any): ObjectReference[] {
  const ns: string | undefined = obj.metadata?.namespace;
  const out: ObjectReference[] = [];
  const pod = podSpecOf(obj);
  if (pod) out.push(...podReferences(pod, ns));
  if (obj.kind === 'StatefulSet') {
    for (const t of obj.spec?.volumeClaimTemplates ?? []) out.push({ kind: 'StorageClass', name: t.spec?.storageClassName ?? '(default)', keys: [] });
  }
  const group = String(obj.apiVersion).split('/')[0];
  if (group === 'cert-manager.io' && (obj.kind === 'Issuer' || obj.kind === 'ClusterIssuer') && obj.spec?.ca?.secretName) {
    out.push({ kind: 'Secret', name: obj.spec.ca.secretName, namespace: obj.kind === 'Issuer' ? ns : 'cert-manager', keys: ['tls.crt', 'tls.key'], secretType: 'tls' });
  }
  if (group === 'cert-manager.io' && obj.kind === 'Certificate') {
    for (const store of Object.values(obj.spec?.keystores ?? {}) as any[]) {
      if (store?.passwordSecretRef) out.push({ kind: 'Secret', name: store.passwordSecretRef.name, namespace: ns, keys: [store.passwordSecretRef.key], secretType: 'generic' });
    }
  }
  if (group === 'k8gb.io' && obj.kind === 'Gslb' && (obj.spec?.resourceRef?.kind === 'Ingress' || obj.spec?.resourceRef?.kind === 'Service')) {
    // k8gb v0.20 Gslb `spec.resourceRef`: the application's Ingress or Service in the Gslb's namespace.
    out.push({ kind: obj.spec.resourceRef.kind, name: obj.spec.resourceRef.name, namespace: ns, keys: [] });
  }
  return out;
}
