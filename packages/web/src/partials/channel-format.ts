/** Small formatters shared by the channel, rule and delivery-log views (server-side, no script). */

/** `2026-11-28 08:15 UTC` (or with seconds). */
export function formatUtcMinute(date: Date, withSeconds = false): string {
  return `${date
    .toISOString()
    .slice(0, withSeconds ? 19 : 16)
    .replace('T', ' ')} UTC`;
}

/** A date in an IANA time zone for people: `Sat 28 Nov, 08:00 (Asia/Seoul)`. */
export function formatInZone(date: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text} (${timeZone})`;
}

/** `84 ms`, `2.3 s`, `4 min`, `3 h`, `2 d`. */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  if (abs < 60_000) return `${(abs / 1000).toFixed(abs < 10_000 ? 1 : 0)} s`;
  if (abs < 3_600_000) return `${Math.round(abs / 60_000)} min`;
  if (abs < 172_800_000) return `${Math.round(abs / 3_600_000)} h`;
  return `${Math.round(abs / 86_400_000)} d`;
}

/** "in 30 s", "in 2 h", or "now" for a time already reached. */
export function untilText(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime();
  return ms <= 1000 ? 'now' : `in ${formatDuration(ms)}`;
}

/** "1 story", "3 stories". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
