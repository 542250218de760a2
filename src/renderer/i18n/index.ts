// The UI's translations: one i18next instance with Dutch (default) and English bundled in
// the app, so language switching works offline. It keeps <html lang> in step with the
// chosen language so screen readers pronounce the text correctly.
// Must never load translations over the network or render translated text as HTML.
import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { mapEn, mapNl } from '../map/i18n';
import { updatesEn, updatesNl } from '../features/updates/i18n';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES } from './languages';
import enApp from './en.json';
import nlApp from './nl.json';

// The map and sync modules keep their own strings beside their code; they join the app's here,
// so each string has exactly one home.
const nl = { ...nlApp, ...mapNl, ...updatesNl };
const en: typeof nl = { ...enApp, ...mapEn, ...updatesEn };

export { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, localeFor } from './languages';
export type { Language } from './languages';

export const resources = { nl: { translation: nl }, en: { translation: en } } as const;

/** All Dutch strings (the type `t` is checked against). */
export type TranslationTree = typeof nl;

// Module augmentation needs an interface: it makes `t('unknown.key')` a type error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nl };
  }
}

function syncHtmlLang(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/**
 * Initialises the shared i18next instance in `language` (falls back to Dutch) and keeps
 * <html lang> in sync with later changes. Safe to call again: it only changes language.
 */
export async function initI18n(language: unknown = DEFAULT_LANGUAGE): Promise<I18n> {
  const lng = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  if (i18next.isInitialized) {
    await i18next.changeLanguage(lng);
    return i18next;
  }
  i18next.on('languageChanged', syncHtmlLang);
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    // React escapes text nodes itself; i18next escaping would show "&amp;" literally.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  syncHtmlLang(lng);
  return i18next;
}
