/**
 * Jest setup (setupFilesAfterEnv in .projenrc.ts): keeps synth's warnings out of the test log.
 *
 * synth prints every warning it lets through to stderr, one `process.stderr.write` per finding
 * (lib/multi-site-app.ts, formatted by formatFinding in lib/rules/check-design.ts). The suite
 * synthesizes hundreds of designs that carry warnings on purpose, and printed they buried a green
 * run's report under dozens of blocks. Only those writes are dropped: everything else written
 * to stderr still shows. Tests that assert on the printed warnings run synth in a child process or
 * spy on `process.stderr.write` themselves (a spy sees every call). Set
 * CDK_MULTISITE_TEST_WARNINGS=1 to see the warnings.
 */

/** The first line of a warning as formatFinding writes it: `[WARNING] <rule id> at <path>: <message>`. */
const SYNTH_WARNING = /^\[WARNING\] [A-Z0-9-]+ at [^\n]*\n {4}why: /;
/** Marks the stream once per worker process: jest runs this file again before every test file. */
const INSTALLED = Symbol.for('cdk-multisite.test.quiet-synth-warnings');

type Stream = NodeJS.WriteStream & { [INSTALLED]?: boolean };
const stderr = process.stderr as Stream;

if (process.env.CDK_MULTISITE_TEST_WARNINGS !== '1' && !stderr[INSTALLED]) {
  const write = stderr.write.bind(stderr);
  stderr.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
    if (typeof chunk === 'string' && SYNTH_WARNING.test(chunk)) {
      const done = rest.find((r): r is () => void => typeof r === 'function');
      done?.();
      return true;
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stderr.write;
  stderr[INSTALLED] = true;
}
