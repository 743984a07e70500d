import { EvsTimeouts, evsTimeoutsFor } from './evs-timeouts';
import { GaleraCluster } from './model';
import { GaleraRouterPlan, routerPlan } from './router-plan';
import { DesignModel } from '../../model/design';
import { RttMatrix } from '../../model/latency';

/** Every setting of a Galera cluster that depends on the design, derived in one place. */
export interface GaleraSettings {
  /** `gmcast.segment` per member site: one segment per site, so WAN traffic crosses once per site. */
  readonly segments: ReadonlyMap<string, number>;
  /** The highest RTT between any two member sites (ms), undefined when a link is unknown. */
  readonly maxRttMillis?: number;
  readonly evs: EvsTimeouts;
  /** `gcs.recv_q_hard_limit` in bytes: a quarter of a data node's memory. */
  readonly receiveQueueHardLimitBytes: number;
  /** `innodb_buffer_pool_size` in MiB: half of a data node's memory. */
  readonly bufferPoolMebibytes: number;
  /** `wsrep_provider_options` shared by every data node but for the segment (and TLS files). */
  readonly providerOptions: ReadonlyMap<string, string>;
  /**
   * `wsrep_provider_options` of the arbitrators (`garbd`): the data nodes' without `gcache.size`
   * (garbd keeps no write-set cache, refuses the option and exits), and a receive queue of
   * `GARBD_RECEIVE_QUEUE_BYTES`, since garbd applies nothing and queues little.
   */
  readonly arbitratorProviderOptions: ReadonlyMap<string, string>;
  /** The routers of single-writer routing; unset for multi-writer. */
  readonly router?: GaleraRouterPlan;
}

/** `gcs.recv_q_hard_limit` of an arbitrator: 128 MiB, within its 512 MiB memory limit. */
export const GARBD_RECEIVE_QUEUE_BYTES = 128 * 1024 * 1024;

/** Derives the settings of `cluster` from the design. */
export function galeraSettings(design: DesignModel, cluster: GaleraCluster): GaleraSettings {
  const rtt = RttMatrix.of(design.links);
  const sites = cluster.members.map((m) => m.site);
  let maxRtt: number | undefined = 0;
  for (let i = 0; i < sites.length && maxRtt !== undefined; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      const r = rtt.between(sites[i], sites[j]);
      if (r === undefined) {
        maxRtt = undefined;
        break;
      }
      maxRtt = Math.max(maxRtt, r);
    }
  }
  const engine = cluster.engine;
  const evs = evsTimeoutsFor(maxRtt ?? engine.maxRttMillis);
  const receiveQueue = Math.floor(engine.memoryMebibytes / 4) * 1024 * 1024;
  const providerOptions = new Map([
    ['gcache.size', `${engine.gcacheMebibytes}M`],
    ['gcs.fc_limit', `${engine.flowControlLimit}`],
    ['gcs.fc_factor', '0.8'],
    ['gcs.recv_q_hard_limit', `${receiveQueue}`],
    ['evs.keepalive_period', evs.keepalivePeriod],
    ['evs.suspect_timeout', evs.suspectTimeout],
    ['evs.inactive_timeout', evs.inactiveTimeout],
    ['evs.install_timeout', evs.installTimeout],
  ]);
  const arbitratorProviderOptions = new Map(providerOptions);
  arbitratorProviderOptions.delete('gcache.size');
  arbitratorProviderOptions.set('gcs.recv_q_hard_limit', `${GARBD_RECEIVE_QUEUE_BYTES}`);
  return {
    segments: new Map(sites.map((s, i) => [s, i])),
    maxRttMillis: maxRtt,
    evs,
    receiveQueueHardLimitBytes: receiveQueue,
    bufferPoolMebibytes: Math.floor(engine.memoryMebibytes / 2),
    providerOptions,
    arbitratorProviderOptions,
    router: routerPlan(cluster, evs),
  };
}
