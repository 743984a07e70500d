import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ActiveActiveSite } from './active-active-site';
import { DistributedSqlCluster } from './distributed-sql-cluster';
import { recordCreation } from './findings/source-location';
import { GslbBackendService } from './gslb-backend-service';
import { GslbStrategy } from './gslb-strategy';
import { GslbTarget } from './gslb-target';
import { invalidValue, isDns1035Label, isIpAddress, ROUTE53_MAX_TTL_SECONDS } from './model/validation';
import { ZoneDelegation } from './zone-delegation';

/** Settings of a GSLB zone. */
export interface GslbZoneProps {
  /** The load-balanced zone, e.g. `app.global.example.com`. */
  readonly zone: string;
  /** The parent zone that delegates it, e.g. `example.com`: a Route 53 public hosted zone. */
  readonly parentZone: string;
  /**
   * Recursive DNS servers (`host` or `host:port`) that k8gb in every site asks for its peers'
   * nameserver addresses; they must resolve the parent zone's glue records
   * (k8gb `edgeDNSServers`).
   */
  readonly edgeDnsServers: string[];
  /**
   * Route 53 id of the parent hosted zone.
   * @default - looked up by `parentZone` name
   */
  readonly parentHostedZoneId?: string;
  /**
   * How the zone picks sites.
   * @default GslbStrategy.roundRobin()
   * @see https://www.k8gb.io/docs/strategy.html
   */
  readonly strategy?: GslbStrategy;
  /**
   * TTL of the answers (k8gb `dnsTtlSeconds`) and of the delegation records. Clients and
   * resolvers often cache longer: keep it short and make clients retry.
   * @default Duration.seconds(30)
   * @see https://www.k8gb.io/docs/strategy.html
   */
  readonly ttl?: Duration;
  /**
   * The active sites that serve the zone.
   * @default - every ActiveActiveSite of the app
   */
  readonly sites?: ActiveActiveSite[];
  /**
   * Who writes the delegation in the parent zone.
   * @default ZoneDelegation.terraform()
   */
  readonly delegation?: ZoneDelegation;
  /**
   * The recovery time objective of the zone's hosts: how long clients may be sent to a site
   * whose database cannot take writes. Synth refuses a host that depends on a database when
   * its write-path probe window, k8gb's reconcile period and the TTL add up to more
   * (`MS-GSLB-RTO`); REPORT.md prints each part.
   * @default - none stated: the report prints the times, no rule refuses them
   */
  readonly recoveryTimeObjective?: Duration;
}

/** A host published in a GSLB zone. */
export interface GslbHostOptions {
  /** The host's label inside the zone, e.g. `shop` for `shop.app.global.example.com`. */
  readonly hostname: string;
  /** Namespace of the balanced Ingress or Service (the Gslb object goes beside it). */
  readonly namespace: string;
  /** What the host balances in each serving site. */
  readonly target: GslbTarget;
  /**
   * The database the host's application writes to in each site. Synth writes, per serving site
   * where the database has members, a write-path health probe (a one-pod Deployment, its Service
   * and an Ingress for the host, in `namespace`) and points the host's Gslb at that Ingress, so
   * k8gb stops answering with a site whose members cannot take writes (a Data Guard standby, a
   * CockroachDB, YugabyteDB or Galera site cut off in a minority) and DNS follows the database
   * without a human edit; REPORT.md says after how long. With an active-passive database (Data
   * Guard) the zone must use the failover strategy with the database primary's site as its
   * primary: synth refuses anything else.
   *
   * The write-health Ingress also routes one path to each of `backendServices`, and the Gslb
   * counts a site healthy only while all of them have a ready endpoint (`serviceHealthPolicy:
   * All`): the site is withdrawn when either the application or the database cannot serve. The
   * target must be an Ingress (k8gb takes the addresses it answers with from the referenced
   * Ingress) and `backendServices` is required. The probe's Secret must exist in `namespace`
   * too (APPLY.md).
   * @default - the host depends on no database of the design
   */
  readonly dependsOn?: DistributedSqlCluster;
  /**
   * The Services behind the Ingress of `target` that serve the application, in `namespace`.
   * Required with `dependsOn`, which judges a site by them and by the database together.
   * @default - none: without `dependsOn`, k8gb reads them from the Ingress itself
   */
  readonly backendServices?: GslbBackendService[];
  /**
   * Name of the Deployment (in `namespace`) that serves the host in each site. Its replicas
   * are read from each site's chart; the failover runbook scales the passive site's Deployment
   * up to the active site's count, and back on failback.
   * @default - the runbook scales nothing
   */
  readonly deployment?: string;
}

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_NAME_OR_LABEL = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A DNS zone (e.g. `app.global.example.com`) delegated from a parent zone to k8gb's CoreDNS
 * in every serving site. Synth writes, per serving site, the k8gb `Gslb` objects, the k8gb
 * Helm values and the CoreDNS Service on the site's `dnsAddress`; and, unless k8gb's
 * external-dns owns the delegation, the Terraform stack `dist/terraform/<id>/` with the NS
 * record set and one glue A record per site (no health check: NS and glue records use simple
 * routing, so a check would guard nothing; k8gb stops answering for a lost site itself).
 */
