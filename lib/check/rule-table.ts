import { Severity } from '../core/types';
import { Rule } from '../rules/rule';

/** The README's rule table: one row per rule, in the order findings are reported. */
export function renderRuleTable(rules: readonly Rule[]): string {
  const rows = ['| id | severity | fires on |', '| --- | --- | --- |'];
  for (const r of rules) {
    const severity = r.severity === Severity.ERROR ? (r.acknowledgeable ? 'error, acknowledgeable' : 'error') : 'warning';
    rows.push(`| \`${r.id}\` | ${severity} | ${r.summary} |`);
  }
  return rows.join('\n');
}

/** Markers around the generated table in README.md. */
export const RULE_TABLE_START = '<!-- rule-table:start (generated from the rule list by `npx projen docs:rules`; a test checks it) -->';
/** Markers around the generated table in README.md. */
export const RULE_TABLE_END = '<!-- rule-table:end -->';

/** `readme` with the text between the rule-table markers replaced by the table of `rules`. */
export function withRuleTable(readme: string, rules: readonly Rule[]): string {
  const start = readme.indexOf(RULE_TABLE_START);
  const end = readme.indexOf(RULE_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no rule-table markers (${RULE_TABLE_START} … ${RULE_TABLE_END}).`);
  return `${readme.slice(0, start + RULE_TABLE_START.length)}\n${renderRuleTable(rules)}\n${readme.slice(end)}`;
}
