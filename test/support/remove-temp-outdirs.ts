/**
 * Jest setup (setupFilesAfterEnv in .projenrc.ts): removes, after each test file, the output
 * folders its tests made with `tempOutdir()` (test/support/designs.ts), so a run leaves no
 * synthesized designs behind in the OS temp dir. A test that wants to look at one afterwards sets
 * CDK_MULTISITE_TEST_KEEP_OUTDIRS=1.
 */
import * as fs from 'fs';
import { TEMP_OUTDIRS } from './temp-outdirs';

afterAll(() => {
  if (process.env.CDK_MULTISITE_TEST_KEEP_OUTDIRS === '1') return;
  for (const dir of TEMP_OUTDIRS.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
