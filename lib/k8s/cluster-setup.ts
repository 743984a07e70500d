/** An object an operator creates in a cluster from an object written elsewhere (no file of it is written). */
export interface OperatorCreatedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Which operator creates it from what, for people. */
  readonly createdBy: string;
}

/** Something that must exist before a cluster's objects apply and that no written object creates. */
export interface Precondition {
  /** What it is: `Secret`, `ConfigMap`, `ServiceAccount`, `StorageClass`, `Namespace`, `node labels`, `DNS zone`, `image`. */
  readonly kind: string;
  /** Its name (a Secret's name, a label key, a zone). */
  readonly name: string;
  /** The namespace of a namespaced object. */
  readonly namespace?: string;
  /** The keys a Secret or ConfigMap must hold. */
  readonly keys?: readonly string[];
  /** Which written object needs it, and why, for people. */
  readonly neededBy: string;
  /** Commands that provide it, run from inside the output folder (placeholders in `<...>`). */
  readonly commands: readonly string[];
  /**
   * Listed only in a cluster whose written objects reference it: the engine says how to make
   * it, the objects say where it is needed.
   * @default false
   */
  readonly onlyWhereReferenced?: boolean;
}

/** Commands run at one point of a cluster's apply, with what they are for. */
export interface ApplyStep {
  /** What the step does and why, for people. */
  readonly title: string;
  /** The commands, run from inside the output folder. */
  readonly commands: readonly string[];
}

/**
 * What an engine needs of one Kubernetes cluster beyond the objects it writes there: operators to
 * install, objects its operator creates there, what to provide first and the steps around the
 * apply. `APPLY.md` and `prerequisites.json` print it, and the apply check judges it like the
 * written objects.
 */
export interface ClusterSetup {
  /** The site whose cluster it is (one cluster per site); undefined for the stretched cluster. */
  readonly site?: string;
  /** Ids of prerequisites (`PREREQUISITES` in `lib/synth/prerequisites.ts`, e.g. an engine's operator) to install there beyond those of the CRD groups written. */
  readonly prerequisites?: readonly string[];
  /** Objects an operator creates there from objects written to another cluster. */
  readonly operatorCreates?: readonly OperatorCreatedObject[];
  /** What must exist before the apply. */
  readonly provide?: readonly Precondition[];
  /** Sites whose clusters must be applied (their steps included) before this one. */
  readonly appliedAfter?: readonly string[];
  /** Steps between the prerequisites and `kubectl apply -k`. */
  readonly beforeApply?: readonly ApplyStep[];
  /** Steps after `kubectl apply -k`. */
  readonly afterApply?: readonly ApplyStep[];
}
