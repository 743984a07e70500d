import * as fs from 'fs';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import { Cpu, Topology } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Acknowledge, ActiveActiveSite, AnycastTarget, AnycastVip, DeploymentShape, DistributedSqlCluster, GslbStrategy, GslbTarget, GslbZone,
  GaleraRouting, Latency, MultiSiteApp, Placement, SqlEngine, WitnessSite,
} from '../lib';
import { tempOutdir } from './support/designs';
import { treeHashes } from './support/tree-hash';
import { labDesign } from '../examples/lab/design';

/** A sound three-site stretched design to break one value at a time. */
function base(outdir: string, shape = DeploymentShape.stretchedCluster()) {
  const app = new MultiSiteApp({ outdir, shape });
  const a = new ActiveActiveSite(app, 'dc-a', { dnsAddress: '192.0.2.1', podCidrs: ['10.1.0.0/16'], clusterDomain: 'dc-a.example' });
  const b = new ActiveActiveSite(app, 'dc-b', { dnsAddress: '192.0.2.2', podCidrs: ['10.2.0.0/16'], clusterDomain: 'dc-b.example' });
  const w = new WitnessSite(app, 'dc-w', { podCidrs: ['10.3.0.0/16'], clusterDomain: 'dc-w.example' });
  app.addLink(a, b, Latency.ofRttMillis(1));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  return { app, a, b, w };
}

const placementOf = (a: ActiveActiveSite, b: ActiveActiveSite, w: WitnessSite) =>
  [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: w, voters: 1 }];

