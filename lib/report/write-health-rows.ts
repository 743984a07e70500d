import { AnalyzedDesign, Scenario } from '../analysis/analyzed-design';
import { gslbAnswersWhileHealthy } from '../analysis/gslb-answers';
import { Failover } from '../analysis/survival';
import { HostWriteHealth } from '../analysis/traffic-withdrawal';
import { GslbZoneModel } from '../model/design';

/** What clients of a host that writes to a database see after one loss (a row of REPORT.md's table, an entry of report.json). */
export interface WriteHealthRow {
  /** The sites lost: none, or one. */
  readonly lost: readonly string[];
  /** The serving sites whose write-path probe passes (or that have none). */
  readonly healthy: readonly string[];
  /** The sites k8gb answers with. */
  readonly answers: readonly string[];
  /** Whether `healthy` and `answers` hold only once the database has failed over (before it, no site passes). */
  readonly onceFailedOver: boolean;
  /** The database's verdict on the loss; undefined for no loss, or a lost site without members. */
  readonly scenario?: Scenario;
}

/** The rows of `host`: no loss, then each site of the design, as `HostWriteHealth.healthyAfter` lists them. */
export function writeHealthRows(design: AnalyzedDesign, zone: GslbZoneModel, host: HostWriteHealth): WriteHealthRow[] {
  const analysis = design.analyses.find((a) => a.cluster.name === host.cluster)!;
  return host.healthyAfter.map(({ lost, healthy }) => {
    const scenario = lost.length === 0 ? undefined : analysis.singleSiteLosses.find((s) => s.lost.length === 1 && s.lost[0] === lost[0]);
    return {
      lost,
      healthy,
      answers: gslbAnswersWhileHealthy(zone, healthy),
      onceFailedOver: scenario !== undefined && scenario.failover !== Failover.NONE,
      scenario,
    };
  });
}
