import { sharedVocabulary, type Vocabulary } from './vocabulary';

/**
 * A sparse vector over terms, packed: term numbers (vocabulary.ts) in ascending order and their weights
 * (non-negative). A story's or a cluster's vector is two typed arrays instead of a Map of
 * strings — a 100,000-story poll cycle made millions of Map entries that the 256 MB heap spent
 * a third of its time collecting — and two vectors meet by merging their sorted ids.
 */
export class TermVector {
  readonly ids: Int32Array;
  readonly weights: Float32Array | Float64Array;
  readonly vocabulary: Vocabulary;
  #norm = -1;

  constructor(ids: Int32Array, weights: Float32Array | Float64Array, vocabulary: Vocabulary = sharedVocabulary, norm = -1) {
    this.ids = ids;
    this.weights = weights;
    this.vocabulary = vocabulary;
    this.#norm = norm;
  }

  /** Distinct terms held. */
  get size(): number {
    return this.ids.length;
  }

  /** Euclidean length (computed once). */
  get norm(): number {
    if (this.#norm < 0) {
      let sum = 0;
      for (let i = 0; i < this.weights.length; i++) sum += this.weights[i]! * this.weights[i]!;
      this.#norm = Math.sqrt(sum);
    }
    return this.#norm;
  }
}

/** Where `id` is in ascending `ids`, or -1. */
export function indexOfId(ids: Int32Array, id: number): number {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = ids[mid]!;
    if (value === id) return mid;
    if (value < id) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** Whether the vector holds the term numbered `id`. */
export function hasTermId(vector: TermVector, id: number): boolean {
  return indexOfId(vector.ids, id) >= 0;
}

export function dotProduct(a: TermVector, b: TermVector): number {
  const ai = a.ids;
  const bi = b.ids;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) sum += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** Cosine similarity, 0 when either vector is empty. */
export function cosineSimilarity(a: TermVector, b: TermVector): number {
  const norms = a.norm * b.norm;
  return norms === 0 ? 0 : dotProduct(a, b) / norms;
}

/** `a + b`, as a new vector. */
export function addVectors(a: TermVector, b: TermVector): TermVector {
  const ids = new Int32Array(a.size + b.size);
  const weights = new Float64Array(a.size + b.size);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.size || j < b.size) {
    const x = i < a.size ? a.ids[i]! : Number.MAX_SAFE_INTEGER;
    const y = j < b.size ? b.ids[j]! : Number.MAX_SAFE_INTEGER;
    if (x === y) {
      ids[n] = x;
      weights[n++] = a.weights[i++]! + b.weights[j++]!;
    } else if (x < y) {
      ids[n] = x;
      weights[n++] = a.weights[i++]!;
    } else {
      ids[n] = y;
      weights[n++] = b.weights[j++]!;
    }
  }
  return new TermVector(ids.subarray(0, n), weights.subarray(0, n), a.vocabulary);
}

/**
 * Positions of the `k` heaviest terms, heaviest first (ties by term number, the same in every
 * process). A selection, not a sort of the whole vector.
 */
function heaviest(vector: TermVector, k: number): number[] {
  const { weights, ids } = vector;
  const before = (p: number, q: number) => {
    const wp = weights[p]!;
    const wq = weights[q]!;
    if (wp !== wq) return wp > wq;
    return ids[p]! < ids[q]!;
  };
  if (k > 16) {
    // A centroid cut to hundreds of terms: a sort beats an insertion per term.
    return Array.from({ length: weights.length }, (_, p) => p)
      .sort((p, q) => (p === q ? 0 : before(p, q) ? -1 : 1))
      .slice(0, k);
  }
  const chosen: number[] = [];
  if (k <= 0) return chosen;
  for (let p = 0; p < weights.length; p++) {
    if (chosen.length === k && !before(p, chosen[k - 1]!)) continue;
    let at = chosen.length === k ? k - 1 : chosen.length;
    while (at > 0 && before(p, chosen[at - 1]!)) {
      chosen[at] = chosen[at - 1]!;
      at--;
    }
    chosen[at] = p;
  }
  return chosen;
}

/** The `k` heaviest terms, heaviest first, as ids. */
export function topTermIds(vector: TermVector, k: number): number[] {
  return heaviest(vector, k).map((p) => vector.ids[p]!);
}

/**
 * Only the `k` heaviest terms once it holds half as many again: a centroid stays small however
 * large its cluster grows, and is not cut on every story that joins.
 */
export function pruneVector(vector: TermVector, k: number): TermVector {
  if (vector.size <= k * 1.5) return vector;
  const kept = heaviest(vector, k).sort((p, q) => vector.ids[p]! - vector.ids[q]!);
  return new TermVector(
    Int32Array.from(kept, (p) => vector.ids[p]!),
    Float64Array.from(kept, (p) => vector.weights[p]!),
    vector.vocabulary,
  );
}
