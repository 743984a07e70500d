import { BackupProps } from './backup';
import { BackupSchedule } from './backup-schedule';
import { BackupTarget } from './backup-target';
import { BackupModel } from './model/backup';
import { cronProblem, longestGapMinutes } from './model/cron';
import { invalidValue, isDns1123Subdomain, isIpAddress } from './model/validation';
import { Site } from './site';
import { _EngineSettings } from './sql-engine';

/**
 * What S3 refuses in a bucket name (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html,
 * "General purpose buckets naming rules"): the reason, or undefined for a name S3 accepts.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long; S3 bucket names are 3 to 63`;
  if (!/^[a-z0-9.-]+$/.test(name)) return 'has characters S3 refuses in a bucket name; use lowercase letters, digits, dots and hyphens only';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'must begin and end with a lowercase letter or a digit (S3 bucket naming rules)';
  if (name.includes('..')) return 'has two adjacent dots, which S3 refuses in a bucket name';
  if (isIpAddress(name)) return 'is formatted as an IP address, which S3 refuses as a bucket name';
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-']) {
    if (name.startsWith(prefix)) return `starts with "${prefix}", a prefix S3 reserves`;
  }
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) {
    if (name.endsWith(suffix)) return `ends with "${suffix}", a suffix S3 reserves`;
  }
  return undefined;
}

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
  const retentionDays = typeof backup.retention?.toDays === 'function' ? backup.retention.toDays({ integral: false }) : NaN;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw invalidValue(where, 'backup.retention', Number.isNaN(retentionDays) ? backup.retention : `${retentionDays} days`, 'must be whole days, at least one (Duration.days(n)); bucket lifecycle rules and the engines\' purges count in days');
  }
  return { schedule: scheduleModel(full, incremental), retentionDays, target: targetModel(where, clusterName, backup.target, siteOf) };
}

function scheduleModel(full: string, incremental: string | undefined): BackupModel['schedule'] {
  const fullGap = longestGapMinutes(full)!;
  const anyGap = incremental === undefined ? fullGap : Math.min(fullGap, longestGapMinutes(incremental)!);
  return { full, incremental, fullGapMinutes: fullGap, anyGapMinutes: anyGap };
}

function targetModel(where: string, clusterName: string, target: BackupTarget, siteOf: (s: Site) => boolean): BackupModel['target'] {
  if (!(target instanceof BackupTarget)) {
    throw invalidValue(where, 'backup.target', target, 'is not a BackupTarget; give BackupTarget.existingBucket({ bucketName, region, credentialsSecret })');
  }
  const b = target._existingBucket;
  const bucketProblem = typeof b.bucketName === 'string' ? bucketNameProblem(b.bucketName) : 'is not a string';
  if (bucketProblem !== undefined) throw invalidValue(where, 'backup.target.bucketName', b.bucketName, bucketProblem);
  if (typeof b.region !== 'string' || !/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(b.region)) {
    throw invalidValue(where, 'backup.target.region', b.region, 'is not a region name (lowercase letters, digits and hyphens, e.g. "eu-west-1")');
  }
  const endpoint = b.endpoint ?? `https://s3.${b.region}.amazonaws.com`;
  if (!/^https?:\/\/[^\s/'"?#]+(\/[^\s'"?#]*)?$/.test(endpoint)) {
    throw invalidValue(where, 'backup.target.endpoint', endpoint, 'is not an http(s) URL without query or quotes, e.g. "https://minio.backup.svc:9000"');
  }
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
  const copies = b.copiesInSites ?? [];
  for (const site of copies) {
    if (!Site.isSite(site) || !siteOf(site)) throw invalidValue(where, 'backup.target.copiesInSites entry', Site.isSite(site) ? site.siteName : site, 'is not a site of this app');
  }
  return {
    kind: 'existing-bucket',
    bucket: b.bucketName,
    prefix,
    region: b.region,
    endpoint,
    credentialsSecret: b.credentialsSecret,
    accessKeyIdKey,
    secretAccessKeyKey,
    copySites: copies.map((s) => s.siteName),
  };
}
