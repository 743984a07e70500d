/** CockroachDB's ports as the library configures them. */
export const COCKROACH_PORTS = {
  /** Node-to-node RPC (Raft, gossip), kept apart from SQL so a NetworkPolicy can tell them apart. */
  rpc: 26357,
  sql: 26257,
  http: 8080,
} as const;
