import { Acknowledge, ActiveActiveSite, DistributedSqlCluster, Latency, MultiSiteApp, Severity, SqlEngine, WitnessSite } from '../lib';
import { readTree, tempOutdir } from './support/designs';

function farApart(outdir: string) {
  const app = new MultiSiteApp({ outdir });
  const ny = new ActiveActiveSite(app, 'new-york', { controlPlaneNodes: 1 });
  const ldn = new ActiveActiveSite(app, 'london', { controlPlaneNodes: 1 });
  const w = new WitnessSite(app, 'dublin', { controlPlaneNodes: 1 });
  app.addLink(ny, ldn, Latency.ofRttMillis(80));
  app.addLink(ny, w, Latency.ofRttMillis(75));
  app.addLink(ldn, w, Latency.ofRttMillis(12));
  const cluster = new DistributedSqlCluster(app, 'crdb', {
    engine: SqlEngine.cockroachDb({ insecure: true }),
    placement: [{ site: ny, voters: 1 }, { site: ldn, voters: 1 }, { site: w, voters: 1 }],
  });
  return { app, cluster };
}

describe('warnings and acknowledgements', () => {
  test('warnings do not block synth and are listed as open in the report', () => {
    const { app } = farApart(tempOutdir());
    const findings = app.check();
    expect(findings.map((f) => `${f.severity} ${f.ruleId}`)).toEqual([
      `${Severity.WARNING} MS-RAFT-LATENCY`,
      `${Severity.WARNING} MS-RAFT-LATENCY`,
      `${Severity.WARNING} MS-INSECURE-CLUSTER`,
    ]);
    expect(findings[0].message).toBe('new-york ↔ london has 80 ms RTT, above the 50 ms a Raft engine handles without the application noticing.');
    expect(findings[0].fix).toMatch(/raise statement and connection timeouts .* retry transactions on serialization errors .* pool connections/);
    app.synth();
    const report = readTree(app.outdir).get('REPORT.md')!;
    expect(report).toMatch(/## Warnings\n\n- \*\*MS-RAFT-LATENCY\*\*/);
  });

  test('an acknowledgement covers the construct and everything below it, and its reason is printed', () => {
    const { app, cluster } = farApart(tempOutdir());
    Acknowledge.rule(cluster, 'MS-RAFT-LATENCY', 'the order service retries on 40001 and uses 5 s statement timeouts');
    Acknowledge.rule(app, 'MS-INSECURE-CLUSTER', 'throw-away lab cluster');
    const findings = app.check();
    expect(findings.every((f) => f.acknowledgedBecause !== undefined)).toBe(true);
    app.synth();
    const report = readTree(app.outdir).get('REPORT.md')!;
    expect(report).toContain('## Warnings\n\nNone open.');
    expect(report).toContain('Acknowledged because: the order service retries on 40001 and uses 5 s statement timeouts');
    expect(report).toContain('Acknowledged because: throw-away lab cluster');
  });

  test('an acknowledgement on another construct does not cover the finding', () => {
    const { app } = farApart(tempOutdir());
    const london = app.sites.find((s) => s.siteName === 'london')!;
    Acknowledge.rule(london, 'MS-RAFT-LATENCY', 'not the right place');
    expect(app.check().filter((f) => f.ruleId === 'MS-RAFT-LATENCY' && !f.acknowledgedBecause)).toHaveLength(2);
  });

  test('errors cannot be acknowledged; unknown rules and empty reasons are refused', () => {
    const { app, cluster } = farApart(tempOutdir());
    expect(() => Acknowledge.rule(cluster, 'MS-QUORUM-SITE-LOSS', 'we accept it')).toThrow('MS-QUORUM-SITE-LOSS cannot be acknowledged');
    expect(() => Acknowledge.rule(cluster, 'MS-THREE-FAULT-DOMAINS', 'we accept it')).toThrow('cannot be acknowledged');
    expect(() => Acknowledge.rule(cluster, 'MS-MAJORITY-IN-ONE-SITE', 'we accept it')).toThrow('cannot be acknowledged');
    expect(() => Acknowledge.rule(app, 'MS-RAFT-LATENCYY', 'typo')).toThrow('unknown rule "MS-RAFT-LATENCYY"');
    expect(() => Acknowledge.rule(app, 'MS-RAFT-LATENCY', '  ')).toThrow('needs a reason');
  });
});