const zoneProps = { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'] };

const podsTarget = { namespace: 'shop', selector: { app: 'shop' }, ports: [{ port: 443 }] };

/** One bad input: what it builds in a fresh outdir, and the exact message (a whole construction error, or one finding line of a refusal). */
interface BadInput {
  readonly name: string;
  readonly build: (outdir: string) => MultiSiteApp | void;
  readonly message: string;
}

const CASES: BadInput[] = [
  // Sites
  { name: 'site name with capitals', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'DC-A'), message: 'Site "DC-A": the name must be a DNS label (lowercase letters, digits and \'-\', at most 63 characters); it becomes a node label value and part of object names.' },
  { name: 'site name over 63 characters', build: (o) => void new WitnessSite(new MultiSiteApp({ outdir: o }), 'w'.repeat(64)), message: `Site "${'w'.repeat(64)}": the name must be a DNS label (lowercase letters, digits and '-', at most 63 characters); it becomes a node label value and part of object names.` },
  { name: 'site named after an output folder', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'terraform'), message: 'Site "terraform": the name is reserved for an output folder; choose another.' },
  { name: 'empty clusterDomain', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { clusterDomain: '' }), message: 'Site "dc-a": clusterDomain "" is not a DNS domain (lowercase labels separated by dots, no trailing dot, at most 253 characters); peers forward it in CoreDNS and an empty or malformed one would forward the root zone.' },
  { name: 'clusterDomain with a trailing dot', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { clusterDomain: 'dc-a.example.' }), message: 'Site "dc-a": clusterDomain "dc-a.example." is not a DNS domain (lowercase labels separated by dots, no trailing dot, at most 253 characters); peers forward it in CoreDNS and an empty or malformed one would forward the root zone.' },
  { name: 'clusterDomain with a space', build: (o) => void new WitnessSite(new MultiSiteApp({ outdir: o }), 'dc-w', { clusterDomain: 'dc w.example' }), message: 'Site "dc-w": clusterDomain "dc w.example" is not a DNS domain (lowercase labels separated by dots, no trailing dot, at most 253 characters); peers forward it in CoreDNS and an empty or malformed one would forward the root zone.' },
  { name: 'pod CIDR that is not a CIDR', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { podCidrs: ['10.0.0.0'] }), message: 'Site "dc-a": podCidrs entry "10.0.0.0" is not an IPv4 or IPv6 CIDR (address/prefix).' },
  { name: 'service CIDR with an octet above 255', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { serviceCidrs: ['10.0.0.256/24'] }), message: 'Site "dc-a": serviceCidrs entry "10.0.0.256/24" is not an IPv4 or IPv6 CIDR (address/prefix).' },
  { name: 'node CIDR prefix out of range', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { nodeCidrs: ['10.0.0.0/33'] }), message: 'Site "dc-a": nodeCidrs entry "10.0.0.0/33" is not an IPv4 or IPv6 CIDR (address/prefix).' },
  { name: 'cluster DNS address that is a name', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { clusterDnsAddress: 'kube-dns' }), message: 'Site "dc-a": clusterDnsAddress "kube-dns" is not an IP address.' },
  { name: 'dnsAddress that is IPv6 (glue must be IPv4)', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { dnsAddress: '2001:db8::1' }), message: 'Site "dc-a": dnsAddress "2001:db8::1" is not an IPv4 address.' },
  { name: 'geo tag with an underscore', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { geoTag: 'eu_west' }), message: 'Site "dc-a": geoTag "eu_west" is not a DNS label (lowercase letters, digits and \'-\', at most 63 characters); k8gb names the site\'s nameserver after it.' },
  {
    name: 'two sites with one name under different parents',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new WitnessSite(new Construct(app, 'elsewhere'), 'dc-a');
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w) });
      return app;
    },
    message: '[ERROR] MS-SITE-NAME-UNIQUE at elsewhere/dc-a: site dc-a is also declared at dc-a.',
  },

  // Links
  { name: 'an RTT of 0', build: () => void Latency.ofRttMillis(0), message: 'Latency.ofRttMillis: RTT must be a finite number of milliseconds > 0, got 0; two sites are never 0 ms apart (measure it, or use Latency.ofDistanceKm).' },
  { name: 'a negative RTT', build: () => void Latency.ofRttMillis(-1), message: 'Latency.ofRttMillis: RTT must be a finite number of milliseconds > 0, got -1; two sites are never 0 ms apart (measure it, or use Latency.ofDistanceKm).' },
  { name: 'an infinite RTT', build: () => void Latency.ofRttMillis(Infinity), message: 'Latency.ofRttMillis: RTT must be a finite number of milliseconds > 0, got Infinity; two sites are never 0 ms apart (measure it, or use Latency.ofDistanceKm).' },
  { name: 'an RTT that is not a number', build: () => void Latency.ofRttMillis(NaN), message: 'Latency.ofRttMillis: RTT must be a finite number of milliseconds > 0, got NaN; two sites are never 0 ms apart (measure it, or use Latency.ofDistanceKm).' },
  { name: 'an infinite distance', build: () => void Latency.ofDistanceKm(Infinity), message: 'Latency.ofDistanceKm: distance must be a finite number of kilometres > 0, got Infinity.' },
  { name: 'a distance of 0 km', build: () => void Latency.ofDistanceKm(0), message: 'Latency.ofDistanceKm: distance must be a finite number of kilometres > 0, got 0.' },
  {
    name: 'a link to itself',
    build: (o) => {
      const { app, a } = base(o);
      app.addLink(a, a, Latency.ofRttMillis(1));
    },
    message: 'addLink: a link needs two different sites, got dc-a twice; a site has no RTT to itself.',
  },
  {
    name: 'a link declared twice',
    build: (o) => {
      const { app, a, b } = base(o);
      app.addLink(b, a, Latency.ofRttMillis(1));
    },
    message: 'addLink: dc-b ↔ dc-a is already linked; links are undirected, declare each pair once.',
  },
  {
    name: 'a link to a site of another app',
    build: (o) => {
      const { app, a } = base(o);
      const other = new ActiveActiveSite(new MultiSiteApp({ outdir: tempOutdir() }), 'dc-x');
      app.addLink(a, other, Latency.ofRttMillis(1));
    },
    message: 'addLink: site dc-x belongs to another app; link sites created in this MultiSiteApp.',
  },

  // SQL clusters
  {
    name: 'cluster id with capitals',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'Orders', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w) });
    },
    message: 'DistributedSqlCluster "Orders": the id must be a DNS label of at most 40 characters; it prefixes object names.',
  },
  {
    name: 'cluster in kube-system',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w), namespace: 'kube-system' });
    },
    message: 'DistributedSqlCluster "crdb": namespace "kube-system" is a namespace Kubernetes owns (default, kube-system, kube-public, kube-node-lease); the library enforces Pod Security restricted and denies ingress in the cluster\'s namespace, so give it one of its own.',
  },
  {
    name: 'cluster in default',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w), namespace: 'default' });
    },
    message: 'DistributedSqlCluster "crdb": namespace "default" is a namespace Kubernetes owns (default, kube-system, kube-public, kube-node-lease); the library enforces Pod Security restricted and denies ingress in the cluster\'s namespace, so give it one of its own.',
  },
  {
    name: 'namespace that is not a DNS label',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w), namespace: 'my.ns' });
    },
    message: 'DistributedSqlCluster "crdb": namespace "my.ns" is not a DNS label.',
  },
  {
    name: 'empty placement',
    build: (o) => {
      const { app } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [] });
    },
    message: 'DistributedSqlCluster "crdb": placement is empty; give the voters of each site.',
  },
  {
    name: 'fractional voters',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: 1.5 }, { site: b, voters: 1 }, { site: w, voters: 1 }] });
    },
    message: 'DistributedSqlCluster "crdb": voters in site dc-a must be a whole number ≥ 0, got 1.5.',
  },
  {
    name: '1e9 voters',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: 1e9 }, { site: b, voters: 1 }, { site: w, voters: 1 }] });
    },
    message: 'DistributedSqlCluster "crdb": placement with 1000000002 members is above 500: every member is named in every pod\'s join list, which must fit in one 128 KiB argument.',
  },
  {
    name: '1,000 voters per site',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: 1000 }, { site: b, voters: 1000 }, { site: w, voters: 1000 }] });
    },
    message: 'DistributedSqlCluster "crdb": placement with 3000 members is above 500: every member is named in every pod\'s join list, which must fit in one 128 KiB argument.',
  },
  {
    name: 'a site placed twice',
    build: (o) => {
      const { app, a, b } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: 1 }, { site: a, voters: 1 }, { site: b, voters: 1 }] });
    },
    message: 'DistributedSqlCluster "crdb": site dc-a appears twice in placement.',
  },
  {
    name: 'a site with no members',
    build: (o) => {
      const { app, a, b } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: 1 }, { site: b, voters: 0 }] });
    },
    message: 'DistributedSqlCluster "crdb": site dc-b has no voters and no arbitrators; leave it out of placement instead.',
  },
  {
    name: 'a placed site of another app',
    build: (o) => {
      const { app, a, b } = base(o);
      const stranger = new WitnessSite(new MultiSiteApp({ outdir: tempOutdir() }), 'dc-x');
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: stranger, voters: 1 }] });
    },
    message: 'DistributedSqlCluster "crdb": site dc-x belongs to another app.',
  },
  {
    name: 'arbitrators for CockroachDB',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: w, arbitrators: 1 }] });
    },
    message: 'DistributedSqlCluster "crdb": CockroachDB has no data-less arbitrator; place voters in dc-w instead.',
  },
  {
    name: 'a Data Guard primary of another app',
    build: (o) => {
      const { app, a, b } = base(o);
      const stranger = new ActiveActiveSite(new MultiSiteApp({ outdir: tempOutdir() }), 'dc-a');
      new DistributedSqlCluster(app, 'dg', {
        engine: SqlEngine.oracleDataGuard({ primary: stranger, rpo: Duration.seconds(30) }),
        placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }],
      });
    },
    message: 'DistributedSqlCluster "dg": the engine names site dc-a, which belongs to another app; name a site of this MultiSiteApp.',
  },
  {
    name: 'a cluster id that starts with a digit (Service names need a letter first)',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, '1db', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w) });
      return app;
    },
    message: '[ERROR] MS-OBJECT-NAMES at 1db: object name 1db-dc-a is not a DNS-1035 label (a letter first; lowercase letters, digits and \'-\').',
  },
  {
    name: 'a composed StatefulSet name over 52 characters',
    build: (o) => {
      const app = new MultiSiteApp({ outdir: o });
      const sites = ['a'.repeat(20), 'b'.repeat(20), 'c'.repeat(20)].map((n) => new ActiveActiveSite(app, n));
      app.addLink(sites[0], sites[1], Latency.ofRttMillis(1));
      app.addLink(sites[0], sites[2], Latency.ofRttMillis(1));
      app.addLink(sites[1], sites[2], Latency.ofRttMillis(1));
      new DistributedSqlCluster(app, 'x'.repeat(40), { engine: SqlEngine.cockroachDb(), placement: sites.map((site) => ({ site, voters: 1 })) });
      return app;
    },
    message: `[ERROR] MS-OBJECT-NAMES at ${'x'.repeat(40)}: object name ${'x'.repeat(40)}-${'a'.repeat(20)} is 61 characters, above the 52 a StatefulSet name may have.`,
  },
  {
    name: 'two clusters whose members get one name in one namespace',
    build: (o) => {
      const app = new MultiSiteApp({ outdir: o });
      const s = ['eu-a', 'a', 'eu-b', 'b', 'w'].map((n) => new WitnessSite(app, n));
      for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) app.addLink(s[i], s[j], Latency.ofRttMillis(1));
      new DistributedSqlCluster(app, 'orders', { engine: SqlEngine.cockroachDb(), placement: [{ site: s[0], voters: 1 }, { site: s[2], voters: 1 }, { site: s[4], voters: 1 }], namespace: 'shop' });
      new DistributedSqlCluster(app, 'orders-eu', { engine: SqlEngine.cockroachDb(), placement: [{ site: s[1], voters: 1 }, { site: s[3], voters: 1 }, { site: s[4], voters: 1 }], namespace: 'shop' });
      return app;
    },
    message: '[ERROR] MS-OBJECT-NAME-COLLISION at orders-eu: orders-eu in a and orders both name their members orders-eu-a in namespace shop.',
  },

  // Engine options
  { name: 'CockroachDB storage in MiB', build: () => void SqlEngine.cockroachDb({ storageSize: Size.mebibytes(512) }), message: 'SqlEngine.cockroachDb: storageSize "512 MiB" is not a whole number of GiB (at least 1); volumes are sized in GiB: use Size.gibibytes(n).' },
  { name: 'Galera storage of 1.5 GiB', build: () => void SqlEngine.galera({ storageSize: Size.mebibytes(1536) }), message: 'SqlEngine.galera: storageSize "1536 MiB" is not a whole number of GiB (at least 1); volumes are sized in GiB: use Size.gibibytes(n).' },
  { name: 'Data Guard storage in MiB', build: () => void SqlEngine.oracleDataGuard({ primary: new ActiveActiveSite(new MultiSiteApp(), 'dc-a'), storageSize: Size.mebibytes(100) }), message: 'SqlEngine.oracleDataGuard: storageSize "100 MiB" is not a whole number of GiB (at least 1); volumes are sized in GiB: use Size.gibibytes(n).' },
  { name: 'CockroachDB memory below 1 GiB', build: () => void SqlEngine.cockroachDb({ memory: Size.mebibytes(256) }), message: 'SqlEngine.cockroachDb: memory "256 MiB" must be a whole number of MiB, at least 1024.' },
  { name: 'Galera memory in KiB', build: () => void SqlEngine.galera({ memory: Size.kibibytes(1500000) }), message: 'SqlEngine.galera: memory "1464.84375 MiB" must be a whole number of MiB, at least 1024.' },
  { name: 'Galera gcache of 64 MiB', build: () => void SqlEngine.galera({ gcacheSize: Size.mebibytes(64) }), message: 'SqlEngine.galera: gcacheSize "64 MiB" must be a whole number of MiB, at least 128.' },
  { name: 'replication factor 0', build: () => void SqlEngine.cockroachDb({ replicationFactor: 0 }), message: 'SqlEngine.cockroachDb: replicationFactor must be a whole number ≥ 1, got 0.' },
  { name: 'a Data Guard RPO of 7.5 s', build: () => void SqlEngine.oracleDataGuard({ primary: new ActiveActiveSite(new MultiSiteApp(), 'dc-a'), rpo: Duration.millis(7500) }), message: 'SqlEngine.oracleDataGuard: rpo "7.5 s" must be a whole number of seconds ≥ 0 (FastStartFailoverLagLimit and the report count whole seconds).' },
  { name: 'a Galera maxRttMillis given as a string', build: () => void SqlEngine.galera({ maxRttMillis: '3' as any }), message: 'SqlEngine.galera: maxRttMillis must be > 0, got "3" (a string, not a number).' },
  { name: 'a YugabyteDB replication factor given as a string', build: () => void SqlEngine.yugabyteDb({ replicationFactor: '3' as any }), message: 'SqlEngine.yugabyteDb: replicationFactor must be a whole number ≥ 1, got "3" (a string, not a number).' },
  { name: 'replication factor 2', build: () => void SqlEngine.cockroachDb({ replicationFactor: 2 }), message: 'SqlEngine.cockroachDb: replicationFactor 2 is refused by CockroachDB (a multi-replica zone needs at least 3 replicas); use 1 or 3.' },
  { name: 'a Secret name with capitals', build: () => void SqlEngine.cockroachDb({ nodeCertificatesSecret: 'Node-Certs' }), message: 'SqlEngine.cockroachDb: nodeCertificatesSecret "Node-Certs" is not a Secret name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'a Galera TLS Secret name with a slash', build: () => void SqlEngine.galera({ tlsSecret: 'ns/tls' }), message: 'SqlEngine.galera: tlsSecret "ns/tls" is not a Secret name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'an SQL client namespace that is not a DNS label', build: () => void SqlEngine.cockroachDb({ sqlClientNamespaces: ['Shop'] }), message: 'SqlEngine.cockroachDb: sqlClientNamespaces entry "Shop" is not a namespace name (DNS label, at most 63 characters).' },
  { name: 'a Cassandra keyspace with no replica anywhere', build: () => void SqlEngine.cassandra({ keyspaces: [{ name: 'orders', replicationFactor: 0 }] }), message: 'SqlEngine.cassandra: keyspace orders keeps no replica in any datacenter; give it a replicationFactor, or perSite replicas where it lives.' },
  { name: 'Galera maxRttMillis of 0', build: () => void SqlEngine.galera({ maxRttMillis: 0 }), message: 'SqlEngine.galera: maxRttMillis must be > 0, got 0.' },
  { name: 'Galera flow control limit of 0', build: () => void SqlEngine.galera({ flowControlLimit: 0 }), message: 'SqlEngine.galera: flowControlLimit must be a whole number ≥ 1, got 0.' },
  // Single-writer routing: HAProxy's own limits on `inter`, `rise`, `fall` (haproxy/haproxy src/check.c)
  { name: 'Galera single writer with an empty priority', build: () => void GaleraRouting.singleWriter({ priority: [] }), message: 'GaleraRouting.singleWriter: priority is empty; name the data sites in the order writes go to them, or leave priority out for placement order.' },
  { name: 'Galera single writer with a check interval of 0', build: () => void GaleraRouting.singleWriter({ checkInterval: Duration.millis(0) }), message: 'GaleraRouting.singleWriter: checkInterval 0 ms is outside HAProxy\'s range for `inter` (a whole number of ms from 1 to 2147483647).' },
  { name: 'Galera single writer with a check interval above HAProxy\'s timer', build: () => void GaleraRouting.singleWriter({ checkInterval: Duration.days(25) }), message: 'GaleraRouting.singleWriter: checkInterval 2160000000 ms is outside HAProxy\'s range for `inter` (a whole number of ms from 1 to 2147483647).' },
  { name: 'Galera single writer with rise 0', build: () => void GaleraRouting.singleWriter({ rise: 0 }), message: 'GaleraRouting.singleWriter: rise 0 is outside HAProxy\'s range (a whole number of checks from 1 to 2147483647).' },
  { name: 'Galera single writer with fall 2.5', build: () => void GaleraRouting.singleWriter({ fall: 2.5 }), message: 'GaleraRouting.singleWriter: fall 2.5 is outside HAProxy\'s range (a whole number of checks from 1 to 2147483647).' },
  {
    name: 'Galera single writer whose priority names the witness',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'db', {
        engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1', routing: GaleraRouting.singleWriter({ priority: [w, a] }) }),
        placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: w, arbitrators: 1 }],
      });
      return app;
    },
    message: '[ERROR] MS-GALERA-WRITER-PRIORITY at db: routing priority names site dc-w, which holds no data node of the cluster (data nodes in dc-a, dc-b).',
  },
  {
    name: 'Galera single writer whose routers would move writes before Galera evicts the writer',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'db', {
        engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1', routing: GaleraRouting.singleWriter({ checkInterval: Duration.seconds(2), fall: 3 }) }),
        placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: w, arbitrators: 1 }],
      });
      return app;
    },
    message: '[ERROR] MS-GALERA-ROUTER-FAILOVER at db: the routers may move writes 4000 ms after the writer fails ((fall 3 − 1) × checkInterval 2000 ms), before Galera has surely evicted it (evs.inactive_timeout 15000 ms).',
  },
  {
    name: 'lease preferences naming a site twice',
    build: (o) => {
      const { a } = base(o);
      SqlEngine.cockroachDb({ leasePreferences: [a, a] });
    },
    message: 'SqlEngine.cockroachDb: leasePreferences names a site twice (dc-a, dc-a); list each site once, most preferred first.',
  },
  { name: 'a Data Guard pull Secret name with capitals', build: () => void SqlEngine.oracleDataGuard({ primary: new ActiveActiveSite(new MultiSiteApp(), 'dc-a'), imagePullSecret: 'Pull' }), message: 'SqlEngine.oracleDataGuard: imagePullSecret "Pull" is not a Secret name (lowercase DNS subdomain, at most 253 characters).' },

  // GSLB
  { name: 'a GSLB zone outside its parent', build: (o) => void new GslbZone(base(o).app, 'app', { ...zoneProps, zone: 'app.example.org' }), message: 'GslbZone "app": zone app.example.org is not inside parentZone example.com.' },
  { name: 'a GSLB zone that is not a DNS name', build: (o) => void new GslbZone(base(o).app, 'app', { ...zoneProps, zone: 'App.Example.com' }), message: 'GslbZone "app": zone "App.Example.com" is not a DNS name (lowercase, dot-separated).' },
  { name: 'a GSLB TTL above Route 53\'s maximum', build: (o) => void new GslbZone(base(o).app, 'app', { ...zoneProps, ttl: Duration.days(30000) }), message: 'GslbZone "app": ttl "2592000000 s" is above Route 53\'s largest TTL (2147483647 s); a GSLB answer should live seconds, not days.' },
  { name: 'a GSLB TTL of 0', build: (o) => void new GslbZone(base(o).app, 'app', { ...zoneProps, ttl: Duration.seconds(0) }), message: 'GslbZone "app": ttl must be at least 1 second.' },
  { name: 'a resolver that is a name', build: (o) => void new GslbZone(base(o).app, 'app', { ...zoneProps, edgeDnsServers: ['dns.example.com'] }), message: 'GslbZone "app": edgeDnsServers entry "dns.example.com" is not an IP address; k8gb asks these resolvers for its peers\' nameservers.' },
  { name: 'no resolvers', build: (o) => void new GslbZone(base(o).app, 'app', { ...zoneProps, edgeDnsServers: [] }), message: 'GslbZone "app": edgeDnsServers is empty; k8gb needs a resolver to find its peers.' },
  { name: 'a hosted zone id that is not one', build: (o) => void new GslbZone(base(o).app, 'app', { ...zoneProps, parentHostedZoneId: 'example.com' }), message: 'GslbZone "app": parentHostedZoneId "example.com" is not a Route 53 hosted zone id (Z followed by up to 32 capital letters and digits).' },
  {
    name: 'a failover primary of another app',
    build: (o) => {
      const stranger = new ActiveActiveSite(new MultiSiteApp({ outdir: tempOutdir() }), 'dc-a');
      new GslbZone(base(o).app, 'app', { ...zoneProps, strategy: GslbStrategy.failover(stranger) });
    },
    message: 'GslbZone "app": site dc-a belongs to another app; name sites of this MultiSiteApp.',
  },
  {
    name: 'a serving site of another app',
    build: (o) => {
      const stranger = new ActiveActiveSite(new MultiSiteApp({ outdir: tempOutdir() }), 'dc-z');
      new GslbZone(base(o).app, 'app', { ...zoneProps, sites: [stranger] });
    },
    message: 'GslbZone "app": site dc-z belongs to another app; name sites of this MultiSiteApp.',
  },
  { name: 'a weight above 1000', build: (o) => void GslbStrategy.weighted([{ site: base(o).a, weight: 1001 }]), message: 'GslbStrategy.weighted: weight of dc-a must be a whole number 0–1000, got 1001.' },
  ...((): BadInput[] => {
    const withHost = (o: string, host: (crdb: DistributedSqlCluster) => Parameters<GslbZone['addHost']>[0]) => {
      const { app, a, b, w } = base(o);
      const crdb = new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w) });
      new GslbZone(app, 'app', zoneProps).addHost(host(crdb));
    };
    return [
      {
        name: 'a host that depends on a database but names no backendServices',
        build: (o) => withHost(o, (crdb) => ({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), dependsOn: crdb })),
        message: 'GslbZone "app": host shop depends on crdb but names no backendServices; give the Services behind Ingress shop, '
          + 'so that k8gb withdraws a site when its application, not only its database, cannot serve.',
      },
      {
        name: 'a host that depends on a database and targets a Service',
        build: (o) => withHost(o, (crdb) => ({
          hostname: 'shop', namespace: 'shop', target: GslbTarget.service('shop'), backendServices: [{ name: 'shop', port: 80 }], dependsOn: crdb,
        })),
        message: 'GslbZone "app": host shop depends on crdb but targets Service shop; with dependsOn k8gb answers with the addresses of the write-health Ingress, '
          + 'not of a LoadBalancer Service. Target the Ingress in front of the application instead.',
      },
      {
        name: 'backendServices without dependsOn',
        build: (o) => withHost(o, () => ({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 80 }] })),
        message: 'GslbZone "app": host shop gives backendServices without dependsOn; they are read only with dependsOn '
          + '(without it k8gb reads the Services from Ingress shop itself). Remove them, or set dependsOn.',
      },
      {
        name: 'a backend Service port out of range',
        build: (o) => withHost(o, (crdb) => ({
          hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 0 }], dependsOn: crdb,
        })),
        message: 'GslbZone "app": backendServices port of host shop 0 is not a port (1-65535).',
      },
    ];
  })(),
  { name: 'a host name with a dot', build: (o) => new GslbZone(base(o).app, 'app', zoneProps).addHost({ hostname: 'a.b', namespace: 'shop', target: GslbTarget.ingress('shop') }), message: 'GslbZone "app": hostname "a.b" must be one DNS label.' },
  { name: 'a Service target starting with a digit', build: () => void GslbTarget.service('1shop'), message: 'GslbTarget.service: name "1shop" is not a Service name (DNS label starting with a letter, at most 63 characters).' },
  { name: 'an Ingress target with capitals', build: () => void GslbTarget.ingress('Shop'), message: 'GslbTarget.ingress: name "Shop" is not an Ingress name (lowercase DNS subdomain).' },
  {
    name: 'two GslbZones for one zone',
    build: (o) => {
      const { app, a, b } = base(o, DeploymentShape.clusterPerSite());
      new GslbZone(app, 'one', { ...zoneProps, sites: [a, b] });
      new GslbZone(app, 'two', { ...zoneProps, sites: [a, b] });
      return app;
    },
    message: '[ERROR] MS-GSLB-ZONE-UNIQUE at two: zone app.global.example.com is also declared at one.',
  },

  // Anycast
  { name: 'a VIP that is IPv6', build: (o) => void new AnycastVip(base(o).app, 'vip', { address: '2001:db8::80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [] }), message: 'AnycastVip "vip": address "2001:db8::80" is not a unicast IPv4 address (a /32 announced by BGP).' },
  { name: 'a multicast VIP', build: (o) => void new AnycastVip(base(o).app, 'vip', { address: '224.0.0.5', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [] }), message: 'AnycastVip "vip": address "224.0.0.5" is not a unicast IPv4 address (a /32 announced by BGP).' },
  { name: 'an ASN of 0', build: (o) => void new AnycastVip(base(o).app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 0, routers: [] }), message: 'AnycastVip "vip": ASN 0 is not in 1–4294967295.' },
  {
    name: 'an ASN above 32 bits',
    build: (o) => {
      const { app, a } = base(o);
      new AnycastVip(app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [{ site: a, address: '172.16.0.1', asn: 4294967296 }] });
    },
    message: 'AnycastVip "vip": ASN 4294967296 is not in 1–4294967295.',
  },
  {
    name: 'a router address that is a name',
    build: (o) => {
      const { app, a } = base(o);
      new AnycastVip(app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [{ site: a, address: 'router-1', asn: 65001 }] });
    },
    message: 'AnycastVip "vip": router address "router-1" in dc-a is not an IP address.',
  },
  {
    name: 'a router in a site of another app',
    build: (o) => {
      const stranger = new ActiveActiveSite(new MultiSiteApp({ outdir: tempOutdir() }), 'dc-z');
      new AnycastVip(base(o).app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [{ site: stranger, address: '172.16.0.1', asn: 65001 }] });
    },
    message: 'AnycastVip "vip": router 172.16.0.1 is in site dc-z, which belongs to another app.',
  },
  { name: 'a community half above 65535', build: (o) => void new AnycastVip(base(o).app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [], communities: ['65000:99999'] }), message: 'AnycastVip "vip": community "65000:99999" is not a BGP community ASN:value with both halves in 0–65535.' },
  { name: 'a community that is a word', build: (o) => void new AnycastVip(base(o).app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [], communities: ['no-export'] }), message: 'AnycastVip "vip": community "no-export" is not a BGP community ASN:value with both halves in 0–65535.' },
  { name: 'a negative local preference', build: (o) => void new AnycastVip(base(o).app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [], localPreference: -1 }), message: 'AnycastVip "vip": localPreference -1 is not in 0–4294967295 (BGP LOCAL_PREF is 32 bits).' },
  { name: 'a MetalLB namespace with capitals', build: (o) => void new AnycastVip(base(o).app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [], metallbNamespace: 'MetalLB' }), message: 'AnycastVip "vip": metallbNamespace "MetalLB" is not a namespace name (DNS label).' },
  {
    name: 'an AWS region that is not one',
    build: (o) => {
      const { app, a } = base(o);
      new AnycastVip(app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [], awsEdge: [{ site: a, region: 'Frankfurt', endpointId: 'eipalloc-1' }] });
    },
    message: 'AnycastVip "vip": awsEdge region "Frankfurt" is not an AWS region name (e.g. eu-west-1).',
  },
  { name: 'a port of 0', build: () => void AnycastTarget.pods({ ...podsTarget, ports: [{ port: 0 }] }), message: 'AnycastTarget.pods: port 0 is not a port number (1–65535).' },
  { name: 'a target port above 65535', build: () => void AnycastTarget.pods({ ...podsTarget, ports: [{ port: 443, targetPort: 70000 }] }), message: 'AnycastTarget.pods: port 70000 is not a port number (1–65535).' },
  { name: 'no ports', build: () => void AnycastTarget.pods({ ...podsTarget, ports: [] }), message: 'AnycastTarget.pods: ports is empty; name the ports the VIP forwards.' },
  { name: 'a selector value with a space', build: () => void AnycastTarget.pods({ ...podsTarget, selector: { app: 'my shop' } }), message: 'AnycastTarget.pods: selector value "my shop" is not a label value (at most 63 characters of letters, digits, \'-\', \'_\', \'.\').' },
  { name: 'a selector key with two slashes', build: () => void AnycastTarget.pods({ ...podsTarget, selector: { 'a/b/c': 'x' } }), message: 'AnycastTarget.pods: selector key "a/b/c" is not a label key ([prefix/]name, name at most 63 characters).' },
  { name: 'a pods namespace with an underscore', build: () => void AnycastTarget.pods({ ...podsTarget, namespace: 'my_shop' }), message: 'AnycastTarget.pods: namespace "my_shop" is not a namespace name (DNS label).' },

  // Shape and acknowledgements
  { name: 'a stretched cluster domain with capitals', build: () => void DeploymentShape.stretchedCluster({ clusterDomain: 'Cluster.Local' }), message: 'DeploymentShape.stretchedCluster: clusterDomain "Cluster.Local" is not a DNS domain (lowercase labels separated by dots, no trailing dot).' },
  { name: 'an acknowledgement without a real reason', build: (o) => Acknowledge.rule(base(o).app, 'MS-RAFT-LATENCY', 'ok'), message: 'Acknowledge.rule: acknowledging MS-RAFT-LATENCY on / needs a reason of at least 10 characters, got "ok": say why the team accepts the risk.' },
  { name: 'an acknowledgement of an unknown rule', build: (o) => Acknowledge.rule(base(o).app, 'MS-NOPE', 'because we said so'), message: 'Acknowledge.rule: unknown rule "MS-NOPE" on /.' },

  // Raw errors a Python user would see through jsii: missing values, the constructs library's messages, Duration's, "got 3"
  { name: 'a link without a latency', build: (o) => { const { app, a } = base(o); app.addLink(a, new ActiveActiveSite(app, 'dc-c'), undefined as any); }, message: 'addLink: latency between dc-a and dc-c is undefined, not a Latency; give Latency.ofRttMillis(<measured RTT>) or Latency.ofDistanceKm(<fibre km>).' },
  { name: 'a link to no site', build: (o) => { const { app, a } = base(o); app.addLink(a, undefined as any, Latency.ofRttMillis(1)); }, message: 'addLink: siteA and siteB must be sites of this app, got dc-a and undefined.' },
  { name: 'a cluster without placement', build: (o) => void new DistributedSqlCluster(base(o).app, 'crdb', { engine: SqlEngine.cockroachDb() } as any), message: 'DistributedSqlCluster "crdb": placement is undefined, not a list; give the voters of each site, e.g. placement: [{ site: dcA, voters: 2 }, ...].' },
  { name: 'a cluster without an engine', build: (o) => { const { app, a, b, w } = base(o); new DistributedSqlCluster(app, 'crdb', { placement: placementOf(a, b, w) } as any); }, message: 'DistributedSqlCluster "crdb": engine is undefined, not an SqlEngine; give e.g. engine: SqlEngine.cockroachDb().' },
  { name: 'a cluster without props', build: (o) => void new (DistributedSqlCluster as any)(base(o).app, 'crdb'), message: 'DistributedSqlCluster "crdb": props are missing; give { engine: SqlEngine.<engine>(...), placement: [...] }.' },
  { name: 'a placement entry with site: undefined', build: (o) => { const { app, a, b } = base(o); new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: 1 }, { site: undefined as any, voters: 1 }, { site: b, voters: 1 }] }); }, message: 'DistributedSqlCluster "crdb": placement[1].site is undefined, not a site; give { site: <an ActiveActiveSite or WitnessSite>, voters: <n> }.' },
  { name: 'voters as a string', build: (o) => { const { app, a, b, w } = base(o); new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: '3' as any }, { site: b, voters: 1 }, { site: w, voters: 1 }] }); }, message: 'DistributedSqlCluster "crdb": voters in site dc-a must be a whole number ≥ 0, got "3" (a string, not a number).' },
  { name: 'a GSLB weight as a string', build: (o) => void GslbStrategy.weighted([{ site: base(o).a, weight: '5' as any }]), message: 'GslbStrategy.weighted: weight of dc-a must be a whole number 0–1000, got "5" (a string, not a number).' },
  { name: 'a CockroachDB replicationFactor as a string', build: () => void SqlEngine.cockroachDb({ replicationFactor: '3' as any }), message: 'SqlEngine.cockroachDb: replicationFactor must be a whole number ≥ 1, got "3" (a string, not a number).' },
  { name: 'Placement.optimal votes as a string', build: (o) => void Placement.optimal({ app: base(o).app, engine: SqlEngine.cockroachDb(), votes: '3' as any }), message: 'Placement.optimal: votes must be a whole number ≥ 1, got "3" (a string, not a number).' },
  { name: 'an RTT as a string', build: () => void Latency.ofRttMillis('3' as any), message: 'Latency.ofRttMillis: RTT must be a finite number of milliseconds > 0, got "3" (a string, not a number); two sites are never 0 ms apart (measure it, or use Latency.ofDistanceKm).' },
  { name: 'an acknowledgement without a reason', build: (o) => Acknowledge.rule(base(o).app, 'MS-RAFT-LATENCY', undefined as any), message: 'Acknowledge.rule: acknowledging MS-RAFT-LATENCY on / needs a reason (a string of at least 10 characters), got undefined: say why the team accepts the risk.' },
  { name: 'an acknowledgement on no construct', build: () => Acknowledge.rule(undefined as any, 'MS-RAFT-LATENCY', 'because we said so'), message: 'Acknowledge.rule: scope is undefined, not a construct; give the construct (and its children) the acknowledgement covers.' },
  { name: 'an empty site name', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), ''), message: 'Site "": the id is empty; each site needs a name of its own: it is the value of the site label and the name of its output folder.' },
  { name: 'a site name declared twice', build: (o) => void new WitnessSite(base(o).app, 'dc-a'), message: 'Site "dc-a": the app already has a construct with this id; each site needs a name of its own: it is the value of the site label and the name of its output folder.' },
  { name: 'an empty cluster id', build: (o) => { const { app, a, b, w } = base(o); new DistributedSqlCluster(app, '', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w) }); }, message: 'DistributedSqlCluster "": the id is empty; each cluster needs an id of its own: it prefixes its object names and its namespace.' },
  {
    name: 'a cluster id used twice',
    build: (o) => {
      const { app, a, b, w } = base(o);
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w) });
      new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: placementOf(a, b, w) });
    },
    message: 'DistributedSqlCluster "crdb": the app already has a construct with this id; each cluster needs an id of its own: it prefixes its object names and its namespace.',
  },
  { name: 'a TTL that is not whole seconds', build: (o) => void new GslbZone(base(o).app, 'z', { ...zoneProps, ttl: Duration.millis(1500) }), message: 'GslbZone "z": ttl "1500 ms" is not a whole number of seconds, which a DNS TTL is (RFC 2181 §8).' },
  { name: 'a TTL that is a number', build: (o) => void new GslbZone(base(o).app, 'z', { ...zoneProps, ttl: 30 as any }), message: 'GslbZone "z": ttl is 30, not a Duration; give e.g. ttl: Duration.seconds(30).' },

  // Accepted before, though the target rejects it or it cannot work
  { name: 'a 1e308 km link', build: () => void Latency.ofDistanceKm(1e308), message: 'Latency.ofDistanceKm: distance 1e+308 km is above 40075 km, once around the Earth at the equator (WGS 84); give kilometres.' },
  { name: 'an RTT of an hour', build: () => void Latency.ofRttMillis(3_600_000), message: 'Latency.ofRttMillis: RTT 3600000 ms is above 10000 ms, twenty times a geostationary satellite round trip (ITU-T G.114); give milliseconds.' },
  { name: 'a pod CIDR inside the site\'s own service CIDR', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { podCidrs: ['10.96.1.0/24'], serviceCidrs: ['10.96.0.0/12'] }), message: 'Site "dc-a": podCidrs entry "10.96.1.0/24" overlaps serviceCidrs entry "10.96.0.0/12" of the same site; kube-proxy sends the service range to Services, so pods there are unreachable. Give pods and services disjoint ranges.' },
  { name: 'an IPv6 pod CIDR in capitals (cdk8s-plus\'s raw error before)', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { podCidrs: ['FD00:10::/56'] }), message: 'Site "dc-a": podCidrs entry "FD00:10::/56" is an IPv6 CIDR the NetworkPolicies cannot be written with (cdk8s-plus takes lowercase hex groups and a prefix); write it as "fd00:10::/56".' },
  { name: 'an IPv4-mapped IPv6 pod CIDR', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { podCidrs: ['::ffff:10.0.0.0/104'] }), message: 'Site "dc-a": podCidrs entry "::ffff:10.0.0.0/104" is an IPv6 CIDR the NetworkPolicies cannot be written with (cdk8s-plus takes lowercase hex groups and a prefix); write it as "::ffff:a00:0/104".' },
  { name: 'two IPv4 service CIDRs', build: (o) => void new ActiveActiveSite(new MultiSiteApp({ outdir: o }), 'dc-a', { serviceCidrs: ['10.96.0.0/16', '10.97.0.0/16'] }), message: 'Site "dc-a": serviceCidrs ["10.96.0.0/16","10.97.0.0/16"] are 2 IPv4 ranges; Kubernetes takes at most one service range per IP family (kube-apiserver --service-cluster-ip-range).' },
  { name: 'an empty selector', build: () => void AnycastTarget.pods({ ...podsTarget, selector: {} }), message: 'AnycastTarget.pods: selector is empty, which selects every pod of namespace "shop"; name the labels of the pods behind the VIP.' },
  { name: 'CPU 0', build: () => void SqlEngine.cockroachDb({ cpu: Cpu.units(0) }), message: 'SqlEngine.cockroachDb: cpu "0" is not a CPU request of at least 1m (one millicore, the finest Kubernetes takes).' },
  { name: 'a negative YugabyteDB master CPU', build: () => void SqlEngine.yugabyteDb({ masterCpu: Cpu.millis(-5) }), message: 'SqlEngine.yugabyteDb: masterCpu "-5m" is not a CPU request of at least 1m (one millicore, the finest Kubernetes takes).' },
  { name: 'an empty image', build: () => void SqlEngine.galera({ image: '' }), message: 'SqlEngine.galera: image "" is not an image reference (empty or with whitespace); give e.g. "registry.example.com/db:1.2.3".' },
  { name: 'a storage class name Kubernetes rejects', build: () => void SqlEngine.cockroachDb({ storageClassName: 'Fast_SSD' }), message: 'SqlEngine.cockroachDb: storageClassName "Fast_SSD" is not a StorageClass name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'a Data Guard storage class with a space', build: (o) => void SqlEngine.oracleDataGuard({ primary: base(o).a, rpo: Duration.seconds(30), storageClassName: 'fast ssd' }), message: 'SqlEngine.oracleDataGuard: storageClassName "fast ssd" is not a StorageClass name (lowercase DNS subdomain, at most 253 characters).' },

  // Cassandra and K8ssandra's own limits (lib/engines/cassandra/option-limits.ts)
  { name: 'a Cassandra serverVersion that is no Cassandra version', build: () => void SqlEngine.cassandra({ serverVersion: '6.8.0' }), message: 'SqlEngine.cassandra: serverVersion "6.8.0" is not a Cassandra version cass-operator runs (3.11.x, 4.x.y or 5.x.y; its webhook refuses any other).' },
  { name: 'a Cassandra serverVersion "latest"', build: () => void SqlEngine.cassandra({ serverVersion: 'latest' }), message: 'SqlEngine.cassandra: serverVersion "latest" is not a Cassandra version cass-operator runs (3.11.x, 4.x.y or 5.x.y; its webhook refuses any other).' },
  { name: 'a keyspace listing one site twice', build: (o) => { const { a } = base(o); SqlEngine.cassandra({ keyspaces: [{ name: 'orders', perSite: [{ site: a, replicationFactor: 3 }, { site: a, replicationFactor: 1 }] }] }); }, message: 'SqlEngine.cassandra: keyspace orders lists site dc-a twice in perSite; a datacenter has one replication factor, give it once.' },
  { name: 'an empty k8sContext', build: (o) => { const { a } = base(o); SqlEngine.cassandra({ kubernetesContexts: [{ site: a, context: '' }] }); }, message: 'SqlEngine.cassandra: kubernetesContexts context of dc-a "" is empty; name the kubeconfig context k8ssandra-operator reaches that site\'s cluster through (a ClientConfig).' },
  { name: 'one k8sContext for two datacenters', build: (o) => { const { a, b } = base(o); SqlEngine.cassandra({ kubernetesContexts: [{ site: a, context: 'prod' }, { site: b, context: 'prod' }] }); }, message: 'SqlEngine.cassandra: kubernetesContexts gives sites dc-a and dc-b one context "prod"; each datacenter runs in its site\'s own Kubernetes cluster, so each site needs its own context.' },
  { name: 'a Cassandra zone with a space and non-ASCII', build: (o) => { const { a } = base(o); SqlEngine.cassandra({ racks: [{ site: a, zones: ['zone ä'] }] }); }, message: 'SqlEngine.cassandra: racks zone of dc-a "zone ä" is not a label value (1–63 letters, digits, \'-\', \'_\', \'.\', alphanumeric at both ends), which a topology.kubernetes.io/zone value is.' },
  { name: 'a Cassandra zone of 64 characters', build: (o) => { const { a } = base(o); SqlEngine.cassandra({ racks: [{ site: a, zones: ['z'.repeat(64)] }] }); }, message: `SqlEngine.cassandra: racks zone of dc-a "${'z'.repeat(64)}" is not a label value (1–63 letters, digits, '-', '_', '.', alphanumeric at both ends), which a topology.kubernetes.io/zone value is.` },
  { name: 'a Cassandra Secret name with capitals', build: () => void SqlEngine.cassandra({ keystorePasswordSecret: 'Keystore' }), message: 'SqlEngine.cassandra: keystorePasswordSecret "Keystore" is not a Secret name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'a Cassandra operator namespace with a dot', build: () => void SqlEngine.cassandra({ operatorNamespace: 'k8ssandra.operator' }), message: 'SqlEngine.cassandra: operatorNamespace "k8ssandra.operator" is not a namespace name (DNS label, at most 63 characters).' },
  { name: 'YugabyteDB image that is blank', build: () => void SqlEngine.yugabyteDb({ image: ' ' }), message: 'SqlEngine.yugabyteDb: image " " is not an image reference (empty or with whitespace); give e.g. "registry.example.com/db:1.2.3".' },
  { name: 'YugabyteDB replicationFactor 0', build: () => void SqlEngine.yugabyteDb({ replicationFactor: 0 }), message: 'SqlEngine.yugabyteDb: replicationFactor must be a whole number ≥ 1, got 0.' },
  { name: 'YugabyteDB placementCloud with a space', build: () => void SqlEngine.yugabyteDb({ placementCloud: 'My Cloud' }), message: 'SqlEngine.yugabyteDb: placementCloud "My Cloud" must be letters, digits, \'-\' or \'_\' (no dots: yb-admin splits cloud.region.zone on them), at most 63 characters.' },
  { name: 'YugabyteDB certificatesSecret with capitals', build: () => void SqlEngine.yugabyteDb({ certificatesSecret: 'Certs' }), message: 'SqlEngine.yugabyteDb: certificatesSecret "Certs" is not a Secret name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'YugabyteDB certManagerCaSecret with an underscore', build: () => void SqlEngine.yugabyteDb({ certManagerCaSecret: 'ca_secret' }), message: 'SqlEngine.yugabyteDb: certManagerCaSecret "ca_secret" is not a Secret name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'YugabyteDB writeHealthPasswordSecret with an underscore', build: () => void SqlEngine.yugabyteDb({ writeHealthPasswordSecret: 'write_health' }), message: 'SqlEngine.yugabyteDb: writeHealthPasswordSecret "write_health" is not a Secret name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'Cassandra writeHealthPasswordSecret with capitals', build: () => void SqlEngine.cassandra({ writeHealthPasswordSecret: 'WriteHealth' }), message: 'SqlEngine.cassandra: writeHealthPasswordSecret "WriteHealth" is not a Secret name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'YugabyteDB tserverStorageSize of 500 MiB', build: () => void SqlEngine.yugabyteDb({ tserverStorageSize: Size.mebibytes(500) }), message: 'SqlEngine.yugabyteDb: tserverStorageSize "500 MiB" is not a whole number of GiB (at least 1); volumes are sized in GiB: use Size.gibibytes(n).' },
  { name: 'YugabyteDB masterStorageSize of 1500 MiB', build: () => void SqlEngine.yugabyteDb({ masterStorageSize: Size.mebibytes(1500) }), message: 'SqlEngine.yugabyteDb: masterStorageSize "1500 MiB" is not a whole number of GiB (at least 1); volumes are sized in GiB: use Size.gibibytes(n).' },
  { name: 'YugabyteDB storageClassName with capitals', build: () => void SqlEngine.yugabyteDb({ storageClassName: 'Fast' }), message: 'SqlEngine.yugabyteDb: storageClassName "Fast" is not a StorageClass name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'YugabyteDB tserverCpu 0', build: () => void SqlEngine.yugabyteDb({ tserverCpu: Cpu.units(0) }), message: 'SqlEngine.yugabyteDb: tserverCpu "0" is not a CPU request of at least 1m (one millicore, the finest Kubernetes takes).' },
  { name: 'YugabyteDB tserverMemory of 100 MiB', build: () => void SqlEngine.yugabyteDb({ tserverMemory: Size.mebibytes(100) }), message: 'SqlEngine.yugabyteDb: tserverMemory "100 MiB" must be a whole number of MiB, at least 1024.' },
  { name: 'YugabyteDB masterMemory of 100 MiB', build: () => void SqlEngine.yugabyteDb({ masterMemory: Size.mebibytes(100) }), message: 'SqlEngine.yugabyteDb: masterMemory "100 MiB" must be a whole number of MiB, at least 1024.' },
  { name: 'YugabyteDB sqlClientNamespaces with capitals', build: () => void SqlEngine.yugabyteDb({ sqlClientNamespaces: ['Shop'] }), message: 'SqlEngine.yugabyteDb: sqlClientNamespaces entry "Shop" is not a namespace name (DNS label, at most 63 characters).' },
  { name: 'Cassandra readConsistency that is no level', build: () => void SqlEngine.cassandra({ readConsistency: 'FOO' as any }), message: 'SqlEngine.cassandra: readConsistency FOO is not a consistency level; use one of ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM, EACH_QUORUM, SERIAL, LOCAL_SERIAL.' },
  { name: 'Cassandra storageSize of 10 MiB', build: () => void SqlEngine.cassandra({ storageSize: Size.mebibytes(10) }), message: 'SqlEngine.cassandra: storageSize "10 MiB" is not a whole number of GiB (at least 1); volumes are sized in GiB: use Size.gibibytes(n).' },
  { name: 'Cassandra storageClassName with a space', build: () => void SqlEngine.cassandra({ storageClassName: 'A B' }), message: 'SqlEngine.cassandra: storageClassName "A B" is not a StorageClass name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'Cassandra cpu 0m', build: () => void SqlEngine.cassandra({ cpu: Cpu.millis(0) }), message: 'SqlEngine.cassandra: cpu "0m" is not a CPU request of at least 1m (one millicore, the finest Kubernetes takes).' },
  { name: 'Cassandra memory of 10 MiB', build: () => void SqlEngine.cassandra({ memory: Size.mebibytes(10) }), message: 'SqlEngine.cassandra: memory "10 MiB" must be a whole number of MiB, at least 1024.' },
  { name: 'Cassandra certManagerCaSecret with capitals', build: () => void SqlEngine.cassandra({ certManagerCaSecret: 'CA' }), message: 'SqlEngine.cassandra: certManagerCaSecret "CA" is not a Secret name (lowercase DNS subdomain, at most 253 characters).' },
  { name: 'Cassandra controlPlane that is no site', build: () => void SqlEngine.cassandra({ controlPlane: {} as any }), message: 'SqlEngine (Apache Cassandra (K8ssandra)): an option names a site that is [object Object]; every site option takes an ActiveActiveSite or WitnessSite of the app.' },
  { name: 'Cassandra keyspace replicationFactor -1', build: () => void SqlEngine.cassandra({ keyspaces: [{ name: 'orders', replicationFactor: -1 }] }), message: 'SqlEngine.cassandra: keyspace orders replicationFactor -1 is not a whole number ≥ 0 (replicas per datacenter).' },
  { name: 'Data Guard without options', build: () => void SqlEngine.oracleDataGuard(undefined as any), message: 'SqlEngine (Oracle Data Guard): options are undefined, not an object of settings.' },
  { name: 'Data Guard without a primary', build: () => void SqlEngine.oracleDataGuard({} as any), message: 'SqlEngine.oracleDataGuard: primary is undefined, not a site; give the ActiveActiveSite that holds the primary database.' },
  { name: 'a site label key with a space', build: () => void DeploymentShape.stretchedCluster({ siteLabel: Topology.custom('bad key') }), message: 'DeploymentShape.stretchedCluster: siteLabel "bad key" is not a label key ([prefix/]name: a DNS subdomain prefix, then 1–63 letters, digits, \'-\', \'_\', \'.\'), which a node label key is.' },
  { name: 'an anycast router without a site', build: (o) => void new AnycastVip(base(o).app, 'vip', { address: '192.0.2.80', target: AnycastTarget.pods(podsTarget), localAsn: 64512, routers: [{ address: '192.0.2.1', asn: 64513 } as any] }), message: 'AnycastVip "vip": routers[0].site is undefined, not a site; give the ActiveActiveSite whose nodes peer with router 192.0.2.1.' },
  {
    name: 'a Cassandra rack whose StatefulSet name cass-operator cannot run',
    build: (o) => {
      const app = new MultiSiteApp({ outdir: o, shape: DeploymentShape.clusterPerSite() });
      const sites = ['dc-a', 'dc-b', 'dc-c'].map((n, i) => new ActiveActiveSite(app, n, { clusterDomain: `${n}.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `192.0.2.${i + 1}` }));
      const control = new WitnessSite(app, 'control', { clusterDomain: 'control.example', podCidrs: ['10.99.0.0/16'] });
      const all = [...sites, control];
      for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) app.addLink(all[i], all[j], Latency.ofRttMillis(10));
      new DistributedSqlCluster(app, 'orders', {
        engine: SqlEngine.cassandra({ racks: [{ site: sites[0], zones: ['Zone_1'] }] }),
        placement: sites.map((site) => ({ site, voters: 3 })),
      });
      return app;
    },
    message: '[ERROR] MS-CASSANDRA-STATEFULSET-NAMES at orders: the StatefulSet of rack Zone_1 in dc-a, orders-dc-a-Zone_1-sts, is not a DNS subdomain (lowercase letters, digits, \'-\' and \'.\').',
  },
  { name: 'a Cassandra client namespace with capitals', build: () => void SqlEngine.cassandra({ clientNamespaces: ['Shop'] }), message: 'SqlEngine.cassandra: clientNamespaces entry "Shop" is not a namespace name (DNS label, at most 63 characters).' },
];

describe('bad input is refused with a message naming the value, the construct and the limit, and nothing is written', () => {
  test('there are at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const outdir = tempOutdir();
    fs.rmSync(outdir, { recursive: true });
    const userFilesBefore = treeHashes(project.root);
    let thrown: Error | undefined;
    try {
      const app = c.build(outdir);
      app?.synth();
    } catch (e) {
      thrown = e as Error;
    }
    expect(thrown).toBeDefined();
    if (c.message.startsWith('[ERROR]')) {
      expect(thrown!.message).toMatch(/^cdk-multisite refused this design: /);
      expect(thrown!.message.split('\n')).toContain(c.message);
    } else {
      expect(thrown!.message).toBe(c.message);
    }
    expect(fs.existsSync(outdir)).toBe(false);
    expect(treeHashes(project.root)).toEqual(userFilesBefore);
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s, over a last good output and a user\'s files: every file byte-identical', (_name, c) => {
    const before = treeHashes(project.root);
    expect(() => {
      const app = c.build(project.outdir);
      app?.synth();
    }).toThrow();
    expect(treeHashes(project.root)).toEqual(before);
  });
});

/** A user's project: their files, and the last good output of the lab (with Terraform's working files beside a stack). */
const project = (() => {
  const root = tempOutdir();
  const outdir = path.join(root, 'dist');
  fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "my-sites" }\n');
  fs.writeFileSync(path.join(root, 'notes.md'), '# what we decided\n');
  labDesign(outdir).synth();
  return { root, outdir };
})();

describe('a limit applies only where its reason does', () => {
  test('the IPv6 pod CIDR a refusal suggests is taken', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    expect(() => new ActiveActiveSite(app, 'dc-a', { podCidrs: ['fd00:10::/56'] })).not.toThrow();
    expect(() => new ActiveActiveSite(app, 'dc-b', { podCidrs: ['::ffff:a00:0/104'] })).not.toThrow();
  });

  test('the 500-member join-list limit does not refuse Cassandra, whose nodes find each other through seeds', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
    const sites = ['dc-a', 'dc-b', 'dc-c'].map((n, i) => new ActiveActiveSite(app, n, { clusterDomain: `${n}.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `192.0.2.${i + 1}` }));
    const control = new WitnessSite(app, 'control', { clusterDomain: 'control.example', podCidrs: ['10.99.0.0/16'] });
    const all = [...sites, control];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) app.addLink(all[i], all[j], Latency.ofRttMillis(10));
    expect(() => new DistributedSqlCluster(app, 'cass', { engine: SqlEngine.cassandra(), placement: sites.map((site) => ({ site, voters: 200 })) })).not.toThrow();
    expect(app.check().filter((f) => f.severity === 'error')).toEqual([]);
  });
});
