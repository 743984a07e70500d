import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ActiveActiveSite, Acknowledge, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine } from '../lib';
import { tempOutdir } from './support/designs';
import { firstUserFrame } from '../lib/findings/source-location';

/** The official SARIF 2.1.0 schema (see test/support/sarif/README.md for where it comes from). */
const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, 'support', 'sarif', 'sarif-schema-2.1.0.json'), 'utf-8'));

function validateSarif(log: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(SCHEMA);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The line of this file that holds `marker`, 1-based. */
function lineOf(marker: string): number {
  return fs.readFileSync(__filename, 'utf-8').split('\n').findIndex((l) => l.includes(marker)) + 1;
}

describe('findings for CI: SARIF 2.1.0 and JSON, written also when synth refuses', () => {
  test('a refused design: SARIF validates against the official schema and points at the line that created the cluster', () => {
    const outdir = tempOutdir();
    const sarifFile = path.join(path.dirname(outdir), `${path.basename(outdir)}-findings.sarif`);
    const findingsFile = path.join(path.dirname(outdir), `${path.basename(outdir)}-findings.json`);
    const app = new MultiSiteApp({ outdir, sarifFile, findingsFile });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    app.addLink(a, b, Latency.ofRttMillis(70));
    new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb({ replicationFactor: 5 }), placement: [{ site: a, voters: 3 }, { site: b, voters: 2 }] }); // MARK-CLUSTER
    const lab = new DistributedSqlCluster(app, 'ok', { engine: SqlEngine.galera({ maxRttMillis: 100 }), placement: [{ site: a, voters: 1 }] });
    Acknowledge.rule(lab, 'MS-RAFT-LATENCY', 'not a Raft engine; never fires');
    expect(() => app.synth()).toThrow(/refused this design/);
    expect(fs.readdirSync(outdir)).toEqual([]);

    const log = JSON.parse(fs.readFileSync(sarifFile, 'utf-8'));
    expect(validateSarif(log)).toEqual([]);
    const results = log.runs[0].results as any[];
    const quorum = results.find((r) => r.ruleId === 'MS-QUORUM-SITE-LOSS');
    expect(quorum.level).toBe('error');
    expect(quorum.message.text).toContain('Smallest change that passes every rule: add a WitnessSite ("witness", linked to the other sites) and move 1 voter from dc-a to witness: 3+2 over dc-a, dc-b → 2+2+1 over dc-a, dc-b, witness');
    expect(quorum.properties.computedFix.after).toBe('2+2+1 over dc-a, dc-b, witness');
    const physical = quorum.locations[0].physicalLocation;
    expect(physical.artifactLocation.uri).toBe(path.relative(process.cwd(), __filename).split(path.sep).join('/'));
    expect(physical.artifactLocation.uriBaseId).toBe('SRCROOT');
    expect(physical.region.startLine).toBe(lineOf('MARK-CLUSTER'));
    expect(quorum.locations[0].logicalLocations[0].fullyQualifiedName).toBe('crdb');
    // every rule the results name is in the driver's rules, at the index given
    for (const r of results) expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);

    const json = JSON.parse(fs.readFileSync(findingsFile, 'utf-8'));
    expect(json.refused).toBe(true);
    const f = json.findings.find((x: any) => x.ruleId === 'MS-THREE-FAULT-DOMAINS');
    expect(f.state).toBe('error');
    expect(f.location.line).toBe(lineOf('MARK-CLUSTER'));
    expect(f.fix).toMatch(/^Add a WitnessSite as the third fault domain and place one voter there\. Smallest change that passes every rule: /);
  });

  test('an accepted design: warnings and acknowledged findings, the acknowledged one suppressed with its reason', () => {
    const outdir = tempOutdir();
    const sarifFile = `${outdir}-accepted.sarif`;
    const app = new MultiSiteApp({ outdir, sarifFile });
    const sites = ['dc-a', 'dc-b', 'dc-c'].map((n) => new ActiveActiveSite(app, n));
    app.addLink(sites[0], sites[1], Latency.ofRttMillis(60));
    app.addLink(sites[0], sites[2], Latency.ofRttMillis(2));
    app.addLink(sites[1], sites[2], Latency.ofRttMillis(2));
    const c = new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: sites.map((site) => ({ site, voters: 1 })) }); // MARK-ACCEPTED
    Acknowledge.rule(c, 'MS-RAFT-LATENCY', 'the shop retries on 40001 and its timeouts are above 100 ms');
    app.synth();
    const log = JSON.parse(fs.readFileSync(sarifFile, 'utf-8'));
    expect(validateSarif(log)).toEqual([]);
    const raft = log.runs[0].results.find((r: any) => r.ruleId === 'MS-RAFT-LATENCY');
    expect(raft.level).toBe('warning');
    expect(raft.suppressions).toEqual([{ kind: 'inSource', justification: 'the shop retries on 40001 and its timeouts are above 100 ms' }]);
    expect(raft.locations[0].physicalLocation.region.startLine).toBe(lineOf('MARK-ACCEPTED'));
  });

  test('the findings files may not go inside the output folder', () => {
    const outdir = tempOutdir();
    expect(() => new MultiSiteApp({ outdir, sarifFile: path.join(outdir, 'findings.sarif') }))
      .toThrow(`MultiSiteApp: sarifFile "${path.join(outdir, 'findings.sarif')}" is inside outdir ${outdir}`);
  });

  test('the first frame outside the library and node_modules is the user\'s', () => {
    const stack = [
      'Error',
      '    at recordCreation (/pkg/lib/findings/source-location.ts:30:9)',
      '    at new Site (/pkg/lib/site.ts:80:5)',
      '    at Object.<anonymous> (/pkg/node_modules/constructs/lib/construct.js:10:2)',
      '    at node:internal/modules/cjs/loader:1:1',
      '    at main (/home/me/app/main.ts:12:7)',
    ].join('\n');
    expect(firstUserFrame(stack, '/pkg/lib')).toEqual({ file: '/home/me/app/main.ts', line: 12, column: 7 });
    expect(firstUserFrame('Error\n    at file:///home/me/app/main.mjs:3:1', '/pkg/lib')).toEqual({ file: '/home/me/app/main.mjs', line: 3, column: 1 });
  });
});
