/** Galera's ports. */
export const GALERA_PORTS = { sql: 3306, group: 4567, ist: 4568, sst: 4444 } as const;
