import { AnalyzedDataGuard, DataGuardMember } from './analysis';
import { brokerName } from './names';
import { lagLimitSeconds } from './rpo-limits';
import { dataGuardWriteHealthProbe } from './write-health';
import { DesignModel } from '../../model/design';
import { gslbObjectName, writeHealthObjectName } from '../../model/gslb-names';

/** The parts of a region failover, in the order a person follows them. */
export type RunbookStepKind = 'detect' | 'verify' | 'failover' | 'move-traffic' | 'scale' | 'reinstate' | 'fail-back';

/** What a command changes, so tests can replay the runbook against a model of Data Guard and k8gb. */
export type RunbookEffect =
  | { readonly kind: 'failover'; readonly to: string }
  | { readonly kind: 'switchover'; readonly to: string }
  | { readonly kind: 'reinstate'; readonly site: string }
  | { readonly kind: 'dns-primary'; readonly cluster: string; readonly zone: string; readonly fqdn: string; readonly site: string }
  | { readonly kind: 'scale'; readonly cluster: string; readonly namespace: string; readonly deployment: string; readonly replicas: number }
  | { readonly kind: 'fence'; readonly site: string }
  | { readonly kind: 'unfence'; readonly site: string };

/** One command, the cluster context it runs against, and the command that proves it worked. */
export interface RunbookCommand {
  /** kubectl context (the site's name); undefined for commands outside Kubernetes. */
  readonly context?: string;
  readonly command: string;
  readonly check?: string;
  readonly effect?: RunbookEffect;
}

/** One section of the runbook. */
export interface RunbookStep {
  readonly kind: RunbookStepKind;
  readonly title: string;
  readonly notes: readonly string[];
  readonly commands: readonly RunbookCommand[];
}

/**
 * The failover of a Data Guard configuration across regions (one Kubernetes cluster per site),
 * as seed 002 describes it: an alert, a person who verifies that the region is lost, the
 * failover with dgmgrl, DNS moved in every cluster, the passive region scaled up, the old
 * primary reinstated when its region returns, and a planned failback.
 *
 * Every dgmgrl command runs in the broker's runner pod, in the cluster that runs the broker
 * (the operator labels it `database.oracle.com/dataguard-broker=<broker>` and
 * `database.oracle.com/component=execution-runner`: oracle/oracle-database-operator
 * sidbdevbranch e390bb952d5e, controllers/dataguard/dataguardbroker_reconcile_helpers.go
 * listDataguardBrokerRunnerPods), and connects by EZConnect to a database's published address,
 * so it works the same for databases Kubernetes runs and for those it does not. The operator has
 * no failover verb: a failover is fast-start failover (the observer) or this command.
 */
