// Marks invented sample data so nobody mistakes the demo package for real plans.
import { useTranslation } from 'react-i18next';

export function DemoBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge-demo" title={t('app.demoBadgeHint')}>
      {t('app.demoBadge')}
    </span>
  );
}
