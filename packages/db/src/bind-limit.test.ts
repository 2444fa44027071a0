import { describe, expect, it } from 'vitest';
import { chunkForBind, inChunks, MAX_BIND_PARAMETERS } from './bind-limit';

describe('chunkForBind', () => {
  it('keeps every chunk of a multi-row statement within the bind limit, rows in order', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => i);
    const chunks = chunkForBind(rows, 17);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length * 17).toBeLessThanOrEqual(MAX_BIND_PARAMETERS);
    expect(chunks.flat()).toEqual(rows);
  });

  it('sends small batches as one statement and nothing for none', () => {
    expect(chunkForBind([1, 2, 3], 17)).toEqual([[1, 2, 3]]);
    expect(chunkForBind([], 17)).toEqual([]);
  });
});

describe('inChunks', () => {
  it('counts the distinct columns of the rows and concatenates the results in row order', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => (i % 2 ? { a: i, b: i } : { a: i, c: i, d: i }));
    const sizes: number[] = [];
    const out = await inChunks(rows, async (chunk) => {
      sizes.push(chunk.length);
      return chunk.map((row) => row.a);
    });
    expect(out).toEqual(rows.map((row) => row.a));
    for (const size of sizes) expect(size * 4).toBeLessThanOrEqual(MAX_BIND_PARAMETERS);
    expect(sizes.length).toBe(2);
  });
});
