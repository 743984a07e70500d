import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempOutdir } from './support/designs';

const ROOT = path.resolve(__dirname, '..');

/** A program that builds a refused design and calls synth() without catching, as a user's main.ts does. */
function runRefusedProgram(env: Record<string, string> = {}): { status: number | null; stderr: string } {
  const dir = tempOutdir();
  const program = path.join(dir, 'main.js');
  fs.writeFileSync(program, `require(${JSON.stringify(path.join(ROOT, 'node_modules', 'ts-node'))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'test', 'tsconfig.json'))} });
const { ActiveActiveSite, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine } = require(${JSON.stringify(path.join(ROOT, 'lib', 'index.ts'))});
const app = new MultiSiteApp({ outdir: ${JSON.stringify(path.join(dir, 'dist'))} });
const a = new ActiveActiveSite(app, 'dc-a');
const b = new ActiveActiveSite(app, 'dc-b');
app.addLink(a, b, Latency.ofRttMillis(2));
new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb({ replicationFactor: 3 }), placement: [{ site: a, voters: 2 }, { site: b, voters: 1 }] });
app.synth();
`);
  const r = spawnSync(process.execPath, [program], { cwd: ROOT, encoding: 'utf-8', env: { ...process.env, CDK_MULTISITE_STACK_TRACE: '', ...env } });
  return { status: r.status, stderr: r.stderr };
}

describe('a refusal prints the findings and the fix, not a crash', () => {
  test('uncaught: every finding with its fix, the variable that brings the stack back, no stack frame, exit code 1', () => {
    const { status, stderr } = runRefusedProgram();
    expect(status).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^cdk-multisite refused this design: \d+ error\(s\)/);
    expect(stderr).toContain('[ERROR] MS-THREE-FAULT-DOMAINS at crdb');
    expect(stderr).toMatch(/\n {4}fix: /);
    expect(lines[lines.length - 1]).toBe('(This is a refusal, not a crash: no stack trace. Set CDK_MULTISITE_STACK_TRACE=1 to see one.)');
    expect(lines.filter((l) => /^\s+at /.test(l) || /^\s*\^+\s*$/.test(l) || l.includes('multi-site-app'))).toEqual([]);
  });

  test('CDK_MULTISITE_STACK_TRACE=1 prints it as a thrown error, with the stack', () => {
    const { status, stderr } = runRefusedProgram({ CDK_MULTISITE_STACK_TRACE: '1' });
    expect(status).toBe(1);
    expect(stderr).toContain('cdk-multisite refused this design');
    expect(stderr).toMatch(/\n\s+at .*multi-site-app/);
  });
});
