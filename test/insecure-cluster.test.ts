import { Duration } from 'cdk8s';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { tempOutdir } from './support/designs';
import { ENGINES } from '../lib/engines/registry';

/**
 * MS-INSECURE-CLUSTER fires exactly for the engines configured to cross sites in clear, for
 * every engine in the registry (a new engine without a case here fails the last test).
 */
type Build = (insecure: boolean, sites: { a: ActiveActiveSite; b: ActiveActiveSite; w: WitnessSite }) => {
  engine: SqlEngine;
  placement: { site: ActiveActiveSite | WitnessSite; voters?: number; arbitrators?: number }[];
};

const everywhere = (s: { a: ActiveActiveSite; b: ActiveActiveSite; w: WitnessSite }) =>
  [{ site: s.a, voters: 1 }, { site: s.b, voters: 1 }, { site: s.w, voters: 1 }];
const CASES: Record<string, Build> = {
  'cockroachdb': (insecure, s) => ({ engine: SqlEngine.cockroachDb({ insecure }), placement: everywhere(s) }),
  'yugabytedb': (insecure, s) => ({ engine: SqlEngine.yugabyteDb({ insecure }), placement: everywhere(s) }),
  'cassandra': (insecure, s) => ({ engine: SqlEngine.cassandra({ insecure }), placement: everywhere(s) }),
  'galera': (insecure, s) => ({ engine: SqlEngine.galera({ insecure }), placement: everywhere(s) }),
  'oracle-data-guard': (insecure, s) => ({
    engine: SqlEngine.oracleDataGuard({ primary: s.a, rpo: Duration.seconds(30), insecure }),
    placement: [{ site: s.a, voters: 1 }, { site: s.b, voters: 1 }, { site: s.w, arbitrators: 1 }],
  }),
};

function findings(kind: string, insecure: boolean) {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.stretchedCluster() });
  const a = new ActiveActiveSite(app, 'a', { controlPlaneNodes: 1 });
  const b = new ActiveActiveSite(app, 'b', { controlPlaneNodes: 1 });
  const w = new WitnessSite(app, 'w', { controlPlaneNodes: 1 });
  app.addLink(a, b, Latency.ofRttMillis(2));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'db', CASES[kind](insecure, { a, b, w }));
  return app.check().filter((f) => f.ruleId === 'MS-INSECURE-CLUSTER');
}

describe('MS-INSECURE-CLUSTER for every engine', () => {
  test.each(Object.keys(CASES))('%s: fires when configured in clear, silent with the default TLS', (kind) => {
    expect(findings(kind, true).map((f) => `${f.path}: ${f.message}`)).toEqual(['db: db runs without TLS (insecure: true).']);
    expect(findings(kind, false)).toEqual([]);
  });

  test('every registered engine has a case', () => {
    expect(Object.keys(CASES).sort()).toEqual(ENGINES.map((e) => e.kind).sort());
  });
});
