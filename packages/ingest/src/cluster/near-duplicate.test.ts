import { describe, expect, it } from 'vitest';
import {
  NEAR_DUPLICATE_MAX_BITS,
  nearDuplicateBands,
  nearDuplicateDistance,
  nearDuplicateKeys,
  unicodeWords,
  withoutOutletSuffix,
  words,
} from './near-duplicate';

const lede =
  'North Korean leader Kim Jong Un arrived in Russia on Tuesday ahead of his meeting with President Vladimir Putin. ' +
  'The conference might end in an arms sale to support Moscow’s invasion of Ukraine, the US has warned.';

function distance(a: [string, string], b: [string, string]): number {
  const fa = nearDuplicateBands(...a);
  const fb = nearDuplicateBands(...b);
  if (!fa || !fb) throw new Error('no fingerprint');
  return nearDuplicateDistance(fa, fb);
}

describe('near-duplicate fingerprints', () => {
  const original: [string, string] = ['Kim Jong Un arrives in Russia for summit with Putin', lede];

  it.each<[string, [string, string]]>([
    ['the outlet’s name after the headline', ['Kim Jong Un arrives in Russia for summit with Putin - BBC News', lede]],
    ['a bar and another outlet', ['Kim Jong Un arrives in Russia for summit with Putin | Reuters', lede]],
    [
      'hyphenated name, an added article, a dropped preposition',
      ['Kim Jong-un arrives in Russia for a summit with Putin', lede.replace('on Tuesday', 'Tuesday')],
    ],
    [
      'an editor’s touch to the lede',
      ['Kim Jong Un arrives in Russia for summit with Putin', lede.replace('might end', 'could end').replace('the US has warned', 'US officials warned')],
    ],
    ['curly quotes, accents and case', ['KIM JONG UN ARRIVES IN RUSSIA FOR SUMMIT WITH PUTIN', lede.replace('Moscow’s', "Moscow's")]],
  ])('calls copies with %s the same article', (_, copy) => {
    expect(distance(original, copy)).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_BITS);
  });

  it.each<[string, [string, string], [string, string]]>([
    [
      'another article on the same event',
      original,
      [
        'North Korea’s Kim arrives in Russia ahead of Putin summit',
        'Kim Jong Un has arrived in Russia, the Kremlin said, ahead of talks with Vladimir Putin that Washington fears will produce an arms deal.',
      ],
    ],
    [
      'the same routine headline on another day',
      ['Stocks rise as inflation cools', 'Stocks rose on Tuesday as new figures showed inflation cooling for a third month, lifting hopes of rate cuts.'],
      ['Stocks rise as inflation cools', 'Stocks rose on Wednesday as figures showed inflation cooling for a fourth month, with tech shares leading gains.'],
    ],
    [
      'a resolution on another country',
      [
        'UN Security Council to debate new resolution on North Korea',
        'Diplomats said the draft resolution would tighten sanctions after the latest ICBM test.',
      ],
      [
        'UN Security Council to debate resolution on Iran',
        'Diplomats said the draft resolution would extend the arms embargo after the latest report by inspectors.',
      ],
    ],
  ])('keeps %s apart', (_, a, b) => {
    expect(distance(a, b)).toBeGreaterThan(NEAR_DUPLICATE_MAX_BITS);
  });

  it('compares Korean copies character by character', () => {
    const a: [string, string] = [
      '김정은 위원장 러시아 도착',
      '김정은 국무위원장이 블라디미르 푸틴 대통령과의 정상회담을 위해 러시아에 도착했다고 조선중앙통신이 보도했다.',
    ];
    const b: [string, string] = [
      '김정은 위원장, 러시아 도착',
      '김정은 국무위원장이 블라디미르 푸틴 대통령과의 정상회담을 위해 러시아에 도착했다고 조선중앙통신이 전했다.',
    ];
    expect(distance(a, b)).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_BITS);
  });

  it('gives no fingerprint to a story too short to compare', () => {
    expect(nearDuplicateBands('Breaking news', '')).toBeNull();
    expect(nearDuplicateBands('Kim', 'More soon.')).toBeNull();
  });

  it('stores the fingerprint as four bands that fit a Postgres integer', () => {
    const bands = nearDuplicateBands(...original)!;
    expect(bands).toHaveLength(4);
    for (const [k, band] of bands.entries()) expect(Math.floor(band / 65536)).toBe(k);
  });
});

