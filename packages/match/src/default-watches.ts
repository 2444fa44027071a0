/**
 * The watches created on first start: the seed terms of the project, written so that the
 * seed article ("arms sale", "transfer of weapons", "supplying rockets and missiles",
 * "resolutions of the UN Security Council") matches all three — where a plain substring
 * search for "arms transfer" or "UN resolutions" finds nothing.
 */
export const DEFAULT_WATCHES: readonly { name: string; query: string }[] = [
  {
    name: 'Kim Jong Un',
    query: '"Kim Jong Un" OR "Kim Jongun" OR 김정은 OR 金正恩 OR "キム・ジョンウン"',
  },
  {
    name: 'Arms transfers',
    query:
      '(arms OR weapon* OR munition* OR ammunition OR missile* OR rocket* OR artillery OR shells) NEAR/6 ' +
      '(transfer* OR sale OR sales OR sell* OR sold OR supplied OR supplies OR supply OR supplying OR supplier* OR deliver* OR provid* OR shipment* OR export*) ' +
      'NOT "transfer pricing"',
  },
  {
    name: 'UN resolutions',
    query: '(({UN} OR "United Nations" OR "Security Council") NEAR/8 resolution*) OR ((유엔 OR 안보리) NEAR/5 결의)',
  },
];
