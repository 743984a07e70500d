/**
 * The connections a database's protocol needs between its members, as the engine declares them
 * (`SqlEngineDefinition.networkFlows`): what must be admitted by every NetworkPolicy written for it.
 */

/** The pods at one end of a flow: one kind of member of a cluster, in one site. */
export interface FlowMembers {
  /** What they are, for people: `data node`, `garbd`, `yb-master`, `cass-operator`. */
  readonly role: string;
  readonly site: string;
  readonly namespace: string;
  /** Labels their pods carry, which policies select (empty: any pod of the namespace). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** How many pods: one pod never connects to itself over the network. */
  readonly pods: number;
}

/** One connection members open to other members: from → to on a TCP port. */
export interface NetworkFlow {
  /** What it carries, for people: `gcomm (group communication)`, `SST (mariabackup)`. */
  readonly purpose: string;
  /** The side that opens the connection. */
  readonly from: FlowMembers;
  readonly to: FlowMembers;
  readonly port: number;
}

/** Every ordered pair of `groups`, a group with itself too when its pods are more than one. */
export function meshFlows(purpose: string, groups: readonly FlowMembers[], port: number): NetworkFlow[] {
  return flowsBetween(purpose, groups, groups, port);
}

/** Every pair from one of `sources` to one of `targets`, but a single pod to itself. */
export function flowsBetween(purpose: string, sources: readonly FlowMembers[], targets: readonly FlowMembers[], port: number): NetworkFlow[] {
  return sources.flatMap((from) => targets.filter((to) => to !== from || from.pods > 1).map((to) => ({ purpose, from, to, port })));
}

/** A flow as findings name it: `gcomm (group communication) TCP 4567 from garbd in dc-witness to data node in dc-a`. */
export function describeFlow(f: NetworkFlow): string {
  return `${f.purpose} TCP ${f.port} from ${f.from.role} in ${f.from.site} to ${f.to.role} in ${f.to.site}`;
}
