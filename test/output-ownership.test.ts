/**
 * Synth owns its output folder: it replaces only what it wrote, refuses before writing anything
 * a folder it cannot own, and leaves the previous output complete when anything fails. Every
 * test builds a folder with files of "the user" in it and checks afterwards, byte for byte, that
 * they are all still there.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { labDesign } from '../examples/lab/design';
import { OUTPUT_RECORD, writeAtomically } from '../lib/synth/write-atomically';

// The module object itself (`import * as` gives a wrapper with getters, which jest cannot spy on).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const realFs = require('fs') as typeof fs;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reportModule = require('../lib/report/report') as typeof import('../lib/report/report');

const NOTHING = 'Nothing was changed.';
const ADVICE = `synth replaces only the files it wrote (listed in ${OUTPUT_RECORD}); move these files out of the folder, or choose another outdir.`;

let scratch: string;
beforeEach(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-ownership-')));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Every entry under `dir` (not following links): files as bytes, links as their target, folders as `<dir>`. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      const rel = prefix + e.name;
      if (e.isSymbolicLink()) {
        out.set(rel, `<link to ${fs.readlinkSync(p)}>`);
      } else if (e.isDirectory()) {
        out.set(rel, '<dir>');
        walk(p, `${rel}/`);
      } else {
        out.set(rel, fs.readFileSync(p).toString('base64'));
      }
    }
  };
  walk(dir, '');
  return out;
}

/** Writes the user's files (binary content included) under `dir`. */
function userFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
}

function label(outdir: string, absolute = path.resolve(outdir)): string {
  return `outdir ${JSON.stringify(outdir)} (${absolute})`;
}

function inDir<T>(dir: string, fn: () => T): T {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(before);
  }
}

/** Read-only for this process: `chattr +i` as root (chmod does not stop root), chmod otherwise. Checked. */
function makeReadOnly(dir: string): () => void {
  const root = process.getuid?.() === 0;
  if (root) {
    const r = spawnSync('chattr', ['+i', dir], { encoding: 'utf-8' });
    if (r.status !== 0) throw new Error(`chattr +i ${dir} failed (${r.error?.message ?? r.stderr}); the read-only tests need a filesystem with immutable files (ext4, xfs, btrfs)`);
  } else {
    fs.chmodSync(dir, 0o555);
  }
  const undo = () => (root ? spawnSync('chattr', ['-i', dir]) : fs.chmodSync(dir, 0o755));
  const probe = path.join(dir, '.probe');
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    undo();
    throw new Error(`${dir} is still writable after making it read-only`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === undefined) throw e;
  }
  return undo;
}

