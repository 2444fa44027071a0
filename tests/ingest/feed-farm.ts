import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { newsStory } from './farm-news';

/**
 * What the farm's stories say. `own-words`: every story its own made-up words, so no two
 * share a word but the template's — the worst case for event clustering. `news`: a Zipf
 * vocabulary, and two fifths of the stories rewritten copies of the events of their slot
 * (farm-news.ts), as news is.
 */
export type FarmText = 'own-words' | 'news';

export interface FeedFarmOptions {
  /** Distinct hosts: each is its own loopback address (127.0.1.2, 127.0.1.3 …), as feeds of many sites are. */
  hosts: number;
  feedsPerHost: number;
  /** Items in every feed document. */
  itemsPerFeed: number;
  /** Items a feed gains each time it is bumped (the oldest fall off). */
  newItemsPerBump?: number;
  /** Milliseconds before each answer (network and server latency). */
  delayMs?: number;
  /** `own-words` by default. */
  text?: FarmText;
}

/** The i-th loopback address after 127.0.0.1 (Linux routes all of 127/8 to the loopback interface). */
export function loopbackAddress(i: number): string {
  return `127.0.${Math.floor(i / 250) + 1}.${(i % 250) + 2}`;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const BASE_TIME = Date.parse('2026-11-01T00:00:00Z');

/**
 * Many RSS feeds on many hosts, each host a real HTTP server on its own loopback address, so
 * the poller's per-host politeness (2 at a time, 1 s apart) applies as it would on the
 * Internet instead of serializing everything on 127.0.0.1. Every answer carries an ETag and a
 * conditional GET of an unchanged feed gets a 304. Requests are counted per feed.
 */
export class FeedFarm {
  readonly urls: string[] = [];
  readonly #options: Required<FeedFarmOptions>;
  readonly #servers: http.Server[] = [];
  readonly #hits = new Map<string, number>();
  readonly #versions = new Map<string, number>();
  #bodies = new Map<string, Buffer>();
  /** Answers sent, by status. */
  readonly answers = { ok: 0, notModified: 0 };

  constructor(options: FeedFarmOptions) {
    this.#options = { newItemsPerBump: 2, delayMs: 0, text: 'own-words', ...options };
  }

  async start(): Promise<this> {
    for (let h = 0; h < this.#options.hosts; h++) {
      const server = http.createServer((req, res) => this.#handle(req, res));
      server.keepAliveTimeout = 30_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, loopbackAddress(h), () => resolve());
      });
      this.#servers.push(server);
      const { address, port } = server.address() as AddressInfo;
      for (let f = 0; f < this.#options.feedsPerHost; f++) {
        const path = `/feeds/${h}-${f}.xml`;
        this.urls.push(`http://${address}:${port}${path}`);
        this.#versions.set(`${address}:${port}${path}`, 0);
      }
    }
    return this;
  }

  /** Requests seen for a feed URL. */
  hitCount(url: string): number {
    return this.#hits.get(keyOf(url)) ?? 0;
  }

  resetHits(): void {
    this.#hits.clear();
    this.answers.ok = 0;
    this.answers.notModified = 0;
  }

  /** Publishes new items on these feeds (all by default): their next fetch is a 200 again. */
  bump(urls: string[] = this.urls): void {
    for (const url of urls) {
      const key = keyOf(url);
      this.#versions.set(key, (this.#versions.get(key) ?? 0) + 1);
      this.#bodies.delete(key);
    }
  }

  /** Total requests across the farm. */
  get totalHits(): number {
    let total = 0;
    for (const n of this.#hits.values()) total += n;
    return total;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const key = `${req.headers.host}${new URL(req.url ?? '/', 'http://x').pathname}`;
    this.#hits.set(key, (this.#hits.get(key) ?? 0) + 1);
    const version = this.#versions.get(key);
    const answer = () => {
      if (version === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const etag = `"v${version}"`;
      if (req.headers['if-none-match'] === etag) {
        this.answers.notModified++;
        res.writeHead(304, { etag }).end();
        return;
      }
      this.answers.ok++;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(this.#body(key, version));
    };
    if (this.#options.delayMs > 0) setTimeout(answer, this.#options.delayMs);
    else answer();
  }

  #body(key: string, version: number): Buffer {
    let body = this.#bodies.get(key);
    if (!body) {
      const { itemsPerFeed, newItemsPerBump, text } = this.#options;
      body = Buffer.from(renderFeed(key, version, itemsPerFeed, newItemsPerBump, text));
      this.#bodies.set(key, body);
    }
    return body;
  }
}

function keyOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

/**
 * Syllables of made-up words, five to a word: a vocabulary of 24 million, so two farm stories
 * share no word but the template's. With three (27,000 words) about one pair of stories per
 * farm had two of its six headline words in common — a made-up name, nothing else shared —
 * and the event clustering rightly weighed that as much as two stories naming one person.
 */
const SYLLABLES_PER_WORD = 5;
const SYLLABLES = 'ka lo mi nu pe ra si to vu ze ba de fi go hu ja ke li mo ni po qu re sa ti vo wa xe yo zu'.split(' ');

/** Distinct words for each story, so stories of the farm do not look like copies of each other. */
function storyWords(seed: string, count: number): string {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
  const words: string[] = [];
  for (let k = 0; k < count; k++) {
    let word = '';
    for (let syllable = 0; syllable < SYLLABLES_PER_WORD; syllable++) {
      hash = Math.imul(hash ^ (hash >>> 15), 2246822507) >>> 0;
      word += SYLLABLES[hash % SYLLABLES.length];
    }
    words.push(word);
  }
  return words.join(' ');
}

/** The title and description of one item; `key` is the feed's host and path. */
function itemText(key: string, id: string, i: number, text: FarmText): { title: string; description: string } {
  if (text === 'news') return newsStory(key.slice(key.indexOf('/')), i);
  return {
    title: `Farm story: ${storyWords(`${id}/${i}/title`, 6)}`,
    description: `A story from a feed of the local farm: ${storyWords(`${id}/${i}`, 16)}.`,
  };
}

/**
 * Items `version * step + 1 … + items`, newest first, ten minutes apart (item i of every feed
 * at the same time). A story's text carries no serial number or feed address: that would be
 * the one rare thing a feed's stories, or every feed's story 7, have in common, and the event
 * clustering would rightly see them as one story. `key` is the feed's `host:port/path`.
 */
export function renderFeed(key: string, version: number, items: number, step: number, text: FarmText = 'own-words'): string {
  const id = key.replace(/[^a-z0-9]+/gi, '-');
  const first = version * step + 1;
  const entries: string[] = [];
  for (let i = first + items - 1; i >= first; i--) {
    const { title, description } = itemText(key, id, i, text);
    entries.push(
      `<item><title>${escapeXml(title)}</title><link>https://farm.example/${id}/${i}</link>` +
        `<guid isPermaLink="false">${id}-${i}</guid><pubDate>${new Date(BASE_TIME + i * 600_000).toUTCString()}</pubDate>` +
        `<description>${escapeXml(description)}</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Farm ${id}</title><link>https://farm.example/${id}/</link><description>local farm feed</description>${entries.join('')}</channel></rss>`;
}