describe('near-duplicate lookup keys', () => {
  it('are shared by any two fingerprints within the distance, whichever bits differ', () => {
    const bands = nearDuplicateBands('Kim Jong Un arrives in Russia for summit with Putin', lede)!;
    const keys = new Set(nearDuplicateKeys(bands));
    for (let a = 0; a < 64; a++) {
      for (let b = a; b < 64; b++) {
        const flipped = [...bands];
        for (const bit of new Set([a, b])) flipped[bit >> 4] = flipped[bit >> 4]! ^ (1 << (bit & 15));
        expect(nearDuplicateDistance(bands, flipped)).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_BITS);
        expect(nearDuplicateKeys(flipped).some((key) => keys.has(key))).toBe(true);
      }
    }
  });

  it('are six integers that fit Postgres’ integer, distinct for distinct pairs', () => {
    const keys = nearDuplicateKeys(nearDuplicateBands('Kim Jong Un arrives in Russia for summit with Putin', lede)!);
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(6);
    for (const key of keys) expect(Number.isInteger(key) && key >= -(2 ** 31) && key < 2 ** 31).toBe(true);
  });
});

describe('withoutOutletSuffix', () => {
  it.each([
    ['Kim arrives in Moscow for talks - BBC News', 'Kim arrives in Moscow for talks'],
    ['Kim arrives in Moscow for talks | Reuters', 'Kim arrives in Moscow for talks'],
    ['Kim arrives in Moscow for talks — The New York Times', 'Kim arrives in Moscow for talks'],
    ['Ukraine war: Russia strikes Kyiv', 'Ukraine war: Russia strikes Kyiv'],
    ['Putin - Kim summit ends', 'Putin - Kim summit ends'],
    [
      'Kim arrives in Moscow for talks - and the world watches what the two leaders agree',
      'Kim arrives in Moscow for talks - and the world watches what the two leaders agree',
    ],
  ])('%s → %s', (title, expected) => {
    expect(withoutOutletSuffix(title)).toBe(expected);
  });
});

describe('words', () => {
  // Stored fingerprints are compared with new ones: ASCII text read the quick way must give
  // exactly the words Unicode folding gives, or copies stored before would stop matching.
  it('reads ASCII text into the same words as Unicode folding does', () => {
    const chosen = [
      'Kim Jong-un ARRIVES in Russia; talks_with Putin at 10:30 (UPDATED)',
      'Moscow\'s 3rd-quarter GDP grew 1.5% -- officials\tsaid\n"again"',
      'snake_case and CamelCase and x86_64 and C++ and #hashtag @handle',
      '',
      '   ',
      '\u007f\u0000 control \u001f characters',
    ];
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const generated = Array.from({ length: 2000 }, () =>
      String.fromCharCode(...Array.from({ length: 1 + Math.floor(random() * 60) }, () => Math.floor(random() * 128))),
    );
    for (const text of [...chosen, ...generated]) expect(words(text)).toEqual(unicodeWords(text));
    expect(words(chosen[0]!)).toEqual(['kim', 'jong', 'un', 'arrives', 'in', 'russia', 'talks', 'with', 'putin', 'at', '10', '30', 'updated']);
  });

  it('folds accents and splits scripts written without spaces in other text', () => {
    expect(words('Café Ｋｉｍ 北朝鮮')).toEqual(['cafe', 'kim', '北', '朝', '鮮']);
  });
});
