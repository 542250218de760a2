// Screen `#/`: the installed scenario packages, each a link to its meetings.
import { useTranslation } from 'react-i18next';
import { usePackages } from '../../data/hooks';
import { isDemoPackage } from '../../../shared/trust/demoKey';
import { hrefFor } from '../../router';
import { Breadcrumbs } from '../common/Breadcrumbs';
import { DemoBadge } from '../common/DemoBadge';
import { formatDate } from '../common/format';
import { PageHeading } from '../common/routeFocus';
import { Loading } from '../common/Status';

export function LibraryView() {
  const { t, i18n } = useTranslation();
  const packages = usePackages();
  const language = i18n.resolvedLanguage ?? 'nl';

  return (
    <>
      <Breadcrumbs trail={[]} />
      <PageHeading title={t('library.title')} />
      <p className="lead">{t('library.intro')}</p>
      {packages === undefined ? (
        <Loading />
      ) : packages.length === 0 ? (
        <p>{t('library.empty')}</p>
      ) : (
        <ul className="card-list">
          {packages.map((pkg) => (
            <li key={pkg.packageId} className="card">
              <h2 className="card-title">
                <a href={hrefFor({ kind: 'package', packageId: pkg.packageId })}>{pkg.title}</a>
              </h2>
              <p className="card-meta">
                <span>{t('library.municipality', { name: pkg.municipality.name })}</span>
                <span>{t('library.version', { version: pkg.version })}</span>
                <span>{t('library.installedAt', { date: formatDate(pkg.installedAt, language) })}</span>
                {isDemoPackage(pkg) ? <DemoBadge /> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
