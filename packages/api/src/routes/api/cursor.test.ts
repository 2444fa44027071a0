import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

const raw = (text: string) => Buffer.from(text).toString('base64url');

describe('story cursors', () => {
  it('round-trips the position it encodes', () => {
    const publishedAt = new Date('2026-09-12T06:30:00.000Z');
    expect(decodeCursor(encodeCursor(publishedAt, 4711))).toEqual({ publishedAt, id: 4711 });
  });

  it('refuses hand-made cursors the database could not take', () => {
    for (const text of [
      '2026-01-01T00:00:00.000Z|99999999999999999999999',
      '2026-01-01T00:00:00.000Z|2147483648',
      '2026-01-01T00:00:00.000Z|-5',
      '2026-01-01T00:00:00.000Z|1e3',
      '+275760-09-13T00:00:00.000Z|5',
      '99999-01-01|5',
      'not a date|5',
      '2026-01-01T00:00:00.000Z|5|6',
    ]) {
      expect(decodeCursor(raw(text)), text).toBeUndefined();
    }
    expect(decodeCursor('garbage')).toBeUndefined();
  });
});