export function regionRunbookSteps(design: DesignModel, a: AnalyzedDataGuard): RunbookStep[] {
  const c = a.cluster;
  const e = c.engine;
  const d = a.details;
  const ns = c.namespace;
  const [primary, ...standbys] = d.members;
  const target = standbys[0];
  const broker = brokerName(c);
  const rpo = e.rpoSeconds === undefined ? 'not stated' : `${e.rpoSeconds} s`;
  const limit = lagLimitSeconds(e);
  const lagLimit = limit === undefined ? 'not set: state an RPO the configuration keeps' : `${limit} s`;
  const runner = `$(kubectl --context ${d.brokerSite} -n ${ns} get pods -l database.oracle.com/dataguard-broker=${broker},database.oracle.com/component=execution-runner -o name | head -n 1)`;
  const dgmgrl = (via: DataGuardMember, command: string) =>
    `kubectl --context ${d.brokerSite} -n ${ns} exec -it ${runner} -- dgmgrl sys@//${via.host}:${via.port}/${via.serviceName} "${command}"`;
  const fsfo = e.fastStartFailover && d.roles.observers.length > 0;
  const geoTag = (site: string) => design.sites.find((s) => s.name === site)!.geoTag;
  const dnsAddress = (site: string) => design.sites.find((s) => s.name === site)!.dnsAddress;

  const gslbPatch = (cluster: string, to: string) => d.dependentHosts
    .filter(({ zone }) => zone.sites.includes(cluster)).map(({ zone, host }): RunbookCommand => {
      const name = gslbObjectName(zone, host);
      const dns = dnsAddress(cluster);
      return {
        context: cluster,
        command: `kubectl --context ${cluster} -n ${host.namespace} patch gslbs.k8gb.io ${name} --type merge -p '{"spec":{"strategy":{"primaryGeoTag":"${geoTag(to)}"}}}'`,
        check: `kubectl --context ${cluster} -n ${host.namespace} get gslbs.k8gb.io ${name} -o jsonpath='{.spec.strategy.primaryGeoTag}'\` prints \`${geoTag(to)}\``
        + (dns ? `, and \`dig +short ${host.fqdn} @${dns}\` answers only ${to}'s ${host.resourceKind} addresses` : ''),
        effect: { kind: 'dns-primary', cluster, zone: zone.name, fqdn: host.fqdn, site: to },
      };
    });
  // With a write-path probe in every serving site, k8gb withdraws a site whose database is not the
  // open primary by itself (./write-health.ts): nobody edits primaryGeoTag, the runbook checks DNS.
  const followsWrites = d.dependentHosts.length > 0
    && d.dependentHosts.every(({ zone }) => zone.sites.every((s) => dataGuardWriteHealthProbe(design, c, d, s) !== undefined));
  const dnsCheck = (cluster: string, to: string) => d.dependentHosts
    .filter(({ zone }) => zone.sites.includes(cluster)).flatMap(({ zone, host }): RunbookCommand[] => {
      const probe = writeHealthObjectName(zone, host);
      const dns = dnsAddress(cluster);
      return [
        {
          context: cluster,
          command: `kubectl --context ${cluster} -n ${host.namespace} get deployment ${probe} -o jsonpath='{.status.readyReplicas}'`,
          check: cluster === to ? 'prints 1: the database here is PRIMARY and open READ WRITE' : 'prints nothing: the database here is not the open primary, so k8gb does not answer with this site',
        },
        ...(dns ? [{ command: `dig +short ${host.fqdn} @${dns}`, check: `answers only ${to}'s ${host.resourceKind} addresses (k8gb in ${cluster})` }] : []),
      ];
    });
  const scaleTo = (cluster: string, replicasOf: string) => d.dependentHosts
    .filter(({ host }) => host.deployment !== undefined).flatMap(({ host }) => {
      const dep = host.deployment!;
      const replicas = dep.replicasPerSite.find((r) => r.site === replicasOf)?.replicas;
      if (replicas === undefined || !dep.replicasPerSite.some((r) => r.site === cluster)) return [];
      return [{
        context: cluster,
        command: `kubectl --context ${cluster} -n ${host.namespace} scale deployment/${dep.name} --replicas=${replicas}`,
        check: `kubectl --context ${cluster} -n ${host.namespace} rollout status deployment/${dep.name} --timeout=15m\` reports ${replicas} replicas available`,
        effect: { kind: 'scale', cluster, namespace: host.namespace, deployment: dep.name, replicas } as RunbookEffect,
      }];
    });
  const surviving = (lost: string) => [...new Set(d.dependentHosts.flatMap(({ zone }) => zone.sites))].filter((s) => s !== lost);
  // The new primary's cluster first: it is the one whose answers clients should get.
  const trafficOrder = (lost: string, to: string) => [to, ...surviving(lost).filter((s) => s !== to)];
  const showConfiguration = (via: DataGuardMember) => dgmgrl(via, 'SHOW CONFIGURATION');

  return [
    {
      kind: 'detect',
      title: `Detect: ${primary.site} stops answering`,
      notes: [
        ...(d.dependentHosts.length > 0 ? [`k8gb's answers: ${d.dependentHosts.map((h) => `\`${h.host.fqdn}\``).join(', ')} stop resolving to ${primary.site} once the k8gb of the other regions can no longer reach its nameserver (zone ${[...new Set(d.dependentHosts.map((h) => h.zone.name))].join(', ')}).`] : []),
        `DataguardBroker \`${broker}\` in ${d.brokerSite}: \`kubectl --context ${d.brokerSite} -n ${ns} get dataguardbroker ${broker} -o jsonpath='{.status.status}'\` is no longer healthy.`,
        `Alert on the standby's transport and apply lag against the RPO (${rpo}) and on the availability probes of the application in every region.`,
      ],
      commands: [],
    },
    {
      kind: 'verify',
      title: `Verify by hand that ${primary.site} is lost`,
      notes: [
        'No algorithm can tell a lost region from a slow one (seed 002): a person decides, and a failover while the primary still takes writes loses them.',
        `Confirm with the people who run ${primary.site} that it is down and will stay down longer than the RTO allows. A partial outage (some nodes, the link only) is not a region loss.`,
        `Fence ${primary.site} before going on: block its public addresses (ingress, k8gb DNS${dnsAddress(primary.site) ? ` ${dnsAddress(primary.site)}` : ''}, database LoadBalancer) at the edge, so that when it comes back it serves nobody until section 6 has run.`,
      ],
      commands: [
        { context: primary.site, command: `kubectl --context ${primary.site} get nodes --request-timeout=10s`, check: 'times out or lists no Ready node' },
        { context: d.brokerSite, command: showConfiguration(target), check: `shows ${primary.dbUniqueName} unreachable (ORA-12541 or ORA-12170) and the apply lag of ${target.dbUniqueName} within the RPO (${rpo})` },
        { command: `Fence ${primary.site} at the edge (your firewall or load balancer: not written by this library).`, effect: { kind: 'fence', site: primary.site } },
      ],
    },
    {
      kind: 'failover',
      title: `Fail over ${c.name} to ${target.dbUniqueName} in ${target.site}`,
      notes: fsfo
        ? [`Fast-start failover is on (observer \`${broker}-observer\` in ${d.roles.observers[0]}): if SHOW CONFIGURATION already lists ${target.dbUniqueName} as primary, it has happened; skip to the check. Fast-start failover does not fire when the apply lag is above FastStartFailoverLagLimit (${lagLimit}; the RPO is ${rpo}).`]
        : [`Fast-start failover is off: with two regions and no third site there is no observer, so this failover is manual (RPO > 0: writes not yet shipped, up to ${rpo}, are lost).`],
      commands: [
        { context: d.brokerSite, command: dgmgrl(target, `VALIDATE DATABASE ${target.dbUniqueName}`), check: `says ${target.dbUniqueName} is ready for failover` },
        {
          context: d.brokerSite,
          command: dgmgrl(target, `FAILOVER TO ${target.dbUniqueName}`),
          check: `\`${showConfiguration(target)}\` lists ${target.dbUniqueName} as primary database`
            + (target.managed ? `, and \`kubectl --context ${target.site} -n ${ns} get singleinstancedatabase ${target.objectName} -o jsonpath='{.status.role}'\` prints PRIMARY` : ''),
          effect: { kind: 'failover', to: target.site },
        },
      ],
    },
    {
      kind: 'move-traffic',
      title: `Move traffic to ${target.site}`,
      notes: [
        followsWrites
          ? `Nothing to edit: each site's write-health probe passes only where the database is PRIMARY and open READ WRITE, so k8gb stops answering with ${primary.site} and answers with ${target.site} by itself, within the time REPORT.md gives (probe, k8gb reconcile, TTL). \`primaryGeoTag\` stays ${primary.site}, the preferred region: do not edit it. Check that DNS moved:`
          : `Every cluster's k8gb answers from its own Gslb objects, so the zone's primary moves in each cluster, ${target.site} first. The fenced ${primary.site} is patched in section 6, before it is unfenced: otherwise it would send clients back to what is then a standby.`,
        ...(d.dependentHosts.length === 0 ? ['No GSLB host depends on this configuration (GslbZone.addHost dependsOn): point the clients at the new primary yourself.'] : []),
        `Tell the application owners that writes after the last shipped redo (up to ${rpo}) may be missing.`,
      ],
      commands: followsWrites
        ? trafficOrder(primary.site, target.site).flatMap((s) => dnsCheck(s, target.site))
        : trafficOrder(primary.site, target.site).flatMap((s) => gslbPatch(s, target.site)),
    },
    {
      kind: 'scale',
      title: `Scale up ${target.site}`,
      notes: [
        `The passive region runs at minimal capacity (seed 002). Add nodes to ${target.site} first if the pods will not fit: the node pools do not grow by themselves.`,
      ],
      commands: scaleTo(target.site, primary.site),
    },
    {
      kind: 'reinstate',
      title: `When ${primary.site} returns: make it a standby, then unfence it`,
      notes: [
        `In this order, while ${primary.site} is still fenced. Flashback is on, so the old primary becomes a standby of ${target.dbUniqueName} without a rebuild${primary.managed ? '' : ` (${primary.dbUniqueName} is not run by Kubernetes: start it mounted with your provider's tools first)`}; reinstatement has been flaky with the operator (oracle-database-operator #184): if it fails, re-create the standby.`,
      ],
      commands: [
        ...(followsWrites ? [] : gslbPatch(primary.site, target.site)),
        ...scaleTo(primary.site, target.site),
        {
          context: d.brokerSite,
          command: dgmgrl(target, `REINSTATE DATABASE ${primary.dbUniqueName}`),
          check: `\`${showConfiguration(target)}\` lists ${primary.dbUniqueName} as a physical standby with no errors`,
          effect: { kind: 'reinstate', site: primary.site },
        },
        { command: `Unfence ${primary.site} at the edge.`, check: dnsAddress(primary.site) && d.dependentHosts.length > 0 ? `\`dig +short ${d.dependentHosts[0].host.fqdn} @${dnsAddress(primary.site)}\` answers only ${target.site}'s addresses` : undefined, effect: { kind: 'unfence', site: primary.site } },
      ],
    },
    {
      kind: 'fail-back',
      title: `Fail back to ${primary.site} (planned)`,
      notes: [
        'In a maintenance window, with both databases healthy and in sync. Writes stop for its length: the application is scaled to zero everywhere first, so DNS answers with no region while the roles change and never sends writes to a standby.',
      ],
      commands: [
        // The standby's region first: while the primary's region still has pods, k8gb answers only it.
        ...[...surviving(target.site), target.site].flatMap((s) => scaleZero(d, s)),
        {
          context: d.brokerSite,
          command: dgmgrl(target, `SWITCHOVER TO ${primary.dbUniqueName}`),
          check: `\`${showConfiguration(primary)}\` lists ${primary.dbUniqueName} as primary database (a switchover: no data loss)`,
          effect: { kind: 'switchover', to: primary.site },
        },
        ...trafficOrder('', primary.site).flatMap((s) => (followsWrites ? dnsCheck(s, primary.site) : gslbPatch(s, primary.site))),
        ...scaleTo(primary.site, primary.site),
        ...scaleTo(target.site, target.site),
      ],
    },
  ];
}

/** Scales every dependent Deployment in `cluster` to zero. */
function scaleZero(d: AnalyzedDataGuard['details'], cluster: string): RunbookCommand[] {
  return d.dependentHosts.filter(({ host }) => host.deployment?.replicasPerSite.some((r) => r.site === cluster)).map(({ host }) => ({
    context: cluster,
    command: `kubectl --context ${cluster} -n ${host.namespace} scale deployment/${host.deployment!.name} --replicas=0`,
    check: `kubectl --context ${cluster} -n ${host.namespace} get deployment/${host.deployment!.name} -o jsonpath='{.status.replicas}'\` prints nothing or 0`,
    effect: { kind: 'scale', cluster, namespace: host.namespace, deployment: host.deployment!.name, replicas: 0 },
  }));
}

/** `RUNBOOK-<cluster>.md` for a configuration across regions. */
export function renderRegionRunbook(design: DesignModel, a: AnalyzedDataGuard): string {
  const c = a.cluster;
  const d = a.details;
  const [primary, target] = d.members;
  const out = [
    `# Runbook: failover of \`${c.name}\` from ${primary.site} to ${target.site}`,
    '',
    `Primary ${primary.dbUniqueName} in ${primary.site}; failover target ${target.dbUniqueName} in ${target.site}; DataguardBroker \`${brokerName(c)}\` in ${d.brokerSite}. Protection mode ${c.engine.protectionMode}; accepted data loss (RPO) ${c.engine.rpoSeconds === undefined ? 'not stated' : `${c.engine.rpoSeconds} s`}.`,
    `Each site is its own Kubernetes cluster; kubectl contexts are named after the sites (${[...new Set([...d.members.map((m) => m.site), d.brokerSite, ...d.dependentHosts.flatMap((h) => h.zone.sites)])].map((s) => `\`${s}\``).join(', ')}): rename yours with \`kubectl config rename-context\`. dgmgrl asks for the SYS password (Secret \`${c.engine.adminPasswordSecret}\`, key \`oracle_pwd\`).`,
    '',
  ];
  regionRunbookSteps(design, a).forEach((step, i) => {
    out.push(`## ${i + 1}. ${step.title}`, '');
    for (const n of step.notes) out.push(n, '');
    step.commands.forEach((cmd, j) => {
      out.push(`${j + 1}. ${cmd.context === undefined ? cmd.command : `\`${cmd.command}\``}`);
      if (cmd.check) out.push(`   Check: ${/^(kubectl|dig) /.test(cmd.check) ? `\`${cmd.check}` : cmd.check}`);
    });
    if (step.commands.length > 0) out.push('');
  });
  return out.join('\n');
}
