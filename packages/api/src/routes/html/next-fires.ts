import { CronExpressionParser } from 'cron-parser';

/** A cron expression's next `count` fire times in `timezone`; empty when it does not parse. */
export function nextFires(schedule: string, timezone: string, count: number, now = new Date()): Date[] {
  try {
    const expression = CronExpressionParser.parse(schedule, { currentDate: now, tz: timezone });
    return Array.from({ length: count }, () => expression.next().toDate());
  } catch {
    return [];
  }
}
