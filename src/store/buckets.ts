// Bucket rules (pure): names, retention, the built-in default bucket.

export interface Bucket {
  readonly name: string;
  readonly retentionDays: number;
  readonly builtIn: boolean;
  readonly displayName?: string;
}

export const DEFAULT_BUCKET_NAME = "default_securityevents";
export const DEFAULT_BUCKET: Bucket = {
  name: DEFAULT_BUCKET_NAME,
  retentionDays: 365,
  builtIn: true,
  displayName: "Default security events",
};
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3657;

const NAME = /^[a-z][a-z0-9_-]{2,99}$/;

/** Every problem with a custom bucket's name and retention (empty when valid). */
export function bucketProblems(name: string, retentionDays: number): string[] {
  const problems: string[] = [];
  if (!NAME.test(name)) {
    problems.push(
      `bucket name ${JSON.stringify(name)} must be 3-100 characters of a-z, 0-9, _ and -, starting with a letter`,
    );
  }
  if (name.startsWith("default_") || name.startsWith("dt_")) {
    problems.push(
      `bucket name ${JSON.stringify(name)} may not start with default_ or dt_ (reserved for built-in buckets)`,
    );
  }
  problems.push(...retentionProblems(retentionDays));
  return problems;
}

export function retentionProblems(retentionDays: number): string[] {
  if (
    !Number.isInteger(retentionDays) ||
    retentionDays < MIN_RETENTION_DAYS ||
    retentionDays > MAX_RETENTION_DAYS
  ) {
    return [
      `retention must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}, got ${retentionDays}`,
    ];
  }
  return [];
}
