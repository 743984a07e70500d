import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { perClusterLabDesign } from '../examples/lab-per-cluster/design';
import {
  ActiveActiveSite, DeploymentShape, GslbStrategy, GslbTarget, GslbZone, Latency, MultiSiteApp, WitnessSite,
} from '../lib';
import { findObject, readObjects, readTree, tempOutdir } from './support/designs';
import { schemasAvailable, schemasDir } from './support/schema-validator';

const outdir = tempOutdir();
perClusterLabDesign(outdir).synth();
const files = readTree(outdir);
const objects = readObjects(outdir);

describe('GslbZone in the per-cluster lab', () => {
  test('k8gb Gslb objects exist for dc-a and dc-b only, never for the witness', () => {
    const gslbs = objects.filter((o) => o.obj.kind === 'Gslb');
    expect(gslbs.map((o) => o.file)).toEqual(['dc-a/shop/gslb-shop-app-global.yaml', 'dc-b/shop/gslb-shop-app-global.yaml']);
    expect([...files.keys()].filter((f) => f.startsWith('dc-witness/') && /gslb|k8gb/.test(f))).toEqual([]);
  });

  test('the Gslb of a host that writes to crdb refers to the write-health Ingress, beside it, with the zone\'s strategy and TTL', () => {
    const gslb = findObject(objects, 'Gslb', 'shop-app-global', 'dc-a');
    expect(gslb.apiVersion).toBe('k8gb.io/v1beta1');
    expect(gslb.metadata.namespace).toBe('shop');
    expect(gslb.spec).toEqual({
      resourceRef: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'shop-app-global-write-health' },
      serviceHealthPolicy: 'All',
      strategy: { type: 'roundRobin', dnsTtlSeconds: 30 },
    });
    // k8gb judges the host by every Service behind that Ingress (policy All): the write-health
    // Service, whose one pod is ready while a dc-a node answers /health?ready=1, and the shop's own.
    const ingress = findObject(objects, 'Ingress', 'shop-app-global-write-health', 'dc-a');
    expect(ingress.spec.rules).toEqual([{
      host: 'shop.app.global.example.com',
      http: {
        paths: [
          { path: '/.well-known/cdk-multisite/write-health', pathType: 'Exact', backend: { service: { name: 'shop-app-global-write-health', port: { number: 8080 } } } },
          { path: '/.well-known/cdk-multisite/app-health/shop', pathType: 'Exact', backend: { service: { name: 'shop', port: { number: 80 } } } },
        ],
      },
    }]);
    const deployment = findObject(objects, 'Deployment', 'shop-app-global-write-health', 'dc-a');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.readinessProbe.exec.command).toEqual(['curl', '--fail', '--silent', '--show-error', '--insecure', '--max-time', '3',
      'https://crdb-public.crdb.svc.dc-a.cluster.example:8080/health?ready=1']);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    const service = findObject(objects, 'Service', 'shop-app-global-write-health', 'dc-a');
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
  });

  const values = (site: string) => parse(files.get(`${site}/k8gb-values.yaml`)!);

  test('the values files agree on zones and list each other\'s geo tags; Terraform owns the delegation', () => {
    const a = values('dc-a');
    const b = values('dc-b');
    expect(a.k8gb.dnsZones).toEqual(b.k8gb.dnsZones);
    expect(a.k8gb.dnsZones).toEqual([{ parentZone: 'example.com', loadBalancedZone: 'app.global.example.com', dnsZoneNegTTL: 30 }]);
    expect([a.k8gb.clusterGeoTag, b.k8gb.clusterGeoTag]).toEqual(['dc-a', 'dc-b']);
    expect(a.k8gb.extGslbClustersGeoTags.split(',')).toContain('dc-b');
    expect(b.k8gb.extGslbClustersGeoTags.split(',')).toContain('dc-a');
    expect(a.extdns).toEqual({ enabled: false });
    expect(a.coredns).toEqual({ serviceType: 'LoadBalancer', service: { loadBalancerIP: '198.51.100.53' } });
    expect(b.coredns.service.loadBalancerIP).toBe('203.0.113.53');
    expect(files.get('dc-a/k8gb-values.yaml')).toMatch(/^# k8gb v0\.20\.0 values for site dc-a/);
    expect(files.get('dc-a/kustomization.yaml')).not.toContain('k8gb-values.yaml');
  });

  (schemasAvailable() ? test : test.skip)('the values files, merged over the chart defaults as Helm does, validate against the chart\'s values.schema.json', () => {
    const helmDir = path.join(schemasDir(), 'helm/k8gb');
    const schema = JSON.parse(fs.readFileSync(path.join(helmDir, 'values.schema.json'), 'utf-8'));
    const defaults = parse(fs.readFileSync(path.join(helmDir, 'values.yaml'), 'utf-8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat('idn-hostname', /^[a-z0-9.-]+$/);
    const validate = ajv.compile(schema);
    for (const site of ['dc-a', 'dc-b']) {
      const merged = helmMerge(defaults, values(site));
      expect(validate(merged) ? [] : validate.errors).toEqual([]);
    }
    // The check can fail: a key the chart does not know is refused.
    expect(validate(helmMerge(defaults, { k8gb: { edgeDNSServer: '1.1.1.1' } }))).toBe(false);
  });

  test('Terraform: NS record set for the zone and one glue A record per serving site, no health check that guards nothing', () => {
    const stack = JSON.parse(files.get('terraform/app-global/cdk.tf.json')!);
    const records = stack.resource.aws_route53_record;
    expect(records.delegation).toMatchObject({
      name: 'app.global.example.com',
      type: 'NS',
      ttl: 30,
      records: ['gslb-ns-dc-a-app-global.example.com', 'gslb-ns-dc-b-app-global.example.com'],
    });
    expect(records['glue-dc-a']).toMatchObject({ name: 'gslb-ns-dc-a-app-global.example.com', type: 'A', records: ['198.51.100.53'] });
    expect(records['glue-dc-b']).toMatchObject({ name: 'gslb-ns-dc-b-app-global.example.com', type: 'A', records: ['203.0.113.53'] });
    // Route 53 health checks guard only records with a routing policy; NS and glue use simple routing.
    expect(stack.resource.aws_route53_health_check).toBeUndefined();
    expect(stack.data.aws_route53_zone.parent).toMatchObject({ name: 'example.com', private_zone: false });
    // The state lives outside the output folder, so no synth replaces it (see test/slow/terraform-state.test.ts).
    expect(stack.terraform.backend.local.path).toBe('../../../.terraform-state/app-global.tfstate');
    expect(stack.terraform.required_providers.aws).toMatchObject({ source: 'aws', version: '5.100.0' });
    expect(JSON.stringify(stack)).not.toMatch(/access_key|secret_key|endpoint/);
  });

  test('the report has the DNS rows: what the zone answers after each site loss, and for how long clients keep the dead one', () => {
    const report = files.get('REPORT.md')!;
    expect(report).toContain('| dc-a | dc-b | 30 s by the TTL, longer where resolvers or clients ignore it: clients must retry |');
    expect(report).toContain('| dc-b | dc-a | 30 s by the TTL, longer where resolvers or clients ignore it: clients must retry |');
    // The witness serves no answers: no row for it, one sentence for every such site.
    expect(report).not.toMatch(/^\| dc-witness \| dc-a, dc-b \|/m);
    expect(report).toContain('Losing a site that does not serve the zone leaves the answers as they are.');
  });

  test('snapshot of the GSLB output', () => {
    const gslbFiles = [...files].filter(([f]) => f.startsWith('terraform/app-global/') || /gslb|k8gb/.test(f));
    expect(Object.fromEntries(gslbFiles)).toMatchSnapshot();
  });
});

/** Helm's merge of a values file over the chart defaults: maps merge, everything else replaces. */
function helmMerge(base: any, over: any): any {
  if (!isMap(base) || !isMap(over)) return over;
  const out: any = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? helmMerge(base[k], v) : v;
  return out;
}

function isMap(x: any): boolean {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

describe('GSLB designs that fail with a site are refused', () => {
  function design(configure: (app: MultiSiteApp, a: ActiveActiveSite, b: ActiveActiveSite, w: WitnessSite) => void): MultiSiteApp {
    const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
    const a = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'a.example', dnsAddress: '198.51.100.1' });
    const b = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'b.example', dnsAddress: '198.51.100.2' });
    const w = new WitnessSite(app, 'dc-witness', { clusterDomain: 'w.example' });
    app.addLink(a, b, Latency.ofRttMillis(2));
    configure(app, a, b, w);
    return app;
  }
  const zoneProps = { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'] };
  const refusal = (app: MultiSiteApp) => {
    expect(() => app.synth()).toThrow(/refused/);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
    return app.check().filter((f) => f.severity === 'error');
  };

  test('a zone served from one active site', () => {
    const errors = refusal(design((app, a) => new GslbZone(app, 'z', { ...zoneProps, sites: [a] })));
    expect(errors.map((e) => e.ruleId)).toEqual(['MS-GSLB-SINGLE-SITE']);
    expect(errors[0].message).toBe('app.global.example.com is served from 1 active site(s) (dc-a).');
  });

  test('a failover primary that is the witness', () => {
    const errors = refusal(design((app, _a, _b, w) => new GslbZone(app, 'z', { ...zoneProps, strategy: GslbStrategy.failover(w) })));
    expect(errors.map((e) => `${e.ruleId} ${e.message}`)).toEqual(['MS-GSLB-FAILOVER-PRIMARY the failover primary dc-witness is a witness site.']);
  });

  test('a weight for a site that does not serve the zone', () => {
    const errors = refusal(design((app, a, b, w) => new GslbZone(app, 'z', {
      ...zoneProps,
      strategy: GslbStrategy.weighted([{ site: a, weight: 80 }, { site: b, weight: 20 }, { site: w, weight: 10 }]),
    })));
    expect(errors.map((e) => `${e.ruleId} ${e.message}`)).toEqual(['MS-GSLB-WEIGHTS a weight is given for dc-witness, which does not serve app.global.example.com.']);
  });

  test('a serving site without a glue address', () => {
    const errors = refusal(design((app) => {
      const c = new ActiveActiveSite(app, 'dc-c', { clusterDomain: 'c.example' });
      void c;
      new GslbZone(app, 'z', zoneProps);
    }));
    expect(errors.map((e) => `${e.ruleId} at ${e.path}: ${e.message}`)).toEqual([
      'MS-GSLB-GLUE-ADDRESS at dc-c: dc-c serves app.global.example.com but has no dnsAddress for its k8gb CoreDNS.',
    ]);
  });

  test('a zone on a stretched cluster', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    new ActiveActiveSite(app, 'dc-a', { dnsAddress: '198.51.100.1' });
    new ActiveActiveSite(app, 'dc-b', { dnsAddress: '198.51.100.2' });
    new GslbZone(app, 'z', zoneProps);
    expect(refusal(app).map((e) => e.ruleId)).toEqual(['MS-GSLB-CLUSTER-PER-SITE']);
  });

  test('geo tags are unique', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
    new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'a.example', dnsAddress: '198.51.100.1', geoTag: 'eu' });
    new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'b.example', dnsAddress: '198.51.100.2', geoTag: 'eu' });
    new GslbZone(app, 'z', zoneProps);
    expect(refusal(app).map((e) => `${e.ruleId} ${e.message}`)).toEqual(['MS-GSLB-GEOTAG-UNIQUE sites dc-a, dc-b share geo tag eu.']);
  });

  test('a TTL above 60 s is a warning that says clients cache past it and must retry', () => {
    const app = design((a) => new GslbZone(a, 'z', { ...zoneProps, ttl: Duration.minutes(5) }));
    const warnings = app.check();
    expect(warnings.map((w) => `${w.severity} ${w.ruleId}`)).toEqual(['warning MS-GSLB-TTL']);
    expect(warnings[0].why).toContain('resolvers and clients keep its address for the TTL and often longer');
    expect(warnings[0].fix).toContain('make clients retry');
  });

  test('props that are wrong on their own throw at once', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    expect(() => new GslbZone(app, 'z1', { ...zoneProps, zone: 'app.other.org' })).toThrow('zone app.other.org is not inside parentZone example.com');
    expect(() => new GslbZone(app, 'z2', { ...zoneProps, edgeDnsServers: [] })).toThrow('edgeDnsServers is empty');
    const zone = new GslbZone(app, 'z3', zoneProps);
    zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.service('shop') });
    expect(() => zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('x') })).toThrow('host shop is already published');
    expect(() => new ActiveActiveSite(app, 'dc-a', { dnsAddress: '2001:db8::1' })).toThrow('is not an IPv4 address');
    const site = new ActiveActiveSite(app, 'dc-b');
    expect(() => GslbStrategy.weighted([{ site, weight: 1001 }])).toThrow('0–1000');
  });
});

