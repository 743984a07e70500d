"""The lab of seed 000, in Python: the twin of examples/lab/main.ts.

One Kubernetes cluster whose nodes carry the zones dc-a, dc-b and dc-witness, and
CockroachDB with 5 voters placed 2 + 2 + 1 and 5 replicas per range. Losing dc-b
keeps a quorum (3 of 5); losing dc-b and the witness halts (2 of 5), by design.

Needs the ``cdk-multisite`` wheel (``npx projen package:python``) and its runtime
dependencies (``jsii``, ``cdk8s``, ``cdk8s-plus-28``, ``constructs``). On machines without
them, ``bash scripts/check-python.sh`` type-checks this file against the generated sources.
"""
import sys

from cdk8s import Size

from cdk_multisite import (
    ActiveActiveSite,
    DeploymentShape,
    DistributedSqlCluster,
    Latency,
    MultiSiteApp,
    SqlEngine,
    VoterPlacement,
    WitnessSite,
)


def main() -> None:
    app = MultiSiteApp(shape=DeploymentShape.stretched_cluster())

    # One control-plane node (etcd member) per site: the API server survives the loss of any one site.
    dc_a = ActiveActiveSite(app, "dc-a", control_plane_nodes=1)
    dc_b = ActiveActiveSite(app, "dc-b", control_plane_nodes=1)
    witness = WitnessSite(app, "dc-witness", control_plane_nodes=1)

    app.add_link(dc_a, dc_b, Latency.of_distance_km(100))
    app.add_link(dc_a, witness, Latency.of_distance_km(150))
    app.add_link(dc_b, witness, Latency.of_rtt_millis(3.5))

    DistributedSqlCluster(
        app,
        "crdb",
        engine=SqlEngine.cockroach_db(
            replication_factor=5,
            storage_size=Size.gibibytes(20),
        ),
        placement=[
            VoterPlacement(site=dc_a, voters=2),
            VoterPlacement(site=dc_b, voters=2),
            VoterPlacement(site=witness, voters=1),
        ],
    )

    app.synth()
    # cdk8s synth keeps the app's stdout to itself; the summary goes to stderr so it shows.
    print(app.summary(), file=sys.stderr)


if __name__ == "__main__":
    main()