describe('a folder synth does not own is refused before anything is written', () => {
  test('files synth did not write, in an outdir without a record', () => {
    const outdir = path.join(scratch, 'dist');
    userFiles(outdir, { 'notes.txt': 'mine\n', 'dc-a/keep.bin': Buffer.from([0, 1, 2, 255]) });
    const before = tree(scratch);
    expect(() => labDesign(outdir).synth()).toThrow(
      `synth refused ${label(outdir)}: it holds 2 file(s) synth did not write:\n  - dc-a/keep.bin\n  - notes.txt\n`
      + `The folder has no ${OUTPUT_RECORD}, the record synth keeps of what it wrote, so every file in it is someone else's; move them out, or choose another outdir. `
      + `If it is the output of a cdk-multisite version that kept no record, delete the folder once (rm -r ${JSON.stringify(outdir)}), after moving out any Terraform state. ${NOTHING}`);
    expect(tree(scratch)).toEqual(before);
  });

  test('a file added to the output after synth; and an output file someone changed', () => {
    const outdir = path.join(scratch, 'dist');
    labDesign(outdir).synth();
    userFiles(outdir, { 'dc-a/extra.yaml': 'kind: Mine\n' });
    fs.appendFileSync(path.join(outdir, 'REPORT.md'), '\nmy notes\n');
    const before = tree(scratch);
    expect(() => labDesign(outdir).synth()).toThrow(
      `synth refused ${label(outdir)}: it holds 2 file(s) synth did not write:\n  - REPORT.md (changed since synth wrote it)\n  - dc-a/extra.yaml\n${ADVICE} ${NOTHING}`);
    expect(tree(scratch)).toEqual(before);
  });

  test('Terraform state in the output gets its own advice', () => {
    const outdir = path.join(scratch, 'dist');
    userFiles(outdir, { 'terraform/app-global/terraform.tfstate': '{"version": 4}\n' });
    const before = tree(scratch);
    expect(() => labDesign(outdir).synth()).toThrow(
      `synth refused ${label(outdir)}: it holds 1 file(s) synth did not write:\n  - terraform/app-global/terraform.tfstate `
      + '(Terraform state: move it out of the output folder, to where the stack\'s backend keeps its state, see the README, before synth)\n');
    expect(tree(scratch)).toEqual(before);
  });

  test('an interrupted synth is named in the refusal', () => {
    const outdir = path.join(scratch, 'dist');
    labDesign(outdir).synth();
    userFiles(outdir, { '.cdk-multisite-replaced-4242/REPORT.md': 'old\n', 'dc-a/moved-in.yaml': 'new\n' });
    const before = tree(scratch);
    expect(() => labDesign(outdir).synth()).toThrow(
      `synth refused ${label(outdir)}: it holds 1 file(s) synth did not write:\n  - dc-a/moved-in.yaml\n${ADVICE} `
      + 'A synth was interrupted here (it left .cdk-multisite-replaced-4242): files it had already moved in are listed above as not synth\'s; '
      + `if that is all they are, delete the folder and synth again. ${NOTHING}`);
    expect(tree(scratch)).toEqual(before);
  });

  test('leftovers of an interrupted synth go once a synth succeeds', () => {
    const outdir = path.join(scratch, 'dist');
    labDesign(outdir).synth();
    userFiles(outdir, { '.cdk-multisite-staging-4242/REPORT.md': 'half\n' });
    labDesign(outdir).synth();
    expect(fs.readdirSync(outdir).filter((f) => f.startsWith('.cdk-multisite-'))).toEqual([OUTPUT_RECORD]);
  });

  test('a refusal names 20 files and counts the rest', () => {
    const outdir = path.join(scratch, 'dist');
    userFiles(outdir, Object.fromEntries(Array.from({ length: 23 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, `${i}`])));
    const message = (() => {
      try {
        labDesign(outdir).synth();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toContain('it holds 23 file(s) synth did not write:\n  - f00.txt\n');
    expect(message).toContain('\n  - f19.txt\n  ... and 3 more\n');
    expect(message).not.toContain('f20.txt');
  });

  test('a record that is not synth\'s', () => {
    const outdir = path.join(scratch, 'dist');
    userFiles(outdir, { [OUTPUT_RECORD]: '{"files": []}' });
    const before = tree(scratch);
    expect(() => labDesign(outdir).synth()).toThrow(
      `synth refused ${label(outdir)}: ${OUTPUT_RECORD} is not the record synth writes, so it cannot tell its files from yours; restore the record, or move your files out and delete the folder. ${NOTHING}`);
    expect(tree(scratch)).toEqual(before);
  });

  test('an outdir that is a file', () => {
    const outdir = path.join(scratch, 'dist');
    userFiles(scratch, { dist: 'a file\n' });
    const before = tree(scratch);
    expect(() => labDesign(outdir).synth()).toThrow(`synth refused ${label(outdir)}: it is a file, not a folder; move the file or choose another outdir. ${NOTHING}`);
    expect(tree(scratch)).toEqual(before);
  });

  test('an outdir whose parent is a file', () => {
    const outdir = path.join(scratch, 'file', 'dist');
    userFiles(scratch, { file: 'a file\n' });
    const before = tree(scratch);
    expect(() => labDesign(outdir).synth()).toThrow(
      `synth refused ${label(outdir)}: its parent ${path.join(scratch, 'file')} is a file, so the folder cannot be created; move the file or choose another outdir. ${NOTHING}`);
    expect(tree(scratch)).toEqual(before);
  });

  test('a link to a file, and a link to nothing', () => {
    const outdir = path.join(scratch, 'dist');
    userFiles(scratch, { target: 'a file\n' });
    fs.symlinkSync('target', outdir);
    let before = tree(scratch);
    expect(() => labDesign(outdir).synth()).toThrow(
      `synth refused ${label(outdir)}: it is a link to the file ${path.join(scratch, 'target')}, not to a folder; point the link at a folder or choose another outdir. ${NOTHING}`);
    expect(tree(scratch)).toEqual(before);
    fs.rmSync(path.join(scratch, 'target'));
    before = tree(scratch);
    expect(() => labDesign(outdir).synth()).toThrow(
      `synth refused ${label(outdir)}: it is a link to ${path.join(scratch, 'target')}, which does not exist; create that folder or remove the link. ${NOTHING}`);
    expect(tree(scratch)).toEqual(before);
  });
});

describe('the program\'s folder and its ancestors are refused', () => {
  const why = `synth replaces what is in its outdir, so give it a folder of its own, such as "dist". ${NOTHING}`;
  let project: string;
  beforeEach(() => {
    project = path.join(scratch, 'project');
    userFiles(project, { 'main.ts': 'new MultiSiteApp();\n', 'package.json': '{}\n', 'dist/.gitkeep': '' });
    userFiles(scratch, { 'sibling.txt': 'not the project\n' });
  });

  test.each([
    ['.', 'is'],
    ['', 'is'],
    ['..', 'holds'],
    ['../..', 'holds'],
  ])('outdir %j', (outdir, verb) => {
    const before = tree(scratch);
    const absolute = path.resolve(project, outdir);
    inDir(project, () => {
      expect(() => labDesign(outdir).synth()).toThrow(
        `synth refused ${label(outdir, absolute)}: it ${verb} the program's folder${verb === 'holds' ? ` (${project})` : ''}; ${why}`);
    });
    expect(tree(scratch)).toEqual(before);
  });

  test('an absolute path to an ancestor, and the filesystem root', () => {
    const before = tree(scratch);
    inDir(project, () => {
      expect(() => labDesign(scratch).synth()).toThrow(`synth refused ${label(scratch)}: it holds the program's folder (${project}); ${why}`);
      expect(() => labDesign('/').synth()).toThrow(`synth refused ${label('/')}: it holds the program's folder (${project}); ${why}`);
    });
    expect(tree(scratch)).toEqual(before);
  });

  test('CDK8S_OUTDIR=. (what `cdk8s synth -o .` sets)', () => {
    const before = tree(scratch);
    const saved = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = '.';
    try {
      inDir(project, () => {
        expect(() => labDesign().synth()).toThrow(`synth refused outdir "." (${project}, from CDK8S_OUTDIR): it is the program's folder; ${why}`);
      });
    } finally {
      if (saved === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = saved;
    }
    expect(tree(scratch)).toEqual(before);
  });

  test('a link to the program\'s folder', () => {
    fs.symlinkSync(project, path.join(scratch, 'out'));
    const before = tree(scratch);
    inDir(project, () => {
      expect(() => labDesign('../out').synth()).toThrow(`synth refused ${label('../out', path.join(scratch, 'out'))}: it is, through links, the program's folder; ${why}`);
    });
    expect(tree(scratch)).toEqual(before);
  });
});

describe('what synth writes', () => {
  test('missing parent folders are created', () => {
    const outdir = path.join(scratch, 'a', 'b', 'dist');
    labDesign(outdir).synth();
    expect(fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8')).toContain('crdb');
    const record = JSON.parse(fs.readFileSync(path.join(outdir, OUTPUT_RECORD), 'utf-8'));
    expect(Object.keys(record.files)).toContain('REPORT.md');
    expect(Object.keys(record.files)).toContain('dc-a/kustomization.yaml');
    expect(fs.readdirSync(outdir).filter((f) => f.startsWith('.cdk-multisite-'))).toEqual([OUTPUT_RECORD]);
  });

  test('an empty folder is fine', () => {
    const outdir = path.join(scratch, 'dist');
    fs.mkdirSync(outdir);
    labDesign(outdir).synth();
    expect(fs.existsSync(path.join(outdir, 'REPORT.md'))).toBe(true);
  });

  test('a symlinked outdir is written through: the link stays a link, its target gets the files', () => {
    const target = path.join(scratch, 'real-output');
    const outdir = path.join(scratch, 'dist');
    fs.mkdirSync(target);
    fs.symlinkSync('real-output', outdir);
    labDesign(outdir).synth();
    labDesign(outdir).synth(); // and again, over its own output
    expect(fs.lstatSync(outdir).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(outdir)).toBe('real-output');
    expect(fs.existsSync(path.join(target, 'REPORT.md'))).toBe(true);
    expect(fs.existsSync(path.join(target, OUTPUT_RECORD))).toBe(true);
  });

  test('a second synth replaces only the files it wrote; Terraform\'s working files and empty folders of the user stay', () => {
    const outdir = path.join(scratch, 'dist');
    writeAtomically(outdir, (write) => {
      write('old/a.yaml', 'a\n');
      write('kept/b.yaml', 'b1\n');
      write('terraform/edge/cdk.tf.json', '{}\n');
    });
    userFiles(outdir, {
      'terraform/edge/.terraform/providers/p': Buffer.from([7, 7, 7]),
      'terraform/edge/.terraform.lock.hcl': 'lock\n',
      'terraform/edge/moto_override.tf.json': '{}\n',
      'terraform/edge/terraform.tfvars': 'x = 1\n',
    });
    fs.mkdirSync(path.join(outdir, 'kept', 'empty-of-mine'));
    const userBefore = [...tree(outdir)].filter(([f]) => f.startsWith('terraform/edge/.terraform') || /override|tfvars|empty-of-mine/.test(f));

    const written = writeAtomically(outdir, (write) => {
      write('kept/b.yaml', 'b2\n');
      write('new/c.yaml', 'c\n');
      write('terraform/edge/cdk.tf.json', '{"v": 2}\n');
    });
    expect(written).toEqual(['kept/b.yaml', 'new/c.yaml', 'terraform/edge/cdk.tf.json']);
    const after = tree(outdir);
    for (const [f, content] of userBefore) expect([f, after.get(f)]).toEqual([f, content]);
    expect(after.has('old')).toBe(false); // emptied by the second synth, so removed
    expect(fs.readFileSync(path.join(outdir, 'kept/b.yaml'), 'utf-8')).toBe('b2\n');
    expect(fs.readFileSync(path.join(outdir, 'terraform/edge/cdk.tf.json'), 'utf-8')).toBe('{"v": 2}\n');
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, OUTPUT_RECORD), 'utf-8')).files)).toEqual(written);
  });
});

