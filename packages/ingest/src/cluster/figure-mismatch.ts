import type { TermVector } from './term-vector';

/** Distinct figures each side must carry before their disagreement says anything. */
export const MIN_FIGURES = 3;
/** Below this share of figures in common, two texts report different facts. */
export const MIN_SHARED_FIGURES = 0.3;

/** A number term's figure: its digits and separators, without a unit or suffix ("350km" and "350 km" say the same). */
const FIGURE = /^\p{N}+(?:[.,:/]\p{N}+)*/u;

/** The figures among a vector's terms, numbers as story-terms.ts keeps them: "6.4", "2,500", "12/2/2026", "350" of "350km". */
export function figuresOf(vector: TermVector): Set<string> {
  // A story is scored against several clusters: its figures are read once.
  const known = figuresRead.get(vector);
  if (known) return known;
  const figures = new Set<string>();
  for (const id of vector.ids) {
    // Only figures' text is kept (vocabulary.ts): a word is skipped without making a string.
    const term = vector.vocabulary.figure(id);
    const figure = term === undefined ? undefined : FIGURE.exec(term)?.[0];
    if (figure) figures.add(figure);
  }
  figuresRead.set(vector, figures);
  return figures;
}

/** Vectors are not changed once made (term-vector.ts). */
const figuresRead = new WeakMap<object, Set<string>>();

/**
 * {@link figuresDisagree} of a story's and a cluster's text: the cluster's figures are read only
 * when the story carries enough to compare (most candidates a story is scored against).
 */
export function textsReportDifferentFigures(story: TermVector, cluster: TermVector): boolean {
  const storyFigures = figuresOf(story);
  return storyFigures.size >= MIN_FIGURES && figuresDisagree(storyFigures, figuresOf(cluster));
}

/**
 * Whether a story and a cluster report different figures: both carry at least
 * {@link MIN_FIGURES} and fewer than {@link MIN_SHARED_FIGURES} of the smaller set are shared.
 * A template headline ("How major US stock indexes fared Wednesday, 12/2/2026") or a repeated
 * event (a second missile launch) shares nearly every word with another day's story, but not
 * its date, index levels, flight distance or altitude; copies and rewrites of one event repeat
 * them.
 */
export function figuresDisagree(story: ReadonlySet<string>, cluster: ReadonlySet<string>): boolean {
  if (story.size < MIN_FIGURES || cluster.size < MIN_FIGURES) return false;
  const [small, large] = story.size <= cluster.size ? [story, cluster] : [cluster, story];
  let shared = 0;
  for (const figure of small) if (large.has(figure)) shared++;
  return shared / small.size < MIN_SHARED_FIGURES;
}
