import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ActiveActiveSite, CassandraConsistency, DataGuardProtectionMode, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, Site, SqlEngine,
} from '../lib';
import { tempOutdir } from './support/designs';
import { replicasPerSite } from './support/yugabyte-model';
import { majorityVerdict } from '../lib/analysis/survival';
import { VotingGroup, votesLeftAfterLosing } from '../lib/analysis/voting-group';
import { analyzeDesign } from '../lib/check/analyze-design';
import { CASSANDRA } from '../lib/engines/cassandra/engine';
import { SqlEngineDefinition } from '../lib/engines/engine';
import { GALERA } from '../lib/engines/galera/engine';
import { ORACLE_DATA_GUARD } from '../lib/engines/oracle-data-guard/engine';
import { renderReportData } from '../lib/report/report-data';
import { buildDesign } from '../lib/synth/build-design';

/**
 * report.json's loss rows, engine by engine, against brute force written from each database's
 * documented rule (cited below), never from the library's code. Every row of every single- and
 * two-site loss is compared: `survives`, and where reads and writes still succeed.
 */

/** One member site of a random design: data members, and members that hold no data (garbd, observer). */
interface Place {
  readonly voters: number;
  readonly arbitrators: number;
}

/** report.json of a design of `places.length` sites s0, s1, … linked at 2 ms, with one cluster. */
function reportOf(places: readonly Place[], engine: (sites: Site[]) => SqlEngine): any {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.stretchedCluster() });
  const sites = places.map((_, i) => new ActiveActiveSite(app, `s${i}`));
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'db', {
    engine: engine(sites),
    placement: places.map((p, i) => ({ site: sites[i], voters: p.voters, arbitrators: p.arbitrators })).filter((p) => p.voters + p.arbitrators > 0),
  });
  const design = analyzeDesign(buildDesign(app, app.shape, (app as any).links));
  return JSON.parse(renderReportData(design, { errors: [], warnings: [], acknowledged: [] })).clusters[0];
}

/** Every row of report.json's single- and two-site losses, by the lost sites' indexes. */
function rowsOf(cluster: any): { lost: number[]; row: any }[] {
  return [...cluster.singleSiteLosses, ...cluster.twoSiteLosses].map((row: any) => ({ lost: row.lost.map((s: string) => Number(s.slice(1))), row }));
}

/** The model's answer for one loss, in report.json's terms. */
interface Expected {
  readonly survives: boolean;
  readonly writesFrom: readonly number[];
  readonly readsFrom: readonly number[];
}

/** The first row where report.json and the model differ, or undefined. */
function firstDifference(cluster: any, model: (lost: readonly number[]) => Expected): string | undefined {
  for (const { lost, row } of rowsOf(cluster)) {
    const want = model(lost);
    const sites = (names: string[]) => names.map((s) => Number(s.slice(1)));
    const got = { survives: row.survives, writesFrom: sites(row.writesFrom), readsFrom: sites(row.readsFrom) };
    if (JSON.stringify(got) !== JSON.stringify(want)) return `losing ${lost}: report.json ${JSON.stringify(got)}, model ${JSON.stringify(want)}`;
  }
  return undefined;
}

/** Runs `body` with the engine's survival replaced by the majority of its voting groups (the defect of issue 28), then restores it. */
function withMajoritySurvival<T>(engine: SqlEngineDefinition, body: () => T): T {
  const own = engine.survivalAfterLosing;
  (engine as any).survivalAfterLosing = (cluster: any, _details: unknown, groups: readonly VotingGroup[], lost: readonly string[]) =>
    majorityVerdict(cluster, groups, lost);
  try {
    return body();
  } finally {
    (engine as any).survivalAfterLosing = own;
  }
}

