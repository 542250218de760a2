// The indicator table across the compared views: per indicator its value in each view, the
// difference from the current situation and from the target, and whether that is better or
// worse by the indicator's direction, in words and symbols (▲ beter, ▼ slechter, = gelijk,
// ✓ doel gehaald, ✗ doel niet gehaald) and only then in colour, so it reads in black and white
// and for every kind of colour vision. Values that need a model run keep their last curated
// value with the notice; nothing is invented. Pure props.
import { useTranslation } from 'react-i18next';
import type { Indicator } from '../../../shared/packageFormat';
import type { IndicatorOutcome } from '../../../shared/scenario/whatIf';
import { compareToBaselineAndTarget, shownValue } from '../../../shared/scenario/whatIf';
import type { Assessment } from '../../../shared/scenario/whatIf';
import { formatQuantity, formatQuantityChange, isEuroUnit } from '../common/format';

export type CompareIndicator = Pick<Indicator, 'id' | 'title' | 'unit' | 'direction' | 'target' | 'method' | 'baseline'>;

/** One compared view: its title and the outcome of each indicator (same order as the indicators). */
export type ComparedView = { key: string; title: string; outcomes: readonly IndicatorOutcome[] };

const SYMBOL: Record<Assessment, string> = { better: '▲', worse: '▼', same: '=' };

export function Verdict({ assessment }: { assessment: Assessment }) {
  const { t } = useTranslation();
  return (
    <span className={`verdict verdict-${assessment}`}>
      <span aria-hidden="true">{SYMBOL[assessment]} </span>
      {t(`compare.assessment.${assessment}`)}
    </span>
  );
}

function ViewCell({ indicator, outcome, language }: { indicator: CompareIndicator; outcome: IndicatorOutcome | undefined; language: string }) {
  const { t } = useTranslation();
  const value = outcome === undefined ? undefined : shownValue(outcome);
  if (value === undefined) {
    return (
      <td className="num" data-outcome={outcome?.kind}>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('indicators.noValue')}</span>
        {outcome?.kind === 'needs-recalculation' ? <span className="outcome-note outcome-note--stale">{t('whatIf.needsRecalculation')}</span> : null}
      </td>
    );
  }
  const stale = outcome?.kind === 'needs-recalculation';
  const { fromBaseline, baselineAssessment, fromTarget, meetsTarget } = compareToBaselineAndTarget(indicator, value);
  return (
    <td className="num compare-cell" data-outcome={outcome?.kind}>
      <span className="compare-cell__value">{formatQuantity(value, indicator.unit, language)}</span>
      {outcome?.kind === 'recomputed' ? <span className="outcome-note">{t('whatIf.recomputed')}</span> : null}
      {stale ? (
        <span className="outcome-note outcome-note--stale">{t('whatIf.needsRecalculation')}</span>
      ) : (
        <>
          <span className="compare-cell__delta">
            {t('compare.fromBaseline', { change: formatQuantityChange(fromBaseline, indicator.unit, language) })} <Verdict assessment={baselineAssessment} />
          </span>
          {fromTarget !== undefined ? (
            <span className="compare-cell__target">
              {t('compare.fromTarget', { change: formatQuantityChange(fromTarget, indicator.unit, language) })}{' '}
              <span className={`target target-${meetsTarget ? 'met' : 'missed'}`}>
                <span aria-hidden="true">{meetsTarget ? '✓ ' : '✗ '}</span>
                {t(meetsTarget ? 'compare.targetMet' : 'compare.targetMissed')}
              </span>
            </span>
          ) : null}
        </>
      )}
    </td>
  );
}

export function CompareTable({ indicators, views }: { indicators: readonly CompareIndicator[]; views: readonly ComparedView[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';
  if (indicators.length === 0) return <p>{t('indicators.none')}</p>;
  const caption = t('compare.caption', { views: views.map((v) => v.title).join(' · ') });
  return (
    // Several columns in a side panel scroll sideways: the scroller takes focus so the keyboard can scroll it.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="indicator-table compare-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.colIndicator')}</th>
            <th scope="col" className="num">
              {t('indicators.colBaseline')}
            </th>
            {views.map((view) => (
              <th key={view.key} scope="col" className="num">
                {view.title}
              </th>
            ))}
            <th scope="col" className="num">
              {t('indicators.colTarget')}
            </th>
          </tr>
        </thead>
        <tbody>
          {indicators.map((indicator, row) => (
            <tr key={indicator.id}>
              <th scope="row">
                <span className="indicator-title">{indicator.title}</span>
                <span className="indicator-meta">
                  {isEuroUnit(indicator.unit) ? t('indicators.unitEuro') : indicator.unit} · {t(`indicators.${indicator.direction}`)}
                </span>
              </th>
              <td className="num">{formatQuantity(indicator.baseline, indicator.unit, language)}</td>
              {views.map((view) => (
                <ViewCell key={view.key} indicator={indicator} outcome={view.outcomes[row]} language={language} />
              ))}
              <td className="num">
                {indicator.target === undefined ? (
                  <>
                    <span aria-hidden="true">—</span>
                    <span className="visually-hidden">{t('indicators.noValue')}</span>
                  </>
                ) : (
                  formatQuantity(indicator.target, indicator.unit, language)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
