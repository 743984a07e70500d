import { IConstruct } from 'constructs';
import { ALL_RULES } from '../../check/rule-registry';
import { CheckResult, Severity } from '../../core/types';
import { FINDINGS_JSON_KIND, FindingsInput, renderFindingsJson, renderSarif, SARIF_DRIVER_NAME } from '../../findings/sarif';
import { creationOf, SourceLocation } from '../../findings/source-location';
import { RULE_FAILURE_ID } from '../../rules/check-design';
import { pathOf } from '../build-design';

/**
 * One findings file synth writes outside the output folder, where a `MultiSiteApp` option says
 * (`sarifFile`, `findingsFile`), also when it refuses the design. Written by
 * {@link writeFindingsFiles}, which replaces only a file that {@link isOwn} recognises.
 */
export interface FindingsOutput {
  /** The `MultiSiteApp` option that names the file. */
  readonly option: 'sarifFile' | 'findingsFile';
  /** A file name to suggest, e.g. `findings.sarif`. */
  readonly example: string;
  /** What the file is, for people, e.g. `a cdk-multisite SARIF log`. */
  readonly what: string;
  /** The file's content. */
  render(input: FindingsInput, toolVersion: string): string;
  /** Whether `content` is a file this output wrote: its marker, checked on the parsed content. */
  isOwn(content: string): boolean;
}

/** `sarifFile`: SARIF 2.1.0, for a code-scanning upload; its marker is `runs[0].tool.driver.name`. */
export const SARIF_FILE_OUTPUT: FindingsOutput = {
  option: 'sarifFile',
  example: 'findings.sarif',
  what: `a SARIF log of ${SARIF_DRIVER_NAME}`,
  render: renderSarif,
  isOwn: (content) => parsed(content)?.runs?.[0]?.tool?.driver?.name === SARIF_DRIVER_NAME,
};

/** `findingsFile`: the findings as JSON; its marker is `kind`. */
export const FINDINGS_FILE_OUTPUT: FindingsOutput = {
  option: 'findingsFile',
  example: 'findings.json',
  what: `a findings file of cdk-multisite (kind "${FINDINGS_JSON_KIND}")`,
  render: (input) => renderFindingsJson(input),
  isOwn: (content) => parsed(content)?.kind === FINDINGS_JSON_KIND,
};

function parsed(content: string): any {
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}

/**
 * What the findings files of one synth render: the check's result, every rule (and the finding
 * of a rule that failed), and where each construct of the tree under `root` was created in the
 * user's program (files are written relative to the working directory).
 */
export function findingsInput(root: IConstruct, result: CheckResult): FindingsInput {
  const locations = new Map<string, SourceLocation>();
  for (const c of root.node.findAll()) {
    const at = creationOf(c);
    if (at) locations.set(pathOf(c), at);
  }
  return {
    result,
    rules: [...ALL_RULES, { id: RULE_FAILURE_ID, summary: 'a rule failed while checking the design', why: 'A rule that cannot answer has not checked the design.', severity: Severity.ERROR }],
    locations,
    rootLocation: creationOf(root),
    sourceRoot: process.cwd(),
    refused: result.errors.length > 0,
  };
}
