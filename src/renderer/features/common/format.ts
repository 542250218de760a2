// Number and date formatting in the UI language (nl: 1.234,5; en: 1,234.5). Negative numbers
// get a real minus sign (U+2212) in both languages, as printed tables of figures have; Intl
// writes a hyphen-minus. Amounts of money (unit EUR or €) are written with the euro sign.
import { localeFor } from '../../i18n/languages';

/** U+2212 MINUS SIGN. */
const MINUS = '\u2212';

function withMinusSign(text: string): string {
  return text.replace(/-/g, MINUS);
}

export function formatNumber(value: number, language: string, options: Intl.NumberFormatOptions = {}): string {
  return withMinusSign(new Intl.NumberFormat(localeFor(language), { maximumFractionDigits: 2, ...options }).format(value));
}

/** A difference with an explicit sign ("+2,5", "−1", "0"). */
export function formatChange(value: number, language: string): string {
  return formatNumber(value, language, { signDisplay: 'exceptZero' });
}

/** Whether an indicator's unit is euros: its values are then amounts of money. */
export function isEuroUnit(unit: string): boolean {
  return /^(eur|€|euro)$/i.test(unit.trim());
}

/** A value in `unit`: with the euro sign for money ("€ 4.800.000"), otherwise as formatNumber. */
export function formatQuantity(value: number, unit: string, language: string, options: Intl.NumberFormatOptions = {}): string {
  if (!isEuroUnit(unit)) return formatNumber(value, language, options);
  const cents = Number.isInteger(value) ? 0 : 2;
  return formatNumber(value, language, { style: 'currency', currency: 'EUR', minimumFractionDigits: cents, maximumFractionDigits: cents, ...options });
}

/** A difference in `unit` with an explicit sign ("€ +500.000", "+2,5", "−1"). */
export function formatQuantityChange(value: number, unit: string, language: string): string {
  return formatQuantity(value, unit, language, { signDisplay: 'exceptZero' });
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
