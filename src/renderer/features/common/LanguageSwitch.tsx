// Dutch/English switch in the header. The choice is remembered in the `language` setting
// and reapplied by main.tsx on the next start; <html lang> follows via i18n/index.ts.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { setSetting } from '../../data/settings';
import { isLanguage, LANGUAGES } from '../../i18n/languages';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'nl';

  async function choose(value: string): Promise<void> {
    if (!isLanguage(value)) return;
    await i18n.changeLanguage(value);
    await setSetting('language', value);
  }

  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('app.language')}</label>
      <select
        id={id}
        value={current}
        onChange={(event) => {
          choose(event.target.value).catch((error: unknown) => {
            // The language has changed for this session; only remembering it failed.
            console.error('Could not remember the chosen language', error);
          });
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