export class GslbZone extends Construct {
  /** The load-balanced zone. */
  public readonly zone: string;
  /** The parent zone. */
  public readonly parentZone: string;
  /** How the zone picks sites. */
  public readonly strategy: GslbStrategy;
  /** TTL of answers and delegation records. */
  public readonly ttl: Duration;
  /** Who writes the delegation. */
  public readonly delegation: ZoneDelegation;
  /** Resolvers k8gb asks for its peers' nameservers. */
  public readonly edgeDnsServers: string[];
  /** The recovery time objective, if stated. @default - none stated */
  public readonly recoveryTimeObjective?: Duration;
  /** Route 53 id of the parent zone, if given. @default - looked up by name */
  public readonly parentHostedZoneId?: string;
  /** @internal */
  public readonly _sites?: ActiveActiveSite[];
  /** @internal */
  public readonly _hosts: GslbHostOptions[] = [];

  constructor(scope: Construct, id: string, props: GslbZoneProps) {
    super(scope, id);
    recordCreation(this);
    const where = `GslbZone "${this.node.path}"`;
    if (!DNS_LABEL.test(id)) throw new Error(`${where}: the id must be a DNS label; it names the Terraform stack.`);
    for (const [what, name] of [['zone', props.zone], ['parentZone', props.parentZone]]) {
      if (!DNS_NAME.test(name)) throw new Error(`${where}: ${what} "${name}" is not a DNS name (lowercase, dot-separated).`);
    }
    if (!props.zone.endsWith(`.${props.parentZone}`)) {
      throw new Error(`${where}: zone ${props.zone} is not inside parentZone ${props.parentZone}.`);
    }
    const ttl = props.ttl ?? Duration.seconds(30);
    if (!(ttl instanceof Duration)) throw new Error(`${where}: ttl is ${JSON.stringify(ttl) ?? String(ttl)}, not a Duration; give e.g. ttl: Duration.seconds(30).`);
    if (!Number.isInteger(ttl.toMilliseconds({ integral: false }) / 1000)) {
      // A DNS TTL is a whole number of seconds (RFC 2181 §8); Duration.toSeconds() would throw a message that names no prop.
      throw invalidValue(where, 'ttl', `${ttl.toMilliseconds({ integral: false })} ms`, 'is not a whole number of seconds, which a DNS TTL is (RFC 2181 §8)');
    }
    if (ttl.toSeconds() < 1) throw new Error(`${where}: ttl must be at least 1 second.`);
    if (ttl.toSeconds() > ROUTE53_MAX_TTL_SECONDS) {
      throw invalidValue(where, 'ttl', `${ttl.toSeconds()} s`, `is above Route 53's largest TTL (${ROUTE53_MAX_TTL_SECONDS} s); a GSLB answer should live seconds, not days`);
    }
    for (const server of props.edgeDnsServers) {
      if (!isIpAddress(server)) throw invalidValue(where, 'edgeDnsServers entry', server, 'is not an IP address; k8gb asks these resolvers for its peers\' nameservers');
    }
    if (props.parentHostedZoneId !== undefined && !/^Z[0-9A-Z]{1,32}$/.test(props.parentHostedZoneId)) {
      throw invalidValue(where, 'parentHostedZoneId', props.parentHostedZoneId, 'is not a Route 53 hosted zone id (Z followed by up to 32 capital letters and digits)');
    }
    const strategySites = [...(props.strategy?.primary ? [props.strategy.primary] : []), ...(props.strategy?.weights ?? []).map((w) => w.site)];
    for (const site of [...(props.sites ?? []), ...strategySites]) {
      if (site.node.root !== this.node.root) {
        throw new Error(`${where}: site ${site.siteName} belongs to another app; name sites of this MultiSiteApp.`);
      }
    }
    this.zone = props.zone;
    this.parentZone = props.parentZone;
    if (props.edgeDnsServers.length === 0) throw new Error(`${where}: edgeDnsServers is empty; k8gb needs a resolver to find its peers.`);
    this.edgeDnsServers = [...props.edgeDnsServers];
    this.parentHostedZoneId = props.parentHostedZoneId;
    this.strategy = props.strategy ?? GslbStrategy.roundRobin();
    this.ttl = ttl;
    this.delegation = props.delegation ?? ZoneDelegation.terraform();
    this._sites = props.sites ? [...props.sites] : undefined;
    const rto = props.recoveryTimeObjective;
    if (rto !== undefined) {
      if (!(rto instanceof Duration)) {
        throw new Error(`${where}: recoveryTimeObjective is ${JSON.stringify(rto) ?? String(rto)}, not a Duration; give e.g. recoveryTimeObjective: Duration.minutes(2).`);
      }
      const ms = rto.toMilliseconds({ integral: false });
      if (!Number.isInteger(ms / 1000) || ms < 1000) {
        throw invalidValue(where, 'recoveryTimeObjective', `${ms} ms`, 'is not a whole number of seconds of at least 1 s (the times it is compared with are whole seconds)');
      }
      this.recoveryTimeObjective = rto;
    }
  }

