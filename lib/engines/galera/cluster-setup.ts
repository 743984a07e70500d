import { GaleraModel } from './model';
import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { ClusterSetup, Precondition } from '../../k8s/cluster-setup';
import { SqlClusterOf } from '../../model/design';

/** The Debian release whose `galera-arbitrator-4` package the arbitrator image is built from. */
const ARBITRATOR_BASE_IMAGE = 'debian:bookworm-slim';

/**
 * What a Galera cluster needs of the Kubernetes clusters beyond its objects: the `garbd` image.
 * Neither the MariaDB image nor mariadb-operator ships garbd, so the image `arbitratorImage`
 * names exists only once the user builds and pushes it; APPLY.md says how, in every cluster that
 * runs an arbitrator, before the apply (Debian packages garbd as `galera-arbitrator-4`:
 * https://packages.debian.org/bookworm/galera-arbitrator-4).
 */
export function galeraClusterSetup(design: AnalyzedDesign, cluster: SqlClusterOf<GaleraModel>): ClusterSetup[] {
  const image = cluster.engine.arbitratorImage;
  const sites = cluster.members.filter((m) => m.arbitrators > 0).map((m) => m.site);
  if (!image || sites.length === 0) return [];
  const provide = (where: readonly string[]): Precondition => ({
    kind: 'image',
    name: image,
    neededBy: `Deployment ${where.map((s) => `${cluster.namespace}/${cluster.name}-arbitrator-${s}`).join(', ')}: garbd, which no published image ships; build it once and push it where every cluster can pull it`,
    commands: [
      `docker build -t ${image} - <<'EOF'`,
      `FROM ${ARBITRATOR_BASE_IMAGE}`,
      'RUN apt-get update && apt-get install -y --no-install-recommends galera-arbitrator-4 && rm -rf /var/lib/apt/lists/*',
      'USER 65534',
      'EOF',
      `docker push ${image}`,
    ],
  });
  if (design.shape.kind === 'stretched') return [{ provide: [provide(sites)] }];
  return sites.map((site) => ({ site, provide: [provide([site])] }));
}
