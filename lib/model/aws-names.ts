/**
 * What AWS accepts as an S3 bucket name and as a region code, as predicates that say what is
 * wrong (or nothing), so a construct can refuse a name at once instead of at `terraform apply`.
 */

/** Prefixes S3 reserves (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];

/** Suffixes S3 reserves for access point, Object Lambda, Multi-Region Access Point and directory bucket names (same page). */
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3'];

/**
 * Why S3 refuses `name` for a general purpose bucket, or `undefined` when it takes it. The rules
 * of https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html ("General
 * purpose buckets naming rules"): 3 to 63 characters; lowercase letters, digits, '.' and '-';
 * a letter or digit at both ends; no two adjacent periods; not formatted as an IP address; none
 * of the reserved prefixes and suffixes. (Uniqueness across all accounts is checked by S3 alone.)
 */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long; S3 bucket names have 3 to 63`;
  const bad = [...new Set(name.replace(/[a-z0-9.-]/g, ''))];
  if (bad.length > 0) return `has ${bad.map((c) => JSON.stringify(c)).join(', ')}; S3 bucket names have only lowercase letters, digits, "." and "-"`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'does not begin and end with a letter or digit, as S3 bucket names must';
  if (name.includes('..')) return 'has two adjacent periods, which S3 bucket names must not';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'is formatted as an IP address, which S3 bucket names must not be';
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `starts with "${prefix}", a prefix S3 reserves`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `ends with "${suffix}", a suffix S3 reserves`;
  return undefined;
}

/**
 * Whether `region` is shaped like an AWS region code: an area, one or more words, a number
 * (`eu-west-1`, `us-gov-west-1`, `ap-southeast-4`, `il-central-1`;
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html). The shape
 * only: a region AWS has not opened yet passes and fails at apply.
 */
export function isAwsRegionCode(region: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region);
}
