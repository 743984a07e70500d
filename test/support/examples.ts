import { backupsDesign } from '../../examples/backups/design';
import { cassandraMultiDcDesign } from '../../examples/cassandra-multi-dc/design';
import { dataGuardDrDesign } from '../../examples/data-guard-dr/design';
import { drTwoRegionsDesign } from '../../examples/dr-two-regions/design';
import { galeraMetroDesign } from '../../examples/galera-metro/design';
import { galeraSingleWriterDesign } from '../../examples/galera-single-writer/design';
import { labDesign } from '../../examples/lab/design';
import { perClusterLabDesign } from '../../examples/lab-per-cluster/design';
import { yugabyteThreeRegionsDesign } from '../../examples/yugabytedb-three-regions/design';
import { MultiSiteApp } from '../../lib';

/** Every runnable example's design, by the example's folder name. */
export const EXAMPLE_DESIGNS: Record<string, (outdir: string) => MultiSiteApp> = {
  'lab': labDesign,
  'lab-per-cluster': perClusterLabDesign,
  'galera-metro': galeraMetroDesign,
  'galera-single-writer': galeraSingleWriterDesign,
  'data-guard-dr': dataGuardDrDesign,
  'yugabytedb-three-regions': yugabyteThreeRegionsDesign,
  'dr-two-regions': (outdir) => drTwoRegionsDesign(outdir),
  'cassandra-multi-dc': cassandraMultiDcDesign,
  'backups': backupsDesign,
};

/** Whether the library wrote `obj` (not the app's own objects in a site chart). */
export function managedByLibrary(obj: any): boolean {
  return obj?.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'cdk-multisite';
}
