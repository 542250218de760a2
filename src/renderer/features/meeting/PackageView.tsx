// Screen `#/p/<packageId>`: the package's meetings and their agenda items as links.
import { useTranslation } from 'react-i18next';
import { useMeetings, usePackage } from '../../data/hooks';
import { isDemoPackage } from '../../../shared/trust/demoKey';
import { hrefFor } from '../../router';
import { Breadcrumbs } from '../common/Breadcrumbs';
import { DemoBadge } from '../common/DemoBadge';
import { formatDateTime } from '../common/format';
import { PageHeading } from '../common/routeFocus';
import { Loading } from '../common/Status';

export function PackageView({ packageId }: { packageId: string }) {
  const { t, i18n } = useTranslation();
  const pkg = usePackage(packageId);
  const meetings = useMeetings(packageId);
  const language = i18n.resolvedLanguage ?? 'nl';

  if (pkg === undefined) return <Loading />;
  if (pkg === null) return <PackageNotFound packageId={packageId} />;

  return (
    <>
      <Breadcrumbs trail={[{ label: pkg.title, route: { kind: 'package', packageId } }]} />
      <PageHeading title={pkg.title} />
      <p className="card-meta">
        <span>{t('library.municipality', { name: pkg.municipality.name })}</span>
        <span>{t('library.version', { version: pkg.version })}</span>
        {isDemoPackage(pkg) ? <DemoBadge /> : null}
      </p>
      <h2>{t('package.meetings')}</h2>
      {meetings === undefined ? (
        <Loading />
      ) : meetings.length === 0 ? (
        <p>{t('package.noMeetings')}</p>
      ) : (
        meetings.map((meeting) => (
          <section key={meeting.id} className="card meeting" aria-labelledby={`meeting-${meeting.id}`}>
            <h3 id={`meeting-${meeting.id}`} className="card-title">
              {meeting.title}
            </h3>
            <p className="card-meta">
              <span>{meeting.body}</span>
              <span>{formatDateTime(meeting.date, language)}</span>
            </p>
            <ol className="agenda" aria-label={t('package.agenda', { title: meeting.title })}>
              {meeting.agendaItems.map((item) => (
                <li key={item.id}>
                  <a href={hrefFor({ kind: 'agendaItem', packageId, agendaItemId: item.id })}>{t('package.agendaItemLink', { number: item.number, title: item.title })}</a>
                </li>
              ))}
            </ol>
          </section>
        ))
      )}
    </>
  );
}

export function PackageNotFound({ packageId }: { packageId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Breadcrumbs trail={[{ label: t('package.notFound'), route: { kind: 'package', packageId } }]} />
      <PageHeading title={t('package.notFound')} />
      <p>{t('package.notFoundHelp', { packageId })}</p>
      <p>
        <a href={hrefFor({ kind: 'library' })}>{t('package.backToLibrary')}</a>
      </p>
    </>
  );
}
