/**
 * YugabyteDB's ports, as the `stable/yugabyte` chart names them (`Services[]` in values.yaml
 * L385-408, yugabyte/charts 1349b41fba098899d08e54106164edd72013787c) and
 * https://docs.yugabyte.com/stable/reference/configuration/default-ports/.
 */
export const YUGABYTE_PORTS = {
  /** yb-master RPC: master Raft, tservers' heartbeats, yb-admin. */
  masterRpc: 7100,
  /** yb-master web server; a follower master redirects its UI requests to the leader's. */
  masterHttp: 7000,
  /** yb-tserver RPC: tablet Raft between sites. */
  tserverRpc: 9100,
  /** yb-tserver web server. */
  tserverHttp: 9000,
  /** YSQL (PostgreSQL protocol). */
  ysql: 5433,
  /** YCQL (Cassandra protocol). */
  ycql: 9042,
} as const;
