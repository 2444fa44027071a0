import { describe, expect, it } from 'vitest';
import { compileQuery } from './compiled-query';
import { MAX_SPANS_PER_FIELD } from './limits';

/** A seeded PRNG (mulberry32), so every run checks the same cases. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A brute-force model of NEAR, straight from the rule in proximity.ts: every pair is
 * enumerated. Stories are one-letter words separated by single spaces, so word k sits at
 * character 2k and positions are easy to check.
 */
type Hull = [first: number, last: number];
type Tree = { kind: 'word'; text: string } | { kind: 'or'; children: Tree[] } | { kind: 'near'; left: Tree; right: Tree; distance: number; ordered: boolean };

function pairs(left: Hull[], right: Hull[], distance: number, ordered: boolean): [Hull, Hull][] {
  const out: [Hull, Hull][] = [];
  for (const a of left) {
    for (const b of right) {
      const forward = a[1] < b[0] && b[0] - a[1] - 1 <= distance;
      const backward = !ordered && b[1] < a[0] && a[0] - b[1] - 1 <= distance;
      if (forward || backward) out.push([a, b]);
    }
  }
  return out;
}

const hullOf = ([a, b]: [Hull, Hull]): Hull => [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
const key = (h: Hull) => `${h[0]}:${h[1]}`;

/** What a NEAR passes up: the shortest hull at each start and at each end. */
function passedUp(hulls: Hull[]): Hull[] {
  const byStart = new Map<number, Hull>();
  const byEnd = new Map<number, Hull>();
  for (const h of hulls) {
    if (!byStart.has(h[0]) || byStart.get(h[0])![1] > h[1]) byStart.set(h[0], h);
    if (!byEnd.has(h[1]) || byEnd.get(h[1])![0] < h[0]) byEnd.set(h[1], h);
  }
  return [...new Map([...byStart.values(), ...byEnd.values()].map((h) => [key(h), h])).values()];
}

function modelHits(tree: Tree, words: string[]): Hull[] {
  if (tree.kind === 'word') {
    const parts = tree.text.split(' ');
    const out: Hull[] = [];
    for (let k = 0; k + parts.length <= words.length; k++) if (parts.every((p, j) => words[k + j] === p)) out.push([k, k + parts.length - 1]);
    return out;
  }
  if (tree.kind === 'or') return [...new Map(tree.children.flatMap((c) => modelHits(c, words)).map((h) => [key(h), h])).values()];
  return passedUp(pairs(modelHits(tree.left, words), modelHits(tree.right, words), tree.distance, tree.ordered).map(hullOf));
}

/** The words the model highlights: those in a pair (whose hull an enclosing NEAR used, if nested). */
function modelSpans(tree: Tree, words: string[], used: Set<string> | null, out: Set<string>): void {
  if (tree.kind === 'word') {
    for (const h of modelHits(tree, words)) if (used === null || used.has(key(h))) out.add(key(h));
    return;
  }
  if (tree.kind === 'or') {
    for (const child of tree.children) modelSpans(child, words, used, out);
    return;
  }
  const found = pairs(modelHits(tree.left, words), modelHits(tree.right, words), tree.distance, tree.ordered).filter(
    (p) => used === null || used.has(key(hullOf(p))),
  );
  modelSpans(tree.left, words, new Set(found.map((p) => key(p[0]))), out);
  modelSpans(tree.right, words, new Set(found.map((p) => key(p[1]))), out);
}

function source(tree: Tree): string {
  if (tree.kind === 'word') return tree.text.includes(' ') ? `"${tree.text}"` : tree.text;
  if (tree.kind === 'or') return `(${tree.children.map(source).join(' OR ')})`;
  return `(${source(tree.left)} ${tree.ordered ? 'ONEAR' : 'NEAR'}/${tree.distance} ${source(tree.right)})`;
}

describe('NEAR against a brute-force model', () => {
  const next = random(11);
  const letters = ['a', 'b', 'c', 'd', 'e'];
  const letter = () => letters[Math.floor(next() * letters.length)]!;
  const leaf = (): Tree => {
    const r = next();
    if (r < 0.6) return { kind: 'word', text: letter() };
    if (r < 0.8) return { kind: 'word', text: `${letter()} ${letter()}` };
    return {
      kind: 'or',
      children: [
        { kind: 'word', text: letter() },
        { kind: 'word', text: `${letter()} ${letter()}` },
      ],
    };
  };
  const near = (depth: number): Tree => ({
    kind: 'near',
    left: depth > 0 && next() < 0.5 ? near(depth - 1) : leaf(),
    right: depth > 0 && next() < 0.3 ? near(depth - 1) : leaf(),
    distance: Math.floor(next() * 4),
    ordered: next() < 0.3,
  });

  it('matches and highlights exactly as the model says, nested or not', () => {
    for (let i = 0; i < 3000; i++) {
      const tree = near(i % 3);
      const words = Array.from({ length: 4 + Math.floor(next() * 20) }, letter);
      const query = compileQuery(source(tree));
      const doc = { content: words.join(' ') };
      const expected = modelHits(tree, words).length > 0;
      const context = `${source(tree)} on "${doc.content}"`;
      expect(query.match(doc), context).toBe(expected);
      const highlighted = new Set<string>();
      if (expected) modelSpans(tree, words, null, highlighted);
      // Each highlighted word or phrase is its own span unless spans overlap: merge like explain does.
      const marks = [...highlighted].map((k) => k.split(':').map(Number) as Hull).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      const merged: Hull[] = [];
      for (const m of marks) {
        const last = merged.at(-1);
        if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
        else merged.push([...m]);
      }
      expect(
        query.explain(doc).map((s) => [s.start, s.end]),
        context,
      ).toEqual(merged.map(([first, last]) => [2 * first, 2 * last + 1]));
    }
  });

  it('an outer NEAR measures from the shortest stretch ending where the inner pair ends', () => {
    // "c d" (8–9) is one word from a (6); e (10) follows "c d" at once. The pair a…"c d" is not
    // minimal (a…d at 6–7 is shorter) but is the shortest ending at 9, so it is passed up.
    const query = compileQuery('((d OR "c d") NEAR/1 (a OR "d e")) NEAR/0 e');
    expect(query.match({ content: 'a e a c a b a d c d e b e c a e c d' })).toBe(true);
  });
});

describe('hostile proximity queries stay cheap', () => {
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');
  const doc = { content: Array.from({ length: 1000 }, (_, i) => words[i % words.length]).join(' ') };

  it('matches and explains chained wildcard NEAR/1000 over a dense 1,000-word story quickly', () => {
    const query = compileQuery('(lo* OR ip* OR do*) NEAR/1000 (co* OR ad*) NEAR/1000 (te* OR in*) NEAR/1000 (el* OR se*) NEAR/1000 (ma* OR al*)');
    query.explain(doc);
    const started = performance.now();
    expect(query.match(doc)).toBe(true);
    const spans = query.explain(doc);
    expect(performance.now() - started).toBeLessThan(500);
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.length).toBeLessThanOrEqual(MAX_SPANS_PER_FIELD);
  });

  it('keeps at most MAX_SPANS_PER_FIELD highlights per field, the first ones', () => {
    const spans = compileQuery('lorem OR ipsum').explain({ content: 'lorem ipsum dolor '.repeat(1000), title: 'lorem' });
    expect(spans.filter((s) => s.field === 'content')).toHaveLength(MAX_SPANS_PER_FIELD);
    expect(spans.filter((s) => s.field === 'title')).toHaveLength(1);
    expect(spans.find((s) => s.field === 'content')).toMatchObject({ start: 0, end: 5, term: 'lorem' });
  });
});
