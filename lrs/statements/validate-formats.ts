/**
 * Format predicates for the string values xAPI constrains: IRIs, UUIDs, mailto IRIs, RFC 5646
 * language tags, ISO 8601 durations and timestamps. Pure functions over strings, no
 * allocation on the common path, every regular expression compiled once at load.
 */
import type { XapiVersion } from '../version.js';

/**
 * Remembers strings a predicate accepted: verb ids, activity types, extension keys and
 * language tags repeat across nearly every statement, so most checks become one Set lookup.
 * Bounded: when full it starts over, so memory stays small whatever clients send.
 */
function remembered(isValid: (value: string) => boolean, capacity = 4096): (value: string) => boolean {
  let known = new Set<string>();
  return (value) => {
    if (known.has(value)) return true;
    if (!isValid(value)) return false;
    if (known.size >= capacity) known = new Set();
    if (value.length <= 512) known.add(value);
    return true;
  };
}

// ---------------------------------------------------------------------------------------------
// IRIs (RFC 3987). xAPI needs absolute IRIs: a scheme, a colon, then IRI characters only.
// ---------------------------------------------------------------------------------------------

const IRI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Whether `code` (a UTF-16 unit) may appear in an IRI outside a percent-escape. */
function isIriChar(code: number): boolean {
  if (code >= 0xa0) return code !== 0xfffe && code !== 0xffff; // ucschar / iprivate, roughly
  if (code <= 0x20 || code === 0x7f) return false; // controls and space
  // ASCII characters RFC 3987 never allows unescaped.
  return !(code === 0x22 || code === 0x3c || code === 0x3e || code === 0x5c || code === 0x5e || code === 0x60 || code === 0x7b || code === 0x7c || code === 0x7d);
}

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/**
 * An absolute IRI: `scheme ":" rest`, where rest is non-empty, has no spaces or characters
 * IRIs exclude, has well-formed percent-escapes and at most one `#`.
 */
export const isAbsoluteIri = remembered(checkAbsoluteIri);

function checkAbsoluteIri(value: string): boolean {
  const scheme = IRI_SCHEME.exec(value);
  if (scheme === null) return false;
  const start = scheme[0].length;
  if (start === value.length) return false;
  let hashes = 0;
  for (let i = start; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x25 /* % */) {
      if (!isHex(value.charCodeAt(i + 1)) || !isHex(value.charCodeAt(i + 2))) return false;
      i += 2;
    } else if (code === 0x23 /* # */) {
      if (++hashes > 1) return false;
    } else if (!isIriChar(code)) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------------------------

/** Any UUID variant or version, in either case, in the 8-4-4-4-12 form. */
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
export function isUuid(value: string): boolean {
  return value.length === 36 && UUID.test(value);
}

/** `mailto:` then an address with exactly one `@`, something either side, no spaces. */
const MAILTO = /^mailto:[^@\s]+@[^@\s]+$/;
export function isMailtoIri(value: string): boolean {
  return MAILTO.test(value) && isAbsoluteIri(value);
}

const SHA1_HEX = /^[0-9A-Fa-f]{40}$/;
export function isSha1Hex(value: string): boolean {
  return SHA1_HEX.test(value);
}

/** SHA-224, SHA-256, SHA-384 or SHA-512 digest in hexadecimal (the SHA-2 family). */
const SHA2_HEX = /^(?:[0-9A-Fa-f]{56}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{96}|[0-9A-Fa-f]{128})$/;
export function isSha2Hex(value: string): boolean {
  return SHA2_HEX.test(value);
}

/** An Internet media type, `type/subtype` with optional parameters (RFC 2045 tokens). */
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*;.*)?$/s;
export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value);
}

/** The statement `version` values each rule set accepts: 1.0 / 1.0.x, and for 2.0 also 2.0 / 2.0.x. */
const VERSION_1 = /^1\.0(?:\.\d+)?$/;
const VERSION_1_OR_2 = /^[12]\.0(?:\.\d+)?$/;
export function isStatementVersion(value: string, version: XapiVersion): boolean {
  return (version === '2.0.0' ? VERSION_1_OR_2 : VERSION_1).test(value);
}

// ---------------------------------------------------------------------------------------------
// Language tags (RFC 5646 "well-formed", plus its "valid" rules that need no registry:
// no repeated variant, no repeated extension singleton).
// ---------------------------------------------------------------------------------------------

const GRANDFATHERED = new Set([
  // irregular
  'en-gb-oed', 'i-ami', 'i-bnn', 'i-default', 'i-enochian', 'i-hak', 'i-klingon', 'i-lux', 'i-mingo', 'i-navajo',
  'i-pwn', 'i-tao', 'i-tay', 'i-tsu', 'sgn-be-fr', 'sgn-be-nl', 'sgn-ch-de',
  // regular
  'art-lojban', 'cel-gaulish', 'no-bok', 'no-nyn', 'zh-guoyu', 'zh-hakka', 'zh-min', 'zh-min-nan', 'zh-xiang',
]);

function isAlpha(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isAlnum(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const l = c | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (l >= 0x61 && l <= 0x7a))) return false;
  }
  return true;
}

/** `x-` private use subtags from `parts[from]` to the end: at least one, 1 to 8 alphanumerics. */
function isPrivateUseTail(parts: string[], from: number): boolean {
  if (from >= parts.length) return false;
  for (let i = from; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.length < 1 || p.length > 8 || !isAlnum(p)) return false;
  }
  return true;
}

