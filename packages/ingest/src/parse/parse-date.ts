/*
 * Feed dates in the wild: RFC 822/1123 (RSS), W3C-DTF/ISO 8601 (Atom, dc:date), and the
 * sloppy variants real publishers emit (two-digit years, missing seconds or zone, full
 * month names, stray commas, US zone names, asctime, Perforce "YYYY/MM/DD", Greek,
 * Hungarian and Korean month words). A date with no zone is taken as UTC. Anything that
 * does not fully match is rejected (null) rather than guessed: a wrong date is worse than
 * none, because normalization replaces a missing date with the fetch time.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  // Romance and German abbreviations seen in real pubDates ("Seg, 24 Set 2018", "mer, 16 nov 2022").
  ene: 1,
  gen: 1,
  janv: 1,
  fev: 2,
  fév: 2,
  févr: 2,
  fevr: 2,
  mär: 3,
  mrz: 3,
  mars: 3,
  abr: 4,
  avr: 4,
  mai: 5,
  mag: 5,
  giu: 6,
  juin: 6,
  lug: 7,
  juil: 7,
  ago: 8,
  août: 8,
  aout: 8,
  set: 9,
  ott: 10,
  okt: 10,
  out: 10,
  dic: 12,
  dez: 12,
  déc: 12,
};

const DAYS = new Set([
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);

/* Offsets in minutes east of UTC. The one-letter military zones other than Z are
   unreliable in practice (RFC 2822 §4.3) and read as UTC. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  'etc/gmt': 0,
  'etc/utc': 0,
  wet: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  at: -240,
  et: -300,
  ct: -360,
  mt: -420,
  pt: -480,
  ast: -240,
  adt: -180,
  akst: -540,
  akdt: -480,
  hst: -600,
  bst: 60,
  ist: 330,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  west: 60,
  eet: 120,
  eest: 180,
  msk: 180,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  awst: 480,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

/* Localized words feedparser's corpus asks for, mapped onto English before parsing. */
const LOCAL_WORDS: [RegExp, string][] = [
  [/Κυρ/g, 'Sun'],
  [/Δευ/g, 'Mon'],
  [/Τρι/g, 'Tue'],
  [/Τετ/g, 'Wed'],
  [/Πεμ/g, 'Thu'],
  [/Παρ/g, 'Fri'],
  [/Σαβ/g, 'Sat'],
  [/Ιαν/g, 'Jan'],
  [/Φεβ/g, 'Feb'],
  [/Μ[άα]ώ|Μαρ/g, 'Mar'],
  [/Απρ/g, 'Apr'],
  [/Μ[άα][ιϊΐ]/g, 'May'],
  [/Ιο[ύυ]?ν/g, 'Jun'],
  [/Ιο[ύυ]?λ/g, 'Jul'],
  [/Α[ύυ]γ/g, 'Aug'],
  [/Σεπ/g, 'Sep'],
  [/Οκτ/g, 'Oct'],
  [/Νο[έε]/g, 'Nov'],
  [/Δεκ/g, 'Dec'],
];

/* Hungarian month names, only in the "2004-július-13" position where they are unambiguous. */
const HUNGARIAN_MONTHS: [RegExp, string][] = [
  [/január/g, '01'],
  [/február/g, '02'],
  [/március/g, '03'],
  [/április/g, '04'],
  [/május/g, '05'],
  [/június/g, '06'],
  [/július/g, '07'],
  [/augusztus/g, '08'],
  [/szeptember/g, '09'],
  [/október/g, '10'],
  [/november/g, '11'],
  [/december/g, '12'],
];

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC. */
  offset: number;
}

/** A feed date string as a UTC `Date`, or null when it cannot be read unambiguously. */
export function parseDate(input: string | null | undefined): Date | null {
  const text = input?.trim().replace(/\s+/g, ' ');
  if (!text) return null;
  const fields = parseKorean(text) ?? parseIso(localize(text)) ?? parseRfc822(localize(text));
  return fields ? toDate(fields) : null;
}

function localize(text: string): string {
  let out = text;
  for (const [pattern, replacement] of LOCAL_WORDS) out = out.replace(pattern, replacement);
  if (/^\d{4}-\p{L}+-/u.test(out)) {
    for (const [pattern, replacement] of HUNGARIAN_MONTHS) out = out.replace(pattern, replacement);
  }
  return out;
}

const ISO = /^(\d{4})(?:-(\d{2,3})(?:-(\d{2}))?)?(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)? ?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseIso(text: string): Fields | null {
  const m = ISO.exec(text);
  if (!m) return null;
  if (m[7] && !m[4]) return null;
  const offset = m[7] ? parseOffset(m[7]) : 0;
  if (offset === null) return null;
  return {
    year: Number(m[1]),
    month: m[2] ? Number(m[2]) : 1,
    day: m[3] ? Number(m[3]) : 1,
    hour: m[4] ? Number(m[4]) : 0,
    minute: m[5] ? Number(m[5]) : 0,
    second: m[6] ? Number(m[6]) : 0,
    offset,
  };
}

