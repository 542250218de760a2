// Indicator table of an agenda item: baseline, the selected scenario, the change in words
// (better/worse, so colour is never the only cue), target and direction. Numbers are
// formatted for the UI language, amounts of money with the euro sign. For additive indicators, a disclosure lists what each of the
// scenario's interventions contributes. Pure props: no data access here.
import { useTranslation } from 'react-i18next';
import type { Indicator } from '../../../shared/packageFormat';
import { formatQuantity, formatQuantityChange, isEuroUnit } from '../common/format';

export type IndicatorRow = Pick<Indicator, 'id' | 'title' | 'unit' | 'direction' | 'target' | 'method' | 'baseline' | 'values' | 'additive' | 'contributions'>;

/** An intervention as the contribution list names it. */
export type InterventionName = { id: string; title: string };

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

/** The scenario's contributions in the order of its interventions; ids not among them (none in a valid package) last. */
function orderedContributions(contributions: Readonly<Record<string, number>>, interventions: readonly InterventionName[]): { id: string; title: string; value: number }[] {
  const known = interventions.filter((iv) => iv.id in contributions).map((iv) => ({ id: iv.id, title: iv.title, value: contributions[iv.id] as number }));
  const names = new Set(interventions.map((iv) => iv.id));
  const rest = Object.entries(contributions)
    .filter(([id]) => !names.has(id))
    .map(([id, value]) => ({ id, title: id, value }));
  return [...known, ...rest];
}

function Contributions({
  indicator,
  scenarioId,
  interventions,
  language,
}: {
  indicator: IndicatorRow;
  scenarioId: string;
  interventions: readonly InterventionName[];
  language: string;
}) {
  const { t } = useTranslation();
  const contributions = indicator.contributions?.[scenarioId];
  if (!indicator.additive || contributions === undefined) return null;
  const rows = orderedContributions(contributions, interventions);
  return (
    <details className="indicator-contributions">
      <summary>{t('indicators.contributions')}</summary>
      {rows.length === 0 ? (
        <p>{t('indicators.contributionsNone')}</p>
      ) : (
        <ul>
          {rows.map((row) => (
            <li key={row.id}>
              {row.title}:{' '}
              {isEuroUnit(indicator.unit)
                ? formatQuantityChange(row.value, indicator.unit, language)
                : `${formatQuantityChange(row.value, indicator.unit, language)} ${indicator.unit}`}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

export function IndicatorTable({
  indicators,
  scenario,
  interventions = [],
}: {
  indicators: readonly IndicatorRow[];
  scenario: { id: string; title: string };
  /** The scenario's interventions, to name them in the contribution lists. */
  interventions?: readonly InterventionName[];
}) {
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
                  <Contributions indicator={indicator} scenarioId={scenario.id} interventions={interventions} language={language} />
                </th>
                <td>{isEuroUnit(indicator.unit) ? t('indicators.unitEuro') : indicator.unit}</td>
                <td className="num">{formatQuantity(indicator.baseline, indicator.unit, language)}</td>
                <td className="num">{value === undefined ? <NoValue /> : formatQuantity(value, indicator.unit, language)}</td>
                <td className={`num verdict-${verdict ?? 'none'}`}>
                  {value === undefined || verdict === undefined ? (
                    <NoValue />
                  ) : (
                    <>
                      {formatQuantityChange(value - indicator.baseline, indicator.unit, language)} ({t(`indicators.${verdict}`)})
                    </>
                  )}
                </td>
                <td className="num">{indicator.target === undefined ? <NoValue /> : formatQuantity(indicator.target, indicator.unit, language)}</td>
                <td>{t(`indicators.${indicator.direction}`)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
