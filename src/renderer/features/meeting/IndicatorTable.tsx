// Indicator table of an agenda item: baseline, the selected scenario, the change in words
// (better/worse, so colour is never the only cue), target and direction. Numbers are
// formatted for the UI language, amounts of money with the euro sign. For additive indicators, a disclosure lists what each of the
// scenario's interventions contributes. With what-if outcomes (interventions switched off, or a
// composition), a recomputed value says so, and an indicator that needs a model run keeps its
// last curated value marked "vraagt herberekening door de adviseur": never an invented number.
// Pure props: no data access here.
import { useTranslation } from 'react-i18next';
import type { Indicator } from '../../../shared/packageFormat';
import type { IndicatorOutcome } from '../../../shared/scenario/whatIf';
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

/** A note under a value that was not simply read from the package. */
function OutcomeNote({ outcome }: { outcome: IndicatorOutcome | undefined }) {
  const { t } = useTranslation();
  if (outcome?.kind === 'recomputed') return <span className="outcome-note">{t('whatIf.recomputed')}</span>;
  if (outcome?.kind === 'needs-recalculation') return <span className="outcome-note outcome-note--stale">{t('whatIf.needsRecalculation')}</span>;
  return null;
}

export function IndicatorTable({
  indicators,
  scenario,
  interventions = [],
  outcomes,
  compact = false,
  layout = 'full',
}: {
  indicators: readonly IndicatorRow[];
  scenario: { id: string; title: string };
  /** The scenario's interventions, to name them in the contribution lists. */
  interventions?: readonly InterventionName[];
  /** What-if outcomes by indicator id; without them each value is the package's value for `scenario`. */
  outcomes?: ReadonlyMap<string, IndicatorOutcome> | undefined;
  /** Without the method and contribution disclosures (the audience screen). */
  compact?: boolean;
  /** `panel`: four columns for a side panel; unit, direction and target go under the indicator's name. */
  layout?: 'full' | 'panel';
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';

  if (indicators.length === 0) return <p>{t('indicators.none')}</p>;
  const full = layout === 'full';

  const caption = t('indicators.caption', { scenario: scenario.title });
  return (
    // A narrow panel may scroll the table sideways: the scroller takes focus so the keyboard can scroll it.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="indicator-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.colIndicator')}</th>
            {full ? <th scope="col">{t('indicators.colUnit')}</th> : null}
            <th scope="col" className="num">
              {t('indicators.colBaseline')}
            </th>
            <th scope="col" className="num">
              {full ? (
                t('indicators.colScenario', { scenario: scenario.title })
              ) : (
                // A side panel's column is narrow: "Scenario" shows, its name is in the caption and read out here.
                <>
                  {t('indicators.colScenarioShort')}
                  <span className="visually-hidden">: {scenario.title}</span>
                </>
              )}
            </th>
            <th scope="col" className="num">
              {t('indicators.colChange')}
            </th>
            {full ? (
              <>
                <th scope="col" className="num">
                  {t('indicators.colTarget')}
                </th>
                <th scope="col">{t('indicators.colDirection')}</th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {indicators.map((indicator) => {
            const outcome = outcomes?.get(indicator.id);
            const stale = outcome?.kind === 'needs-recalculation';
            const value = outcome === undefined ? indicator.values[scenario.id] : outcome.kind === 'needs-recalculation' ? outcome.lastCurated : outcome.value;
            const verdict = value === undefined || stale ? undefined : verdictOf(indicator.direction, indicator.baseline, value);
            return (
              <tr key={indicator.id} data-outcome={outcome?.kind}>
                <th scope="row">
                  <span className="indicator-title">{indicator.title}</span>
                  {full ? null : (
                    <span className="indicator-meta">
                      {isEuroUnit(indicator.unit) ? t('indicators.unitEuro') : indicator.unit} · {t(`indicators.${indicator.direction}`)}
                      {indicator.target === undefined ? '' : ` · ${t('indicators.colTarget').toLowerCase()} ${formatQuantity(indicator.target, indicator.unit, language)}`}
                    </span>
                  )}
                  {compact ? null : (
                    <>
                      <details className="indicator-method">
                        <summary>{t('indicators.method')}</summary>
                        <p>{indicator.method}</p>
                      </details>
                      <Contributions indicator={indicator} scenarioId={scenario.id} interventions={interventions} language={language} />
                    </>
                  )}
                </th>
                {full ? <td>{isEuroUnit(indicator.unit) ? t('indicators.unitEuro') : indicator.unit}</td> : null}
                <td className="num">{formatQuantity(indicator.baseline, indicator.unit, language)}</td>
                <td className="num">
                  {value === undefined ? <NoValue /> : formatQuantity(value, indicator.unit, language)}
                  <OutcomeNote outcome={outcome} />
                </td>
                <td className={`num verdict-${verdict ?? 'none'}`}>
                  {stale ? (
                    <span className="outcome-note--stale">{t('whatIf.noChangeShown')}</span>
                  ) : value === undefined || verdict === undefined ? (
                    <NoValue />
                  ) : (
                    <>
                      {formatQuantityChange(value - indicator.baseline, indicator.unit, language)} ({t(`indicators.${verdict}`)})
                    </>
                  )}
                </td>
                {full ? (
                  <>
                    <td className="num">{indicator.target === undefined ? <NoValue /> : formatQuantity(indicator.target, indicator.unit, language)}</td>
                    <td>{t(`indicators.${indicator.direction}`)}</td>
                  </>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