/** Korean blog platforms: "2004-05-25 오후 11:23:17" and "2004년 05월 28일 01:31:15", in KST. */
function parseKorean(text: string): Fields | null {
  let m = /^(\d{4})-(\d{2})-(\d{2}) (오전|오후) (\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (m) {
    const hour12 = Number(m[5]) % 12;
    return {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: m[4] === '오후' ? hour12 + 12 : hour12,
      minute: Number(m[6]),
      second: Number(m[7]),
      offset: 540,
    };
  }
  m = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 (\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (m) {
    return {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
      offset: 540,
    };
  }
  return null;
}

/**
 * RFC 822 and its relatives, read as tokens: day names and parenthesized comments are
 * dropped, then a month word, a day, a year, a time and a zone are each expected once,
 * in any of the orders publishers use. A leftover token rejects the date.
 */
function parseRfc822(text: string): Fields | null {
  const tokens = text
    // A leading weekday is always followed by a comma, in any language: drop it unread.
    .replace(/^\p{L}+\.?,/u, ' ')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/,/g, ' ')
    .split(' ')
    .filter((token) => token !== '');
  let month: number | null = null;
  let year: number | null = null;
  let day: number | null = null;
  let time: { hour: number; minute: number; second: number } | null = null;
  let offset: number | null = null;
  let pm: boolean | null = null;

  for (const token of tokens) {
    const lower = token.toLowerCase().replace(/\.$/, '');
    const slashed = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(token);
    if (DAYS.has(lower) && month === null && day === null && time === null) continue;
    if (slashed && year === null && month === null && day === null) {
      [year, month, day] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
    } else if (MONTHS[lower] !== undefined && month === null) {
      month = MONTHS[lower];
    } else if (/^\d{1,2}$/.test(token) && day === null && (month !== null || year === null) && time === null) {
      day = Number(token);
    } else if (/^\d{4}$|^\d{2}$/.test(token) && year === null && day !== null) {
      year = token.length === 2 ? expandYear(Number(token)) : Number(token);
    } else if (time === null && /^\d{1,2}:\d{1,2}/.test(token)) {
      const t = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?(.*)$/.exec(token);
      if (!t) return null;
      time = { hour: Number(t[1]), minute: Number(t[2]), second: t[3] ? Number(t[3]) : 0 };
      if (t[4]) {
        offset = parseZone(t[4]);
        if (offset === null) return null;
      }
    } else if ((lower === 'am' || lower === 'pm') && time !== null && pm === null) {
      pm = lower === 'pm';
    } else if (offset === null && time !== null) {
      offset = parseZone(token);
      if (offset === null) return null;
    } else if (offset !== null && ZONES[lower] !== undefined) {
    } else {
      return null;
    }
  }
  if (month === null || day === null || year === null) return null;
  let hour = time?.hour ?? 0;
  if (pm !== null) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return { year, month, day, hour, minute: time?.minute ?? 0, second: time?.second ?? 0, offset: offset ?? 0 };
}

function expandYear(twoDigits: number): number {
  return twoDigits < 50 ? 2000 + twoDigits : 1900 + twoDigits;
}

/** A zone name, `GMT±hh:mm`, or a numeric offset, in minutes east of UTC. */
function parseZone(token: string): number | null {
  const lower = token.toLowerCase();
  if (ZONES[lower] !== undefined) return ZONES[lower];
  if (/^[a-ik-y]$/.test(lower)) return 0;
  const prefixed = /^(?:gmt|utc|ut)([+-].+)$/.exec(lower);
  return parseOffset(prefixed ? (prefixed[1] as string) : token);
}

/** `±hh`, `±hhmm` or `±hh:mm` in minutes; null when out of range. */
function parseOffset(text: string): number | null {
  if (/^z$/i.test(text)) return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = m[3] ? Number(m[3]) : 0;
  if (hours > 23 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function toDate(f: Fields): Date | null {
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > daysInMonth(f.year, f.month)) return null;
  if (f.hour > 24 || f.minute > 59 || f.second > 60) return null;
  if (f.hour === 24 && (f.minute > 0 || f.second > 0)) return null;
  const date = new Date(0);
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  // A leap second is read as the last second of its minute.
  date.setUTCHours(f.hour, f.minute - f.offset, Math.min(f.second, 59), 0);
  const year = date.getUTCFullYear();
  return year < 1 || year > 9999 ? null : date;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
