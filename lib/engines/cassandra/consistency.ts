import { CassandraConsistency } from './options';

/**
 * What a consistency level asks of the replicas, from Cassandra's documented semantics
 * (https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#tunable-consistency;
 * `ConsistencyLevel.java` in apache/cassandra): a count over every datacenter, a count in the
 * coordinator's datacenter, or a majority in each datacenter. SERIAL and LOCAL_SERIAL run Paxos
 * over the same replicas as QUORUM and LOCAL_QUORUM.
 */
export type Requirement =
  | { readonly scope: 'global'; readonly count: (totalReplicas: number) => number }
  | { readonly scope: 'local'; readonly count: (localReplicas: number) => number }
  | { readonly scope: 'each' };

/** A majority of `n`: ⌊n/2⌋ + 1. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Every consistency level the library analyses, in the order the report lists them. */
export const ALL_CONSISTENCY_LEVELS: readonly CassandraConsistency[] = [
  CassandraConsistency.LOCAL_ONE,
  CassandraConsistency.LOCAL_QUORUM,
  CassandraConsistency.LOCAL_SERIAL,
  CassandraConsistency.ONE,
  CassandraConsistency.TWO,
  CassandraConsistency.THREE,
  CassandraConsistency.QUORUM,
  CassandraConsistency.SERIAL,
  CassandraConsistency.EACH_QUORUM,
  CassandraConsistency.ALL,
];

/** What `cl` needs. */
export function requirementOf(cl: CassandraConsistency): Requirement {
  switch (cl) {
    case CassandraConsistency.ONE: return { scope: 'global', count: () => 1 };
    case CassandraConsistency.TWO: return { scope: 'global', count: () => 2 };
    case CassandraConsistency.THREE: return { scope: 'global', count: () => 3 };
    case CassandraConsistency.QUORUM:
    case CassandraConsistency.SERIAL: return { scope: 'global', count: majority };
    case CassandraConsistency.ALL: return { scope: 'global', count: (n) => n };
    case CassandraConsistency.LOCAL_ONE: return { scope: 'local', count: () => 1 };
    case CassandraConsistency.LOCAL_QUORUM:
    case CassandraConsistency.LOCAL_SERIAL: return { scope: 'local', count: majority };
    case CassandraConsistency.EACH_QUORUM: return { scope: 'each' };
  }
  throw new Error(`Unknown consistency level ${cl}.`);
}

/**
 * Whether a request at `cl`, coordinated in datacenter `coordinator`, finds enough live
 * replicas: `replicas` is the replication factor per datacenter, `alive` the replicas the
 * coordinator can reach per datacenter (absent: none).
 */
export function serves(
  cl: CassandraConsistency,
  replicas: ReadonlyMap<string, number>,
  alive: ReadonlyMap<string, number>,
  coordinator: string,
): boolean {
  const req = requirementOf(cl);
  const aliveIn = (dc: string) => Math.min(alive.get(dc) ?? 0, replicas.get(dc) ?? 0);
  if (req.scope === 'local') {
    const local = replicas.get(coordinator) ?? 0;
    // RF 0 in the coordinator's datacenter: a local level finds no replica and fails.
    return local > 0 && aliveIn(coordinator) >= req.count(local);
  }
  if (req.scope === 'each') {
    return [...replicas].every(([dc, rf]) => rf === 0 || aliveIn(dc) >= majority(rf));
  }
  let total = 0;
  let left = 0;
  for (const [dc, rf] of replicas) {
    total += rf;
    left += aliveIn(dc);
  }
  const need = req.count(total);
  return need <= total && left >= need;
}

/**
 * Whether a write acknowledged at `cl` may have reached only replicas in the sites `lost`: if so,
 * losing them for good loses it (RPO > 0: what replication had not yet shipped to other datacenters).
 */
export function mayBeAcknowledgedOnlyIn(cl: CassandraConsistency, replicas: ReadonlyMap<string, number>, lost: readonly string[]): boolean {
  const req = requirementOf(cl);
  const inLost = [...replicas].filter(([dc]) => lost.includes(dc)).reduce((n, [, rf]) => n + rf, 0);
  if (inLost === 0) return false;
  // A local level is acknowledged by the coordinator's datacenter alone; one in `lost` that holds replicas suffices.
  if (req.scope === 'local') return true;
  if (req.scope === 'each') return [...replicas].every(([dc, rf]) => lost.includes(dc) || rf === 0);
  let total = 0;
  for (const rf of replicas.values()) total += rf;
  return req.count(total) <= inLost;
}
