/**
 * Matches per day as a bar chart in plain HTML/CSS: no script, and no inline style (CSP), so
 * heights are one of 21 classes `h-0`…`h-20` (5 % steps) relative to the busiest day.
 */
export function DayBars({ days, label, spikes }: { days: { date: string; count: number }[]; label: string; spikes?: Set<string> }) {
  const max = Math.max(1, ...days.map((d) => d.count));
  return (
    <div class="day-bars" role="img" aria-label={label}>
      {days.map((d) => (
        <span class={spikes?.has(d.date) ? 'bar spike' : 'bar'} title={`${d.date}: ${d.count}${spikes?.has(d.date) ? ' — spike' : ''}`}>
          <span class={`fill h-${d.count > 0 ? Math.max(1, Math.round((d.count / max) * 20)) : 0}`} />
        </span>
      ))}
    </div>
  );
}
