/**
 * REPORT.md's size as the design grows (issue 30): the scale bench's regional layout at 100, 1,000
 * and 3,000 active sites (plus the witness), synthesized once each; prints REPORT.md's bytes and
 * lines, its longest table row, and its picture's characters against Mermaid's default
 * `maxTextSize` (50,000).
 *
 *   npx ts-node --transpile-only bench/report-size.ts [sizes, default 100,1000,3000]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { MERMAID_MAX_TEXT_SIZE } from '../lib/report/mermaid';
import { regionalDesign } from '../test/support/regional-design';

function main(): void {
  const sizes = (process.argv[2] ?? '100,1000,3000').split(',').map(Number);
  console.log('sites | REPORT.md KiB | lines | longest table row | picture chars (limit) | synth s');
  for (const n of sizes) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-report-size-'));
    const start = performance.now();
    regionalDesign(n, outdir).synth();
    const seconds = (performance.now() - start) / 1000;
    const report = fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8');
    const lines = report.split('\n');
    const longestRow = Math.max(...lines.filter((l) => l.startsWith('|')).map((l) => l.length));
    const from = report.indexOf('```mermaid\n') + '```mermaid\n'.length;
    const picture = report.slice(from, report.indexOf('\n```', from));
    console.log(`${String(n + 1).padStart(5)} | ${(Buffer.byteLength(report) / 1024).toFixed(1).padStart(13)} | ${String(lines.length).padStart(5)} | `
      + `${String(longestRow).padStart(17)} | ${`${picture.length} (${MERMAID_MAX_TEXT_SIZE})`.padStart(21)} | ${seconds.toFixed(1).padStart(7)}`);
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main();
