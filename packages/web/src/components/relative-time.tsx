/** "5 min ago" with the exact UTC time on hover; rendered on the server, no script needed. */
export function RelativeTime({ date, now = new Date() }: { date: Date; now?: Date }) {
  return (
    <time datetime={date.toISOString()} title={`${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`}>
      {relative(date, now)}
    </time>
  );
}

export function relative(date: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return date.toISOString().slice(0, 10);
}
