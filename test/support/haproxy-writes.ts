/**
 * Reading the writes part of a written router `haproxy.cfg` (lib/engines/galera/haproxy-config.ts),
 * and the mutation the fail-back proofs put back: the writes as one backend.
 */

/** One `server` line: its name, its `address:port`, and the rest of its flags. */
export interface ServerLine {
  readonly name: string;
  readonly address: string;
  readonly flags: string;
}

/** The sections of a config, split at blank lines, each keyed by its first line. */
function sections(config: string): string[] {
  return config.split(/\n\s*\n/);
}

/** The `server` lines of the section whose first line is `header`. */
export function serverLines(config: string, header: string): ServerLine[] {
  const section = sections(config).find((s) => s.split('\n')[0] === header);
  if (!section) throw new Error(`no section '${header}' in the config`);
  return section.split('\n').filter((l) => l.trim().startsWith('server ')).map((l) => {
    const [, name, address, ...flags] = l.trim().split(/\s+/);
    return { name, address, flags: flags.join(' ') };
  });
}

/** The `backend writes-<k>` sections, in step order. */
export function writeSteps(config: string): string[] {
  return sections(config).map((s) => s.split('\n')[0]).filter((h) => /^backend writes-\d+$/.test(h));
}

/** The data nodes in the order the router sends writes to them: the servers of the last step. */
export function writeOrder(config: string): string[] {
  const steps = writeSteps(config);
  return serverLines(config, steps[steps.length - 1]).map((s) => s.name);
}

/**
 * The defect put back: the writes as one `listen` section, the first node active with
 * `on-marked-up shutdown-backup-sessions` and every other one `backup` (the config before the
 * per-step backends). A returning backup there does not end the sessions of the backup below it.
 */
export function singleBackendWrites(config: string): string {
  const steps = writeSteps(config);
  const all = serverLines(config, steps[steps.length - 1]);
  const frontend = sections(config).find((s) => s.startsWith('frontend writes\n'))!;
  const binds = frontend.split('\n').filter((l) => /^\s+(bind|source) /.test(l));
  const listen = [
    'listen writes',
    ...binds,
    ...all.map((s, i) => `  server ${s.name} ${s.address}${i === 0 ? ' on-marked-up shutdown-backup-sessions' : ' backup'}`),
  ].join('\n');
  const kept = sections(config).filter((s) => !s.startsWith('frontend writes\n') && !steps.includes(s.split('\n')[0]));
  const readsAt = kept.findIndex((s) => s.startsWith('listen reads'));
  return `${[...kept.slice(0, readsAt), listen, ...kept.slice(readsAt)].join('\n\n').trimEnd()}\n`;
}
