import { findObject, readObjects, readTree, tempOutdir } from './support/designs';
import { labDesign } from '../examples/lab/design';

/** The seed-000 lab, synthesized once for every assertion below. */
const outdir = tempOutdir();
const app = labDesign(outdir);
app.synth();
const files = readTree(outdir);
const objects = readObjects(outdir);
const report = files.get('REPORT.md')!;
const data = JSON.parse(files.get('report.json')!);

const SITES = ['dc-a', 'dc-b', 'dc-witness'];
const VOTERS: Record<string, number> = { 'dc-a': 2, 'dc-b': 2, 'dc-witness': 1 };

describe('the seed-000 lab (stretched cluster, CockroachDB 2+2+1, 5 replicas)', () => {
  test('the next-loss alert says which members down make the next loss fatal, one combination or another', () => {
    const rules = objects.filter((o) => o.obj.kind === 'PrometheusRule').flatMap((o) => o.obj.spec.groups.flatMap((g: any) => g.rules));
    const witness = rules.find((r: any) => r.alert === 'CrdbNextLossOfDcWitnessHalts');
    expect(witness.annotations.description).toContain('Now 2 of 2 database members down in dc-a, or 2 of 2 database members down in dc-b, or 1 of 2 database members down in dc-a and 1 of 2 database members down in dc-b;');
  });

  test('writes one folder per site, the cluster-wide folder and the report', () => {
    expect([...new Set([...files.keys()].map((f) => f.split('/')[0]))].sort())
      .toEqual(['APPLY.md', 'REPORT.md', 'cluster-wide', 'dc-a', 'dc-b', 'dc-witness', 'kustomization.yaml', 'prerequisites.json', 'report.json']);
    expect(files.get('cluster-wide/kustomization.yaml')).toContain('namespace-crdb.yaml');
  });

  test.each(SITES)('%s: one StatefulSet pinned to the site by required node affinity, replicas = its voters', (site) => {
    const sts = findObject(objects, 'StatefulSet', `crdb-${site}`, site);
    expect(sts.spec.replicas).toBe(VOTERS[site]);
    const terms = sts.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual([{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [site] }] }]);
    // Sites are the fault domains: hostname never pins or spreads across sites, only within one
    // (the site's members keep apart by hostname, a selector that includes the site).
    expect(JSON.stringify(sts.spec.template.spec.affinity.nodeAffinity)).not.toContain('kubernetes.io/hostname');
    const spread = sts.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    expect(spread.map((t: any) => [t.podAffinityTerm.topologyKey, t.podAffinityTerm.labelSelector.matchLabels['cdk-multisite/site']]))
      .toEqual([['kubernetes.io/hostname', site]]);
    expect(sts.spec.serviceName).toBe(`crdb-${site}`);
    expect(sts.spec.selector.matchLabels['cdk-multisite/site']).toBe(site);
  });

  test('no other StatefulSet exists, so the witness can never get a second voter', () => {
    const all = objects.filter((o) => o.obj.kind === 'StatefulSet');
    expect(all.map((o) => [o.file.split('/')[0], o.obj.spec.replicas])).toEqual([['dc-a', 2], ['dc-b', 2], ['dc-witness', 1]]);
  });

  test.each(SITES)('%s: --locality from the site and --join listing every member of every site', (site) => {
    const args: string[] = findObject(objects, 'StatefulSet', `crdb-${site}`).spec.template.spec.containers[0].args;
    expect(args).toContain(`--locality=zone=${site}`);
    const join = args.find((a) => a.startsWith('--join='))!.slice('--join='.length).split(',');
    expect(join).toEqual([
      'crdb-dc-a-0.crdb-dc-a.crdb.svc.cluster.local:26357',
      'crdb-dc-a-1.crdb-dc-a.crdb.svc.cluster.local:26357',
      'crdb-dc-b-0.crdb-dc-b.crdb.svc.cluster.local:26357',
      'crdb-dc-b-1.crdb-dc-b.crdb.svc.cluster.local:26357',
      'crdb-dc-witness-0.crdb-dc-witness.crdb.svc.cluster.local:26357',
    ]);
    expect(args).toContain(`--advertise-addr=$(POD_NAME).crdb-${site}.crdb.svc.cluster.local:26357`);
    expect(args).toContain('--certs-dir=/cockroach/cockroach-certs');
    expect(args).not.toContain('--insecure');
  });

  test('the witness gets the same storage and resources as a data site (no data-less witness in CockroachDB)', () => {
    const spec = (site: string) => findObject(objects, 'StatefulSet', `crdb-${site}`).spec;
    expect(spec('dc-witness').volumeClaimTemplates[0].spec).toEqual(spec('dc-a').volumeClaimTemplates[0].spec);
    expect(spec('dc-witness').volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    expect(spec('dc-witness').template.spec.containers[0].resources).toEqual(spec('dc-a').template.spec.containers[0].resources);
    expect(report).toContain('CockroachDB has no data-less witness: dc-witness stores a full replica of every range');
  });

  test('headless Services publish not-ready members so they can find each other before init', () => {
    for (const site of SITES) {
      const svc = findObject(objects, 'Service', `crdb-${site}`, site);
      expect(svc.spec.clusterIP).toBe('None');
      expect(svc.spec.publishNotReadyAddresses).toBe(true);
    }
    const client = findObject(objects, 'Service', 'crdb-public', 'cluster-wide');
    expect(client.spec.ports.map((p: any) => p.port)).toEqual([26257, 8080]);
  });

  test('PodDisruptionBudget: at most ⌊(5−1)/2⌋ = 2 members evicted at once', () => {
    const pdb = findObject(objects, 'PodDisruptionBudget', 'crdb', 'cluster-wide');
    expect(pdb.spec.maxUnavailable).toBe(2);
    const sts = findObject(objects, 'StatefulSet', 'crdb-dc-a');
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) {
      expect(sts.spec.template.metadata.labels[k]).toBe(v);
    }
  });

  test('every pod runs under Pod Security restricted, with requests and limits and probes', () => {
    const ns = findObject(objects, 'Namespace', 'crdb');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const podSpecs = objects.filter((o) => ['StatefulSet', 'Job'].includes(o.obj.kind)).map((o) => o.obj.spec.template.spec);
    expect(podSpecs).toHaveLength(4);
    for (const pod of podSpecs) {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(c.resources.requests).toBeDefined();
        expect(c.resources.limits.memory).toBeDefined();
      }
    }
    const db = findObject(objects, 'StatefulSet', 'crdb-dc-a').spec.template.spec.containers[0];
    expect(db.readinessProbe.httpGet).toMatchObject({ path: '/health?ready=1', port: 8080, scheme: 'HTTPS' });
    expect(db.livenessProbe.httpGet.path).toBe('/health');
    expect(db.resources.requests.memory).toBe(db.resources.limits.memory);
  });

  test('NetworkPolicy: inter-node RPC only from the cluster\'s own pods', () => {
    const np = findObject(objects, 'NetworkPolicy', 'crdb', 'cluster-wide');
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    const rpcRules = np.spec.ingress.filter((r: any) => r.ports.some((p: any) => p.port === 26357));
    expect(rpcRules).toEqual([{
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'crdb' } } }],
      ports: [{ port: 26357, protocol: 'TCP' }, { port: 26257, protocol: 'TCP' }, { port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('certificates by reference only: Secret volumes, never a Secret object or inline key', () => {
    expect(objects.filter((o) => o.obj.kind === 'Secret')).toEqual([]);
    const all = [...files.values()].join('\n');
    expect(all).not.toMatch(/BEGIN (RSA |EC )?PRIVATE KEY|BEGIN CERTIFICATE/);
    const volumes = (name: string) => findObject(objects, 'StatefulSet', name).spec.template.spec.volumes;
    expect(volumes('crdb-dc-a')).toEqual([{ name: 'certs', secret: { secretName: 'crdb-node-certs', defaultMode: 0o440 } }]);
    const job = findObject(objects, 'Job', 'crdb-init');
    expect(job.spec.template.spec.volumes).toContainEqual({ name: 'certs', secret: { secretName: 'crdb-root-client-certs', defaultMode: 0o440 } });
  });

  test('the init Job initializes once, then pins the voters of the default and system ranges where the placement says', () => {
    const container = findObject(objects, 'Job', 'crdb-init').spec.template.spec.containers[0];
    const script: string = container.command[2];
    expect(script).toContain('cockroach init --certs-dir=/cockroach/cockroach-certs --host=crdb-dc-a-0.crdb-dc-a.crdb.svc.cluster.local:26357');
    expect(script).toContain('already been initialized');
    expect(script).toContain('--execute="$ZONE_SQL"');
    const sql: string = container.env.find((e: any) => e.name === 'ZONE_SQL').value;
    const pinned = 'num_replicas = 5, num_voters = 5, voter_constraints = \'{"+zone=dc-a": 2, "+zone=dc-b": 2, "+zone=dc-witness": 1}\'';
    expect(sql.split('; ')).toEqual([
      `ALTER RANGE default CONFIGURE ZONE USING ${pinned}`,
      `ALTER RANGE meta CONFIGURE ZONE USING ${pinned}`,
      `ALTER RANGE liveness CONFIGURE ZONE USING ${pinned}`,
      `ALTER RANGE system CONFIGURE ZONE USING ${pinned}`,
      `ALTER DATABASE system CONFIGURE ZONE USING ${pinned};`,
    ]);
  });

  test('the report has the control plane: etcd 1 + 1 + 1, the API server after every single- and two-site loss', () => {
    expect(report).toContain('etcd members per site: dc-a 1, dc-b 1, dc-witness 1 (3 in all, quorum 2).');
    expect(report).toContain('| dc-b | 2 of 3 | works (etcd 2 of 3, quorum 2): pods on lost nodes are rescheduled after the eviction timeout |');
    expect(report).toContain('| dc-b + dc-witness | 1 of 3 | **down** (etcd 1 of 3, quorum 2): nothing is rescheduled or changed until a site returns |');
    expect(report).toContain('| dc-b | 3 of 5 left (needs 3) | survives | works (etcd 2 of 3, quorum 2): pods on lost nodes are rescheduled after the eviction timeout |');
  });

  test('the report says what the seed lab shows: losing dc-b keeps quorum (3 of 5), losing dc-b and the witness halts (2 of 5)', () => {
    expect(report).toContain('| dc-b | 3 of 5 left (needs 3) | survives |');
    expect(report).toContain('| dc-b + dc-witness | 2 of 5 left (needs 3) | **halts** |');
    expect(report).toContain('| site | voters (data nodes) | all ranges (5 replicas) |\n| --- | --- | --- |\n| dc-a | 2 | 2 |\n| dc-b | 2 | 2 |\n| dc-witness | 1 | 1 |\n| total | 5 | 5 |\n| quorum | - | 3 |');
    expect(report).toContain('| cluster `crdb` | dc-a, dc-b, dc-witness | dc-b – dc-witness | 3.5 |');
    expect(report).toContain('| dc-a | dc-witness | 3 | `crdb` |');
    expect(report).toContain('```mermaid');
    const crdb = data.clusters[0];
    expect(crdb.votersPerSite).toEqual(VOTERS);
    expect(crdb.singleSiteLosses.map((s: any) => [s.lost.join('+'), s.survives])).toEqual([['dc-a', true], ['dc-b', true], ['dc-witness', true]]);
    expect(crdb.twoSiteLosses.every((s: any) => !s.survives)).toBe(true);
    // Every CockroachDB member holds data, the witness's too: what is left after each loss.
    expect(crdb.singleSiteLosses.map((s: any) => [s.lost.join('+'), s.dataMembersLeft])).toEqual([['dc-a', 3], ['dc-b', 3], ['dc-witness', 4]]);
    expect(crdb.twoSiteLosses.map((s: any) => [s.lost.join('+'), s.dataMembersLeft])).toEqual([['dc-a+dc-b', 1], ['dc-a+dc-witness', 2], ['dc-b+dc-witness', 2]]);
  });

  test('synthesizing twice gives identical bytes', () => {
    const again = tempOutdir();
    labDesign(again).synth();
    expect(readTree(again)).toEqual(files);
  });

  test('snapshot of every file written', () => {
    expect(Object.fromEntries(files)).toMatchSnapshot();
  });
});
