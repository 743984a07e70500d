import { anycastSites } from './anycast-sites';
import { anycastStateful } from './anycast-stateful';
import { anycastStatefulFirewall } from './anycast-stateful-firewall';
import { cidrOverlap } from './cidr-overlap';
import { clusterDomainsUnique } from './cluster-domains';
import { crossSiteDns } from './cross-site-dns';
import { dataGuardClusterPerSite } from './data-guard-cluster-per-site';
import { dataGuardManualFailover } from './data-guard-manual-failover';
import { dataGuardObserver } from './data-guard-observer';
import { dataGuardOwnNamespace } from './data-guard-own-namespace';
import { dataGuardPlacement } from './data-guard-placement';
import { dataGuardRpo } from './data-guard-rpo';
import { dataInTwoSites } from './data-in-two-sites';
import { galeraArbitratorImage } from './galera-arbitrator-image';
import { galeraArbitratorSite } from './galera-arbitrator-site';
import { galeraEvenVotes } from './galera-even-votes';
import { galeraLatency } from './galera-latency';
import { gslbClusterPerSite } from './gslb-cluster-per-site';
import { gslbFailoverPrimary } from './gslb-failover-primary';
import { gslbGeoTagsUnique } from './gslb-geo-tags';
import { gslbGlueAddress } from './gslb-glue-address';
import { gslbServingSites } from './gslb-serving-sites';
import { gslbTtl } from './gslb-ttl';
import { gslbWeights } from './gslb-weights';
import { insecureCluster } from './insecure-cluster';
import { linkRttUnknown } from './link-rtt-unknown';
import { majorityInOneSite } from './majority-in-one-site';
import { peerPodCidrs } from './peer-pod-cidrs';
import { quorumSiteLoss } from './quorum-site-loss';
import { raftLatency } from './raft-latency';
import { replicationFactor } from './replication-factor';
import { Rule } from './rule';
import { siteKeyNotHostname } from './site-key-not-hostname';
import { threeFaultDomains } from './three-fault-domains';

/** Every rule, in the order findings are reported. */
export const ALL_RULES: readonly Rule[] = [
  quorumSiteLoss,
  majorityInOneSite,
  threeFaultDomains,
  dataInTwoSites,
  replicationFactor,
  galeraEvenVotes,
  galeraLatency,
  galeraArbitratorImage,
  dataGuardRpo,
  dataGuardPlacement,
  dataGuardObserver,
  dataGuardClusterPerSite,
  dataGuardOwnNamespace,
  siteKeyNotHostname,
  clusterDomainsUnique,
  peerPodCidrs,
  cidrOverlap,
  anycastStateful,
  anycastSites,
  gslbClusterPerSite,
  gslbServingSites,
  gslbFailoverPrimary,
  gslbWeights,
  gslbGeoTagsUnique,
  gslbGlueAddress,
  raftLatency,
  linkRttUnknown,
  insecureCluster,
  galeraArbitratorSite,
  dataGuardManualFailover,
  anycastStatefulFirewall,
  crossSiteDns,
  gslbTtl,
];

/** The rule with this id, if any. */
export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
