import { IConstruct } from 'constructs';
import { perClusterLabDesign } from '../examples/lab-per-cluster/design';
import { ActiveActiveSite, DistributedSqlCluster, GslbZone, MultiSiteApp } from '../lib';
import { tempOutdir } from './support/designs';

// build-design maps each closed set the constructs hold (an enum, or an enum-like class's kind) to
// the model. A value it does not list must be refused, naming where, not become another value:
// an unknown GSLB strategy used to become round robin, an unknown delegation Terraform's.
// The values below are what a Python user (or a newer construct) can hand in past the types.

/** The first construct of `type` in the app. */
function first<T extends IConstruct>(app: MultiSiteApp, type: abstract new (...args: any[]) => T): T {
  return app.node.findAll().find((c): c is T => c instanceof type)!;
}

/** Sets a readonly field, as a caller past the type checker can. */
function force(target: object, field: string, value: unknown): void {
  Object.defineProperty(target, field, { value, configurable: true });
}

const cases: [string, (app: MultiSiteApp) => void, RegExp][] = [
  ['GSLB strategy', (app) => force(first(app, GslbZone).strategy, '_kind', 'nearest'), /app-global: strategy "nearest" is not one this version knows \("roundRobin", "geoip", "failover", "weighted"\)/],
  ['zone delegation', (app) => force(first(app, GslbZone).delegation, '_owner', 'route53'), /: delegation "route53" is not one this version knows \("terraform", "k8gb-external-dns"\)/],
  ['GSLB target kind', (app) => force(first(app, GslbZone)._hosts[0].target, '_kind', 'Gateway'), /host "[a-z-]+": target "Gateway" is not one this version knows \("Ingress", "Service"\)/],
  ['site role', (app) => force(first(app, ActiveActiveSite), 'role', 'standby'), /dc-a: role "standby" is not one this version knows \("active", "witness"\)/],
  ['node spread', (app) => force(first(app, DistributedSqlCluster), 'spreadOverNodes', 'strict'), /: spreadOverNodes "strict" is not one this version knows \("preferred", "required"\)/],
  ['shape', (app) => force((app as any).shape, '_kind', 'federated'), /: shape "federated" is not one this version knows \("stretched", "cluster-per-site"\)/],
];

test.each(cases)('an unknown %s is refused with the construct path, the value and the known values', (_what, spoil, message) => {
  const app = perClusterLabDesign(tempOutdir());
  spoil(app);
  expect(() => app.synth()).toThrow(message);
});

test('the lab as written synthesizes (the spoiled fields are the ones read)', () => {
  expect(() => perClusterLabDesign(tempOutdir()).synth()).not.toThrow();
});