function isVariant(p: string): boolean {
  if (p.length >= 5 && p.length <= 8) return isAlnum(p);
  return p.length === 4 && isDigits(p[0]!) && isAlnum(p);
}

/** A well-formed RFC 5646 language tag such as `en`, `en-US`, `zh-Hant-TW`, `sr-Latn-RS`, `cmn`. */
export const isLanguageTag = remembered(checkLanguageTag, 1024);

function checkLanguageTag(tag: string): boolean {
  if (tag.length < 2) return false;
  if (GRANDFATHERED.has(tag.toLowerCase())) return true;
  const parts = tag.split('-');
  const first = parts[0]!;
  if (first === 'x' || first === 'X') return isPrivateUseTail(parts, 1);
  // language: 2-3 letters (+ up to three 3-letter extlangs), or 4-8 letters
  if (first.length < 2 || first.length > 8 || !isAlpha(first)) return false;
  let i = 1;
  if (first.length <= 3) {
    for (let n = 0; n < 3 && i < parts.length && parts[i]!.length === 3 && isAlpha(parts[i]!); n++) i++;
  }
  // script: 4 letters
  if (i < parts.length && parts[i]!.length === 4 && isAlpha(parts[i]!)) i++;
  // region: 2 letters or 3 digits
  if (i < parts.length) {
    const p = parts[i]!;
    if ((p.length === 2 && isAlpha(p)) || (p.length === 3 && isDigits(p))) i++;
  }
  // variants, each at most once
  let variants: Set<string> | undefined;
  while (i < parts.length && isVariant(parts[i]!)) {
    const v = parts[i]!.toLowerCase();
    variants ??= new Set();
    if (variants.has(v)) return false;
    variants.add(v);
    i++;
  }
  // extensions: a singleton (not x) then one or more 2-8 alphanumerics; each singleton once
  let singletons = '';
  while (i < parts.length && parts[i]!.length === 1) {
    const s = parts[i]!.toLowerCase();
    if (s === 'x') break;
    if (!isAlnum(s) || singletons.includes(s)) return false;
    singletons += s;
    i++;
    const start = i;
    while (i < parts.length && parts[i]!.length >= 2 && parts[i]!.length <= 8 && isAlnum(parts[i]!)) i++;
    if (i === start) return false;
  }
  if (i < parts.length && (parts[i] === 'x' || parts[i] === 'X')) return isPrivateUseTail(parts, i + 1);
  return i === parts.length;
}

// ---------------------------------------------------------------------------------------------
// Durations (ISO 8601:2004 4.4.3.2, the designator format; the 4.4.3.3 alternative format is
// refused). The smallest component given may carry a decimal fraction.
// ---------------------------------------------------------------------------------------------

const NUM = String.raw`\d+(?:[.,]\d+)?`;
const DURATION = new RegExp(
  `^P(?=\\d|T)(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}D)?(?:T(?=\\d)(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`,
);
const DURATION_WEEKS = new RegExp(`^P${NUM}W$`);
/** A fraction anywhere but on the last component, e.g. `PT1.5H30M`. */
const FRACTION_NOT_LAST = /[.,]\d+[YMDHW].*\d/;

export function isDuration(value: string): boolean {
  if (DURATION_WEEKS.test(value)) return true;
  return DURATION.test(value) && !value.endsWith('T') && !FRACTION_NOT_LAST.test(value);
}

// ---------------------------------------------------------------------------------------------
// Timestamps. 1.0.3: ISO 8601 date and time, extended or basic format, with a UTC offset.
// 2.0: RFC 3339 date-time (seconds required, `T`/`t`/space separator, `Z` or `±hh:mm`).
// Both refuse a missing offset and the "unknown local offset" forms -00, -0000, -00:00.
// ---------------------------------------------------------------------------------------------

const ISO_EXTENDED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?:\d{2})?)$/;
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}

/** Offset in minutes east of UTC; NaN when out of range or one of the "unknown offset" forms. */
function offsetMinutes(tz: string): number {
  if (tz === 'Z' || tz === 'z') return 0;
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.length === 6 ? tz.slice(1, 3) + tz.slice(4) : tz.slice(1);
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return NaN;
  if (sign < 0 && hours === 0 && minutes === 0) return NaN; // -00, -0000, -00:00
  return sign * (hours * 60 + minutes);
}

/**
 * The instant a timestamp names, in milliseconds since the epoch (sub-millisecond digits
 * truncated), or NaN when it is not a timestamp under the version's rules. The storage layer
 * can use this to normalise timestamps to UTC: `new Date(timestampMillis(s, v)).toISOString()`.
 */
export function timestampMillis(value: string, version: XapiVersion): number {
  const m = version === '2.0.0' ? RFC_3339.exec(value) : (ISO_EXTENDED.exec(value) ?? ISO_BASIC.exec(value));
  if (m === null) return NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const offset = offsetMinutes(m[8]!);
  if (Number.isNaN(offset)) return NaN;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const seconds = ((daysSinceEpoch(year, month, day) * 24 + hour) * 60 + minute - offset) * 60 + second;
  return seconds * 1000 + millis;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function isTimestamp(value: string, version: XapiVersion): boolean {
  return !Number.isNaN(timestampMillis(value, version));
}
