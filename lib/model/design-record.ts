import { EngineModel, ShapeModel, SiteMembersModel } from './design';

/** The record's `kind`: what tells the design record apart from any other JSON. */
export const DESIGN_RECORD_KIND = 'cdk-multisite design';
/** The version of the record's form; a record of another version is not compared. */
export const DESIGN_RECORD_VERSION = 1;

/**
 * The analyzed design synth wrote last, kept in the output record (`.cdk-multisite-output.json`,
 * field `design`) so the next synth can tell what changes: placement, names, StatefulSet
 * identities, volumes and engine identity settings. Plain data.
 */
export interface DesignRecord {
  readonly kind: string;
  readonly version: number;
  /** The cdk-multisite version that wrote it. */
  readonly libraryVersion: string;
  /** The design's site names, in order. */
  readonly sites: readonly string[];
  /** How the sites map onto Kubernetes, as in the design. */
  readonly shape: ShapeModel;
  readonly clusters: readonly ClusterRecord[];
  /** etcd members per site of a stretched cluster's control plane, when the design declares them. */
  readonly controlPlane?: readonly { readonly site: string; readonly members: number }[];
}

/** One SQL cluster as synth wrote it. */
export interface ClusterRecord {
  /** The construct path: what pairs a cluster with its previous self. */
  readonly path: string;
  readonly name: string;
  readonly namespace: string;
  /** The engine model, every default applied (`engine.kind` says which engine). */
  readonly engine: EngineModel;
  /** Members per site, in site order. */
  readonly members: readonly SiteMembersModel[];
  /** The engine's identity settings (`EngineChangeFacts.identity`). */
  readonly identity: readonly IdentityValue[];
  /** The StatefulSets written for the cluster. */
  readonly statefulSets: readonly StatefulSetRecord[];
  /**
   * The GSLB hosts (FQDNs) whose write-path probe checks the cluster. Absent in records written
   * before it was kept: then whether a host is new is not known, and the rollout prints no account step.
   */
  readonly writeHealthHosts?: readonly string[];
}

/** One identity setting's value. */
export interface IdentityValue {
  readonly name: string;
  readonly value: string;
  readonly isSet?: boolean;
}

/**
 * The fields of a written StatefulSet that the API server refuses to change, and its volumes.
 * Absent fields carry the API's default (`podManagementPolicy: OrderedReady`).
 */
export interface StatefulSetRecord {
  /** The Kubernetes cluster it is applied to (`stretched` or the site's). */
  readonly kubernetesCluster: string;
  /** The site whose members it runs; absent for objects not written per site. */
  readonly site?: string;
  readonly namespace: string;
  readonly name: string;
  readonly serviceName: string;
  /** `spec.selector`, as canonical JSON. */
  readonly selector: string;
  readonly podManagementPolicy: string;
  readonly volumeClaimTemplates: readonly VolumeClaimRecord[];
}

/** One volume claim template: every member gets a PersistentVolumeClaim `<name>-<statefulset>-<ordinal>`. */
export interface VolumeClaimRecord {
  readonly name: string;
  /** `spec.resources.requests.storage`, e.g. `100Gi`. */
  readonly size: string;
  /** `spec.storageClassName`; absent: the cluster's default class. */
  readonly storageClass?: string;
}

/** What synth found of the previous design in the output folder. */
export interface PreviousDesign {
  /** `none`: nothing to compare (first synth, or an output without the record); `unreadable`: a record that is not compared; `read`: compared. */
  readonly status: 'none' | 'unreadable' | 'read';
  /** What was found, for people. */
  readonly message: string;
  readonly record?: DesignRecord;
}

/** The previous design and the one being synthesized, for the change rules and the rollout plan. */
export interface DesignChange {
  readonly previous: PreviousDesign;
  readonly current: DesignRecord;
}
