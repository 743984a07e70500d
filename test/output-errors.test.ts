import * as fs from 'fs';
import * as path from 'path';
import { tempOutdir } from './support/designs';
import { treeHashes } from './support/tree-hash';
import { labDesign } from '../examples/lab/design';

// fs as every module of this test run sees it, with writeFileSync replaceable (a full disk is simulated below).
jest.mock('fs', () => {
  const real = jest.requireActual('fs');
  return { ...real, writeFileSync: jest.fn(real.writeFileSync) };
});

describe('file-system errors come out naming the output folder and what to do', () => {
  test('ELOOP: an outdir under a link that leads back to itself', () => {
    const root = tempOutdir();
    fs.symlinkSync(path.join(root, 'loop'), path.join(root, 'loop'));
    const outdir = path.join(root, 'loop', 'dist');
    expect(() => labDesign(outdir).synth()).toThrow(new RegExp(`^synth could not write to outdir "${outdir}" \\(${outdir}\\): a link in the path leads back to itself; fix or remove the link \\(ELOOP: .*\\)\\. The previous output is unchanged\\.$`));
  });

  test('ENOSPC while the files are staged: the previous output stays byte-identical, the message names the folder', () => {
    const root = tempOutdir();
    const outdir = path.join(root, 'dist');
    labDesign(outdir).synth();
    const before = treeHashes(root);
    const real = jest.requireActual('fs').writeFileSync;
    let calls = 0;
    (fs.writeFileSync as jest.Mock).mockImplementation((file: unknown, ...rest: unknown[]) => {
      if (typeof file === 'string' && file.includes('.cdk-multisite-staging-') && ++calls === 5) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, open '${file}'`), { code: 'ENOSPC' });
      }
      return real(file, ...rest);
    });
    try {
      expect(() => labDesign(outdir).synth()).toThrow(`synth could not write to outdir "${outdir}" (${outdir}): the disk is full; free space and synth again (ENOSPC: no space left on device, open '${outdir}/.cdk-multisite-staging-`);
    } finally {
      (fs.writeFileSync as jest.Mock).mockImplementation(real);
    }
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(treeHashes(root)).toEqual(before);
  });
});
