/**
 * The feed farm of bench/poll-cycle, as its own process so the poller's CPU and memory are
 * measured alone. Started by poll.ts over IPC: answers `{ type: 'ready', urls }`, then obeys
 * `{ type: 'bump', fraction }` (publish new items on that share of the feeds) and
 * `{ type: 'stats' }`. Arguments: hosts, feeds per host, items per feed, delay (ms), text mode.
 */
import { FeedFarm, type FarmText } from '../../tests/ingest/feed-farm';

const [hosts, feedsPerHost, items, delayMs] = process.argv.slice(2, 6).map(Number);
const text = process.argv[6] as FarmText;
const farm = await new FeedFarm({ hosts: hosts!, feedsPerHost: feedsPerHost!, itemsPerFeed: items!, delayMs: delayMs!, newItemsPerBump: 2, text }).start();
process.send!({ type: 'ready', urls: farm.urls });

let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

// The poller gone (killed, or its output's pipe closed) leaves no farm behind.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: { type: string; fraction?: number }) => {
  if (message.type === 'bump') {
    const chosen = farm.urls.filter(() => random() < (message.fraction ?? 0));
    farm.bump(chosen);
    farm.resetHits();
    process.send!({ type: 'bumped', count: chosen.length });
  } else if (message.type === 'stats') {
    process.send!({ type: 'stats', ...farm.answers, hits: farm.totalHits });
  } else if (message.type === 'stop') {
    void farm.stop().then(() => process.exit(0));
  }
});
