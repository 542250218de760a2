// A polite live region for "loading" and similar transient states.
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="status">
      {t('app.loading')}
    </p>
  );
}
