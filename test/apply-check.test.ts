/**
 * The offline apply check: per Kubernetes cluster of every example, what APPLY.md installs there
 * (the operators' real installs, built from `../shared/operators/` with `kubectl kustomize`)
 * beside what synth wrote for it. Checked: every custom resource's CRD is installed in its
 * cluster; the operator that reconciles it watches its namespace; every Secret, ConfigMap,
 * ServiceAccount and StorageClass an object names is written, made by cert-manager or an
 * operator, or listed under "provide"; every namespace is written or listed; `kubectl kustomize`
 * builds each entry point in the order its kustomization lists. What only a real cluster shows
 * (images pull, pods start, the operators reconcile to Ready) is not judged here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, GslbStrategy, GslbTarget, GslbZone, Latency, MultiSiteApp, SqlEngine } from '../lib';
import { readObjects, readTree, tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';
import { hasKubectl, kustomize } from './support/kubectl';
import { BuiltInstall, builtInstall, kustomizeBuild, describeInstall, operatorsAvailable } from './support/operator-installs';
import { PREREQUISITES } from '../lib/synth/prerequisites';

const runnable = operatorsAvailable() && hasKubectl();
const maybe = runnable ? describe : describe.skip;
if (!runnable && process.env.CI === 'true') {
  test('the offline apply check runs in CI', () => {
    throw new Error('the apply check needs ../shared/operators and kubectl 1.27+ (kustomize v5)');
  });
}

/** Kubernetes' own API groups in what the library writes; any other group needs a CRD. */
const BUILT_IN = new Set(['', 'apps', 'batch', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io']);
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** What one cluster gets, as the output says: its objects, its prerequisites built for real, what to provide. */
interface ClusterView {
  readonly cluster: string;
  readonly installs: ReadonlyMap<string, BuiltInstall>;
  /** Groups APPLY.md sends to "install what defines them" (no prerequisite the library knows). */
  readonly unlistedGroups: readonly string[];
  readonly objects: readonly any[];
  readonly operatorCreates: readonly any[];
  readonly provide: readonly any[];
}

/** One thing an object names that must exist in its cluster. */
interface Ref { readonly kind: string; readonly namespace?: string; readonly name: string; readonly from: string }

/**
 * What an object names, found by field name anywhere in it (not the library's per-kind walker):
 * `secretName`, `pullSecrets`, `tlsSecret`, `clientWalletSecret`, `imagePullSecrets`, any
 * `*SecretRef`/`secretKeyRef` (`name` or `secretName`), `configMap`/`*ConfigMapRef`/`configMapKeyRef`,
 * `serviceAccountName`, `storageClassName`/`storageClass`, any `resourceRef` (kind and name). A cert-manager Certificate's
 * `spec.secretName` is what it writes, not what it reads.
 */
function refsOf(obj: any): Ref[] {
  const ns = obj.metadata?.namespace;
  const from = `${obj.kind} ${ns ?? ''}/${obj.metadata?.name}`;
  const out: Ref[] = [];
  const walk = (node: any, key: string, parent: string) => {
    if (Array.isArray(node)) {
      if (key === 'imagePullSecrets') for (const p of node) out.push({ kind: 'Secret', namespace: ns, name: typeof p === 'string' ? p : p.name, from });
      else for (const x of node) walk(x, key, parent);
      return;
    }
    if (typeof node === 'string') {
      const isCertificateOutput = obj.kind === 'Certificate' && key === 'secretName' && parent === 'spec';
      if (['secretName', 'pullSecrets', 'tlsSecret', 'clientWalletSecret'].includes(key) && !isCertificateOutput && parent !== 'secretRefLike') out.push({ kind: 'Secret', namespace: ns, name: node, from });
      if (key === 'serviceAccountName' && node !== 'default') out.push({ kind: 'ServiceAccount', namespace: ns, name: node, from });
      if ((key === 'storageClassName' || key === 'storageClass') && node) out.push({ kind: 'StorageClass', name: node, from });
      return;
    }
    if (!node || typeof node !== 'object') return;
    if (/secret(Key)?Ref$/i.test(key) && (node.name || node.secretName) && !node.optional) {
      out.push({ kind: 'Secret', namespace: ns, name: node.name ?? node.secretName, from });
      return;
    }
    if (key === 'resourceRef' && node.kind && node.name) {
      out.push({ kind: node.kind, namespace: ns, name: node.name, from });
      return;
    }
    if ((key === 'configMap' || /configMap(Key)?Ref$/i.test(key)) && node.name && !node.optional) {
      out.push({ kind: 'ConfigMap', namespace: ns, name: node.name, from });
      return;
    }
    if (key === 'secret' && node.secretName && !node.optional) {
      out.push({ kind: 'Secret', namespace: ns, name: node.secretName, from });
      return;
    }
    for (const [k, v] of Object.entries(node)) walk(v, k, key);
  };
  walk(obj, '', '');
  return out;
}

/**
 * The node labels an object pins its pods to, found anywhere in it: every `nodeSelector`
 * (PodSpec, and the Oracle operator's `spec.nodeSelector`) and every `In` expression of a required
 * node affinity. A K8ssandraCluster's racks pin the data clusters' nodes: the setup lists those there.
 */
function nodeLabelsOf(obj: any): string[] {
  if (obj.kind === 'K8ssandraCluster') return [];
  const out: string[] = [];
  const walk = (node: any, key: string) => {
    if (Array.isArray(node)) return node.forEach((x) => walk(x, key));
    if (!node || typeof node !== 'object') return;
    if (key === 'nodeSelector') for (const [k, v] of Object.entries(node)) out.push(`${k}=${v}`);
    if (key === 'requiredDuringSchedulingIgnoredDuringExecution' && node.nodeSelectorTerms) {
      for (const t of node.nodeSelectorTerms) for (const e of t.matchExpressions ?? []) if (e.operator === 'In') for (const v of e.values) out.push(`${e.key}=${v}`);
      return;
    }
    for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(obj, '');
  return out;
}

/** Every problem the check finds in one cluster (empty when APPLY.md brings it up). */
function checkCluster(view: ClusterView): string[] {
  const problems: string[] = [];
  const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ''}/${name}`;
  const exists = new Set<string>([
    ...['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((n) => key('Namespace', undefined, n)),
    ...[...view.installs.values()].flatMap((b) => b.objects.filter((o) => o.kind === 'Namespace').map((o) => key('Namespace', undefined, o.metadata.name))),
    ...view.objects.map((o) => key(o.kind, o.metadata.namespace, o.metadata.name)),
    ...view.objects.filter((o) => o.kind === 'Certificate').map((o) => key('Secret', o.metadata.namespace, o.spec.secretName)),
    ...view.operatorCreates.map((o) => key(o.kind, o.namespace, o.name)),
    ...view.provide.map((p) => key(p.kind, p.namespace, p.name)),
  ]);
  const all = [...view.objects.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, what: `${o.kind} ${o.metadata.name}` })),
    ...view.operatorCreates.map((o) => ({ ...o, what: `${o.kind} ${o.name} (created by an operator)` }))];
  for (const o of all) {
    const group = groupOf(o.apiVersion);
    if (BUILT_IN.has(group) || view.unlistedGroups.includes(group)) continue;
    const installer = [...view.installs.entries()].find(([, b]) => b.kinds.has(`${group}/${o.kind}`));
    if (!installer) {
      problems.push(`${view.cluster}: ${o.what}: no install defines ${group}/${o.kind}`);
      continue;
    }
    const watched = installer[1].watched;
    if (o.namespace && watched && !watched.includes(o.namespace)) problems.push(`${view.cluster}: ${o.what} in ${o.namespace}: ${installer[0]} watches only ${watched.join(', ')}`);
  }
  for (const o of view.objects) {
    if (o.kind === 'K8ssandraCluster') continue; // its references resolve in the datacenters' clusters: checked there
    for (const r of refsOf(o)) {
      if (!exists.has(key(r.kind, r.namespace, r.name))) problems.push(`${view.cluster}: ${r.from} names ${r.kind} ${r.namespace ?? ''}/${r.name}, neither written nor listed`);
    }
    const ns = o.metadata.namespace;
    if (ns && !exists.has(key('Namespace', undefined, ns))) problems.push(`${view.cluster}: ${o.kind} ${o.metadata.name}: namespace ${ns} neither written nor listed`);
    for (const label of nodeLabelsOf(o)) {
      if (!exists.has(key('node label', undefined, label))) problems.push(`${view.cluster}: ${o.kind} ${o.metadata.name} is pinned to nodes labelled ${label}, which is not listed`);
    }
    const claims = o.kind === 'StatefulSet' ? o.spec.volumeClaimTemplates ?? [] : [];
    if (claims.some((c: any) => !c.spec?.storageClassName) && !exists.has(key('StorageClass', undefined, '(default)'))) {
      problems.push(`${view.cluster}: StatefulSet ${o.metadata.name} claims the default StorageClass, which is not listed`);
    }
  }
  return problems;
}

/**
 * A K8ssandraCluster's Secrets are read in each datacenter's cluster (k8ssandra-operator v1.32.5
 * `pkg/cassandra/encryption.go`, through the remote client): each datacenter's cluster must have them.
 */
function checkK8ssandraReferences(views: readonly ClusterView[]): string[] {
  const problems: string[] = [];
  for (const view of views) {
    for (const k of view.objects.filter((o) => o.kind === 'K8ssandraCluster')) {
      for (const dc of k.spec.cassandra.datacenters) {
        const target = views.find((v) => v.operatorCreates.some((o) => o.kind === 'CassandraDatacenter' && o.name === dc.metadata.name));
        if (!target) {
          problems.push(`datacenter ${dc.metadata.name}: no cluster runs its CassandraDatacenter`);
          continue;
        }
        const have = new Set([
          ...target.objects.filter((o) => o.kind === 'Certificate').map((o) => `${o.metadata.namespace}/${o.spec.secretName}`),
          ...target.objects.filter((o) => o.kind === 'Secret').map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
          ...target.provide.filter((p) => p.kind === 'Secret').map((p) => `${p.namespace}/${p.name}`),
        ]);
        for (const r of refsOf(k).filter((x) => x.kind === 'Secret')) {
          if (!have.has(`${k.metadata.namespace}/${r.name}`)) problems.push(`${target.cluster}: Secret ${k.metadata.namespace}/${r.name} of K8ssandraCluster ${k.metadata.name} missing there`);
        }
      }
    }
  }
  return problems;
}

interface Example {
  readonly outdir: string;
  readonly prerequisites: any;
  readonly objects: { file: string; obj: any }[];
  readonly tree: Map<string, string>;
}

const synthesized = new Map<string, Example>();
function example(name: string, design: (outdir: string) => MultiSiteApp = EXAMPLE_DESIGNS[name]): Example {
  if (!synthesized.has(name)) {
    const outdir = tempOutdir();
    design(outdir).synth();
    synthesized.set(name, {
      outdir,
      prerequisites: JSON.parse(fs.readFileSync(path.join(outdir, 'prerequisites.json'), 'utf-8')),
      objects: readObjects(outdir),
      tree: readTree(outdir),
    });
  }
  return synthesized.get(name)!;
}

/** The cluster views of an example, as its prerequisites.json says (optionally changed first). */
function viewsOf(ex: Example, change: (clusters: any[]) => any[] = (c) => c): ClusterView[] {
  return change(structuredClone(ex.prerequisites.clusters)).map((c: any) => ({
    cluster: c.cluster,
    installs: new Map(c.prerequisites.filter((p: any) => !p.id.startsWith('crd:')).map((p: any) => [p.id, builtInstall(p.id)])),
    unlistedGroups: c.prerequisites.filter((p: any) => p.id.startsWith('crd:')).flatMap((p: any) => p.groups),
    objects: ex.objects.filter((o) => c.entryPoint === '.' || o.file.startsWith(`${c.entryPoint}/`)).map((o) => o.obj),
    operatorCreates: c.operatorCreates,
    provide: c.provide,
  }));
}

const problemsOf = (views: readonly ClusterView[]) => [...views.flatMap(checkCluster), ...checkK8ssandraReferences(views)];

/** The order `kubectl kustomize` builds an entry point in, against the order its kustomization lists. */
function orderProblems(ex: Example, rewrite?: (k: any) => any): string[] {
  const problems: string[] = [];
  for (const c of ex.prerequisites.clusters) {
    const file = c.entryPoint === '.' ? 'kustomization.yaml' : `${c.entryPoint}/kustomization.yaml`;
    let kustomization = parse(ex.tree.get(file)!);
    if (rewrite) {
      kustomization = rewrite(kustomization);
      fs.writeFileSync(path.join(ex.outdir, file), stringify(kustomization));
    }
    const idOf = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const documentsOf = (r: string) => parseAllDocuments(ex.tree.get(path.normalize(path.join(c.entryPoint, r)))!);
    const listed = (kustomization.resources as string[]).flatMap((r) => documentsOf(r).map((d) => idOf(d.toJSON())));
    const built = parseAllDocuments(kustomize(path.join(ex.outdir, c.entryPoint))).map((d) => idOf(d.toJSON()));
    if (built.join('\n') !== listed.join('\n')) problems.push(`${c.cluster}: kubectl kustomize applies in another order than ${file} lists`);
    if (rewrite) fs.writeFileSync(path.join(ex.outdir, file), ex.tree.get(file)!);
  }
  return problems;
}

maybe('the install facts the library records are those of the upstream installs', () => {
  test.each(PREREQUISITES.map((p) => [p.id, p] as const))('%s: CRD kinds and watched namespaces match the real build', (_id, p) => {
    const built = builtInstall(p.id);
    if (built.partial) expect(p.kinds).toEqual(expect.arrayContaining([...built.kinds]));
    else expect([...p.kinds].sort()).toEqual([...built.kinds].sort());
    expect(p.watchedNamespaces ?? 'all').toEqual(built.watched ?? 'all');
    const namespaces = built.objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    // The CRD-only builds have no Namespace: their installs' namespaces are not checked here.
    if (namespaces.length > 0) expect([p.namespace]).toEqual(namespaces);
  });

  test('the k8ssandra installs are the control plane and the data plane they say', () => {
    const flag = (id: string) => builtInstall(id).objects.filter((o) => o.kind === 'Deployment')
      .flatMap((d) => d.spec.template.spec.containers.flatMap((c: any) => (c.env ?? []).filter((e: any) => e.name === 'K8SSANDRA_CONTROL_PLANE').map((e: any) => e.value)));
    expect(flag('k8ssandra-operator-control-plane')).toEqual(['true']);
    expect(flag('k8ssandra-operator-data-plane')).toEqual(['false']);
  });
});

maybe.each(Object.keys(EXAMPLE_DESIGNS))('%s: the offline apply check', (name) => {
  test('every cluster gets the CRDs, watching operators, references and namespaces its objects need, and the engines\' steps', () => {
    const ex = example(name);
    const views = viewsOf(ex);
    expect([...problemsOf(views), ...dataGuardPrerequisiteProblems(views.flatMap((v) => v.objects)), ...k8ssandraStepProblems(ex)]).toEqual([]);
  });

  test('kubectl kustomize applies each entry point in the order its kustomization (and APPLY.md) lists', () => {
    expect(orderProblems(example(name))).toEqual([]);
  });

  test('APPLY.md lists the clusters in prerequisites.json\'s order, each with its apply command, and every Terraform stack with init, plan, apply', () => {
    const ex = example(name);
    const md = ex.tree.get('APPLY.md')!;
    const at = ex.prerequisites.clusters.map((c: any) => md.indexOf(`kubectl apply -k ${c.entryPoint}\n`));
    expect(at.every((i: number) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const stacks = [...new Set([...ex.tree.keys()].filter((f) => f.startsWith('terraform/')).map((f) => f.split('/').slice(0, 2).join('/')))];
    for (const stack of stacks) {
      for (const step of ['init', 'plan', 'apply']) expect(md).toContain(`terraform -chdir=${stack} ${step}\n`);
      expect(md).not.toContain('-out=');
    }
    // A delegation stack looks the parent zone up (data "aws_route53_zone"): it must exist first.
    for (const stack of stacks.filter((st) => ex.tree.get(`${st}/cdk.tf.json`)?.includes('"aws_route53_zone"'))) {
      expect(md).toContain(`\`${stack}/\`. Provide first: the parent zone`);
    }
  });
});

