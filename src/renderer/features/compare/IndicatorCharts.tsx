// One bar chart per indicator across the compared views, drawn with Observable Plot (loaded
// only when a comparison shows charts: it is a large library). Each chart is an SVG in a
// <figure> with a caption, an accessible name and a description that says every value in
// words; the table above it holds the same numbers. A value that needs a model run has no bar
// and says so. Plot's own <style> element is dropped (the CSP allows no inline styles); its
// rules are in styles.css. Never renders text as HTML: Plot builds DOM nodes from the data.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorOutcome } from '../../../shared/scenario/whatIf';
import { shownValue } from '../../../shared/scenario/whatIf';
import { formatQuantity } from '../common/format';
import type { CompareIndicator, ComparedView } from './CompareTable';
import type * as PlotNamespace from '@observablehq/plot';

type PlotModule = typeof PlotNamespace;

let plotModule: Promise<PlotModule> | undefined;
/** Observable Plot, imported once on first use (a separate bundle chunk). */
function loadPlot(): Promise<PlotModule> {
  plotModule ??= import('@observablehq/plot');
  return plotModule;
}

type Bar = { label: string; value: number; text: string };

function Chart({
  plot,
  indicator,
  bars,
  missing,
  language,
}: {
  plot: PlotModule;
  indicator: CompareIndicator;
  bars: readonly Bar[];
  missing: readonly string[];
  language: string;
}) {
  const { t } = useTranslation();
  const holder = useRef<HTMLDivElement>(null);
  const description = [
    ...bars.map((bar) => t('compare.chartValue', { label: bar.label, value: bar.text })),
    ...missing.map((label) => t('compare.chartMissing', { label })),
    ...(indicator.target !== undefined ? [t('compare.chartTarget', { value: formatQuantity(indicator.target, indicator.unit, language) })] : []),
  ].join(' ');

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const chart = plot.plot({
      ariaLabel: t('compare.chartLabel', { indicator: indicator.title }),
      ariaDescription: description,
      className: 'rk-plot',
      width: 340,
      height: 36 + 30 * bars.length,
      marginLeft: 150,
      marginRight: 80,
      x: { label: indicator.unit, grid: true, nice: true, tickFormat: (d: number) => formatQuantity(d, indicator.unit, language, { notation: 'compact' }) },
      y: { label: null, domain: bars.map((bar) => bar.label) },
      marks: [
        plot.ruleX([0]),
        plot.barX(bars, { x: 'value', y: 'label', fill: '#4a6a8a' }),
        plot.text(bars, { x: 'value', y: 'label', text: 'text', dx: 4, textAnchor: 'start', fill: '#1b1b1b' }),
        ...(indicator.target !== undefined ? [plot.ruleX([indicator.target], { stroke: '#1b1b1b', strokeDasharray: '4,3', strokeWidth: 2 })] : []),
      ],
    });
    for (const style of chart.querySelectorAll('style')) style.remove();
    // The chart is one image with its text alternative: Plot's names for its marks ("bar", "rule") on
    // inner groups are noise to a screen reader and not allowed on elements without a role.
    const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
    svg?.setAttribute('role', 'img');
    for (const inner of chart.querySelectorAll('svg [aria-label], svg [aria-description]')) {
      inner.removeAttribute('aria-label');
      inner.removeAttribute('aria-description');
    }
    element.replaceChildren(chart);
    return () => element.replaceChildren();
  }, [plot, indicator, bars, description, language, t]);

  return (
    <figure className="indicator-chart" data-indicator={indicator.id}>
      <figcaption>
        {indicator.title}
        {indicator.target !== undefined ? <span className="indicator-chart__target"> {t('compare.chartTargetLegend')}</span> : null}
      </figcaption>
      <div ref={holder} />
      {missing.length > 0 ? <p className="outcome-note outcome-note--stale">{missing.map((label) => t('compare.chartMissing', { label })).join(' ')}</p> : null}
    </figure>
  );
}

export function IndicatorCharts({ indicators, views }: { indicators: readonly CompareIndicator[]; views: readonly ComparedView[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';
  const [plot, setPlot] = useState<PlotModule | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    loadPlot().then(
      (module) => {
        if (current) setPlot(module);
      },
      (error: unknown) => {
        console.error('The charts could not be loaded:', error);
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, []);

  // One set of bars per indicator, made again only when the values change (each chart redraws on a new set).
  const charts = useMemo(
    () =>
      indicators.map((indicator, row) => {
        const bars: Bar[] = [{ label: t('indicators.colBaseline'), value: indicator.baseline, text: formatQuantity(indicator.baseline, indicator.unit, language) }];
        const missing: string[] = [];
        for (const view of views) {
          const outcome: IndicatorOutcome | undefined = view.outcomes[row];
          const value = outcome === undefined || outcome.kind === 'needs-recalculation' ? undefined : shownValue(outcome);
          // Two maps may show views with the same title: the bars must still be two.
          const label = bars.some((bar) => bar.label === view.title) ? `${view.title} (${views.indexOf(view) + 1})` : view.title;
          if (value === undefined) missing.push(label);
          else bars.push({ label, value, text: formatQuantity(value, indicator.unit, language) });
        }
        return { indicator, bars, missing };
      }),
    [indicators, views, language, t],
  );

  if (failed) return <p role="alert">{t('compare.chartsFailed')}</p>;
  if (!plot) return <p role="status">{t('app.loading')}</p>;
  return (
    <div className="indicator-charts">
      {charts.map(({ indicator, bars, missing }) => (
        <Chart key={indicator.id} plot={plot} indicator={indicator} bars={bars} missing={missing} language={language} />
      ))}
    </div>
  );
}
