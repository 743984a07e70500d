import { ENGINES } from '../engines/registry';
import { ADD_ON_PREREQUISITES, CLUSTER_PREREQUISITES, Prerequisite } from '../k8s/prerequisites';

/**
 * Every prerequisite the library knows, in install order: what its own writers need, each
 * registered engine's operators (in registry order), then monitoring and multi-cluster services.
 */
export const PREREQUISITES: readonly Prerequisite[] = [
  ...CLUSTER_PREREQUISITES,
  ...ENGINES.flatMap((engine) => engine.operators ?? []),
  ...ADD_ON_PREREQUISITES,
];
