import { SPIKE_DEFAULTS } from '@newswatch/alerts';
import type { SpikeWindow } from '@newswatch/db';

/**
 * The spike columns of a new or edited rule: a spike rule's options, with the defaults for
 * those left out (last hour, 3×, at least 5); null for a rule of another mode.
 */
export function spikeColumns(rule: { mode: string; spikeWindow?: SpikeWindow; spikeFactor?: number; spikeMinCount?: number }) {
  if (rule.mode !== 'spike') return { spike_window: null, spike_factor: null, spike_min_count: null };
  return {
    spike_window: rule.spikeWindow ?? SPIKE_DEFAULTS.window,
    spike_factor: rule.spikeFactor ?? SPIKE_DEFAULTS.factor,
    spike_min_count: rule.spikeMinCount ?? SPIKE_DEFAULTS.minCount,
  };
}
