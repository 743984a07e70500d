/**
 * The failing case: the metro design with its arbitrator taken out. Built from the metro design
 * itself (same app, sites, links, shape, engine and data-node placement), so nothing is
 * re-typed: the Galera cluster is removed and declared again with the same id, engine and
 * placement, less every arbitrator.
 */
import { galeraMetroDesign } from '../../examples/galera-metro/design';
import { DistributedSqlCluster, Finding, MultiSiteApp, Severity } from '../../lib';

/** The metro design without garbd, unsynthesized (it cannot be: the library refuses it). */
export function metroWithoutArbitrator(outdir: string): MultiSiteApp {
  const app = galeraMetroDesign(outdir);
  const clusters = app.node.findAll().filter((c): c is DistributedSqlCluster => c instanceof DistributedSqlCluster);
  if (clusters.length !== 1) throw new Error(`expected one cluster in the metro design, found ${clusters.length}`);
  const original = clusters[0];
  const placement = original.placement
    .map((p) => ({ site: p.site, voters: p.voters ?? 0 }))
    .filter((p) => p.voters > 0);
  const id = original.node.id;
  const scope = original.node.scope!;
  if (!scope.node.tryRemoveChild(id)) throw new Error(`could not remove ${original.node.path}`);
  new DistributedSqlCluster(scope, id, { engine: original.engine, namespace: original.namespace, placement });
  return app;
}

/** The library's verdict on losing `lost`, from MS-QUORUM-SITE-LOSS ("losing X leaves L of the T votes …; a majority needs Q."). */
export interface Verdict {
  readonly errors: Finding[];
  readonly lossFinding?: Finding;
  readonly votesLeft?: number;
  readonly total?: number;
  readonly quorum?: number;
}

export function verdictOnLosing(app: MultiSiteApp, lost: string): Verdict {
  const errors = app.check().filter((f) => f.severity === Severity.ERROR && !f.acknowledgedBecause);
  const lossFinding = errors.find((f) => f.ruleId === 'MS-QUORUM-SITE-LOSS' && f.message.startsWith(`losing ${lost} `));
  const m = lossFinding && /leaves (\d+) of the (\d+) votes.*a majority needs (\d+)/.exec(lossFinding.message);
  return {
    errors,
    lossFinding,
    votesLeft: m ? Number(m[1]) : undefined,
    total: m ? Number(m[2]) : undefined,
    quorum: m ? Number(m[3]) : undefined,
  };
}
