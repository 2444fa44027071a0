/** Token flag: every unit folds to its own `toLowerCase()` (slice the lower-cased text). */
export const TOKEN_SIMPLE = 1;
/** Token flag: one character of a script written without spaces. */
export const TOKEN_CJK = 2;

/**
 * The tokens of one text as parallel typed arrays: UTF-16 start and end offsets into the
 * original text, flags and hashes. Reused from text to text; grows as needed.
 */
export class TokenBuffer {
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  flags = new Uint8Array(256);
  /** For simple tokens: the hash of the folded token (see token-hash.ts). */
  hashes = new Int32Array(256);
  count = 0;

  /** Appends a token. */
  push(start: number, end: number, flags: number, hash: number): void {
    const k = this.count;
    if (k === this.starts.length) this.#grow();
    this.starts[k] = start;
    this.ends[k] = end;
    this.flags[k] = flags;
    this.hashes[k] = hash;
    this.count = k + 1;
  }

  #grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    const hashes = new Int32Array(size);
    hashes.set(this.hashes);
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
    this.hashes = hashes;
  }
}