/** Cassandra with the K8ssandra control plane in a data site (MS-CASSANDRA-CONTROL-PLANE warns; it still applies). */
function controlPlaneInDataSite(outdir: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const a = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'dc-a.example', podCidrs: ['10.1.0.0/16'] });
  const b = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'dc-b.example', podCidrs: ['10.2.0.0/16'] });
  app.addLink(a, b, Latency.ofRttMillis(10));
  new DistributedSqlCluster(app, 'cass', {
    engine: SqlEngine.cassandra({ controlPlane: a, keyspaces: [{ name: 'orders', replicationFactor: 3 }] }),
    placement: [{ site: a, voters: 3 }, { site: b, voters: 3 }],
  });
  return app;
}

maybe('K8ssandra with the control plane in a data site', () => {
  test('its own datacenter runs under the control plane, is registered too, and the data site alone gets the data plane', () => {
    const ex = example('control plane in dc-a', controlPlaneInDataSite);
    const views = viewsOf(ex);
    expect([...problemsOf(views), ...k8ssandraStepProblems(ex)]).toEqual([]);
    const ids = Object.fromEntries(ex.prerequisites.clusters.map((c: any) => [c.cluster, c.prerequisites.map((p: any) => p.id)]));
    expect(ids).toEqual({ 'dc-b': ['cert-manager', 'k8ssandra-operator-data-plane'], 'dc-a': ['cert-manager', 'k8ssandra-operator-control-plane'] });
  });
});

