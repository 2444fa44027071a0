/** A sparse vector over terms; weights are non-negative. */
export type TermVector = Map<string, number>;

export function vectorNorm(vector: TermVector): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}

/** Scaled to length 1 (an empty vector stays empty). */
export function normalizeVector(vector: TermVector): TermVector {
  const norm = vectorNorm(vector);
  if (norm === 0) return new Map();
  return new Map([...vector].map(([term, weight]) => [term, weight / norm]));
}

export function dotProduct(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined) sum += weight * other;
  }
  return sum;
}

/** Cosine similarity, 0 when either vector is empty. */
export function cosineSimilarity(a: TermVector, b: TermVector): number {
  const norms = vectorNorm(a) * vectorNorm(b);
  return norms === 0 ? 0 : dotProduct(a, b) / norms;
}

/** `into += vector` (in place). */
export function addVector(into: TermVector, vector: TermVector): void {
  for (const [term, weight] of vector) into.set(term, (into.get(term) ?? 0) + weight);
}

/** The `k` heaviest terms, heaviest first (ties by term, so every process agrees). */
export function topTerms(vector: TermVector, k: number): string[] {
  return [...vector]
    .sort(([ta, a], [tb, b]) => b - a || (ta < tb ? -1 : ta > tb ? 1 : 0))
    .slice(0, k)
    .map(([term]) => term);
}

/**
 * Only the `k` heaviest terms once it holds half as many again: a centroid stays small however
 * large its cluster grows, and is not sorted on every story that joins.
 */
export function pruneVector(vector: TermVector, k: number): TermVector {
  if (vector.size <= k * 1.5) return vector;
  return new Map(topTerms(vector, k).map((term) => [term, vector.get(term)!]));
}