const indexes = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('Cassandra: report.json equals the documented consistency-level rule', () => {
  /**
   * What a request at each level waits for (https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#tunable-consistency,
   * and the blockFor of each level in apache/cassandra `db/ConsistencyLevel.java`): ONE, TWO,
   * THREE a count of replicas anywhere; QUORUM (and SERIAL) ⌊ΣRF/2⌋ + 1 anywhere; ALL every
   * replica; LOCAL_ONE one replica and LOCAL_QUORUM (and LOCAL_SERIAL) ⌊RF_local/2⌋ + 1 in the
   * coordinator's datacenter; EACH_QUORUM ⌊RF_dc/2⌋ + 1 in every datacenter holding replicas.
   * A request succeeds when that many live replicas answer.
   */
  function succeeds(level: CassandraConsistency, rf: readonly number[], alive: (dc: number) => boolean, coordinator: number): boolean {
    const total = rf.reduce((a, b) => a + b, 0);
    const live = rf.reduce((n, r, dc) => n + (alive(dc) ? r : 0), 0);
    const q = (n: number) => Math.floor(n / 2) + 1;
    switch (level) {
      case CassandraConsistency.ONE: return live >= 1;
      case CassandraConsistency.TWO: return live >= 2 && total >= 2;
      case CassandraConsistency.THREE: return live >= 3 && total >= 3;
      case CassandraConsistency.QUORUM:
      case CassandraConsistency.SERIAL: return live >= q(total);
      case CassandraConsistency.ALL: return live === total;
      case CassandraConsistency.LOCAL_ONE: return rf[coordinator] >= 1;
      case CassandraConsistency.LOCAL_QUORUM:
      case CassandraConsistency.LOCAL_SERIAL: return rf[coordinator] >= q(rf[coordinator]);
      case CassandraConsistency.EACH_QUORUM: return rf.every((r, dc) => r === 0 || (alive(dc) && r >= q(r)));
    }
    throw new Error(level);
  }

  interface CassandraSpec {
    readonly sizes: number[];
    readonly keyspaces: number[][];
    readonly read: CassandraConsistency;
    readonly write: CassandraConsistency;
  }
  const readLevels = Object.values(CassandraConsistency);
  const writeLevels = readLevels.filter((l) => l !== CassandraConsistency.SERIAL && l !== CassandraConsistency.LOCAL_SERIAL);
  const designs = fc.integer({ min: 2, max: 4 }).chain((n) => fc.record({
    sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }),
    keyspaces: fc.array(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }).filter((rf) => rf.some((r) => r > 0)),
      { minLength: 1, maxLength: 2 },
    ),
    read: fc.constantFrom(...readLevels),
    write: fc.constantFrom(...writeLevels),
  }));

  /** Per loss: the datacenters left where reads (writes) succeed for every keyspace; survives when both exist. */
  function model(spec: CassandraSpec, lost: readonly number[]): Expected {
    const alive = (dc: number) => !lost.includes(dc);
    const left = indexes(spec.sizes.length).filter(alive);
    const from = (level: CassandraConsistency) => left.filter((c) => spec.keyspaces.every((rf) => succeeds(level, rf, alive, c)));
    const readsFrom = from(spec.read);
    const writesFrom = from(spec.write);
    return { survives: readsFrom.length > 0 && writesFrom.length > 0, writesFrom, readsFrom };
  }

  function library(spec: CassandraSpec) {
    return reportOf(spec.sizes.map((voters) => ({ voters, arbitrators: 0 })), (sites) => SqlEngine.cassandra({
      readConsistency: spec.read,
      writeConsistency: spec.write,
      keyspaces: spec.keyspaces.map((rf, k) => ({ name: `ks${k}`, replicationFactor: 0, perSite: rf.map((r, i) => ({ site: sites[i], replicationFactor: r })) })),
    }));
  }

  test('600 random designs: 2–4 datacenters, 1–2 keyspaces, every read and write level', () => {
    fc.assert(fc.property(designs, (spec) => {
      const cluster = library(spec);
      expect(cluster.survivalRule).toBe('consistency-level');
      expect(firstDifference(cluster, (lost) => model(spec, lost))).toBeUndefined();
    }), {
      numRuns: 600,
      // The case: LOCAL_QUORUM over 3 + 3 keeps serving from the other datacenter.
      examples: [[{ sizes: [3, 3], keyspaces: [[3, 3]], read: CassandraConsistency.LOCAL_QUORUM, write: CassandraConsistency.LOCAL_QUORUM }]],
    });
  });

  test('the property catches the old defect put back: Cassandra judged by a majority of its replicas', () => {
    const run = withMajoritySurvival(CASSANDRA, () =>
      fc.check(fc.property(designs, (spec) => firstDifference(library(spec), (lost) => model(spec, lost)) === undefined), { numRuns: 300 }));
    expect(run.failed).toBe(true);
  });
});