describe('a failure at any point leaves the previous output complete', () => {
  let outdir: string;
  let before: Map<string, string>;
  beforeEach(() => {
    outdir = path.join(scratch, 'dist');
    labDesign(outdir).synth();
    userFiles(scratch, { 'user.txt': 'mine\n' });
    before = tree(scratch);
  });

  test('a throw while the files are produced (after the manifests were staged)', () => {
    jest.spyOn(reportModule, 'renderReport').mockImplementation(() => {
      throw new Error('boom in the report');
    });
    expect(() => labDesign(outdir).synth()).toThrow('boom in the report');
    expect(tree(scratch)).toEqual(before);
  });

  test('a rename that fails halfway through the swap: every move is undone', () => {
    const rename = realFs.renameSync;
    let calls = 0;
    let newFilesIn = 0;
    // Fails the third move of a new file into place: by then every previous file is aside.
    jest.spyOn(realFs, 'renameSync').mockImplementation((from, to) => {
      calls++;
      if (String(from).includes('.cdk-multisite-staging-') && ++newFilesIn === 3) throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}' -> '${String(to)}'`), { code: 'EIO' });
      return rename(from, to);
    });
    expect(() => labDesign(outdir).synth()).toThrow(new RegExp(`^synth could not replace the output in ${escape(label(outdir))}: EIO: i/o error, rename '[^']+' -> '[^']+'\\. The previous output is unchanged\\.$`));
    const previous = Object.keys(JSON.parse(before.has('dist/.cdk-multisite-output.json') ? Buffer.from(before.get('dist/.cdk-multisite-output.json')!, 'base64').toString() : '{}').files);
    // The previous output's folders move aside whole (nothing else lives in them), then the record;
    // two new entries in, the third fails; every move undone.
    const entries = new Set(previous.map((f) => f.split('/')[0])).size;
    expect(entries).toBeLessThan(previous.length);
    expect(calls).toBe(2 * (entries + 1 + 2) + 1);
    expect(tree(scratch)).toEqual(before);
  });

  test('a read-only output folder', () => {
    const undo = makeReadOnly(outdir);
    try {
      expect(() => labDesign(outdir).synth()).toThrow(new RegExp(
        `^synth could not write to ${escape(label(outdir))}: (EPERM: operation not permitted|EACCES: permission denied), mkdir '${escape(path.join(outdir, `.cdk-multisite-staging-${process.pid}`))}'\\. ${NOTHING}$`));
    } finally {
      undo();
    }
    expect(tree(scratch)).toEqual(before);
  });

  test('a read-only folder inside the output: the entries moved before it are moved back', () => {
    const undo = makeReadOnly(path.join(outdir, 'dc-a'));
    try {
      expect(() => labDesign(outdir).synth()).toThrow(new RegExp(
        `^synth could not replace the output in ${escape(label(outdir))}: (EPERM: operation not permitted|EACCES: permission denied), rename '${escape(path.join(outdir, 'dc-a'))}' -> '[^']+'\\. The previous output is unchanged\\.$`));
    } finally {
      undo();
    }
    expect(tree(scratch)).toEqual(before);
  });

  test('a read-only parent of a missing outdir', () => {
    const parent = path.join(scratch, 'locked');
    fs.mkdirSync(parent);
    const lockedBefore = tree(scratch);
    const target = path.join(parent, 'dist');
    const undo = makeReadOnly(parent);
    try {
      expect(() => labDesign(target).synth()).toThrow(new RegExp(
        `^synth could not write to ${escape(label(target))}: (EPERM: operation not permitted|EACCES: permission denied), mkdir '${escape(target)}'\\. ${NOTHING}$`));
    } finally {
      undo();
    }
    expect(tree(scratch)).toEqual(lockedBefore);
  });

  test('a missing outdir and its created parents go again when the production throws', () => {
    const target = path.join(scratch, 'x', 'y', 'dist');
    expect(() => writeAtomically(target, (write) => {
      write('a.yaml', 'a\n');
      throw new Error('half way');
    })).toThrow('half way');
    expect(tree(scratch)).toEqual(before);
  });
});

test('a path synth may not write is refused', () => {
  const outdir = path.join(scratch, 'dist');
  for (const bad of ['../escape.yaml', '/abs.yaml', 'a//b.yaml', OUTPUT_RECORD]) {
    expect(() => writeAtomically(outdir, (write) => write(bad, 'x'))).toThrow(`${JSON.stringify(bad)} is not a file name synth may write: use a normalized path inside the output folder.`);
  }
  expect(() => writeAtomically(outdir, (write) => {
    write('a.yaml', 'x');
    write('a.yaml', 'y');
  })).toThrow('a.yaml would be written twice: give the two outputs different names.');
  expect(fs.existsSync(outdir)).toBe(false);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
