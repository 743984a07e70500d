import { spawnSync } from 'child_process';
import { stringify } from 'yaml';

/** Whether Prometheus' `promtool` is on the PATH (Debian's prometheus package; scripts/failure-lab-setup.sh installs it). */
export const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

/** Runs promtool in `cwd`: its exit status and everything it printed. */
export function promtool(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf-8' });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** The Prometheus rule file of a PrometheusRule (what prometheus-operator writes for Prometheus: its `spec`). */
export const ruleFile = (rule: any): string => stringify({ groups: rule.spec.groups });
