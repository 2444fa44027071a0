import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps a path on this site with its query and fragment', () => {
    expect(safeNext('/stories/12?tab=cluster#outlets')).toBe('/stories/12?tab=cluster#outlets');
    expect(safeNext('/feeds')).toBe('/feeds');
  });

  it('sends anything that would leave the site to /', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example',
      '',
      undefined,
      42,
    ]) {
      expect(safeNext(next), String(next)).toBe('/');
    }
  });
});
