import * as path from 'path';
import { fileURLToPath } from 'url';

/** Where in the user's program a construct was created. */
export interface SourceLocation {
  /** Absolute path of the source file. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** The library's own folder (`lib/`): frames inside it are the library's, not the user's. */
const LIBRARY_DIR = path.resolve(__dirname, '..');

/** Captured stacks, parsed only when a location is asked for (V8 formats a stack lazily). */
const captured = new WeakMap<object, { stack?: string }>();

/**
 * Remembers where `construct` is being created: call it from the construct's constructor. The
 * construct tree records stack traces in node metadata only when a context flag asks for them,
 * so the library captures its own, lazily: `Error.captureStackTrace` stores the frames now and
 * formats them on first read.
 */
export function recordCreation(construct: object): void {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  Error.captureStackTrace(holder, recordCreation);
  Error.stackTraceLimit = limit;
  captured.set(construct, holder);
}

/** Where `construct` was created, outside the library; undefined when unknown. */
export function creationOf(construct: object): SourceLocation | undefined {
  const holder = captured.get(construct);
  return holder?.stack ? firstUserFrame(holder.stack) : undefined;
}

/**
 * The first frame of a V8 stack that is neither the library's (`lib/`), a dependency's
 * (`node_modules`) nor Node's own (`node:` and other non-file frames).
 */
export function firstUserFrame(stack: string, libraryDir: string = LIBRARY_DIR): SourceLocation | undefined {
  for (const raw of stack.split('\n').slice(1)) {
    const m = /(?:\(|\s)((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(raw);
    if (!m) continue;
    let file = m[1];
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (!path.isAbsolute(file)) continue;
    if (file.startsWith(libraryDir + path.sep) || file.split(path.sep).includes('node_modules')) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