/** The README's GslbZone snippet alone, without the application it serves (no Namespace or Ingress `shop` written). */
function gslbSnippetAlone(outdir: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const dcA = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'dc-a.example', podCidrs: ['10.10.0.0/16'], dnsAddress: '198.51.100.53' });
  const dcB = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'dc-b.example', podCidrs: ['10.20.0.0/16'], dnsAddress: '203.0.113.53' });
  app.addLink(dcA, dcB, Latency.ofRttMillis(2));
  const zone = new GslbZone(app, 'app-global', {
    zone: 'app.global.example.com',
    parentZone: 'example.com',
    edgeDnsServers: ['192.0.2.53'],
    strategy: GslbStrategy.roundRobin(),
  });
  zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop') });
  return app;
}

maybe('the README\'s GslbZone snippet without its application', () => {
  test('APPLY.md lists the namespace and the Ingress the Gslb needs, and the check passes', () => {
    const ex = example('GslbZone snippet alone', gslbSnippetAlone);
    expect(problemsOf(viewsOf(ex))).toEqual([]);
    for (const c of ex.prerequisites.clusters) {
      expect(c.provide.filter((p: any) => p.namespace === 'shop' || p.name === 'shop').map((p: any) => `${p.kind} ${p.name}`)).toEqual(['Namespace shop', 'Ingress shop']);
    }
    // Without them listed, the Gslb's namespace and Ingress are reported.
    expect(problemsOf(viewsOf(ex, (clusters) => clusters.map((c) => ({ ...c, provide: [] })))).filter((p) => p.includes('shop'))).toHaveLength(4);
  });
});

