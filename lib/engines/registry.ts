import { CASSANDRA } from './cassandra/engine';
import { COCKROACHDB } from './cockroachdb/engine';
import { SqlEngineDefinition } from './engine';
import { GALERA } from './galera/engine';
import { ORACLE_DATA_GUARD } from './oracle-data-guard/engine';
import { YUGABYTEDB } from './yugabytedb/engine';

/** Every engine the library writes: the one list to extend when adding an engine. */
export const ENGINES: readonly SqlEngineDefinition[] = [
  COCKROACHDB,
  GALERA,
  ORACLE_DATA_GUARD,
  YUGABYTEDB,
  CASSANDRA,
];

/** The engine registered under `kind`; throws for a kind no engine has. */
export function engineOfKind(kind: string): SqlEngineDefinition {
  const engine = ENGINES.find((e) => e.kind === kind);
  if (!engine) {
    throw new Error(`No engine is registered as "${kind}"; registered: ${ENGINES.map((e) => e.kind).join(', ')}. Add it to lib/engines/registry.ts.`);
  }
  return engine;
}
