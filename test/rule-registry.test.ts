import * as fs from 'fs';
import * as path from 'path';
import { Acknowledge, ActiveActiveSite, DistributedSqlCluster, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { cockroachDesign, tempOutdir } from './support/designs';
import { AnalyzedDesign } from '../lib/analysis/analyzed-design';
import { analyzeDesign } from '../lib/check/analyze-design';
import { ALL_RULES } from '../lib/check/rule-registry';
import { renderRuleTable, withRuleTable } from '../lib/check/rule-table';
import { Severity } from '../lib/core/types';
import { checkDesign } from '../lib/rules/check-design';
import { Rule } from '../lib/rules/rule';
import { buildDesign } from '../lib/synth/build-design';

const LIB = path.join(__dirname, '..', 'lib');

/** Every rule file: the core rules, each engine's `rules/` folder, and the rules over written objects (`lib/check/rules/`). */
function ruleFiles(): string[] {
  const core = fs.readdirSync(path.join(LIB, 'rules'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !['rule.ts', 'check-design.ts', 'index.ts'].includes(f))
    .map((f) => path.join(LIB, 'rules', f));
  const engines = fs.readdirSync(path.join(LIB, 'engines'), { withFileTypes: true }).filter((d) => d.isDirectory())
    .flatMap((d) => {
      const dir = path.join(LIB, 'engines', d.name, 'rules');
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(dir, f)) : [];
    });
  const output = fs.readdirSync(path.join(LIB, 'check', 'rules')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(LIB, 'check', 'rules', f));
  return [...core, ...engines, ...output];
}

/** The rules a file exports: a `Rule`, or an engine's rule (`checkClusters`, given its engine's clusters by the registry). */
function rulesIn(file: string): Pick<Rule, 'id'>[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the test loads every rule file by path
  return Object.values(require(file)).filter((x: any) => x && (typeof x.check === 'function' || typeof x.checkClusters === 'function') && typeof x.id === 'string') as Rule[];
}

describe('the rule list', () => {
  test('every rule file holds one rule whose id is MS- and the file name in capitals', () => {
    const mismatched: string[] = [];
    for (const file of ruleFiles()) {
      const rules = rulesIn(file);
      expect(rules).toHaveLength(1);
      const expected = `MS-${path.basename(file, '.ts').toUpperCase()}`;
      if (rules[0].id !== expected) mismatched.push(`${path.relative(LIB, file)}: ${rules[0].id}, expected ${expected}`);
    }
    expect(mismatched).toEqual([]);
  });

  test('ALL_RULES holds every rule file once, and ids are unique', () => {
    const fromFiles = ruleFiles().flatMap(rulesIn);
    expect(ALL_RULES.map((r) => r.id).sort()).toEqual(fromFiles.map((r) => r.id).sort());
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
  });

  test('the README rule table is the rule list (run `npx projen docs:rules` after changing a rule)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    expect(withRuleTable(readme, ALL_RULES)).toBe(readme);
    for (const rule of ALL_RULES) expect(readme).toContain(`| \`${rule.id}\` |`);
    expect(renderRuleTable(ALL_RULES).split('\n')).toHaveLength(ALL_RULES.length + 2);
  });
});

describe('the README', () => {
  test('shows the refusal synth prints for 3 + 1 + 1 nodes at 3 replicas, verbatim', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    const app = cockroachDesign(tempOutdir(), [{ name: 'dc-a', voters: 3 }, { name: 'dc-b', voters: 1 }, { name: 'dc-witness', witness: true, voters: 1 }]);
    expect(() => app.synth()).toThrow();
    try {
      app.synth();
    } catch (e) {
      expect(readme).toContain(`\`\`\`\n${(e as Error).message}\n\`\`\``);
    }
  });

  test('stays a front door: at most 450 lines (details go to docs/, bench results to bench/README.md, history to CHANGELOG.md)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(450);
  });

  test('every relative link in README.md and the files it links to points to an existing file and heading', () => {
    const root = path.join(__dirname, '..');
    const docs = ['README.md', 'CHANGELOG.md', 'bench/README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const links = docs.flatMap((doc) => linksIn(root, doc, fs.readFileSync(path.join(root, doc), 'utf-8')));
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((l) => l.problem).map((l) => `${l.doc}: ${l.target} (${l.problem})`)).toEqual([]);
    // A missing file and a missing heading are both caught.
    expect(linksIn(root, 'README.md', '[a](docs/missing.md) [b](#no-such-heading) [c](docs/output.md#the-output-folder)').map((l) => l.problem))
      .toEqual(['no such file', 'no heading #no-such-heading', undefined]);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, each space a `-`. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The relative Markdown links of `doc` (a path from `root`, its text `text`), outside code blocks, each with what is wrong with it. */
function linksIn(root: string, doc: string, text: string): { doc: string; target: string; problem?: string }[] {
  const prose = (t: string) => t.replace(/```[\s\S]*?```/g, '');
  return [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z]+:/.test(target)).map((target) => {
    const [file, anchor] = target.split('#');
    const resolved = file ? path.join(root, path.dirname(doc), file) : path.join(root, doc);
    if (!fs.existsSync(resolved)) return { doc, target, problem: 'no such file' };
    if (anchor === undefined) return { doc, target };
    const headingText = file ? fs.readFileSync(resolved, 'utf-8') : text;
    const anchors = prose(headingText).split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => anchorOf(l.replace(/^#+ /, '')));
    return anchors.includes(anchor) ? { doc, target } : { doc, target, problem: `no heading #${anchor}` };
  });
}

describe('rules run guarded', () => {
  function labDesign(): AnalyzedDesign {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    const w = new WitnessSite(app, 'dc-witness');
    new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: w, voters: 1 }] });
    return analyzeDesign(buildDesign(app, app.shape, []));
  }

  test('a rule that throws becomes an MS-RULE-FAILURE error naming it, and the other rules still report', () => {
    const broken: Rule = {
      id: 'MS-BROKEN',
      summary: 'never',
      severity: Severity.WARNING,
      acknowledgeable: true,
      why: 'test',
      check: () => {
        throw new Error('boom');
      },
    };
    const result = checkDesign(labDesign(), [broken, ...ALL_RULES]);
    expect(result.errors.map((f) => [f.ruleId, f.message])).toEqual([['MS-RULE-FAILURE', 'rule MS-BROKEN failed while checking the design: boom']]);
    // MS-LINK-RTT-UNKNOWN still reports the three undeclared links.
    expect(result.warnings.filter((f) => f.ruleId === 'MS-LINK-RTT-UNKNOWN')).toHaveLength(3);
  });
});

describe('acknowledgements', () => {
  test('need a reason of at least 10 characters', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    expect(() => Acknowledge.rule(app, 'MS-RAFT-LATENCY', 'ok, fine')).toThrow(
      'Acknowledge.rule: acknowledging MS-RAFT-LATENCY on / needs a reason of at least 10 characters, got "ok, fine": say why the team accepts the risk.',
    );
    expect(() => Acknowledge.rule(app, 'MS-RAFT-LATENCY', 'retries on 40001')).not.toThrow();
  });
});
