// Indicator table of an agenda item: baseline, the selected scenario, the change in words
// (better/worse, so colour is never the only cue), target and direction. Numbers are
// formatted for the UI language. Pure props: no data access here.
import { useTranslation } from 'react-i18next';
import type { Indicator } from '../../../shared/packageFormat';
import { formatChange, formatNumber } from '../common/format';

export type IndicatorRow = Pick<Indicator, 'id' | 'title' | 'unit' | 'direction' | 'target' | 'method' | 'baseline' | 'values'>;

type Verdict = 'better' | 'worse' | 'same';

export function verdictOf(direction: Indicator['direction'], baseline: number, value: number): Verdict {
  if (value === baseline) return 'same';
  const higher = value > baseline;
  return higher === (direction === 'higherIsBetter') ? 'better' : 'worse';
}

function NoValue() {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('indicators.noValue')}</span>
    </>
  );
}

export function IndicatorTable({ indicators, scenario }: { indicators: readonly IndicatorRow[]; scenario: { id: string; title: string } }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';

  if (indicators.length === 0) return <p>{t('indicators.none')}</p>;

  return (
    <div className="table-scroll">
      <table className="indicator-table">
        <caption>{t('indicators.caption', { scenario: scenario.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.colIndicator')}</th>
            <th scope="col">{t('indicators.colUnit')}</th>
            <th scope="col" className="num">
              {t('indicators.colBaseline')}
            </th>
            <th scope="col" className="num">
              {t('indicators.colScenario', { scenario: scenario.title })}
            </th>
            <th scope="col" className="num">
              {t('indicators.colChange')}
            </th>
            <th scope="col" className="num">
              {t('indicators.colTarget')}
            </th>
            <th scope="col">{t('indicators.colDirection')}</th>
          </tr>
        </thead>
        <tbody>
          {indicators.map((indicator) => {
            const value = indicator.values[scenario.id];
            const verdict = value === undefined ? undefined : verdictOf(indicator.direction, indicator.baseline, value);
            return (
              <tr key={indicator.id}>
                <th scope="row">
                  <span className="indicator-title">{indicator.title}</span>
                  <details className="indicator-method">
                    <summary>{t('indicators.method')}</summary>
                    <p>{indicator.method}</p>
                  </details>
                </th>
                <td>{indicator.unit}</td>
                <td className="num">{formatNumber(indicator.baseline, language)}</td>
                <td className="num">{value === undefined ? <NoValue /> : formatNumber(value, language)}</td>
                <td className={`num verdict-${verdict ?? 'none'}`}>
                  {value === undefined || verdict === undefined ? (
                    <NoValue />
                  ) : (
                    <>
                      {formatChange(value - indicator.baseline, language)} ({t(`indicators.${verdict}`)})
                    </>
                  )}
                </td>
                <td className="num">{indicator.target === undefined ? <NoValue /> : formatNumber(indicator.target, language)}</td>
                <td>{t(`indicators.${indicator.direction}`)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
