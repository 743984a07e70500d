import { BackupProps } from './backup';
import { BackupSchedule } from './backup-schedule';
import { BackupTarget, CreatedBucketProps, ExistingBucketProps } from './backup-target';
import { isAwsRegionCode, s3BucketNameProblem } from './model/aws-names';
import { BackupBucketModel, BackupModel, BackupScheduleModel, BackupTargetModel } from './model/backup';
import { cronProblem, longestGapMinutes } from './model/cron';
import { invalidValue, isDns1123Subdomain } from './model/validation';
import { Site } from './site';
import { _EngineSettings } from './sql-engine';
import { checkBackupBucketSpec } from './terraform/backup-bucket-spec';

/** A Secret's data key: letters, digits, '-', '_' and '.' (Kubernetes `IsConfigMapKey`). */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * The backup of cluster `clusterName` (`where` names it for errors) as plain data, after refusing
 * what is wrong on its own: an engine that takes no backup, an incremental schedule for an engine
 * without incremental backups, a schedule that is no cron expression, a retention under one day,
 * a bucket name S3 refuses, a Secret reference that is no name. `siteOf` says whether a site is of
 * the cluster's app.
 */
export function checkedBackup(
  where: string, clusterName: string, backup: BackupProps, engine: _EngineSettings, siteOf: (s: Site) => boolean,
): BackupModel {
  if (backup === null || typeof backup !== 'object') {
    throw invalidValue(where, 'backup', backup, 'is not an object; give { schedule: BackupSchedule.cron({...}), retention: Duration.days(n), target: BackupTarget.existingBucket({...}) }');
  }
  if (engine.backup === undefined) {
    throw new Error(`${where}: backup is set, but the library writes no ${engine.engineLabel} backups: ${engine.noBackupReason} Leave backup unset and back the cluster up with the engine's own tools.`);
  }
  if (!(backup.schedule instanceof BackupSchedule)) {
    throw invalidValue(where, 'backup.schedule', backup.schedule, 'is not a BackupSchedule; give BackupSchedule.cron({ full: "0 2 * * 0" })');
  }
  const { full, incremental } = backup.schedule._props;
  for (const [what, expression] of [['full', full], ['incremental', incremental]] as const) {
    if (expression === undefined && what === 'incremental') continue;
    const problem = cronProblem(expression as string);
    if (problem !== undefined) throw invalidValue(where, `backup.schedule.${what}`, expression, `is not a cron expression: it ${problem}`);
    if (longestGapMinutes(expression as string) === undefined) throw invalidValue(where, `backup.schedule.${what}`, expression, 'never fires (no such date in four years); give a schedule that runs');
  }
  if (incremental !== undefined && !engine.backup.incremental) {
    throw invalidValue(where, 'backup.schedule.incremental', incremental, `is set, but ${engine.engineLabel} backups here are full only (${engine.backup.tool}); leave it unset and schedule full backups as often as the RPO needs`);
  }
  if (incremental !== undefined && engine.backup.incrementalsShareOlderFiles && backup.target instanceof BackupTarget && backup.target._choice.kind === 'created-bucket') {
    throw invalidValue(where, 'backup.schedule.incremental', incremental, `is set with BackupTarget.createdBucket, whose lifecycle rule expires every object by age; ${engine.engineLabel}'s incremental backups (${engine.backup.tool}) keep referring to files uploaded by older backups, which that rule would delete. Leave incremental unset (full backups only), or give BackupTarget.existingBucket with no age-based expiry on the prefix (the engine's own purge deletes old backups)`);
  }
  const retentionDays = typeof backup.retention?.toDays === 'function' ? backup.retention.toDays({ integral: false }) : NaN;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw invalidValue(where, 'backup.retention', Number.isNaN(retentionDays) ? backup.retention : `${retentionDays} days`, 'must be whole days, at least one (Duration.days(n)); bucket lifecycle rules and the engines\' purges count in days');
  }
  const schedule = scheduleModel(full, incremental);
  const target = targetModel(where, clusterName, backup.target, siteOf, retentionDays, schedule);
  const endpointProblem = engine.backup.endpointProblem?.(target.endpoint);
  if (endpointProblem !== undefined) throw invalidValue(where, 'backup.target.endpoint', target.endpoint, endpointProblem);
  return { schedule, retentionDays, target };
}

function scheduleModel(full: string, incremental: string | undefined): BackupScheduleModel {
  const fullGap = longestGapMinutes(full)!;
  const anyGap = incremental === undefined ? fullGap : longestGapMinutes(full, incremental)!;
  return { full, incremental, fullGapMinutes: fullGap, anyGapMinutes: anyGap };
}

function targetModel(
  where: string, clusterName: string, target: BackupTarget, siteOf: (s: Site) => boolean, retentionDays: number, schedule: BackupScheduleModel,
): BackupTargetModel {
  if (!(target instanceof BackupTarget)) {
    throw invalidValue(where, 'backup.target', target, 'is not a BackupTarget; give BackupTarget.existingBucket({ bucketName, region, credentialsSecret }) or BackupTarget.createdBucket({ bucketName, region, credentialsSecret })');
  }
  const choice = target._choice;
  return choice.kind === 'existing-bucket'
    ? existingBucketModel(where, clusterName, choice.props, siteOf)
    : createdBucketModel(where, clusterName, choice.props, siteOf, retentionDays, schedule);
}

