import type { SpikeWindow } from '@newswatch/db';

/** How long each spike window is. */
export const SPIKE_WINDOW_MS: Record<SpikeWindow, number> = { hour: 3_600_000, day: 86_400_000 };

/**
 * How many windows before the current one make a watch's usual rate: a week of hours (a day's
 * rhythm and a weekend averaged in, one busy afternoon barely moving it), four weeks of days.
 */
export const SPIKE_BASELINE_WINDOWS: Record<SpikeWindow, number> = { hour: 168, day: 28 };

/** What a spike rule uses when the request leaves an option out. */
export const SPIKE_DEFAULTS = { window: 'hour' as SpikeWindow, factor: 3, minCount: 5 };

/** A watch's count in the current window and its usual count per window. */
export interface SpikeRate {
  count: number;
  baseline: number;
}

/**
 * Whether a rate is a spike: at least `minCount` matches in the window, and more than `factor`
 * times the usual count per window. The minimum keeps a quiet watch (usually 0.1 an hour) from
 * "spiking" on its second story; with no history at all, the minimum alone decides.
 */
export function isSpike(rate: SpikeRate, factor: number, minCount: number): boolean {
  return rate.count >= minCount && rate.count > factor * rate.baseline;
}

/** A count per window for people: whole from 10, one decimal from 1 ("2.5"), one significant digit below ("0.04"). */
export function formatRate(value: number): string {
  if (value >= 10) return String(Math.round(value));
  if (value >= 1 || value === 0) return String(Math.round(value * 10) / 10);
  return String(Number(value.toPrecision(1)));
}

/** The sentence a spike alert leads with, e.g. 'Watch "Kim Jong Un": 14 matches in the last hour, 7× its usual 2 an hour'. */
export function describeSpike(watchName: string, window: SpikeWindow, rate: SpikeRate): string {
  const span = window === 'hour' ? 'in the last hour' : 'in the last 24 hours';
  const per = window === 'hour' ? 'an hour' : 'a day';
  const head = `Watch "${watchName}": ${rate.count} ${rate.count === 1 ? 'match' : 'matches'} ${span}`;
  if (rate.baseline <= 0) return `${head} (usually none)`;
  return `${head}, ${formatRate(rate.count / rate.baseline)}× its usual ${formatRate(rate.baseline)} ${per}`;
}
