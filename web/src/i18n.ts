/**
 * Translations (i18next) and locale formats. Spanish is the default, English is switchable; the choice is kept on
 * the device. Numbers and money are formatted from their decimal strings digit by digit with the locale's
 * separators, so no amount ever passes through a JS number.
 */
import i18next from 'i18next';
import en from './locales/en.json';
import es from './locales/es.json';

export type Locale = 'es' | 'en';
export const LOCALES: Record<Locale, string> = { es: 'es-PE', en: 'en-US' };
const STORE = 'coop.locale';

/** Keys a screen asked for that no catalogue has: the browser tests read it and fail on any. */
export const missingKeys: string[] = [];
(globalThis as { __missingKeys?: string[] }).__missingKeys = missingKeys;

export function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORE);
  return saved === 'en' ? 'en' : 'es';
}

export const i18n = i18next.createInstance();
void i18n.init({
  lng: initialLocale(),
  fallbackLng: false,
  resources: { es: { translation: es }, en: { translation: en } },
  interpolation: { escapeValue: false },
  saveMissing: true,
  missingKeyHandler: (_lngs, _ns, key) => {
    missingKeys.push(key);
  },
  initAsync: false,
});

export function setLocale(locale: Locale) {
  localStorage.setItem(STORE, locale);
  void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export function t(key: string, options?: Record<string, unknown>): string {
  return i18n.t(key, options ?? {}) as string;
}

export function locale(): Locale {
  return i18n.language === 'en' ? 'en' : 'es';
}

function separators(): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(LOCALES[locale()]).formatToParts(12345.6);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

/** A decimal string in the locale's format, padded or cut (never rounded here: the API rounds) to `decimals`. */
export function decimal(value: string | null | undefined, decimals?: number): string {
  if (value == null || value === '') return '—';
  const negative = value.startsWith('-');
  const [intPart = '0', frac = ''] = (negative ? value.slice(1) : value).split('.');
  const { group, decimal: point } = separators();
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const fraction = decimals === undefined ? frac : frac.padEnd(decimals, '0').slice(0, decimals);
  return `${negative ? '−' : ''}${grouped}${fraction ? point + fraction : ''}`;
}

export function money(m: { amount: string; currency: string } | null | undefined): string {
  if (!m) return '—';
  return `${m.currency} ${decimal(m.amount, 2)}`;
}

/** Kilograms and quintals side by side: "552.5 kg (12.01 qq)". */
export function weight(w: { kg: string; quintals: string } | null | undefined): string {
  if (!w) return '—';
  return `${decimal(w.kg)} kg (${decimal(w.quintals, 2)} qq)`;
}

export function percent(value: string | null | undefined): string {
  return value == null ? '—' : `${decimal(value)} %`;
}

export function date(value: string | null | undefined): string {
  if (!value) return '—';
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALES[locale()], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

export function dateTime(value: string | null | undefined, timeZone?: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(LOCALES[locale()], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(value),
  );
}

/** An API issue in the user's language: by its code, with the API's own words kept in English. */
export function issueMessage(issue: { code: string; message: string }): string {
  if (locale() === 'en') return issue.message;
  const key = `issue.${issue.code}`;
  return i18n.exists(key) ? t(key, { message: issue.message }) : issue.message;
}
