import {
  ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, Site, SqlEngine, WitnessSite, YugabyteDbOptions,
} from '../../lib';

/** One site of a YugabyteDB test design: its name, tservers there (0: not placed), and whether it is a witness. */
export interface YbSiteSpec {
  readonly name: string;
  readonly tservers: number;
  readonly witness?: boolean;
}

/**
 * A YugabyteDB design over the given sites, every pair linked at `rtt(i, j)` ms (2 ms unless
 * given), with one Kubernetes cluster per site or one stretched cluster.
 */
export function yugabyteDesign(
  outdir: string,
  sites: readonly YbSiteSpec[],
  options: (made: Site[]) => YugabyteDbOptions = () => ({}),
  shape = DeploymentShape.clusterPerSite(),
  rtt: (i: number, j: number) => number = () => 2,
): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape });
  const made: Site[] = sites.map((s, i) => {
    const props = { clusterDomain: `${s.name}.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `172.16.${i}.53` };
    return s.witness ? new WitnessSite(app, s.name, props) : new ActiveActiveSite(app, s.name, props);
  });
  for (let i = 0; i < made.length; i++) {
    for (let j = i + 1; j < made.length; j++) app.addLink(made[i], made[j], Latency.ofRttMillis(rtt(i, j)));
  }
  const placement = sites.map((s, i) => ({ site: made[i], voters: s.tservers })).filter((p) => p.voters > 0);
  new DistributedSqlCluster(app, 'yb', { engine: SqlEngine.yugabyteDb(options(made)), placement });
  return app;
}
