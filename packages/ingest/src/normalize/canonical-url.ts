/* Query parameters that track the click, not identify the page. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'igshid',
  'igsh',
  'ref_src',
  'ref_url',
  'cmpid',
  'ocid',
  'smid',
  'smtyp',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wt_mc',
  'at_medium',
  'at_campaign',
  'spm',
  'share',
  'xtor',
  'ito',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'ga_'];

/** Parameters that ask for the AMP rendering of the same article. */
const AMP_PARAMS = new Set(['outputtype', 'amp', 'output']);

/**
 * The form of a URL used to recognize one article across feeds and updates: lowercase
 * scheme and host, default port and fragment dropped, tracking parameters (utm_*,
 * fbclid, gclid, mc_cid, …) removed and the remaining parameters sorted, and the AMP
 * rendering folded into the article (`amp.` host, `/amp/` segment, trailing `/amp`,
 * `-amp.html`, `amp_articleshow`, `?outputType=amp`). Path case is kept (servers treat it
 * as significant). Returns null for anything not http(s).
 */
export function canonicalizeUrl(raw: string | null): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams.entries()].filter(([key, value]) => !isTrackingParam(key) && !isAmpParam(key, value));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  url.search = new URLSearchParams(kept).toString();
  if (url.hostname.startsWith('amp.') && url.hostname.split('.').length > 2) url.hostname = `www.${url.hostname.slice(4)}`;
  url.pathname = withoutAmpPath(url.pathname);
  // WHATWG URL already lowercases scheme and host and drops default ports.
  return url.href;
}

function isTrackingParam(key: string): boolean {
  const lower = key.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

function isAmpParam(key: string, value: string): boolean {
  const lower = key.toLowerCase();
  return AMP_PARAMS.has(lower) && (lower === 'amp' ? value === '' || value === '1' || value.toLowerCase() === 'true' : value.toLowerCase() === 'amp');
}

/** The article's own path for its AMP rendering's: `/amp/news/x` and `/news/x/amp` → `/news/x`. */
function withoutAmpPath(path: string): string {
  const article = path
    .replace(/\/amp(?=\/.)/giu, '')
    .replace(/\/amp\/?$/iu, '')
    .replace(/-amp\.html$/iu, '.html')
    .replace(/\/amp_articleshow\//iu, '/articleshow/');
  return article || '/';
}