maybe('each defect of issue 27, put back, makes the check fail', () => {
  test('K8ssandra control plane namespace-scoped (watches only k8ssandra-operator): the K8ssandraCluster in cassandra is not reconciled', () => {
    const ex = example('cassandra-multi-dc');
    const namespaceScoped = describeInstall(kustomizeBuild('k8ssandra-operator/v1.32.5/config/deployments/control-plane'));
    expect(namespaceScoped.watched).toEqual(['k8ssandra-operator']);
    const views = viewsOf(ex).map((v) => (v.cluster !== 'dc-control' ? v : { ...v, installs: new Map([...v.installs].map(([id, b]) => [id, id === 'k8ssandra-operator-control-plane' ? namespaceScoped : b])) }));
    expect(problemsOf(views)).toEqual([expect.stringMatching(/^dc-control: K8ssandraCluster cassandra in cassandra: k8ssandra-operator-control-plane watches only k8ssandra-operator$/)]);
  });

  test('data clusters with cert-manager only: no CassandraDatacenter CRD where the datacenters run', () => {
    const ex = example('cassandra-multi-dc');
    const views = viewsOf(ex, (clusters) => clusters.map((c) => ({ ...c, prerequisites: c.prerequisites.filter((p: any) => p.id !== 'k8ssandra-operator-data-plane') })));
    // The datacenters' MedusaBackupSchedules (the example backs up) need the data plane's CRDs too.
    expect(problemsOf(views)).toEqual([
      'dc-east: MedusaBackupSchedule cassandra-dc-east-full-backup: no install defines medusa.k8ssandra.io/MedusaBackupSchedule',
      'dc-east: MedusaBackupSchedule cassandra-dc-east-differential-backup: no install defines medusa.k8ssandra.io/MedusaBackupSchedule',
      'dc-east: CassandraDatacenter dc-east (created by an operator): no install defines cassandra.datastax.com/CassandraDatacenter',
      'dc-west: MedusaBackupSchedule cassandra-dc-west-full-backup: no install defines medusa.k8ssandra.io/MedusaBackupSchedule',
      'dc-west: MedusaBackupSchedule cassandra-dc-west-differential-backup: no install defines medusa.k8ssandra.io/MedusaBackupSchedule',
      'dc-west: CassandraDatacenter dc-west (created by an operator): no install defines cassandra.datastax.com/CassandraDatacenter',
    ]);
  });

  test('the datacenters named by k8sContext but not created anywhere (no data plane said): the K8ssandraCluster\'s Secrets have no cluster', () => {
    const ex = example('cassandra-multi-dc');
    const views = viewsOf(ex, (clusters) => clusters.map((c) => ({ ...c, operatorCreates: [] })));
    expect(problemsOf(views)).toEqual(['datacenter dc-east: no cluster runs its CassandraDatacenter', 'datacenter dc-west: no cluster runs its CassandraDatacenter']);
  });

  test('no ClientConfig registration, or keyspaces without waiting for every datacenter: the steps are reported', () => {
    const ex = example('cassandra-multi-dc');
    const steps = (change: (c: any) => any) => k8ssandraStepProblems({
      ...ex, prerequisites: { ...ex.prerequisites, clusters: ex.prerequisites.clusters.map(change) },
    });
    expect(steps((c) => ({ ...c, beforeApply: [] }))).toEqual([
      'dc-control: no kubectl k8ssandra register for k8sContext k8s-east',
      'dc-control: no kubectl k8ssandra register for k8sContext k8s-west',
    ]);
    expect(steps((c) => ({ ...c, afterApply: c.afterApply.slice(1) }))).toEqual([
      'dc-control: KEYSPACES-cassandra.cql runs before datacenter dc-east is Ready',
      'dc-control: KEYSPACES-cassandra.cql runs before datacenter dc-west is Ready',
    ]);
  });

  test('Secrets, the StorageClass and namespaces not listed: each reference is reported', () => {
    const ex = example('lab');
    const problems = problemsOf(viewsOf(ex, (clusters) => clusters.map((c) => ({ ...c, provide: [] }))));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringContaining('names Secret crdb/crdb-node-certs, neither written nor listed'),
      expect.stringContaining('names Secret crdb/crdb-root-client-certs, neither written nor listed'),
      expect.stringContaining('claims the default StorageClass, which is not listed'),
      expect.stringContaining('is pinned to nodes labelled topology.kubernetes.io/zone=dc-a, which is not listed'),
    ]));
    const oracle = problemsOf(viewsOf(example('dr-two-regions'), (clusters) => clusters.map((c) => ({ ...c, provide: [] }))));
    expect(oracle).toEqual(expect.arrayContaining([
      expect.stringContaining('names Secret ledger/oracle-container-registry-secret'),
      expect.stringContaining('names Secret ledger/ledger-admin-password'),
      expect.stringContaining('names Secret ledger/multisite-ca'),
    ]));
  });

  test('a kustomization without sortOptions: kubectl kustomize re-sorts by kind (Jobs before NetworkPolicies)', () => {
    const ex = example('lab');
    expect(orderProblems(ex, ({ sortOptions, ...rest }) => rest)).toEqual(['stretched: kubectl kustomize applies in another order than kustomization.yaml lists']);
    expect(orderProblems(ex)).toEqual([]);
  });

  test('Data Guard databases without the operator\'s prerequisites: the broker, which configures only local members, waits on ORA-16525', () => {
    const ex = example('dr-two-regions');
    const all = viewsOf(ex).flatMap((v) => v.objects);
    expect(dataGuardPrerequisiteProblems(all)).toEqual([]);
    const without = all.map((o) => (o.kind !== 'SingleInstanceDatabase' ? o : { ...o, spec: { ...o.spec, dataguard: { ...o.spec.dataguard, prereqs: undefined } } }));
    expect(dataGuardPrerequisiteProblems(without)).toEqual([
      'member region-a (LEDGER1) is named by endpoint and its database does not enable spec.dataguard.prereqs',
      'member region-b (LEDGER2) is named by endpoint and its database does not enable spec.dataguard.prereqs',
    ]);
  });

  test('the broker\'s client wallet not copied to its cluster: the reference is reported', () => {
    const ex = example('dr-two-regions');
    const views = viewsOf(ex, (clusters) => clusters.map((c) => ({ ...c, provide: c.provide.filter((p: any) => !p.name.endsWith('-dg-client-wallet')) })));
    expect(problemsOf(views)).toEqual(['region-b: DataguardBroker ledger/ledger-broker names Secret ledger/ledger-region-a-dg-client-wallet, neither written nor listed']);
  });
});

