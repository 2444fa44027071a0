import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets a long loop of matching (a preview over 20,000 stored stories, the re-match of an
 * edited watch) give the event loop a turn every few milliseconds, so requests such as
 * `/healthz` are answered in between instead of after the whole scan. Matching one story
 * is bounded (see limits.ts), so no turn waits longer than one story plus one slice.
 */
export class TimeSlicer {
  #sliceStart = performance.now();

  constructor(
    /** Longest stretch of work between two turns, in milliseconds. */
    readonly sliceMs = 8,
  ) {}

  /** Call between units of work: yields to the event loop once the current slice is used up. */
  async tick(): Promise<void> {
    if (performance.now() - this.#sliceStart < this.sliceMs) return;
    await nextTurn();
    this.#sliceStart = performance.now();
  }
}
