/**
 * Days whose count stands out: at least `minCount` and more than the mean plus two standard
 * deviations of the days before it (at least a week of history). That is the "coverage is
 * growing fast" signal an analyst scans a volume chart for.
 */
export function spikeDays(days: { date: string; count: number }[], minCount = 3): Set<string> {
  const spikes = new Set<string>();
  for (let i = 7; i < days.length; i++) {
    const history = days.slice(0, i).map((d) => d.count);
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / history.length);
    const day = days[i]!;
    if (day.count >= minCount && day.count > mean + 2 * sd) spikes.add(day.date);
  }
  return spikes;
}
