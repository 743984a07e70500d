import * as fs from 'fs';
import * as path from 'path';
import { ActiveActiveSite, DistributedSqlCluster, Latency, MultiSiteApp, NodeSpread, SqlEngine, WitnessSite } from '../lib';
import { readObjects, tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';

/** The data pods' workloads: StatefulSets of component `database` (CockroachDB, Galera, YugabyteDB tservers). */
function dataWorkloads(objects: readonly any[]): any[] {
  return objects.filter((o) => o.kind === 'StatefulSet' && o.spec.template.metadata.labels['app.kubernetes.io/component'] === 'database');
}

function antiAffinity(workload: any): any {
  return workload.spec.template.spec.affinity?.podAntiAffinity;
}

function galera(outdir: string, spread?: NodeSpread): MultiSiteApp {
  const app = new MultiSiteApp({ outdir });
  const a = new ActiveActiveSite(app, 'dc-a');
  const b = new ActiveActiveSite(app, 'dc-b');
  const w = new WitnessSite(app, 'dc-w');
  app.addLink(a, b, Latency.ofRttMillis(1));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'db', {
    engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1' }),
    placement: [{ site: a, voters: 3 }, { site: b, voters: 3 }, { site: w, arbitrators: 1 }],
    spreadOverNodes: spread,
  });
  return app;
}

describe('members of one site spread over its nodes', () => {
  test.each(Object.keys(EXAMPLE_DESIGNS))('%s: every data pod keeps apart from its site\'s others by hostname (preferred by default)', (name) => {
    const outdir = tempOutdir();
    EXAMPLE_DESIGNS[name](outdir).synth();
    const objects = readObjects(outdir).map((x) => x.obj);
    for (const w of dataWorkloads(objects)) {
      const site = w.spec.template.metadata.labels['cdk-multisite/site'];
      const terms = antiAffinity(w)?.preferredDuringSchedulingIgnoredDuringExecution;
      expect(terms).toEqual([{
        weight: 100,
        podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: expect.objectContaining({ 'cdk-multisite/site': site }) } },
      }]);
      // the selector is the workload's own pods: the same labels, the site among them
      expect(terms[0].podAffinityTerm.labelSelector.matchLabels).toEqual(w.spec.selector.matchLabels);
    }
    // K8ssandra: cass-operator's required one-pod-per-node, stated
    for (const k of objects.filter((o) => o.kind === 'K8ssandraCluster')) expect(k.spec.cassandra.softPodAntiAffinity).toBe(false);
    const kinds = objects.map((o) => o.kind);
    expect(dataWorkloads(objects).length + kinds.filter((k) => k === 'K8ssandraCluster').length
      + kinds.filter((k) => k === 'SingleInstanceDatabase').length).toBeGreaterThan(0);
  });

  test('NodeSpread.REQUIRED writes the required term and REPORT.md marks it written', () => {
    const outdir = tempOutdir();
    galera(outdir, NodeSpread.REQUIRED).synth();
    const objects = readObjects(outdir).map((x) => x.obj);
    const sets = dataWorkloads(objects);
    expect(sets).toHaveLength(2);
    for (const w of sets) {
      expect(antiAffinity(w).preferredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
      expect(antiAffinity(w).requiredDuringSchedulingIgnoredDuringExecution).toEqual([
        { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: w.spec.selector.matchLabels } },
      ]);
    }
    // garbd is not spread (a one-replica Deployment cannot roll out under a required term against itself on one node)
    const garbd = objects.filter((o) => o.kind === 'Deployment' && o.metadata.labels['app.kubernetes.io/component'] === 'arbitrator');
    expect(garbd.map(antiAffinityOfDeployment)).toEqual([undefined]);
    expect(fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8')).toContain('| site | members | preferred: members lost, votes left | required (written): members lost, votes left |');
  });

  test('report.json: one node\'s loss per site under each choice (Galera 3 + 3 + garbd)', () => {
    const outdir = tempOutdir();
    galera(outdir).synth();
    const data = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
    const loss = data.clusters[0].nodeLoss;
    expect(loss.spread).toBe('preferred');
    // 7 votes, quorum 4: all of dc-a on one node leaves 4 (survives); one member per node leaves 6.
    const row = (site: string) => loss.sites.find((s: any) => s.site === site);
    expect(row('dc-a').members).toBe(3);
    expect(row('dc-a').preferred).toEqual({ membersLost: 3, groups: [{ label: 'votes (data nodes + garbd)', votesLeft: 4, total: 7, quorum: 4, survives: true }] });
    expect(row('dc-a').required).toEqual({ membersLost: 1, groups: [{ label: 'votes (data nodes + garbd)', votesLeft: 6, total: 7, quorum: 4, survives: true }] });
    expect(row('dc-w').preferred.membersLost).toBe(1);
    expect(row('dc-w').required.membersLost).toBe(1);
  });

  test('CockroachDB RF 5 over 2 + 2 + 1: both dc-a pods on one node leave 3 of 5 votes under preferred, 4 under required', () => {
    const outdir = tempOutdir();
    const app = new MultiSiteApp({ outdir });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    const w = new WitnessSite(app, 'dc-w');
    app.addLink(a, b, Latency.ofRttMillis(1));
    app.addLink(a, w, Latency.ofRttMillis(2));
    app.addLink(b, w, Latency.ofRttMillis(2));
    new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb({ replicationFactor: 5 }), placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, voters: 1 }] });
    app.synth();
    const data = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
    const dcA = data.clusters[0].nodeLoss.sites[0];
    // RF 5 over 2 + 2 + 1: two replicas of every range in dc-a; one node with both pods takes both.
    expect(dcA.preferred.groups[0].votesLeft).toBe(3);
    expect(dcA.required.groups[0].votesLeft).toBe(4);
  });

  test('Cassandra: the operator separates the nodes, so the written spread is required whatever the prop says', () => {
    const outdir = tempOutdir();
    EXAMPLE_DESIGNS['cassandra-multi-dc'](outdir).synth();
    const data = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
    expect(data.clusters.map((c: any) => c.nodeLoss.spread)).toEqual(['required']);
  });

  test('Cassandra and Data Guard: no votes decide, so a node\'s loss gives the members it takes, not a majority verdict', () => {
    // LOCAL_QUORUM is judged per datacenter and a Data Guard standby is not a vote: a majority of
    // "votes left" would contradict the site-loss verdicts (losing a whole standby site keeps writes).
    for (const example of ['cassandra-multi-dc', 'dr-two-regions'] as const) {
      const outdir = tempOutdir();
      EXAMPLE_DESIGNS[example](outdir).synth();
      const data = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
      for (const c of data.clusters) {
        for (const s of c.nodeLoss.sites) expect([s.preferred.groups, s.required.groups]).toEqual([[], []]);
      }
      const report = fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8');
      expect(report).toContain('No votes decide here: what losing those members does is the site-loss verdict above');
      expect(report).not.toMatch(/one node's loss[\s\S]*below quorum/);
    }
  });
});

function antiAffinityOfDeployment(d: any): any {
  return d.spec.template.spec.affinity?.podAntiAffinity;
}
