import { describe, expect, it } from 'vitest';
import { parseDate } from './parse-date';

const iso = (input: string) => parseDate(input)?.toISOString() ?? null;

describe('parseDate', () => {
  it.each([
    ['Thu, 01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21.000Z'],
    ['Thu, 1 Jan 2004 19:48:21 +0100', '2004-01-01T18:48:21.000Z'],
    ['Thursday, 01-Jan-2004 19:48 EST', null],
    ['Thursday, 01 January 2004 19:48 EST', '2004-01-02T00:48:00.000Z'],
    ['01 Jan 2004 19:48:21', '2004-01-01T19:48:21.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 +0000 (GMT)', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 +0000 GMT', '2003-06-10T04:00:00.000Z'],
    ['Wed, 02 Oct 2002 13:00:00 IST', '2002-10-02T07:30:00.000Z'],
    ['Wed, 02 Oct 2002 01:00:00 PM EDT', '2002-10-02T17:00:00.000Z'],
    ['2025-01-02T10:00:00+05:30', '2025-01-02T04:30:00.000Z'],
    ['2025-01-02T10:00:00.123456Z', '2025-01-02T10:00:00.000Z'],
    ['2025-01-02T10:00:00+0530', '2025-01-02T04:30:00.000Z'],
    ['2025-01-02', '2025-01-02T00:00:00.000Z'],
    ['  2025-01-02 10:00:00  ', '2025-01-02T10:00:00.000Z'],
    ['yesterday', null],
    ['', null],
    ['31 Feb 2025', null],
  ])('%s → %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });
});
