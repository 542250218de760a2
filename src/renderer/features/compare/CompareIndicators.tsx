// The indicators of a comparison: the table across the compared views and, on request, a chart
// per indicator. A module of its own so that the presenter's workspace and the audience window
// load it (and the chart library behind it) only when a comparison is on screen.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CompareTable } from './CompareTable';
import type { CompareIndicator, ComparedView } from './CompareTable';
import { IndicatorCharts } from './IndicatorCharts';

export type CompareIndicatorsProps = {
  indicators: readonly CompareIndicator[];
  views: readonly ComparedView[];
  /** What to show; `choose` lets the person switch between table and charts. */
  show: 'table' | 'charts' | 'choose';
};

export function CompareIndicators({ indicators, views, show }: CompareIndicatorsProps) {
  const { t } = useTranslation();
  const id = useId();
  const [choice, setChoice] = useState<'table' | 'charts'>('table');
  const shown = show === 'choose' ? choice : show;
  return (
    <div className="compare-indicators">
      {show === 'choose' ? (
        <fieldset className="compare-indicators__choice">
          <legend className="visually-hidden">{t('compare.showAs')}</legend>
          {(['table', 'charts'] as const).map((option) => (
            <label key={option}>
              <input type="radio" name={id} checked={choice === option} onChange={() => setChoice(option)} /> {t(`compare.as.${option}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      {shown === 'table' ? <CompareTable indicators={indicators} views={views} /> : <IndicatorCharts indicators={indicators} views={views} />}
    </div>
  );
}
