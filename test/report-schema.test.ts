import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';

/** report.json's schema, as the package ships it. */
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'lib', 'report', 'report.schema.json'), 'utf-8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

function problems(data: unknown): string {
  return validate(data) ? '' : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n');
}

const reports = Object.entries(EXAMPLE_DESIGNS).map(([name, design]) => {
  const outdir = tempOutdir();
  design(outdir).synth();
  return [name, JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'))] as const;
});

describe('report.json follows lib/report/report.schema.json (ajv, strict)', () => {
  test.each(reports)('example %s', (_name, data) => {
    expect(problems(data)).toBe('');
  });

  test('the examples cover every survival rule', () => {
    const rules = new Set(reports.flatMap(([, d]) => d.clusters.map((c: any) => c.survivalRule)));
    expect([...rules].sort()).toEqual(['consistency-level', 'majority', 'primary-or-failover']);
  });

  test('writeHealth: every example with a host that depends on a database has its entry, and the schema refuses one without answers or detection', () => {
    const withHosts = reports.filter(([, d]) => d.writeHealth.length > 0).map(([n]) => n).sort();
    expect(withHosts).toEqual(expect.arrayContaining(['dr-two-regions', 'lab-per-cluster']));
    const [, dr] = reports.find(([n]) => n === 'dr-two-regions')!;
    const copy = (d: any) => JSON.parse(JSON.stringify(d));
    const noAnswers = copy(dr);
    delete noAnswers.writeHealth[0].losses[1].answers;
    expect(problems(noAnswers)).toMatch(/must have required property 'answers'/);
    const noDetection = copy(dr);
    delete noDetection.writeHealth[0].withdrawal.detectionSeconds;
    expect(problems(noDetection)).toMatch(/must have required property 'detectionSeconds'/);
  });

  test('the schema refuses what it does not describe: an unknown field, a missing verdict, votes where they decide nothing', () => {
    const [, lab] = reports.find(([n]) => n === 'lab')!;
    const [, cassandra] = reports.find(([n]) => n === 'cassandra-multi-dc')!;
    const copy = (d: any) => JSON.parse(JSON.stringify(d));
    const extra = copy(lab);
    extra.clusters[0].singleSiteLosses[0].halts = true;
    expect(problems(extra)).toMatch(/must NOT have additional properties/);
    const missing = copy(lab);
    delete missing.clusters[0].singleSiteLosses[0].survives;
    expect(problems(missing)).toMatch(/must have required property 'survives'/);
    const wrongRule = copy(cassandra);
    wrongRule.clusters[0].survivalRule = 'quorum';
    expect(problems(wrongRule)).toMatch(/must be equal to one of the allowed values/);
    const votes = copy(cassandra);
    votes.clusters[0].votingGroups = [];
    expect(problems(votes)).toMatch(/boolean schema is false/);
  });
});
