// The UI languages and their number/date locales. Pure, without i18next, so the settings
// schema (data/settings.ts) and the translations module can share one list.

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'nl';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** BCP 47 locale used for numbers and dates in each UI language. */
export function localeFor(language: string): string {
  return language === 'en' ? 'en-GB' : 'nl-NL';
}
