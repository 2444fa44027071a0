/** A watch created on first start when default watches are enabled. */
export interface DefaultWatch {
  name: string;
  query: string;
}

/**
 * The three seed watches of the design: Kim Jong Un, arms transfers and UN resolutions,
 * written so that the seed article ("arms sale", "transfer of weapons", "supplying rockets
 * and missiles", "resolutions of the UN Security Council") matches all three — where a
 * plain substring search for "arms transfer" or "UN resolutions" finds nothing.
 * - `"Kim Jong-un"` also matches "Kim Jong Un", "Kim Jong-Un" and "Kim Jongun", never
 *   "Kim Jong Il"; the Korean, Chinese/Japanese, katakana and Russian spellings follow.
 * - Arms transfer is a weapons word near a supply word, in either order. "transfer pricing"
 *   (tax) and "with open arms" (refugees … provided) are the false friends it excludes.
 * - `{UN}` is case-sensitive so French and Spanish "un" never count; it matches "U.N." too.
 *   Korean NEAR counts characters, hence the wider window there.
 */
export const DEFAULT_WATCHES: readonly DefaultWatch[] = Object.freeze([
  {
    name: 'Kim Jong Un',
    query: '"Kim Jong-un" OR 김정은 OR 金正恩 OR "キム・ジョンウン" OR "Ким Чен Ын"',
  },
  {
    name: 'Arms transfers',
    query:
      '(arms OR weapon* OR munition* OR ammunition OR missile* OR rocket* OR artillery OR shells) NEAR/6 ' +
      '(transfer* OR sale OR sales OR sell* OR sold OR supplied OR supplies OR supply OR supplying OR supplier* OR deliver* OR provid* OR shipment* OR export*) ' +
      'NOT "transfer pricing" NOT "with open arms"',
  },
  {
    name: 'UN resolutions',
    query: '(({UN} OR {UNSC} OR "United Nations" OR "Security Council") NEAR/8 resolution*) OR ((유엔 OR 안보리) NEAR/12 결의)',
  },
]);
