import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { findObject, perClusterLab, readObjects, readTree, tempOutdir } from './support/designs';

const outdir = tempOutdir();
perClusterLab(outdir).synth();
const files = readTree(outdir);
const objects = readObjects(outdir);

describe('one Kubernetes cluster per site', () => {
  test('each site folder holds everything its cluster needs; there is no cluster-wide folder', () => {
    expect([...new Set([...files.keys()].map((f) => f.split('/')[0]))].sort())
      .toEqual(['APPLY.md', 'REPORT.md', 'dc-a', 'dc-b', 'dc-witness', 'prerequisites.json', 'report.json']);
    for (const site of ['dc-a', 'dc-b', 'dc-witness']) {
      const kinds = objects.filter((o) => o.file.startsWith(`${site}/`)).map((o) => o.obj.kind).sort();
      const expected = ['ConfigMap', 'Namespace', 'NetworkPolicy', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'Service', 'StatefulSet'];
      expect(kinds).toEqual(site === 'dc-a' ? [...expected, 'Job'].sort() : expected);
    }
  });

  test('members join across sites by names under each site\'s cluster domain; no node affinity is needed', () => {
    const sts = findObject(objects, 'StatefulSet', 'crdb-dc-b');
    const args: string[] = sts.spec.template.spec.containers[0].args;
    expect(args.find((a) => a.startsWith('--join='))).toBe('--join=' + [
      'crdb-dc-a-0.crdb-dc-a.crdb.svc.dc-a.example.internal:26357',
      'crdb-dc-a-1.crdb-dc-a.crdb.svc.dc-a.example.internal:26357',
      'crdb-dc-b-0.crdb-dc-b.crdb.svc.dc-b.example.internal:26357',
      'crdb-dc-b-1.crdb-dc-b.crdb.svc.dc-b.example.internal:26357',
      'crdb-dc-witness-0.crdb-dc-witness.crdb.svc.dc-witness.example.internal:26357',
    ].join(','));
    expect(args).toContain('--advertise-addr=$(POD_NAME).crdb-dc-b.crdb.svc.dc-b.example.internal:26357');
    expect(args).toContain('--locality=region=dc-b');
    expect(sts.spec.template.spec.affinity.nodeAffinity).toBeUndefined();
  });

  test('PodDisruptionBudgets split the budget of 2 so that evictions in all clusters together never exceed it', () => {
    const budgets = ['dc-a', 'dc-b', 'dc-witness'].map((s) => findObject(objects, 'PodDisruptionBudget', 'crdb', s).spec.maxUnavailable);
    expect(budgets).toEqual([1, 1, 0]);
    expect(budgets.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
    expect(files.get('REPORT.md')).toContain('the budget of 2 is split: dc-a 1, dc-b 1, dc-witness 0');
  });

  test('NetworkPolicy in dc-a admits RPC from the other sites\' pod CIDRs, and SQL from the client namespace', () => {
    const np = findObject(objects, 'NetworkPolicy', 'crdb', 'dc-a');
    const rpcFromBlocks = np.spec.ingress
      .filter((r: any) => r.from.some((f: any) => f.ipBlock))
      .map((r: any) => [r.from[0].ipBlock.cidr, r.ports.map((p: any) => p.port)]);
    expect(rpcFromBlocks).toEqual([
      ['10.20.0.0/16', [26357]],
      ['fd00:20::/56', [26357]],
      ['10.30.0.0/16', [26357]],
    ]);
    expect(JSON.stringify(np)).not.toContain('10.10.0.0/16');
    const clientRule = np.spec.ingress.find((r: any) => r.from.some((f: any) => f.namespaceSelector));
    expect(clientRule.from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'shop' } });
    expect(clientRule.ports).toEqual([{ port: 26257, protocol: 'TCP' }]);
  });

  test('each site forwards the other sites\' cluster domains to their DNS, so the join names resolve', () => {
    const dns = findObject(objects, 'ConfigMap', 'coredns-custom', 'dc-a');
    expect(dns.metadata.namespace).toBe('kube-system');
    expect(dns.data['multisite.server']).toContain('dc-b.example.internal:53 {\n    errors\n    cache 30\n    forward . 10.0.2.53\n}');
    expect(dns.data['multisite.server']).not.toContain('dc-a.example.internal');
  });

  test('the node certificate names of every site are listed in the report', () => {
    const report = files.get('REPORT.md')!;
    for (const site of ['dc-a', 'dc-b', 'dc-witness']) {
      expect(report).toContain(`\`*.crdb-${site}.crdb.svc.${site}.example.internal\``);
    }
  });

  test('report.json predicts the same losses as the stretched lab: one site lost keeps quorum, two halt', () => {
    const crdb = JSON.parse(files.get('report.json')!).clusters.find((c: any) => c.name === 'crdb');
    const row = (s: any) => [s.lost.join('+'), s.groups[0].votesLeft, s.groups[0].survives, s.dataMembersLeft];
    expect(crdb.singleSiteLosses.map(row)).toEqual([['dc-a', 3, true, 3], ['dc-b', 3, true, 3], ['dc-witness', 4, true, 4]]);
    expect(crdb.twoSiteLosses.map(row)).toEqual([['dc-a+dc-b', 1, false, 1], ['dc-a+dc-witness', 2, false, 2], ['dc-b+dc-witness', 2, false, 2]]);
  });

  test('snapshot of every file written', () => {
    expect(Object.fromEntries(files)).toMatchSnapshot();
  });
});

describe('cross-site DNS with clusters on different sites', () => {
  /** crdb-west on dc-a, dc-b and the witness; crdb-east on dc-c, dc-d and the witness. */
  const out = tempOutdir();
  const app = new MultiSiteApp({ outdir: out, shape: DeploymentShape.clusterPerSite() });
  const [dcA, dcB, dcC, dcD] = ['dc-a', 'dc-b', 'dc-c', 'dc-d'].map((name, i) => new ActiveActiveSite(app, name, {
    clusterDomain: `${name}.example`, podCidrs: [`10.${i + 1}.0.0/16`], clusterDnsAddress: `10.0.${i + 1}.53`,
  }));
  const witness = new WitnessSite(app, 'dc-witness', { clusterDomain: 'dc-witness.example', podCidrs: ['10.9.0.0/16'], clusterDnsAddress: '10.0.9.53' });
  const all = [dcA, dcB, dcC, dcD, witness];
  all.forEach((a, i) => all.slice(i + 1).forEach((b) => app.addLink(a, b, Latency.ofRttMillis(3))));
  for (const [name, x, y] of [['crdb-west', dcA, dcB], ['crdb-east', dcC, dcD]] as const) {
    new DistributedSqlCluster(app, name, {
      engine: SqlEngine.cockroachDb({ replicationFactor: 5 }),
      placement: [{ site: x, voters: 2 }, { site: y, voters: 2 }, { site: witness, voters: 1 }],
    });
  }
  app.synth();
  const forwarded = (site: string) => [...String(findObject(readObjects(out), 'ConfigMap', 'coredns-custom', site).data['multisite.server'])
    .matchAll(/^(\S+)\.example:53 \{/gm)].map((m) => m[1]);

  test('a site forwards the domains of the sites it shares a cluster with, and no others', () => {
    expect(forwarded('dc-a')).toEqual(['dc-b', 'dc-witness']);
    expect(forwarded('dc-d')).toEqual(['dc-c', 'dc-witness']);
    expect(forwarded('dc-witness')).toEqual(['dc-a', 'dc-b', 'dc-c', 'dc-d']);
  });
});
