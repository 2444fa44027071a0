import type { NormalizedItem } from '@newswatch/ingest';
import { normalizedItem } from '../support/normalized-item';

/**
 * Copies of one new event for the race tests: round `round`'s wire story as outlet `outlet`
 * carries it — its own URL and headline suffix, the same text. Each round is another event,
 * so rounds never join each other.
 */
export function raceCopy(round: number, outlet: 'a' | 'b'): NormalizedItem {
  const [headline, summary] = EVENTS[round % EVENTS.length]!;
  const title = `${headline} - Outlet ${outlet.toUpperCase()}`;
  const url = `https://outlet-${outlet}.test/world/event-${round}`;
  return normalizedItem({ key: `${outlet}-${round}`, url, title, summary });
}

/** Six unrelated events, each a strike somewhere (so one watch matches them all). */
const EVENTS: [string, string][] = [
  [
    'Dockworkers strike shuts Velmora container port',
    'Dockworkers at Velmora walked out on Tuesday, halting container traffic after pay talks broke down, the port authority said.',
  ],
  [
    'Ostrakan bus drivers strike over unpaid overtime',
    'Bus drivers in Ostrakan began a 48-hour strike on Wednesday, leaving commuters stranded as the transit company refused to pay overtime owed since March.',
  ],
  [
    'Nurses at Brindleport hospitals strike for safe staffing',
    'Thousands of nurses across Brindleport’s three public hospitals went on strike Thursday demanding minimum staffing ratios, postponing elective surgery.',
  ],
  [
    'Kavarsk copper miners extend strike into second week',
    'Miners at the Kavarsk copper pit voted to extend their strike, cutting output at the world’s ninth-largest mine as the union rejected a 4% wage offer.',
  ],
  [
    'Air traffic controllers strike grounds flights in Lumentia',
    'Hundreds of flights were cancelled across Lumentia on Friday as air traffic controllers staged a one-day strike over a pension reform bill.',
  ],
  [
    'Tarvishe teachers strike closes 400 schools',
    'Teachers in the Tarvishe region struck on Monday, closing about 400 schools in a dispute over class sizes and a frozen salary scale.',
  ],
];

/** The watch the copies match: one instant alert per event is expected. */
export const RACE_WATCH_QUERY = 'strike*';
