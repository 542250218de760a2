// The UI's translations: one i18next instance with Dutch (default) and English bundled in
// the app (resources.ts), so language switching works offline. It keeps <html lang> in step
// with the chosen language so screen readers pronounce the text correctly. Keys are typed:
// the augmentation below makes `t('unknown.key')` a type error.
// Must never load translations over the network or render translated text as HTML.
import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES } from './languages';
import { resources } from './resources';
import type { TranslationTree } from './resources';

export { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, localeFor } from './languages';
export type { Language } from './languages';
export { resources } from './resources';
export type { TranslationTree } from './resources';

// Module augmentation needs an interface: it types every `t` against the Dutch tree.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: TranslationTree };
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
