// The printed sheet of the current view: one A4 page in landscape with the map image(s), the
// legend, the indicator table, the sources and the package version, for council members who
// want paper. It is put in the page (a portal beside the app) only while printing, and the
// print style sheet shows nothing else; on screen it is never visible. Package text as text only.
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Intervention } from '../../../shared/packageFormat';
import type { IndicatorOutcome } from '../../../shared/scenario/whatIf';
import type { PresentationView } from '../../../shared/view/presentationView';
import type { AgendaItemRecord, IndicatorRecord, PackageRecord } from '../../data/types';
import { Legend } from '../../map/Legend';
import { formatDateTime } from '../common/format';
import { CompareTable } from '../compare/CompareTable';
import { IndicatorTable } from './IndicatorTable';

/** What was on screen when the person chose "Afdrukken". */
export type PrintContent = { images: readonly string[]; titles: readonly string[]; view: PresentationView; outcomes: readonly (readonly IndicatorOutcome[])[] };

export type PrintSheetProps = {
  content: PrintContent;
  pkg: PackageRecord;
  item: AgendaItemRecord;
  indicators: readonly IndicatorRecord[];
  interventions: readonly Intervention[];
  attribution: string;
};

export function PrintSheet({ content, pkg, item, indicators, interventions, attribution }: PrintSheetProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';
  const { images, titles, view, outcomes } = content;
  const unique = interventions.filter((iv, i, all) => all.findIndex((other) => other.id === iv.id) === i);
  const first = view.shown[0];
  return createPortal(
    <article className="print-sheet" aria-label={t('print.sheet')}>
      <header className="print-sheet__head">
        <h1>
          {t('agendaItem.number', { number: item.number })}: {item.title}
        </h1>
        <p>
          {titles.join(' · ')}
          {view.mode !== 'single' ? ` (${t(`compare.mode.${view.mode}`)})` : ''}
        </p>
      </header>
      <div className="print-sheet__body">
        <div className={`print-sheet__maps print-sheet__maps--${images.length}`}>
          {images.map((src, index) => (
            <figure key={index}>
              <img src={src} alt={t('print.mapAlt', { title: titles[index] ?? '' })} />
              {images.length > 1 ? <figcaption>{titles[index]}</figcaption> : null}
            </figure>
          ))}
        </div>
        <div className="print-sheet__side">
          <Legend interventions={unique} />
          {view.mode === 'single' ? (
            <IndicatorTable
              indicators={indicators}
              scenario={{ id: first?.kind === 'scenario' ? first.scenarioId : '', title: titles[0] ?? '' }}
              outcomes={new Map(indicators.map((indicator, i) => [indicator.id, outcomes[0]?.[i] ?? { kind: 'curated', value: indicator.baseline }]))}
              compact
            />
          ) : (
            <CompareTable indicators={indicators} views={titles.map((title, i) => ({ key: String(i), title, outcomes: outcomes[i] ?? [] }))} />
          )}
        </div>
      </div>
      <footer className="print-sheet__sources">
        <p>
          {t('print.sources', { attribution })} {indicators.map((indicator) => `${indicator.title}: ${indicator.method}`).join(' ')}
        </p>
        <p>
          {t('print.package', { title: pkg.title, id: pkg.packageId, version: pkg.version, hash: pkg.manifestSha256.slice(0, 12) })}
          {pkg.demo ? ` ${t('app.demoBadgeHint')}` : ''} {t('print.printed', { when: formatDateTime(new Date(), language) })}
        </p>
      </footer>
    </article>,
    document.body,
  );
}