describe('Data Guard: report.json equals the documented fast-start failover rule', () => {
  /**
   * Oracle Data Guard Broker (https://docs.oracle.com/en/database/oracle/oracle-database/21/dgbkr/using-data-guard-broker-to-manage-switchovers-failovers.html):
   * - with fast-start failover, the observer and the target standby fail over when both have lost
   *   the primary; the target is the first standby (the library names it FastStartFailoverTarget);
   * - a primary that has lost both the observer and the target shuts down
   *   (FastStartFailoverPmyShutdown, TRUE by default) so that two primaries never take writes;
   * - otherwise a person may fail over to any standby left (manual failover);
   * - only the primary takes writes; a failover of asynchronous redo may lose what was not
   *   shipped, which the stated RPO bounds: without an RPO the configuration keeps, a failover is
   *   no survival. Asynchronous redo (MaxPerformance) never keeps 0, and with fast-start failover
   *   keeps no less than FastStartFailoverLagLimit's least value, 5 s (ORA-16903 for 0); synchronous
   *   redo (MaxAvailability) keeps 0;
   * - in MaxAvailability (synchronous redo) fast-start failover's lag limit is 0, so the observer
   *   fails over only to a synchronized standby and loses nothing
   *   (https://docs.oracle.com/en/database/oracle/oracle-database/26/dgbkr/faststartfailoverlaglimit.html).
   */
  interface DgSpec {
    readonly databases: readonly boolean[];
    readonly observers: readonly boolean[];
    readonly primary: number;
    readonly fsfo: boolean;
    /** The stated RPO (s), or undefined. */
    readonly rpo?: number;
    readonly sync: boolean;
  }
  const designs: fc.Arbitrary<DgSpec> = fc.integer({ min: 2, max: 5 }).chain((n) => fc.record({
    databases: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    observers: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    primary: fc.integer({ min: 0, max: n - 1 }),
    fsfo: fc.boolean(),
    rpo: fc.constantFrom(undefined, 0, 3, 5, 30),
    sync: fc.boolean(),
  }).map((s) => ({ ...s, databases: s.databases.map((d, i) => d || i === s.primary) })));

  function model(spec: DgSpec, lost: readonly number[]): Expected {
    const alive = (i: number) => !lost.includes(i);
    const standbys = indexes(spec.databases.length).filter((i) => spec.databases[i] && i !== spec.primary);
    const target = standbys[0];
    const observerAlive = spec.observers.some((o, i) => o && alive(i));
    const targetAlive = target !== undefined && alive(target);
    const serving = (site: number): Expected => ({ survives: true, writesFrom: [site], readsFrom: [site] });
    const none: Expected = { survives: false, writesFrom: [], readsFrom: [] };
    if (alive(spec.primary)) return spec.fsfo && !observerAlive && !targetAlive ? none : serving(spec.primary);
    const rpoKept = spec.rpo !== undefined && (spec.sync || (spec.fsfo ? spec.rpo >= 5 : spec.rpo > 0));
    if (spec.fsfo && observerAlive && targetAlive) return rpoKept || spec.sync ? serving(target) : none;
    if (!rpoKept) return none;
    const left = standbys.find(alive);
    return left === undefined ? none : serving(left);
  }

  function library(spec: DgSpec) {
    return reportOf(
      spec.databases.map((d, i) => ({ voters: d ? 1 : 0, arbitrators: spec.observers[i] ? 1 : 0 })),
      (sites) => SqlEngine.oracleDataGuard({
        primary: sites[spec.primary],
        fastStartFailover: spec.fsfo,
        rpo: spec.rpo === undefined ? undefined : Duration.seconds(spec.rpo),
        protectionMode: spec.sync ? DataGuardProtectionMode.MAX_AVAILABILITY : DataGuardProtectionMode.MAX_PERFORMANCE,
      }),
    );
  }

  test('600 random configurations: 2–5 sites, databases and observers anywhere, fast-start failover on or off, RPO stated or not', () => {
    fc.assert(fc.property(designs, (spec) => {
      const cluster = library(spec);
      expect(cluster.survivalRule).toBe('primary-or-failover');
      expect(firstDifference(cluster, (lost) => model(spec, lost))).toBeUndefined();
    }), {
      numRuns: 600,
      // The case: losing the standby's region leaves the primary running.
      examples: [[{ databases: [true, true, false], observers: [false, false, true], primary: 0, fsfo: true, rpo: 30, sync: false }]],
    });
  });

  test('the property catches the old defect put back: Data Guard judged by a majority of its votes', () => {
    const run = withMajoritySurvival(ORACLE_DATA_GUARD, () =>
      fc.check(fc.property(designs, (spec) => firstDifference(library(spec), (lost) => model(spec, lost)) === undefined), { numRuns: 300 }));
    expect(run.failed).toBe(true);
  });
});

