/** Galera's ports. */
export const GALERA_PORTS = { sql: 3306, group: 4567, ist: 4568, sst: 4444 } as const;

/**
 * The port of the health check a data node answers for the routers (`./health-check.ts`); the
 * classic Galera "clustercheck" port, 9200.
 */
export const GALERA_HEALTH_CHECK_PORT = 9200;

/** The ports of a router: writes (to one node) and reads (local site first). */
export const GALERA_ROUTER_PORTS = { writes: 3306, reads: 3307 } as const;
