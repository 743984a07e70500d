import { NO_PLACEMENT_REMEDY, Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';
import { terraformStacksOf } from '../model/terraform-stacks';

/** One bucket name, one created bucket: S3 bucket names are global, and Terraform creates each once. */
export const backupBucketUnique: Rule = {
  id: 'MS-BACKUP-BUCKET-UNIQUE',
  summary: 'two BackupTarget.createdBucket (or replicas) naming one bucket',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Each created bucket is its own Terraform stack: the second stack to apply fails to create a bucket that exists (S3 bucket names are global), or, applied from another account, the two clusters\' lifecycle rules and replication fight over one bucket.',
  check(design: AnalyzedDesign): Violation[] {
    const first = new Map<string, { path: string; as: string }>();
    const out: Violation[] = [];
    for (const { path, target } of terraformStacksOf(design).backupBuckets) {
      const created = [{ bucket: target.bucket, as: 'bucketName' }, ...(target.replica ? [{ bucket: target.replica.bucket, as: 'replicaBucketName' }] : [])];
      for (const { bucket, as } of created) {
        const earlier = first.get(bucket);
        if (earlier === undefined) {
          first.set(bucket, { path, as });
          continue;
        }
        out.push({
          path,
          message: `BackupTarget.createdBucket ${as} ${bucket} is also created for ${earlier.path} (its ${earlier.as}): the Terraform would create one bucket twice.`,
          placement: NO_PLACEMENT_REMEDY,
          fix: `Give each created bucket its own name, or let ${path} back up into ${bucket} with BackupTarget.existingBucket once ${earlier.path}'s stack has created it (each cluster writes under its own prefix).`,
        });
      }
    }
    return out;
  },
};
