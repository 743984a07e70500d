import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The output folders made by {@link tempOutdir} in this test file, removed after it by
 * test/support/remove-temp-outdirs.ts. Kept on `globalThis` so that the setup file and the test
 * see one list even when a test resets its modules.
 */
export const TEMP_OUTDIRS: string[] = ((globalThis as any)[Symbol.for('cdk-multisite.test.temp-outdirs')] ??= []);

/** A fresh, empty output folder under the OS temp dir, removed after the test file. */
export function tempOutdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-test-'));
  TEMP_OUTDIRS.push(dir);
  return dir;
}
