/**
 * The environment variable that keeps the stack trace of a refusal: set to 1, a refused synth
 * prints the way any thrown error does.
 */
export const STACK_TRACE_VARIABLE = 'CDK_MULTISITE_STACK_TRACE';

const REFUSAL = Symbol.for('cdk-multisite.refusal');

/** Whether a refusal is printed with its stack trace (asked for in the environment). */
export function stackTraceAsked(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[STACK_TRACE_VARIABLE];
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Marks what synth threw as a refusal when it is one: a plain `Error` (the library's refusals: a
 * rule failed, the output folder or a findings file is not synth's), not a TypeError or another
 * program error, not a file-system error with a code. A refusal is a verdict on the user's
 * design or files, not a crash, so unless {@link STACK_TRACE_VARIABLE} is set:
 *
 * - its `stack` is its message alone (what Node, ts-node and test runners print for it), and
 * - when nothing catches it, the process prints the message (the findings, each with its fix)
 *   and one line naming the variable, then exits with code 1, without Node's source frame. The
 *   handler that does this is added for the throw only and removed on the next tick, so an
 *   error the program catches leaves the process as it was.
 */
export function asRefusal(e: unknown): unknown {
  if (!(e instanceof Error) || e.constructor !== Error || (e as NodeJS.ErrnoException).code !== undefined || stackTraceAsked()) return e;
  Object.defineProperty(e, REFUSAL, { value: true });
  e.stack = `${e.message}`;
  printWhenUncaught();
  return e;
}

/** Whether `e` was marked by {@link asRefusal}. */
export function isRefusal(e: unknown): boolean {
  return e instanceof Error && REFUSAL in e;
}

/** Whether the handler below is installed (one for all refusals thrown in the same tick). */
let handlerInstalled = false;

function printWhenUncaught(): void {
  if (handlerInstalled) return;
  const remove = (): void => {
    process.removeListener('uncaughtException', handler);
    handlerInstalled = false;
  };
  const handler = (error: unknown): void => {
    remove();
    if (!isRefusal(error)) {
      // Not ours: let Node handle it as it would have without this handler.
      process.nextTick(() => {
        throw error;
      });
      return;
    }
    process.stderr.write(`${(error as Error).message}\n\n(This is a refusal, not a crash: no stack trace. Set ${STACK_TRACE_VARIABLE}=1 to see one.)\n`);
    process.exit(1);
  };
  handlerInstalled = true;
  process.on('uncaughtException', handler);
  process.nextTick(remove);
}
