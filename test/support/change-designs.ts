import { Size } from 'cdk8s';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../../lib';

/** Members per site of one design version, in the order of `sites`. */
type Counts = readonly number[];

/**
 * docs/change-safety.md's CockroachDB example: four sites at 2 ms, control plane 1 + 1 + 1 on the first
 * three, three voters at replication factor 3 placed by `voters`.
 */
export function cockroachMoveDesign(outdir: string, voters: Counts): MultiSiteApp {
  const app = new MultiSiteApp({ outdir });
  const sites = ['dc-a', 'dc-b', 'dc-c', 'dc-d'].map((name, i) => new ActiveActiveSite(app, name, { controlPlaneNodes: i < 3 ? 1 : 0 }));
  link(app, sites);
  new DistributedSqlCluster(app, 'crdb', {
    engine: SqlEngine.cockroachDb({ replicationFactor: 3 }),
    placement: sites.map((site, i) => ({ site, voters: voters[i] })).filter((p) => p.voters > 0),
  });
  return app;
}

/**
 * docs/change-safety.md's YugabyteDB example: five sites at 2 ms (control plane 1 + 1 + 1 on the first three),
 * T-Servers per site by `tservers` (0: none), at `replicationFactor`.
 */
export function yugabyteGrowDesign(outdir: string, tservers: Counts, replicationFactor: number): MultiSiteApp {
  const app = new MultiSiteApp({ outdir });
  const sites = ['dc-a', 'dc-b', 'dc-c', 'dc-d', 'dc-e'].map((name, i) => new ActiveActiveSite(app, name, { controlPlaneNodes: i < 3 ? 1 : 0 }));
  link(app, sites);
  new DistributedSqlCluster(app, 'yb', {
    engine: SqlEngine.yugabyteDb({ replicationFactor }),
    placement: sites.map((site, i) => ({ site, voters: tservers[i] ?? 0 })).filter((p) => p.voters > 0),
  });
  return app;
}

/** docs/change-safety.md's Galera example: 2 + 2 data nodes and garbd in a witness, the cluster's id `id`. */
export function galeraRenameDesign(outdir: string, id: string, storage = 50): MultiSiteApp {
  const app = new MultiSiteApp({ outdir });
  const a = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 1 });
  const b = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 1 });
  const w = new WitnessSite(app, 'dc-witness', { controlPlaneNodes: 1 });
  link(app, [a, b, w]);
  new DistributedSqlCluster(app, id, {
    engine: SqlEngine.galera({ arbitratorImage: 'registry.example.com/platform/garbd:26.4', storageSize: Size.gibibytes(storage) }),
    placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
  });
  return app;
}

/**
 * A design over five sites whose control plane has `members` etcd members per site (0 where the
 * array ends), and a 1 + 1 + 1 CockroachDB in the first three.
 */
export function controlPlaneDesign(outdir: string, members: Counts): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster() });
  const sites = ['dc-a', 'dc-b', 'dc-c', 'dc-d', 'dc-e'].map((name, i) => new ActiveActiveSite(app, name, { controlPlaneNodes: members[i] ?? 0 }));
  link(app, sites);
  new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: sites.slice(0, 3).map((site) => ({ site, voters: 1 })) });
  return app;
}

function link(app: MultiSiteApp, sites: readonly (ActiveActiveSite | WitnessSite)[]): void {
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(2));
  }
}
