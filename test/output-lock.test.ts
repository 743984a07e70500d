/**
 * One synth at a time per output folder: a second synth into a folder another is writing to is
 * refused, naming the process, and writes nothing; a lock left by a process that ended is taken over.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cockroachDesign, readTree, tempOutdir } from './support/designs';
import { outputLockFile } from '../lib/synth/output-lock';

const SITES = [{ name: 'a', voters: 1 }, { name: 'b', voters: 1 }, { name: 'c', voters: 1 }];

function holdLock(outdir: string, pid: number): string {
  const file = outputLockFile(outdir);
  fs.writeFileSync(file, `${JSON.stringify({ pid, root: outdir, since: '2026-12-04T15:00:00.000Z' })}\n`, { flag: 'wx' });
  return file;
}

test('a synth into a folder another running synth holds is refused, naming it, and changes nothing', () => {
  const outdir = tempOutdir();
  cockroachDesign(outdir, SITES).synth();
  const before = readTree(outdir);
  const other = spawn('sleep', ['60']);
  const lock = holdLock(outdir, other.pid!);
  try {
    expect(() => cockroachDesign(outdir, [{ name: 'a', voters: 2 }, { name: 'b', voters: 2 }, { name: 'c', voters: 1 }], 5).synth()).toThrow(
      `synth refused outdir "${outdir}" (${outdir}): another synth (process ${other.pid}, since 2026-12-04T15:00:00.000Z) is writing to it; run synth again when it has finished. If no synth runs, delete ${lock}. Nothing was changed.`,
    );
    expect(readTree(outdir)).toEqual(before);
    expect(fs.existsSync(lock)).toBe(true);
  } finally {
    other.kill();
    fs.rmSync(lock, { force: true });
  }
});

test('the lock is the folder\'s, whatever the path that names it: a link to the folder shares it', () => {
  const target = tempOutdir();
  const link = path.join(tempOutdir(), 'dist');
  fs.symlinkSync(target, link);
  expect(outputLockFile(link)).toBe(outputLockFile(target));
  expect(outputLockFile(path.join(target, 'sub', '..'))).toBe(outputLockFile(target));
  expect(outputLockFile(path.join(target, 'not-yet'))).not.toBe(outputLockFile(target));
});

test('a lock left by a process that ended is taken over, and every synth releases its lock', () => {
  const outdir = tempOutdir();
  const ended = spawnSync('true');
  const lock = holdLock(outdir, ended.pid!);
  cockroachDesign(outdir, SITES).synth();
  expect(fs.existsSync(path.join(outdir, 'REPORT.md'))).toBe(true);
  expect(fs.existsSync(lock)).toBe(false);
});

test('a synth that fails while writing releases the lock', () => {
  const outdir = tempOutdir();
  fs.writeFileSync(path.join(outdir, 'notes.txt'), 'mine');
  expect(() => cockroachDesign(outdir, SITES).synth()).toThrow(/holds 1 file\(s\) synth did not write/);
  expect(fs.existsSync(outputLockFile(outdir))).toBe(false);
});
