import { VOCABULARY, wordOf } from './vocabulary';

/** A seeded LCG: the same news every run. */
function random(seed: { value: number }): number {
  seed.value = (seed.value * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed.value / 2_147_483_648;
}

interface Event {
  names: string[];
  words: string[];
  stories: { title: string; summary: string; content: string }[];
}

/**
 * New stories as a news day brings them: half are other outlets' rewrites of a running event
 * (its names, its own words), a tenth are copies of a story already out under another URL, the
 * rest are news of their own. Common words follow a Zipf-like law over the vocabulary.
 */
export class NewsGenerator {
  readonly #seed: { value: number };
  readonly #events: Event[] = [];
  #count = 0;

  constructor(seed: number) {
    this.#seed = { value: seed };
  }

  #common(count: number): string[] {
    return Array.from({ length: count }, () => VOCABULARY[Math.floor(random(this.#seed) ** 3 * VOCABULARY.length)]!);
  }

  #sentence(event: Event, words: number): string {
    const parts = [...this.#common(words), ...event.words.filter(() => random(this.#seed) < 0.5)];
    for (const name of event.names) if (random(this.#seed) < 0.6) parts.splice(Math.floor(random(this.#seed) * parts.length) + 1, 0, capitalised(name));
    return `${capitalised(parts.join(' '))}.`;
  }

  next(feedId: number): { key: string; url: string; title: string; summary: string; content: string } {
    const n = this.#count++;
    const roll = random(this.#seed);
    const running = this.#events.slice(-60);
    let story: { title: string; summary: string; content: string };
    if (roll < 0.1 && running.length > 0) {
      const event = running[Math.floor(random(this.#seed) * running.length)]!;
      story = event.stories[Math.floor(random(this.#seed) * event.stories.length)]!;
    } else {
      let event: Event;
      if (roll < 0.6 && running.length > 0) event = running[Math.floor(random(this.#seed) * running.length)]!;
      else {
        event = { names: [wordOf(100_000 + n * 3), wordOf(100_001 + n * 3)], words: this.#common(6), stories: [] };
        this.#events.push(event);
      }
      story = {
        title: this.#sentence(event, 6),
        summary: `${this.#sentence(event, 14)} ${this.#sentence(event, 10)}`,
        content: Array.from({ length: 6 }, () => this.#sentence(event, 18)).join(' '),
      };
      event.stories.push(story);
    }
    return { key: `new-${n}`, url: `https://outlet-${feedId}.test/news/${n}`, ...story };
  }
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