describe('k8gb names clusters by geo tag, not by site name', () => {
  function synthWith(strategy: (a: ActiveActiveSite, b: ActiveActiveSite) => GslbStrategy) {
    const dir = tempOutdir();
    const app = new MultiSiteApp({ outdir: dir, shape: DeploymentShape.clusterPerSite() });
    const a = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'a.example', dnsAddress: '198.51.100.1', geoTag: 'eu-west' });
    const b = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'b.example', dnsAddress: '198.51.100.2', geoTag: 'eu-north' });
    app.addLink(a, b, Latency.ofRttMillis(2));
    const zone = new GslbZone(app, 'z', { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'], strategy: strategy(a, b) });
    zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop') });
    app.synth();
    const tree = readTree(dir);
    const objs = readObjects(dir);
    const clusterGeoTags = ['dc-a', 'dc-b'].map((s) => parse(tree.get(`${s}/k8gb-values.yaml`)!).k8gb.clusterGeoTag);
    const strategies = ['dc-a', 'dc-b'].map((s) => findObject(objs, 'Gslb', 'shop-z', s).spec.strategy);
    return { clusterGeoTags, strategies };
  }

  test('failover: primaryGeoTag is the primary site\'s geo tag, one of the clusters\' clusterGeoTag', () => {
    const { clusterGeoTags, strategies } = synthWith((a) => GslbStrategy.failover(a));
    expect(clusterGeoTags).toEqual(['eu-west', 'eu-north']);
    for (const s of strategies) {
      expect(s).toEqual({ type: 'failover', dnsTtlSeconds: 30, primaryGeoTag: 'eu-west' });
      expect(clusterGeoTags).toContain(s.primaryGeoTag);
    }
  });

  test('weighted: the weights are keyed by the clusters\' geo tags', () => {
    const { clusterGeoTags, strategies } = synthWith((a, b) => GslbStrategy.weighted([{ site: a, weight: 80 }, { site: b, weight: 20 }]));
    for (const s of strategies) {
      expect(s.weight).toEqual({ 'eu-west': 80, 'eu-north': 20 });
      expect(Object.keys(s.weight).sort()).toEqual([...clusterGeoTags].sort());
    }
  });
});
