import type { BackupScheduleModel } from '../model/ops-model.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * When a {@link Backup} runs. Times are UTC, so a schedule means the same thing on every server.
 *
 * @example
 * BackupSchedule.daily('03:30')   // every day at 03:30 UTC
 * BackupSchedule.everyHours(6)    // at 00:00, 06:00, 12:00 and 18:00 UTC
 */
export class BackupSchedule {
  /** Once a day at `at` (`HH:MM`, UTC). */
  static daily(at: string): BackupSchedule {
    return new BackupSchedule({ kind: 'daily', at });
  }

  /** Every `hours` hours, on the hour, counted from midnight UTC (1 to 12). */
  static everyHours(hours: number): BackupSchedule {
    return new BackupSchedule({ kind: 'hourly', everyHours: hours });
  }

  private constructor(readonly model: BackupScheduleModel) {}

  /** Problems with the schedule, as `[message, fix]` pairs. */
  problems(): Array<[string, string]> {
    const m = this.model;
    if (m.kind === 'daily' && !TIME.test(m.at)) return [[`daily time "${m.at}" is not HH:MM (00:00 to 23:59).`, `use BackupSchedule.daily('03:00').`]];
    if (m.kind === 'hourly' && (!Number.isInteger(m.everyHours) || m.everyHours < 1 || m.everyHours > 12)) {
      return [[`everyHours must be a whole number from 1 to 12, got ${m.everyHours}.`, 'use BackupSchedule.everyHours(6), or BackupSchedule.daily(…) for once a day.']];
    }
    return [];
  }

  /** The value of `BACKUP_SCHEDULE` that `backup.sh --schedule` reads: `daily 03:00` or `every 6h`. */
  get text(): string {
    return this.model.kind === 'daily' ? `daily ${this.model.at}` : `every ${this.model.everyHours}h`;
  }
}