/**
 * The K8ssandra steps around the control plane's apply (k8ssandra-operator v1.32.5 docs,
 * tasks/data-plane-registration): every `k8sContext` registered in the control plane's cluster
 * (`kubectl k8ssandra register ... --destination-name <k8sContext>`: the ClientConfig's name), and
 * the keyspaces created only after every datacenter is Ready (Cassandra refuses a replication map
 * naming an unknown datacenter).
 */
function k8ssandraStepProblems(ex: Example): string[] {
  const problems: string[] = [];
  for (const { obj: k, file } of ex.objects.filter((o) => o.obj.kind === 'K8ssandraCluster')) {
    const control = ex.prerequisites.clusters.find((c: any) => c.entryPoint === '.' || file.startsWith(`${c.entryPoint}/`));
    const register: string[] = control.beforeApply.flatMap((st: any) => st.commands);
    // A datacenter with a k8sContext is reached through the ClientConfig of that name, even in the control plane's own cluster.
    for (const dc of k.spec.cassandra.datacenters.filter((d: any) => d.k8sContext)) {
      const ctx = dc.k8sContext;
      if (!register.some((x) => x.startsWith(`kubectl k8ssandra register --source-context ${ctx} `) && x.includes(`--destination-name ${ctx}`))) {
        problems.push(`${control.cluster}: no kubectl k8ssandra register for k8sContext ${ctx}`);
      }
    }
    const after: string[] = control.afterApply.flatMap((st: any) => st.commands);
    const cql = after.findIndex((l) => l.includes(`KEYSPACES-${k.metadata.name}.cql`));
    if (cql < 0) continue;
    for (const dc of k.spec.cassandra.datacenters) {
      if (!after.slice(0, cql).some((l) => l.includes(`wait cassandradatacenter/${dc.metadata.name} --for=condition=Ready`))) {
        problems.push(`${control.cluster}: KEYSPACES-${k.metadata.name}.cql runs before datacenter ${dc.metadata.name} is Ready`);
      }
    }
  }
  return problems;
}

/**
 * A topology broker configures the Data Guard prerequisites only of members it runs locally
 * (`localRef`; oracle-database-operator sidbdevbranch e390bb952d5e,
 * controllers/dataguard/dataguardbroker_topology_execution.go ensureDataguardTopologyLocalDatabasePrereqs);
 * a member named by endpoint must have its SingleInstanceDatabase configure them
 * (`spec.dataguard.prereqs.enabled`, controllers/database/singleinstancedatabase_controller.go
 * configDataguardPrereqs). The database is found by its SID, its DB_UNIQUE_NAME here.
 */
function dataGuardPrerequisiteProblems(objects: readonly any[]): string[] {
  const problems: string[] = [];
  for (const broker of objects.filter((o) => o.kind === 'DataguardBroker' && o.spec.topology)) {
    for (const m of broker.spec.topology.members.filter((x: any) => !x.localRef)) {
      const db = objects.find((o) => o.kind === 'SingleInstanceDatabase' && o.spec.sid === m.dbUniqueName);
      if (db && !db.spec.dataguard?.prereqs?.enabled) problems.push(`member ${m.name} (${m.dbUniqueName}) is named by endpoint and its database does not enable spec.dataguard.prereqs`);
    }
  }
  return problems;
}
