import * as fs from 'fs';
import * as path from 'path';
import { findObject, readObjects, tempOutdir } from './support/designs';
import { writeHealthDesign } from './support/write-health-designs';
import { OUTPUT_RECORD } from '../lib/synth/write-atomically';

/** Stderr is where warnings go. */
beforeAll(() => jest.spyOn(process.stderr, 'write').mockImplementation(() => true));

/**
 * The write-health design (Cassandra in dc-a, dc-b, dc-c, a GSLB host depending on it), synthesized
 * over a previous design record in which the cluster ran in dc-a and dc-b only, with the host.
 */
function rolloutAfterAddingDc(): { rollout: string; cql: string } {
  const outdir = tempOutdir();
  writeHealthDesign(outdir, 'cassandra').synth();
  const file = path.join(outdir, OUTPUT_RECORD);
  const record = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const cluster = record.design.clusters[0];
  expect(cluster.writeHealthHosts.length).toBeGreaterThan(0);
  cluster.members = cluster.members.filter((m: any) => m.site !== 'dc-c');
  const dcs = cluster.identity.find((i: any) => i.name === 'datacenter names');
  dcs.value = 'dc-a, dc-b';
  fs.writeFileSync(file, JSON.stringify(record));
  writeHealthDesign(outdir, 'cassandra').synth();
  return { rollout: fs.readFileSync(path.join(outdir, 'ROLLOUT.md'), 'utf-8'), cql: fs.readFileSync(path.join(outdir, 'WRITE-HEALTH-cass.cql'), 'utf-8') };
}

// Mutations (checked by hand): without CASSANDRA_CHANGES.sitesAdded the first test fails; without
// write_health in the annotation (lib/engines/cassandra/writer.ts) the second does.
test('a Cassandra datacenter added under a GSLB host: ROLLOUT.md re-runs WRITE-HEALTH-<cluster>.cql once its nodes are up', () => {
  const { rollout, cql } = rolloutAfterAddingDc();
  const steps = rollout.split(/\n(?=\d+\. \*\*)/);
  const adds = steps.map((s, i) => (/^\d+\. \*\*add member in dc-c\*\*/.test(s) ? i : -1)).filter((i) => i >= 0);
  expect(adds).toHaveLength(3);
  const rerun = steps.findIndex((s) => s.includes('run WRITE-HEALTH-cass.cql again'));
  // After the last node of dc-c is added (the rerun is that step's `then`), in no other step.
  expect(rerun).toBe(adds[2]);
  expect(steps.filter((s) => s.includes('WRITE-HEALTH-cass.cql'))).toHaveLength(1);
  expect(steps[rerun]).toContain('- then: Once the nodes of dc-c are UN in `nodetool status`, run WRITE-HEALTH-cass.cql again: its ALTER KEYSPACE now replicates `write_health` to that datacenter.');
  expect(steps[rerun]).toContain('{ cat WRITE-HEALTH-cass.cql; printf \'%s\\n\' "ALTER ROLE write_health WITH PASSWORD = ');
  // The .cql it runs lists the new datacenter; the host depended on the cluster before, so no account section.
  expect(cql).toMatch(/ALTER KEYSPACE write_health WITH replication = \{[^}]*'dc-c': \d/);
  expect(rollout).not.toContain('## Write-path probe accounts on running clusters');
});

test('the K8ssandraCluster\'s k8ssandra.io/dc-replication lists write_health for every datacenter: the operator refuses an annotation missing a user keyspace when it adds one', () => {
  const outdir = tempOutdir();
  writeHealthDesign(outdir, 'cassandra').synth();
  const kc = findObject(readObjects(outdir), 'K8ssandraCluster', 'cass');
  const replication = JSON.parse(kc.metadata.annotations['k8ssandra.io/dc-replication']);
  expect(Object.keys(replication).sort()).toEqual(['dc-a', 'dc-b', 'dc-c']);
  for (const dc of Object.keys(replication)) expect(Object.keys(replication[dc]).sort()).toEqual(['shop', 'write_health']);
  const cql = fs.readFileSync(path.join(outdir, 'WRITE-HEALTH-cass.cql'), 'utf-8');
  for (const dc of Object.keys(replication)) expect(cql).toContain(`'${dc}': ${replication[dc].write_health}`);
});
