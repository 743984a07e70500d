import { backupsDesign } from '../examples/backups/design';
import { dataGuardDrDesign } from '../examples/data-guard-dr/design';
import { galeraMetroDesign } from '../examples/galera-metro/design';
import { galeraSingleWriterDesign } from '../examples/galera-single-writer/design';
import { labDesign } from '../examples/lab/design';
import { perClusterLabDesign } from '../examples/lab-per-cluster/design';
import { yugabyteThreeRegionsDesign } from '../examples/yugabytedb-three-regions/design';
import { Acknowledge } from '../lib';
import { cockroachDesign, perClusterLab, readObjects, tempOutdir } from './support/designs';
import { formatProblems, schemasAvailable, schemasDir, validateManifest } from './support/schema-validator';

/** Designs whose every written object must validate strictly against the upstream schemas. */
const designs: Record<string, (outdir: string) => { synth(): void }> = {
  'seed-000 lab (stretched)': labDesign,
  'lab, one cluster per site': perClusterLab,
  'example: lab per cluster with GSLB': perClusterLabDesign,
  'example: Galera metro': galeraMetroDesign,
  'example: Galera single writer': galeraSingleWriterDesign,
  'example: Data Guard DR': dataGuardDrDesign,
  'example: YugabyteDB in three regions': yugabyteThreeRegionsDesign,
  'example: backups for CockroachDB and Galera': backupsDesign,
  'insecure lab with 3 sites of 3 nodes': (outdir) => {
    const app = cockroachDesign(outdir, [{ name: 'a', voters: 3 }, { name: 'b', voters: 3 }, { name: 'c', witness: true, voters: 3 }], 5);
    Acknowledge.rule(app, 'MS-INSECURE-CLUSTER', 'schema test of the insecure variant');
    return app;
  },
};

if (!schemasAvailable()) {
  if (process.env.CI === 'true') {
    test('upstream schemas are required under CI', () => {
      throw new Error(`Schemas not found in ${schemasDir()}: the output schema suite cannot run, and CI must not pass without it.`);
    });
  } else {
    test.skip(`output schema suite NOT RUN: upstream schemas not found in ${schemasDir()} (this fails under CI=true)`, () => {});
  }
} else {
  describe.each(Object.keys(designs))('%s', (name) => {
    const outdir = tempOutdir();
    designs[name](outdir).synth();
    const objects = readObjects(outdir);

    test('writes objects', () => {
      expect(objects.length).toBeGreaterThanOrEqual(5);
    });

    test.each(objects.map((o) => [`${o.file}`, o.obj]))('%s validates strictly', (_file, obj) => {
      expect(formatProblems(validateManifest(obj))).toBe('');
    });
  });
}
