import { GaleraModel } from './model';
import { createMarkerCommand, deleteMarkerCommand, NEW_CLUSTER_WINDOW_SECONDS, newClusterMarkerName, waitForBootstrapPodCommand } from './new-cluster-marker';
import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { ClusterSetup, Precondition } from '../../k8s/cluster-setup';
import { SqlClusterOf } from '../../model/design';
import { membersName } from '../../model/member-addresses';

/** The Debian release whose `galera-arbitrator-4` package the arbitrator image is built from. */
const ARBITRATOR_BASE_IMAGE = 'debian:bookworm-slim';

/**
 * What a Galera cluster needs of the Kubernetes clusters beyond its objects: the new-cluster
 * marker on the first install, in the bootstrap site's cluster, and the `garbd` image.
 */
export function galeraClusterSetup(design: AnalyzedDesign, cluster: SqlClusterOf<GaleraModel>): ClusterSetup[] {
  return [firstInstallSetup(design, cluster), ...joinerSitesAfterBootstrap(design, cluster), ...arbitratorImageSetup(design, cluster)];
}

/**
 * With one Kubernetes cluster per site, the other data sites apply after the bootstrap site (its
 * steps included: the wait until the bootstrap pod is Ready). The bootstrap pod counts a peer in
 * another Kubernetes cluster as running when it answers on gcomm, which a joiner waiting for a
 * Primary Component already does (./writer.ts, `bootstrapLines`): applied at once, such a joiner
 * made the bootstrap pod start as a joiner too, and every pod crash-looped
 * (test/failure-lab/galera-first-install.test.ts). In the stretched cluster one apply starts
 * every site, and the bootstrap pod tells them apart by the SQL port.
 */
function joinerSitesAfterBootstrap(design: AnalyzedDesign, cluster: SqlClusterOf<GaleraModel>): ClusterSetup[] {
  if (design.shape.kind === 'stretched') return [];
  const bootstrap = cluster.members.find((m) => m.voters > 0)!.site;
  return cluster.members.filter((m) => m.voters > 0 && m.site !== bootstrap).map((m) => ({ site: m.site, appliedAfter: [bootstrap] }));
}

/**
 * The first install's permission to start the cluster (./new-cluster-marker.ts): created before
 * the apply, deleted once the bootstrap pod is Ready. Only the first install runs these steps: on
 * a later apply the cluster runs, and a marker would let the bootstrap pod on an empty disk that
 * reaches no peer start a second cluster.
 */
function firstInstallSetup(design: AnalyzedDesign, cluster: SqlClusterOf<GaleraModel>): ClusterSetup {
  const site = cluster.members.find((m) => m.voters > 0)!.site;
  const pod = `${membersName(cluster, site)}-0`;
  const marker = newClusterMarkerName(cluster);
  return {
    site: design.shape.kind === 'stretched' ? undefined : site,
    beforeApply: [{
      title: `First install of ${cluster.name} only (skip on every later apply): allow \`${pod}\` to start a new cluster, for ${NEW_CLUSTER_WINDOW_SECONDS / 60} minutes, with ConfigMap \`${marker}\`. Without it the pod starts as a joiner and waits for a running member.`,
      commands: [
        `kubectl create namespace ${cluster.namespace} --dry-run=client -o yaml | kubectl apply -f -`,
        createMarkerCommand(cluster),
      ],
    }],
    afterApply: [{
      title: `First install of ${cluster.name} only: once \`${pod}\` is Ready, delete the marker, so that this pod restarted later on an empty disk joins the cluster by SST and never starts a second one. (If the pod was not Ready within the ${NEW_CLUSTER_WINDOW_SECONDS / 60} minutes, delete the marker, create it again and delete the pod.)${design.shape.kind === 'stretched' ? '' : ' Apply the other sites\' clusters only after this step: a pod of theirs that waits to join answers on the port the bootstrap pod asks them on, and would make it start as a joiner too.'}`,
      commands: [
        // `kubectl wait` on a pod the StatefulSet has not created yet fails at once (kubernetes/kubectl#1516).
        waitForBootstrapPodCommand(cluster, pod, NEW_CLUSTER_WINDOW_SECONDS / 60),
        deleteMarkerCommand(cluster),
      ],
    }],
  };
}

/**
 * The `garbd` image. Neither the MariaDB image nor mariadb-operator ships garbd, so the image `arbitratorImage`
 * names exists only once the user builds and pushes it; APPLY.md says how, in every cluster that
 * runs an arbitrator, before the apply (Debian packages garbd as `galera-arbitrator-4`:
 * https://packages.debian.org/bookworm/galera-arbitrator-4).
 */
function arbitratorImageSetup(design: AnalyzedDesign, cluster: SqlClusterOf<GaleraModel>): ClusterSetup[] {
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
