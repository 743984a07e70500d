import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ActiveActiveSite, Acknowledge, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine } from '../lib';
import { tempOutdir } from './support/designs';
import { treeHashes } from './support/tree-hash';
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

/** A project folder with a user's files in it, the outdir inside, and a refused design. */
function project() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-findings-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "my-sites" }\n');
  fs.writeFileSync(path.join(root, 'README.md'), '# my sites\n');
  fs.writeFileSync(path.join(root, 'notes.json'), '{ "mine": true }\n');
  fs.mkdirSync(path.join(root, 'reports'));
  return { root, outdir: path.join(root, 'dist') };
}

function refusedDesign(props: ConstructorParameters<typeof MultiSiteApp>[0]): MultiSiteApp {
  const app = new MultiSiteApp(props);
  const a = new ActiveActiveSite(app, 'dc-a');
  const b = new ActiveActiveSite(app, 'dc-b');
  app.addLink(a, b, Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb({ replicationFactor: 3 }), placement: [{ site: a, voters: 2 }, { site: b, voters: 1 }] });
  return app;
}

describe('the findings files follow the output folder\'s ownership rule', () => {
  const cases: Array<{ name: string; setup: (root: string, outdir: string) => Record<string, unknown>; message: (root: string) => string }> = [
    { name: 'the app\'s package.json', setup: (r) => ({ sarifFile: path.join(r, 'package.json') }), message: (r) => `synth refused sarifFile "${r}/package.json" (${r}/package.json): it is a file synth did not write (not a SARIF log of cdk-multisite), and synth never replaces a file of yours; choose another path, or move the file away. Nothing was written.` },
    { name: 'the README', setup: (r) => ({ findingsFile: path.join(r, 'README.md') }), message: (r) => `synth refused findingsFile "${r}/README.md" (${r}/README.md): it is a file synth did not write (not a findings file of cdk-multisite (kind "cdk-multisite findings")), and synth never replaces a file of yours; choose another path, or move the file away. Nothing was written.` },
    { name: 'a JSON file of the user\'s', setup: (r) => ({ findingsFile: path.join(r, 'notes.json') }), message: (r) => `synth refused findingsFile "${r}/notes.json" (${r}/notes.json): it is a file synth did not write` },
    {
      name: 'a link to a file of the user\'s',
      setup: (r) => {
        fs.symlinkSync(path.join(r, 'notes.json'), path.join(r, 'link.sarif'));
        return { sarifFile: path.join(r, 'link.sarif') };
      },
      message: (r) => `synth refused sarifFile "${r}/link.sarif" (${r}/link.sarif): it is a link to ${r}/notes.json; synth writes a findings file only where no file is or over one it wrote, never through a link it did not make`,
    },
    { name: 'a folder', setup: (r) => ({ sarifFile: path.join(r, 'reports') }), message: (r) => `synth refused sarifFile "${r}/reports" (${r}/reports): it is a folder (EISDIR); name a file, e.g. "${r}/reports/findings.sarif". Nothing was written.` },
    { name: 'the working folder (".")', setup: () => ({ sarifFile: '.' }), message: () => `synth refused sarifFile "." (${process.cwd()}): it is a folder (EISDIR)` },
    { name: 'a parent that is a file', setup: (r) => ({ sarifFile: path.join(r, 'README.md', 'x.sarif') }), message: (r) => `synth refused sarifFile "${r}/README.md/x.sarif" (${r}/README.md/x.sarif): its parent ${r}/README.md is a file (ENOTDIR), so no file can be created there; choose another path. Nothing was written.` },
    { name: 'a grandparent that is a file', setup: (r) => ({ sarifFile: path.join(r, 'README.md', 'a', 'x.sarif') }), message: (r) => `its parent ${r}/README.md is a file` },
    { name: 'both options naming one file', setup: (r) => ({ sarifFile: path.join(r, 'f.json'), findingsFile: path.join(r, '.', 'f.json') }), message: (r) => `MultiSiteApp: sarifFile "${r}/f.json" and findingsFile "${r}/f.json" are one file (${r}/f.json); one would overwrite the other: give each its own file.` },
    {
      name: 'both options naming one file through a link',
      setup: (r) => {
        fs.symlinkSync(r, path.join(r, 'here'));
        return { sarifFile: path.join(r, 'f.json'), findingsFile: path.join(r, 'here', 'f.json') };
      },
      message: (r) => `MultiSiteApp: sarifFile "${r}/f.json" and findingsFile "${r}/here/f.json" are one file`,
    },
    { name: 'an empty sarifFile', setup: () => ({ sarifFile: '' }), message: () => 'MultiSiteApp: sarifFile is empty (""); give a file path such as "findings.sarif" beside the output folder, or leave the option out.' },
    { name: 'a blank findingsFile', setup: () => ({ findingsFile: ' ' }), message: () => 'MultiSiteApp: findingsFile is empty (" "); give a file path such as "findings.json" beside the output folder, or leave the option out.' },
    { name: 'a number', setup: () => ({ sarifFile: 3 }), message: () => 'MultiSiteApp: sarifFile must be a file path (a string), got 3 (number).' },
    {
      name: 'a path reaching into the output folder through a link',
      setup: (r, o) => {
        fs.mkdirSync(o);
        fs.symlinkSync(o, path.join(r, 'out-link'));
        return { sarifFile: path.join(r, 'out-link', 'findings.sarif') };
      },
      message: (r) => `MultiSiteApp: sarifFile "${r}/out-link/findings.sarif" is inside outdir ${r}/dist (through links: ${r}/dist/findings.sarif)`,
    },
  ];

  test.each(cases.map((c) => [c.name, c] as const))('%s is refused by name and left byte-identical', (_name, c) => {
    const { root, outdir } = project();
    const props = c.setup(root, outdir);
    const before = treeHashes(root);
    const cwdBefore = fs.readdirSync(process.cwd()).sort(); // "." must not get a temporary file
    let thrown: Error | undefined;
    try {
      refusedDesign({ outdir, ...props } as any).synth();
    } catch (e) {
      thrown = e as Error;
    }
    expect(thrown?.message).toContain(c.message(root));
    expect(thrown?.message).not.toMatch(/refused this design/);
    expect(treeHashes(root)).toEqual(before);
    expect(fs.readdirSync(process.cwd()).sort()).toEqual(cwdBefore);
  });

  test('a link planted into the output folder after construction is refused at synth', () => {
    const { root, outdir } = project();
    const app = refusedDesign({ outdir, sarifFile: path.join(root, 'late', 'findings.sarif') });
    fs.mkdirSync(outdir);
    fs.symlinkSync(outdir, path.join(root, 'late'));
    const before = treeHashes(root);
    expect(() => app.synth()).toThrow(`synth refused sarifFile "${root}/late/findings.sarif" is inside outdir ${outdir} (through links: ${outdir}/findings.sarif)`);
    expect(treeHashes(root)).toEqual(before);
  });

  test('its own files are replaced, on a refused design too; missing folders are created; no temporary file stays', () => {
    const { root, outdir } = project();
    const sarifFile = path.join(root, 'ci', 'findings.sarif');
    const findingsFile = path.join(root, 'ci', 'findings.json');
    expect(() => refusedDesign({ outdir, sarifFile, findingsFile }).synth()).toThrow(/refused this design/);
    const first = treeHashes(path.join(root, 'ci'));
    expect(Object.keys(first).sort()).toEqual(['findings.json', 'findings.sarif']);
    expect(() => refusedDesign({ outdir, sarifFile, findingsFile }).synth()).toThrow(/refused this design/);
    expect(treeHashes(path.join(root, 'ci'))).toEqual(first);
    expect(JSON.parse(fs.readFileSync(findingsFile, 'utf-8')).kind).toBe('cdk-multisite findings');
  });

  test('a hand-written file that looks like JSON but lacks the marker is not replaced (mutation: without the marker check this test fails)', () => {
    const { root, outdir } = project();
    const findingsFile = path.join(root, 'findings.json');
    fs.writeFileSync(findingsFile, '{ "refused": false, "findings": [] }\n');
    const before = treeHashes(root);
    expect(() => refusedDesign({ outdir, findingsFile }).synth()).toThrow('it is a file synth did not write');
    expect(treeHashes(root)).toEqual(before);
  });
});