describe('quorum engines: report.json equals a strict majority of every voting group, with data left', () => {
  /**
   * Raft commits with a majority of a group's voters (Ongaro & Ousterhout, §5.3); Galera's
   * primary component holds more than half of the weight, garbd included
   * (https://galeracluster.com/library/documentation/weighted-quorum.html). A site left with
   * data members serves reads and writes.
   */
  function model(places: readonly Place[], groups: readonly number[][], lost: readonly number[]): Expected {
    const alive = (i: number) => !lost.includes(i);
    const keeps = groups.every((g) => 2 * g.reduce((n, v, i) => n + (alive(i) ? v : 0), 0) > g.reduce((a, b) => a + b, 0));
    const left = indexes(places.length).filter((i) => alive(i) && places[i].voters > 0);
    const survives = keeps && left.length > 0;
    return { survives, writesFrom: survives ? left : [], readsFrom: survives ? left : [] };
  }

  const place = fc.record({ voters: fc.integer({ min: 0, max: 3 }), arbitrators: fc.integer({ min: 0, max: 1 }) });
  const galera = fc.array(place, { minLength: 2, maxLength: 5 })
    .filter((p) => p.some((x) => x.voters > 0));

  test('Galera, 400 random placements: every data node and garbd one vote', () => {
    fc.assert(fc.property(galera, (places) => {
      const cluster = reportOf(places, () => SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1' }));
      expect(cluster.survivalRule).toBe('majority');
      const votes = places.map((p) => p.voters + p.arbitrators);
      expect(firstDifference(cluster, (lost) => model(places, [votes], lost))).toBeUndefined();
    }), { numRuns: 400 });
  });

  test('the property catches a Galera that takes half of the votes as a majority', () => {
    const own = GALERA.survivalAfterLosing;
    (GALERA as any).survivalAfterLosing = (cluster: any, details: unknown, groups: readonly VotingGroup[], lost: readonly string[]) => {
      const half = groups.every((g) => 2 * votesLeftAfterLosing(g, lost) >= g.total);
      const verdict = own(cluster, details as any, groups, lost);
      const left = cluster.members.filter((m: any) => m.voters > 0 && !lost.includes(m.site)).map((m: any) => m.site);
      return { ...verdict, survives: half && left.length > 0, writesFrom: half ? left : [], readsFrom: half ? left : [] };
    };
    try {
      const run = fc.check(fc.property(galera, (places) => {
        const cluster = reportOf(places, () => SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1' }));
        return firstDifference(cluster, (lost) => model(places, [places.map((p) => p.voters + p.arbitrators)], lost)) === undefined;
      }), { numRuns: 400 });
      expect(run.failed).toBe(true);
    } finally {
      (GALERA as any).survivalAfterLosing = own;
    }
  });

  const yugabyte = fc.record({
    tservers: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 5 }).filter((t) => t.some((x) => x > 0)),
    rf: fc.integer({ min: 1, max: 7 }),
  });

  test('YugabyteDB, 300 random placements: tablets and masters both placed as YugabyteDB\'s documented placement puts them', () => {
    fc.assert(fc.property(yugabyte, ({ tservers, rf }) => {
      const places = tservers.map((voters) => ({ voters, arbitrators: 0 }));
      const cluster = reportOf(places, () => SqlEngine.yugabyteDb({ replicationFactor: rf }));
      const replicas = replicasPerSite({ tservers, rf, preferred: [], acknowledgeEven: false, rtt: {} });
      expect(firstDifference(cluster, (lost) => model(places, [replicas, replicas], lost))).toBeUndefined();
    }), { numRuns: 300, examples: [[{ tservers: [2, 2, 1], rf: 5 }]] });
  });

  const cockroach = fc.record({
    nodes: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 5 }).filter((n) => n.some((x) => x > 0)),
    rf: fc.constantFrom(3, 5),
  });

  test('CockroachDB, 300 random placements: every range group as report.json places it', () => {
    fc.assert(fc.property(cockroach, ({ nodes, rf }) => {
      const places = nodes.map((voters) => ({ voters, arbitrators: 0 }));
      const cluster = reportOf(places, () => SqlEngine.cockroachDb({ replicationFactor: rf }));
      // Replicas per site as report.json states them (pinned: exact counts), read back independently.
      const groups = cluster.votingGroups.map((g: any) => nodes.map((_, i) => Number(g.perSite[`s${i}`] ?? 0)));
      expect(groups.flat().every((v: number) => Number.isInteger(v))).toBe(true);
      expect(firstDifference(cluster, (lost) => model(places, groups, lost))).toBeUndefined();
    }), { numRuns: 300 });
  });
});
