import * as fs from 'fs';
import * as path from 'path';
import { DESIGN_RECORD_KIND, DESIGN_RECORD_VERSION, DesignRecord, PreviousDesign } from '../../model/design-record';
import { OUTPUT_RECORD } from '../write-atomically';

/**
 * The design synth wrote last in `outdir`, read from the output record's `design` field. Never
 * throws: a first synth, an output without the field, or a record that cannot be compared (another
 * library version, corrupted, another app's) each comes back with a message saying why nothing
 * is compared. Whether the record may be replaced is `writeAtomically`'s question, not this one.
 */
export function readPreviousDesign(outdir: string, current: DesignRecord): PreviousDesign {
  const file = path.join(outdir, OUTPUT_RECORD);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    return { status: 'none', message: `no previous output in ${outdir}: this is a first synth, there is nothing to compare.` };
  }
  let record: any;
  try {
    record = JSON.parse(text);
  } catch (e) {
    return unreadable(file, `it is not JSON (${(e as Error).message})`);
  }
  const design = record?.design;
  if (design === undefined) {
    return { status: 'none', message: `${file} keeps no design (written by a cdk-multisite version before change safety): there is nothing to compare; the next synth compares with this one.` };
  }
  if (design === null || typeof design !== 'object' || design.kind !== DESIGN_RECORD_KIND) return unreadable(file, 'its design field is not the record synth writes');
  if (design.version !== DESIGN_RECORD_VERSION) {
    return unreadable(file, `its design record has version ${JSON.stringify(design.version)}, this synth reads version ${DESIGN_RECORD_VERSION}`);
  }
  if (design.libraryVersion !== current.libraryVersion) {
    return unreadable(file, `it was written by cdk-multisite ${JSON.stringify(design.libraryVersion)} and this is ${current.libraryVersion}, whose engine models may differ`);
  }
  const problem = shapeProblem(design);
  if (problem) return unreadable(file, `its design record is corrupted: ${problem}`);
  const typed = design as DesignRecord;
  if (!typed.sites.some((s) => current.sites.includes(s))) {
    return unreadable(file, `it describes another app (sites ${typed.sites.join(', ') || 'none'}; this app has ${current.sites.join(', ')})`);
  }
  return { status: 'read', message: `compared with the design synth wrote last in ${outdir}.`, record: typed };
}

function unreadable(file: string, why: string): PreviousDesign {
  return {
    status: 'unreadable',
    message: `the previous design in ${file} is not compared: ${why}. This synth checks no change against it and writes a record the next synth compares with; before applying, compare the old and new output by hand (kubectl diff).`,
  };
}

/** What is wrong with the record's form, or undefined. */
function shapeProblem(d: any): string | undefined {
  const isStr = (v: unknown) => typeof v === 'string';
  if (!Array.isArray(d.sites) || !d.sites.every(isStr)) return 'sites is not a list of names';
  if (d.shape === null || typeof d.shape !== 'object' || !isStr(d.shape.kind)) return 'shape is not a deployment shape';
  if (!Array.isArray(d.clusters)) return 'clusters is not a list';
  for (const c of d.clusters) {
    if (c === null || typeof c !== 'object' || !isStr(c.path) || !isStr(c.name) || !isStr(c.namespace)) return 'a cluster has no path, name or namespace';
    if (c.engine === null || typeof c.engine !== 'object' || !isStr(c.engine.kind)) return `cluster ${c.path} has no engine kind`;
    if (!Array.isArray(c.members) || !c.members.every((m: any) => isStr(m?.site) && Number.isInteger(m?.voters) && Number.isInteger(m?.arbitrators))) return `cluster ${c.path} has malformed members`;
    if (!Array.isArray(c.identity) || !c.identity.every((i: any) => isStr(i?.name) && isStr(i?.value))) return `cluster ${c.path} has malformed identity settings`;
    if (!Array.isArray(c.statefulSets) || !c.statefulSets.every((s: any) => isStr(s?.name) && isStr(s?.namespace) && isStr(s?.kubernetesCluster)
      && isStr(s?.serviceName) && isStr(s?.selector) && isStr(s?.podManagementPolicy)
      && Array.isArray(s?.volumeClaimTemplates) && s.volumeClaimTemplates.every((v: any) => isStr(v?.name) && isStr(v?.size)))) return `cluster ${c.path} has malformed StatefulSets`;
  }
  if (d.controlPlane !== undefined && (!Array.isArray(d.controlPlane) || !d.controlPlane.every((p: any) => isStr(p?.site) && Number.isInteger(p?.members)))) return 'controlPlane is malformed';
  return undefined;
}
