import { Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';

/** The body exceeded the size cap; the message is the one shown on the feed. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/** "5 MB" for whole mebibytes, else bytes: the cap as an operator configured it. */
export function formatByteSize(bytes: number): string {
  const mib = 1024 * 1024;
  return bytes % mib === 0 ? `${bytes / mib} MB` : `${bytes} bytes`;
}

/**
 * Reads a response body, undoing `Content-Encoding` (gzip, x-gzip, deflate, br, in the
 * order applied) and stopping as soon as the *decompressed* size passes `maxBytes`, so a
 * gzip bomb costs at most `maxBytes` of memory before it is refused.
 */
export async function readBody(body: Readable, contentEncoding: string | null, maxBytes: number): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity');
  const decoders = codings.reverse().map(createDecoder);
  let stream: Readable = body;
  for (const decoder of decoders) stream = stream.pipe(decoder);

  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        const after = decoders.length > 0 ? ` after decompression (${codings.join(', ')})` : '';
        throw new BodyTooLargeError(`response larger than ${formatByteSize(maxBytes)}${after}`);
      }
      chunks.push(chunk);
    }
  } finally {
    body.destroy();
    for (const decoder of decoders) decoder.destroy();
  }
  return Buffer.concat(chunks, total);
}

function createDecoder(coding: string): Transform {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      // Lenient flush: many servers truncate the gzip trailer; keep what decoded.
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return new DeflateDecoder();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      throw new Error(`unsupported Content-Encoding "${coding}"`);
  }
}

/**
 * HTTP "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; the
 * first two bytes tell them apart (a zlib header is method 8 and a multiple of 31).
 */
class DeflateDecoder extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inner) {
      const header = chunk.length >= 2 ? chunk.readUInt16BE(0) : 0;
      const zlibWrapped = ((header >> 8) & 0x0f) === 8 && header % 31 === 0;
      this.inner = zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
      this.inner.on('data', (data: Buffer) => this.push(data));
      this.inner.on('error', (err) => this.destroy(err));
    }
    this.inner.write(chunk, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner) {
      callback();
      return;
    }
    this.inner.once('end', () => callback());
    this.inner.end();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    callback(err);
  }
}
