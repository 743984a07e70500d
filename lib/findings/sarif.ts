import * as path from 'path';
import { pathToFileURL } from 'url';
import { SourceLocation } from './source-location';
import { CheckResult, Finding, Severity } from '../core/types';

/** What SARIF and the findings JSON say about a rule. */
export interface RuleDescriptor {
  readonly id: string;
  readonly summary: string;
  readonly why: string;
  readonly severity: Severity;
}

/** Everything the findings files are made from. */
export interface FindingsInput {
  readonly result: CheckResult;
  readonly rules: readonly RuleDescriptor[];
  /** Where each construct (by path) was created in the user's program. */
  readonly locations: ReadonlyMap<string, SourceLocation>;
  /** Where the construct tree's root was created: the location of findings on `/`. */
  readonly rootLocation?: SourceLocation;
  /** The folder file paths are written relative to (the repository root, usually the working directory). */
  readonly sourceRoot: string;
  /** Whether synth refused the design. */
  readonly refused: boolean;
}

/** A finding with its state and where its construct was created. */
interface LocatedFinding {
  readonly finding: Finding;
  readonly state: 'error' | 'warning' | 'acknowledged';
  readonly location?: SourceLocation;
}

function located(input: FindingsInput): LocatedFinding[] {
  const where = (f: Finding) => input.locations.get(f.path) ?? nearestAncestor(input.locations, f.path) ?? input.rootLocation;
  return [
    ...input.result.errors.map((finding) => ({ finding, state: 'error' as const, location: where(finding) })),
    ...input.result.warnings.map((finding) => ({ finding, state: 'warning' as const, location: where(finding) })),
    ...input.result.acknowledged.map((finding) => ({ finding, state: 'acknowledged' as const, location: where(finding) })),
  ];
}

function nearestAncestor(locations: ReadonlyMap<string, SourceLocation>, p: string): SourceLocation | undefined {
  for (let at = p; at.includes('/'); ) {
    at = at.slice(0, at.lastIndexOf('/'));
    const found = locations.get(at);
    if (found) return found;
  }
  return undefined;
}

function relative(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? pathToFileURL(file).href : rel.split(path.sep).join('/');
}

/** The `kind` the findings JSON starts with: the marker by which synth knows the file as its own. */
export const FINDINGS_JSON_KIND = 'cdk-multisite findings';

/** Every finding (errors, open warnings, acknowledged ones) as JSON, with where each construct was created. */
export function renderFindingsJson(input: FindingsInput): string {
  const data = {
    kind: FINDINGS_JSON_KIND,
    refused: input.refused,
    findings: located(input).map(({ finding, state, location }) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      state,
      path: finding.path,
      message: finding.message,
      why: finding.why,
      fix: finding.fix,
      ...(finding.computedFix ? { computedFix: finding.computedFix } : {}),
      ...(finding.acknowledgedBecause ? { acknowledgedBecause: finding.acknowledgedBecause } : {}),
      ...(location ? { location: { file: relative(input.sourceRoot, location.file), line: location.line, column: location.column } } : {}),
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** The SARIF log's `tool.driver.name`: the marker by which synth knows the file as its own. */
export const SARIF_DRIVER_NAME = 'cdk-multisite';

/**
 * Every finding as a SARIF 2.1.0 log (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/):
 * one run, the rules in `tool.driver.rules`, one result per finding with its level, message,
 * fix, the construct path as a logical location and, when known, the file and line where the
 * construct was created as the physical location (relative to `%SRCROOT%`), which is what a
 * code-scanning upload shows inline. Acknowledged findings carry an in-source suppression with
 * the reason. The fix is in the message (SARIF's own `fixes` need byte-level replacements).
 */
export function renderSarif(input: FindingsInput, toolVersion: string): string {
  const ruleIndex = new Map(input.rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: SARIF_DRIVER_NAME,
          version: toolVersion,
          informationUri: 'https://github.com/cdk-multisite/cdk-multisite',
          rules: input.rules.map((r) => ({
            id: r.id,
            shortDescription: { text: r.summary },
            fullDescription: { text: r.why },
            help: { text: r.why },
            defaultConfiguration: { level: r.severity === Severity.ERROR ? 'error' : 'warning' },
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(input.sourceRoot + path.sep).href } },
      results: located(input).map(({ finding, state, location }) => ({
        ruleId: finding.ruleId,
        ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
        level: finding.severity === Severity.ERROR ? 'error' : 'warning',
        message: { text: `${finding.message} Fix: ${finding.fix}` },
        locations: [{
          ...(location ? {
            physicalLocation: {
              artifactLocation: relative(input.sourceRoot, location.file).startsWith('file:')
                ? { uri: relative(input.sourceRoot, location.file) }
                : { uri: relative(input.sourceRoot, location.file), uriBaseId: 'SRCROOT' },
              region: { startLine: location.line, startColumn: location.column },
            },
          } : {}),
          logicalLocations: [{ fullyQualifiedName: finding.path, kind: 'object' }],
        }],
        ...(state === 'acknowledged' ? { suppressions: [{ kind: 'inSource', justification: finding.acknowledgedBecause ?? '' }] } : {}),
        properties: {
          why: finding.why,
          fix: finding.fix,
          ...(finding.computedFix ? { computedFix: finding.computedFix } : {}),
        },
      })),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
