import { anycastFirewall } from './anycast-firewall';
import { anycastSites } from './anycast-sites';
import { anycastStateful } from './anycast-stateful';
import { backupBucketUnique } from './backup-bucket-unique';
import { backupNone } from './backup-none';
import { backupRetention } from './backup-retention';
import { backupSameSite } from './backup-same-site';
import { cidrOverlap } from './cidr-overlap';
import { clusterDomainUnique } from './cluster-domain-unique';
import { controlPlaneMajority } from './control-plane-majority';
import { controlPlaneSiteLoss } from './control-plane-site-loss';
import { controlPlaneThreeSites } from './control-plane-three-sites';
import { controlPlaneUndeclared } from './control-plane-undeclared';
import { crossSiteDns } from './cross-site-dns';
import { dataInTwoSites } from './data-in-two-sites';
import { gslbClusterPerSite } from './gslb-cluster-per-site';
import { gslbFailoverPrimary } from './gslb-failover-primary';
import { gslbGeotagUnique } from './gslb-geotag-unique';
import { gslbGlueAddress } from './gslb-glue-address';
import { gslbRto } from './gslb-rto';
import { gslbSingleSite } from './gslb-single-site';
import { gslbTtl } from './gslb-ttl';
import { gslbWeights } from './gslb-weights';
import { gslbZoneUnique } from './gslb-zone-unique';
import { insecureCluster } from './insecure-cluster';
import { linkRttUnknown } from './link-rtt-unknown';
import { majorityInOneSite } from './majority-in-one-site';
import { objectNameCollision } from './object-name-collision';
import { objectNames } from './object-names';
import { peerPodCidrs } from './peer-pod-cidrs';
import { quorumSiteLoss } from './quorum-site-loss';
import { raftLatency } from './raft-latency';
import { Rule } from './rule';
import { siteKeyHostname } from './site-key-hostname';
import { siteNameUnique } from './site-name-unique';
import { terraformPackages } from './terraform-packages';
import { terraformStackUnique } from './terraform-stack-unique';
import { threeFaultDomains } from './three-fault-domains';

/**
 * The rules every design gets, whatever its engines, in the order findings are reported.
 * Each engine adds its own (`lib/engines/<engine>/rules/`); `lib/check/rule-registry.ts` joins them.
 */
export const CORE_RULES: readonly Rule[] = [
  quorumSiteLoss,
  majorityInOneSite,
  threeFaultDomains,
  dataInTwoSites,
  controlPlaneSiteLoss,
  controlPlaneMajority,
  controlPlaneThreeSites,
  siteNameUnique,
  objectNames,
  objectNameCollision,
  siteKeyHostname,
  clusterDomainUnique,
  peerPodCidrs,
  cidrOverlap,
  anycastStateful,
  anycastSites,
  gslbZoneUnique,
  gslbClusterPerSite,
  gslbSingleSite,
  gslbFailoverPrimary,
  gslbWeights,
  gslbGeotagUnique,
  gslbGlueAddress,
  terraformPackages,
  terraformStackUnique,
  raftLatency,
  linkRttUnknown,
  controlPlaneUndeclared,
  insecureCluster,
  anycastFirewall,
  crossSiteDns,
  gslbTtl,
  gslbRto,
  backupSameSite,
  backupRetention,
  backupBucketUnique,
  backupNone,
];