function existingBucketModel(where: string, clusterName: string, b: ExistingBucketProps, siteOf: (s: Site) => boolean): BackupTargetModel {
  const bucketProblem = typeof b.bucketName === 'string' ? s3BucketNameProblem(b.bucketName) : 'is not a string';
  if (bucketProblem !== undefined) throw invalidValue(where, 'backup.target.bucketName', b.bucketName, `${bucketProblem} (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)`);
  // Without an endpoint the bucket is in AWS, whose region codes have a shape; another S3 (MinIO) names its region freely.
  if (b.endpoint === undefined && (typeof b.region !== 'string' || !isAwsRegionCode(b.region))) {
    throw invalidValue(where, 'backup.target.region', b.region, 'is not an AWS region code (e.g. "eu-west-1"); for another S3-compatible store give its endpoint too');
  }
  if (typeof b.region !== 'string' || !/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(b.region)) {
    throw invalidValue(where, 'backup.target.region', b.region, 'is not a region name (lowercase letters, digits and hyphens, e.g. "eu-west-1")');
  }
  const endpoint = b.endpoint ?? awsEndpoint(b.region);
  if (!/^https?:\/\/[^\s/'"?#]+(\/[^\s'"?#]*)?$/.test(endpoint)) {
    throw invalidValue(where, 'backup.target.endpoint', endpoint, 'is not an http(s) URL without query or quotes, e.g. "https://minio.backup.svc:9000"');
  }
  const copies = b.copiesInSites ?? [];
  for (const site of copies) checkSite(where, 'backup.target.copiesInSites entry', site, siteOf);
  const copySites = [...new Set(copies.map((s) => s.siteName))];
  return {
    kind: 'existing-bucket',
    ...bucketAccess(where, clusterName, b, b.bucketName, b.region, endpoint),
    copySites,
    copyOutsideSites: copySites.length === 0,
  };
}

/**
 * A bucket the library's Terraform creates: checked as the stack will be (`checkBackupBucketSpec`)
 * with the retention it will get, before any Terraform is loaded.
 */
function createdBucketModel(
  where: string, clusterName: string, b: CreatedBucketProps, siteOf: (s: Site) => boolean, retentionDays: number, schedule: BackupScheduleModel,
): BackupTargetModel {
  const bucketRetentionDays = retentionDays + Math.ceil(schedule.fullGapMinutes / 1440);
  checkBackupBucketSpec({
    bucketName: b.bucketName,
    region: b.region,
    retentionDays: bucketRetentionDays,
    replicaRegion: b.replicaRegion,
    replicaBucketName: b.replicaBucketName,
  }, `${where}: BackupTarget.createdBucket`);
  if (b.regionSite !== undefined) checkSite(where, 'backup.target.regionSite', b.regionSite, siteOf);
  if (b.replicaRegionSite !== undefined) {
    if (b.replicaRegion === undefined) {
      throw invalidValue(where, 'backup.target.replicaRegionSite', b.replicaRegionSite.siteName, 'is given without replicaRegion; name the replica\'s region and bucket, or leave replicaRegionSite out');
    }
    checkSite(where, 'backup.target.replicaRegionSite', b.replicaRegionSite, siteOf);
  }
  const replica = b.replicaRegion !== undefined ? { bucket: b.replicaBucketName!, region: b.replicaRegion } : undefined;
  const sitesOfCopies = [b.regionSite, replica ? b.replicaRegionSite : undefined].filter((s): s is Site => s !== undefined);
  const copySites = [...new Set(sitesOfCopies.map((s) => s.siteName))];
  return {
    kind: 'created-bucket',
    ...bucketAccess(where, clusterName, b, b.bucketName, b.region, awsEndpoint(b.region)),
    copySites,
    copyOutsideSites: b.regionSite === undefined || (replica !== undefined && b.replicaRegionSite === undefined),
    stackName: `${clusterName}-backup-bucket`,
    bucketRetentionDays,
    ...(replica ? { replica } : {}),
  };
}

/** AWS S3's regional endpoint (https://docs.aws.amazon.com/general/latest/gr/s3.html). */
function awsEndpoint(region: string): string {
  return `https://s3.${region}.amazonaws.com`;
}

function checkSite(where: string, prop: string, site: unknown, siteOf: (s: Site) => boolean): void {
  if (!Site.isSite(site) || !siteOf(site)) throw invalidValue(where, prop, Site.isSite(site) ? site.siteName : site, 'is not a site of this app');
}

type BucketAccess = Omit<BackupBucketModel, 'copySites' | 'copyOutsideSites'>;

/** How the jobs reach the bucket: endpoint, region, the Secret and its keys, the folder. */
function bucketAccess(
  where: string, clusterName: string, b: ExistingBucketProps | CreatedBucketProps, bucket: string, region: string, endpoint: string,
): BucketAccess {
  if (typeof b.credentialsSecret !== 'string' || !isDns1123Subdomain(b.credentialsSecret)) {
    throw invalidValue(where, 'backup.target.credentialsSecret', b.credentialsSecret, 'is not a Secret name (a DNS subdomain: lowercase letters, digits, "-" and ".")');
  }
  const accessKeyIdKey = b.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID';
  const secretAccessKeyKey = b.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY';
  for (const [what, key] of [['accessKeyIdKey', accessKeyIdKey], ['secretAccessKeyKey', secretAccessKeyKey]] as const) {
    if (typeof key !== 'string' || !SECRET_KEY.test(key)) throw invalidValue(where, `backup.target.${what}`, key, 'is not a Secret key (letters, digits, "-", "_" and ".")');
  }
  const prefix = b.prefix ?? clusterName;
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9!_.*()-]+(\/[A-Za-z0-9!_.*()-]+)*$/.test(prefix)) {
    throw invalidValue(where, 'backup.target.prefix', prefix, 'is not a folder of S3 safe characters (letters, digits, !_.*()- and "/" between parts, none at the ends)');
  }
  return { bucket, prefix, region, endpoint, credentialsSecret: b.credentialsSecret, accessKeyIdKey, secretAccessKeyKey };
}
