// Breadcrumb trail above each screen's heading; the last crumb is the current page.
import { useTranslation } from 'react-i18next';
import { hrefFor } from '../../router';
import type { Route } from '../../router';

export type Crumb = { label: string; route: Route };

export function Breadcrumbs({ trail }: { trail: readonly Crumb[] }) {
  const { t } = useTranslation();
  const crumbs: readonly Crumb[] = [{ label: t('breadcrumb.library'), route: { kind: 'library' } }, ...trail];
  return (
    <nav aria-label={t('breadcrumb.label')} className="breadcrumbs">
      <ol>
        {crumbs.map((crumb, index) => {
          const isCurrent = index === crumbs.length - 1;
          return <li key={hrefFor(crumb.route)}>{isCurrent ? <span aria-current="page">{crumb.label}</span> : <a href={hrefFor(crumb.route)}>{crumb.label}</a>}</li>;
        })}
      </ol>
    </nav>
  );
}
