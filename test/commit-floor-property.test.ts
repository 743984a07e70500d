import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, Severity, Site, SqlEngine, WitnessSite } from '../lib';
import { isAllowedPlacement, voterCountOf } from './support/cockroach-model';
import { tempOutdir } from './support/designs';
import { analyzeDesign } from '../lib/check/analyze-design';
import { buildDesign } from '../lib/synth/build-design';

/** A random design: 3–6 sites with random RTTs, one cluster (CockroachDB or Galera) with random members. */
const designs = fc.record({
  engine: fc.constantFrom('cockroachdb', 'galera'),
  nodes: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 6 }),
  rf: fc.constantFrom(3, 5),
  rtts: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 15, maxLength: 15 }),
}).filter((d) => d.nodes.some((n) => n > 0));

function build(d: { engine: string; nodes: number[]; rf: number; rtts: number[] }) {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.stretchedCluster() });
  const sites: Site[] = d.nodes.map((_, i) => (i === d.nodes.length - 1 ? new WitnessSite(app, `s${i}`) : new ActiveActiveSite(app, `s${i}`)));
  const rtt = new Map<string, number>();
  let k = 0;
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      // Halves, so that floors are not all integers.
      const r = d.rtts[k++] / 2;
      rtt.set(`${i},${j}`, r).set(`${j},${i}`, r);
      app.addLink(sites[i], sites[j], Latency.ofRttMillis(r));
    }
  }
  const placement = d.nodes.map((n, i) => ({ site: sites[i], voters: n })).filter((p) => p.voters > 0);
  new DistributedSqlCluster(app, 'db', {
    engine: d.engine === 'galera' ? SqlEngine.galera({ maxRttMillis: 100 }) : SqlEngine.cockroachDb({ replicationFactor: d.rf }),
    placement,
  });
  return { app, rttOf: (a: number, b: number) => (a === b ? 0 : rtt.get(`${a},${b}`)!) };
}

/** The voters per site that the init Job pins for the default ranges, read from the manifest. */
function pinnedDefaultVoters(yamlText: string, siteCount: number): number[] {
  const job = parseAllDocuments(yamlText).map((d) => d.toJSON()).find((o) => o?.kind === 'Job');
  const sql: string = job.spec.template.spec.containers[0].env.find((e: any) => e.name === 'ZONE_SQL').value;
  const constraints = JSON.parse(/ALTER RANGE default CONFIGURE ZONE USING [^;]*voter_constraints = '([^']*)'/.exec(sql)![1]);
  return Array.from({ length: siteCount }, (_, i) => constraints[`+zone=s${i}`] ?? 0);
}

describe('commit floors are true lower bounds', () => {
  test('for random accepted designs, the floor equals the commit latency of the placement that runs (pinned), computed from the documented rule', () => {
    let checked = 0;
    fc.assert(fc.property(designs, (d) => {
      const { app, rttOf } = build(d);
      fc.pre(app.check().every((f) => f.severity !== Severity.ERROR));
      checked++;
      const analysis = analyzeDesign(buildDesign(app, app.shape, (app as any).links)).analyses[0];
      const members = d.nodes.map((_, i) => i).filter((i) => d.nodes[i] > 0);
      if (d.engine === 'galera') {
        // Galera: a write set reaches every member before the commit returns.
        for (const i of members) expect(analysis.commitFloorMillis.get(`s${i}`)).toBe(Math.max(...members.map((j) => rttOf(i, j))));
        return;
      }
      // Raft: the leaseholder's site counts 0; the floor is the RTT to the voter that completes a majority.
      // Only a voter holds a lease (CockroachDB CheckCanReceiveLease) and the gateway sends a write
      // to the leaseholder: from a site without a voter, the RTT to a voter site plus its floor, the least of those.
      const placement = pinnedDefaultVoters(app.synthYaml(), d.nodes.length);
      const voters = voterCountOf(d.rf, d.nodes.reduce((a, b) => a + b, 0));
      expect(isAllowedPlacement(placement, voters, d.nodes)).toBe(true);
      const majority = Math.floor(voters / 2) + 1;
      const ledFrom = (i: number) => placement.flatMap((v, j) => Array(v).fill(rttOf(i, j))).sort((a, b) => a - b)[majority - 1];
      const leaderSites = placement.map((_, j) => j).filter((j) => placement[j] > 0);
      for (const i of members) {
        const expected = placement[i] > 0 ? ledFrom(i) : Math.min(...leaderSites.map((j) => rttOf(i, j) + ledFrom(j)));
        expect(analysis.commitFloorMillis.get(`s${i}`)).toBe(expected);
      }
    }), { numRuns: 300 });
    expect(checked).toBeGreaterThan(50);
  });
});
