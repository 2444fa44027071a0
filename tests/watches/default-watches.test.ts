import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileQuery, DEFAULT_WATCHES } from '@newswatch/match';

/**
 * The shipped default watches measured on a labelled dev set of headlines and ledes
 * (testdata/dev-set.json, labelling rules in testdata/README.md): each watch must reach
 * precision and recall of at least 0.9. The table is printed as Markdown so that
 * docs/query-language.md can quote the run verbatim; misses and false hits are listed
 * below it for whoever tunes the queries next.
 */

type WatchKey = 'kim' | 'arms' | 'un';

interface DevItem {
  id: string;
  title: string;
  summary: string;
  lang: string;
  labels: Record<WatchKey, boolean>;
  note?: string;
}

interface WatchScore {
  name: string;
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  misses: DevItem[];
  falseHits: DevItem[];
}

const MIN_PRECISION = 0.9;
const MIN_RECALL = 0.9;
const KEYS: Record<string, WatchKey> = { 'Kim Jong Un': 'kim', 'Arms transfers': 'arms', 'UN resolutions': 'un' };

const here = path.dirname(fileURLToPath(import.meta.url));
const devSet = JSON.parse(fs.readFileSync(path.join(here, 'testdata/dev-set.json'), 'utf8')) as DevItem[];
const seedArticle = fs.readFileSync(path.join(here, '../fixtures/seed-article.txt'), 'utf8');

function scoreWatch(name: string, query: string, key: WatchKey): WatchScore {
  const compiled = compileQuery(query);
  const misses: DevItem[] = [];
  const falseHits: DevItem[] = [];
  let tp = 0;
  for (const item of devSet) {
    const hit = compiled.match({ title: item.title, summary: item.summary, lang: item.lang });
    if (hit && item.labels[key]) tp++;
    else if (hit) falseHits.push(item);
    else if (item.labels[key]) misses.push(item);
  }
  const fp = falseHits.length;
  const fn = misses.length;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { name, positives: tp + fn, tp, fp, fn, precision, recall, f1, misses, falseHits };
}

function formatTable(scores: WatchScore[]): string {
  const rows = scores.map(
    (s) => `| ${s.name} | ${s.positives} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${s.f1.toFixed(3)} |`,
  );
  return [
    `Default watches on the dev set (${devSet.length} items):`,
    '',
    '| watch | positives | TP | FP | FN | precision | recall | F1 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function formatErrors(scores: WatchScore[]): string {
  const line = (kind: string, item: DevItem) => `  ${kind} ${item.id} [${item.lang}] ${item.title}${item.note ? `  — ${item.note}` : ''}`;
  return scores.map((s) => [`${s.name}:`, ...s.misses.map((i) => line('miss     ', i)), ...s.falseHits.map((i) => line('false hit', i))].join('\n')).join('\n');
}

const scores = DEFAULT_WATCHES.map((watch) => scoreWatch(watch.name, watch.query, KEYS[watch.name]!));

describe('default watches on the labelled dev set', () => {
  it('is a dev set worth measuring on: enough items, unique ids, every watch with positives in several languages', () => {
    expect(devSet.length).toBeGreaterThanOrEqual(240);
    expect(new Set(devSet.map((item) => item.id)).size).toBe(devSet.length);
    for (const key of Object.values(KEYS)) {
      const positives = devSet.filter((item) => item.labels[key]);
      expect(positives.length, key).toBeGreaterThanOrEqual(40);
      expect(new Set(positives.map((item) => item.lang)).size, key).toBeGreaterThanOrEqual(8);
    }
    expect(DEFAULT_WATCHES.map((watch) => KEYS[watch.name])).toEqual(['kim', 'arms', 'un']);
  });

  it('prints the results table, the misses and the false hits', () => {
    console.log(`${formatTable(scores)}\n\n${formatErrors(scores)}`);
    expect(scores).toHaveLength(3);
  });

  it.each(scores.map((s) => [s.name, s] as const))('%s reaches precision and recall of at least 0.9', (_name, score) => {
    expect(score.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(score.recall).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it('still matches the seed article with all three watches', () => {
    const doc = { title: 'Kim Jong Un arrives in Russia ahead of Putin meeting', content: seedArticle, lang: 'en' };
    expect(DEFAULT_WATCHES.filter((watch) => !compileQuery(watch.query).match(doc)).map((watch) => watch.name)).toEqual([]);
  });
});