  /** Publishes `<hostname>.<zone>`, balanced over what `target` names in each serving site. */
  public addHost(options: GslbHostOptions): void {
    const where = `GslbZone "${this.node.path}"`;
    if (!DNS_LABEL.test(options.hostname)) throw new Error(`${where}: hostname "${options.hostname}" must be one DNS label.`);
    if (!DNS_LABEL.test(options.namespace)) throw new Error(`${where}: namespace "${options.namespace}" is not a DNS label.`);
    if (options.dependsOn !== undefined && options.dependsOn.node.root !== this.node.root) {
      throw new Error(`${where}: host ${options.hostname} depends on ${options.dependsOn.node.path}, a cluster of another app.`);
    }
    checkBackendServices(where, options);
    if (options.deployment !== undefined && !DNS_NAME_OR_LABEL.test(options.deployment)) {
      throw new Error(`${where}: deployment "${options.deployment}" of host ${options.hostname} is not a Deployment name (lowercase DNS subdomain).`);
    }
    if (this._hosts.some((h) => h.hostname === options.hostname)) {
      throw new Error(`${where}: host ${options.hostname} is already published.`);
    }
    this._hosts.push(options);
  }
}

/**
 * With `dependsOn`, the host's Gslb references the write-health Ingress, and k8gb answers with the
 * addresses in that Ingress's status (k8gb-io/k8gb v0.20.0 controllers/refresolver/ingress/ingress.go:185-199
 * `GetGslbExposedIPs`), so the target must be an Ingress served by the same controller; and the
 * application's health reaches k8gb only through Services that Ingress lists, so they must be named.
 */
function checkBackendServices(where: string, options: GslbHostOptions): void {
  const host = `host ${options.hostname}`;
  for (const s of options.backendServices ?? []) {
    if (!isDns1035Label(s.name)) throw invalidValue(where, `backendServices name of ${host}`, s.name, 'is not a Service name (DNS label starting with a letter, at most 63 characters)');
    if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) throw invalidValue(where, `backendServices port of ${host}`, s.port, 'is not a port (1-65535)');
  }
  if (options.dependsOn === undefined) {
    if (options.backendServices !== undefined) {
      throw new Error(`${where}: ${host} gives backendServices without dependsOn; they are read only with dependsOn (without it k8gb reads the Services from Ingress ${options.target.name} itself). Remove them, or set dependsOn.`);
    }
    return;
  }
  if (options.target._kind !== 'Ingress') {
    throw new Error(`${where}: ${host} depends on ${options.dependsOn.node.path} but targets Service ${options.target.name}; `
      + 'with dependsOn k8gb answers with the addresses of the write-health Ingress, not of a LoadBalancer Service. Target the Ingress in front of the application instead.');
  }
  if (options.backendServices === undefined || options.backendServices.length === 0) {
    throw new Error(`${where}: ${host} depends on ${options.dependsOn.node.path} but names no backendServices; `
      + `give the Services behind Ingress ${options.target.name}, so that k8gb withdraws a site when its application, not only its database, cannot serve.`);
  }
}
