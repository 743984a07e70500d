import { FINDINGS_JSON_KIND, FindingsInput, renderFindingsJson, renderSarif, SARIF_DRIVER_NAME } from '../../findings/sarif';

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
