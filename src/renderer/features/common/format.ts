// Number and date formatting in the UI language (nl: 1.234,5; en: 1,234.5).
import { localeFor } from '../../i18n';

export function formatNumber(value: number, language: string, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(localeFor(language), { maximumFractionDigits: 2, ...options }).format(value);
}

/** A difference with an explicit sign ("+2,5", "−1", "0"). */
export function formatChange(value: number, language: string): string {
  return formatNumber(value, language, { signDisplay: 'exceptZero' });
}

export function formatDate(iso: string | number | Date, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(localeFor(language), { dateStyle: 'long' }).format(date);
}

export function formatDateTime(iso: string | number | Date, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(localeFor(language), { dateStyle: 'full', timeStyle: 'short' }).format(date);
}
