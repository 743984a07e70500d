/** The cron expressions of a backup schedule. */
export interface BackupCronProps {
  /**
   * When a full backup runs: a cron expression in UTC, five fields of numbers (minute hour
   * day-of-month month day-of-week, e.g. `0 2 * * 0` for Sundays 02:00) or a macro such as `@daily`.
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
   */
  readonly full: string;
  /**
   * When an incremental backup (changes since the last backup) runs, for engines that take them
   * (CockroachDB, Cassandra's Medusa); refused for the others.
   * @default - full backups only
   */
  readonly incremental?: string;
}

/** When a cluster's backups run. */
export class BackupSchedule {
  /**
   * Backups at the times two cron expressions (UTC) give: full backups, and incremental ones
   * between them where the engine takes them. Checked when the cluster is created.
   */
  public static cron(props: BackupCronProps): BackupSchedule {
    return new BackupSchedule(props);
  }

  /** The expressions as given. @internal */
  public readonly _props: BackupCronProps;

  private constructor(props: BackupCronProps) {
    this._props = props;
  }
}
