import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import {
  ActiveActiveSite,
  DeploymentShape,
  DistributedSqlCluster,
  Latency,
  MultiSiteApp,
  Site,
  SqlEngine,
  WitnessSite,
} from '../../lib';
import { OUTPUT_RECORD } from '../../lib/synth/write-atomically';

export { tempOutdir } from './temp-outdirs';

/** The lab as production usually runs it: one Kubernetes cluster per site. */
export function perClusterLab(outdir: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const dcA = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'dc-a.example.internal', podCidrs: ['10.10.0.0/16'], clusterDnsAddress: '10.0.1.53' });
  const dcB = new ActiveActiveSite(app, 'dc-b', {
    clusterDomain: 'dc-b.example.internal', podCidrs: ['10.20.0.0/16', 'fd00:20::/56'], clusterDnsAddress: '10.0.2.53',
  });
  const witness = new WitnessSite(app, 'dc-witness', {
    clusterDomain: 'dc-witness.example.internal', podCidrs: ['10.30.0.0/16'], clusterDnsAddress: '10.0.3.53',
  });
  app.addLink(dcA, dcB, Latency.ofRttMillis(2));
  app.addLink(dcA, witness, Latency.ofRttMillis(4));
  app.addLink(dcB, witness, Latency.ofRttMillis(4));
  new DistributedSqlCluster(app, 'crdb', {
    engine: SqlEngine.cockroachDb({ replicationFactor: 5, sqlClientNamespaces: ['shop'] }),
    placement: [{ site: dcA, voters: 2 }, { site: dcB, voters: 2 }, { site: witness, voters: 1 }],
  });
  return app;
}

/** What a test says about one site: active or witness, and voters there. */
export interface SiteSpec {
  readonly name: string;
  readonly witness?: boolean;
  readonly voters: number;
}

/**
 * A CockroachDB design over the given sites (fully linked at 2 ms, so only quorum rules can
 * fire), with the given replication factor.
 */
export function cockroachDesign(
  outdir: string,
  sites: readonly SiteSpec[],
  replicationFactor = 3,
  shape = DeploymentShape.stretchedCluster(),
): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape });
  const made: Site[] = sites.map((s, i) => s.witness
    ? new WitnessSite(app, s.name, { clusterDomain: `${s.name}.example`, podCidrs: [`10.${i}.0.0/16`] })
    : new ActiveActiveSite(app, s.name, { clusterDomain: `${s.name}.example`, podCidrs: [`10.${i}.0.0/16`] }));
  for (let i = 0; i < made.length; i++) {
    for (let j = i + 1; j < made.length; j++) app.addLink(made[i], made[j], Latency.ofRttMillis(2));
  }
  const placement = sites.map((s, i) => ({ site: made[i], voters: s.voters })).filter((p) => p.voters > 0);
  new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb({ replicationFactor }), placement });
  return app;
}

/** Every file under `dir` but synth's record of what it wrote, relative path → content, sorted. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (d === dir && e.name === OUTPUT_RECORD) continue; // synth's record of its files, not an output
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf-8'));
    }
  };
  walk(dir);
  return out;
}

/** Every Kubernetes object written under `dir`: the resources each folder's kustomization lists. */
export function readObjects(dir: string): { file: string; obj: any }[] {
  const tree = readTree(dir);
  const out: { file: string; obj: any }[] = [];
  for (const [file, text] of tree) {
    if (!file.endsWith('/kustomization.yaml')) continue;
    const folder = path.dirname(file);
    for (const resource of parse(text).resources as string[]) {
      const rel = `${folder}/${resource}`;
      for (const doc of parseAllDocuments(tree.get(rel)!)) out.push({ file: rel, obj: doc.toJSON() });
    }
  }
  return out;
}

/** The one object of a kind and name; fails the test when absent. */
export function findObject(objects: { file: string; obj: any }[], kind: string, name: string, folder?: string): any {
  const found = objects.filter((o) => o.obj.kind === kind && o.obj.metadata?.name === name && (folder === undefined || o.file.startsWith(`${folder}/`)));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}${folder ? ` in ${folder}` : ''}, found ${found.length}`);
  return found[0].obj;
}
