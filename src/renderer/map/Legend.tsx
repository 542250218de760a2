// The map legend: one entry per intervention on the map, named as the map's label names it (its
// title), with a swatch drawn the way the map draws it (area with its kind's dashed outline, wide
// line, point, or extruded block) and its kind as text, so colour is never the only cue and the
// names a reader sees on the map and in the legend are the same.
// Must never list what is not on the map, nor show colours other than palette.ts.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Intervention, InterventionKind } from '../../shared/packageFormat';
import { KIND_ORDER, KIND_STYLES } from './palette';
import { shapeClassOf } from './style';
import type { ShapeClass } from './style';
import './map.css';

export type LegendProps = { interventions: readonly Intervention[] };

/** How an entry's swatch is drawn: as the map draws that intervention. */
type SwatchShape = ShapeClass | 'block';

export type LegendEntry = { id: string; title: string; kind: InterventionKind; shape: SwatchShape };

/** The interventions on the map, grouped by kind in legend order (the scenario's order within a kind), each with the shape of its swatch. */
export function legendEntries(interventions: readonly Intervention[]): LegendEntry[] {
  const entries: LegendEntry[] = [];
  for (const kind of KIND_ORDER) {
    for (const intervention of interventions) {
      if (intervention.kind !== kind) continue;
      const shape = shapeClassOf(intervention.geometry);
      entries.push({ id: intervention.id, title: intervention.title, kind, shape: kind === 'housing' && shape === 'polygon' ? 'block' : shape });
    }
  }
  return entries;
}

export function Legend({ interventions }: LegendProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const entries = legendEntries(interventions);
  return (
    <div className="rk-legend">
      <p id={titleId} className="rk-legend__title">
        {t('map.legend.title')}
      </p>
      {entries.length === 0 ? (
        <p>{t('map.legend.empty')}</p>
      ) : (
        <ul className="rk-legend__list" aria-labelledby={titleId}>
          {entries.map(({ id, title, kind, shape }) => (
            <li key={id} className="rk-legend__item" data-kind={kind}>
              <Swatch kind={kind} shape={shape} />
              <span>
                {title} <span className="rk-legend__kind">({t(`interventionKind.${kind}`)})</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Swatch({ kind, shape }: { kind: InterventionKind; shape: SwatchShape }) {
  const { color, dash } = KIND_STYLES[kind];
  const dashFor = (width: number) => dash.map((d) => d * width).join(' ');
  return (
    <svg className="rk-legend__swatch" width="32" height="20" viewBox="0 0 32 20" aria-hidden="true" focusable="false" data-color={color}>
      {shape === 'polygon' ? (
        <rect x="2" y="2" width="28" height="16" fill={color} fillOpacity="0.55" stroke={color} strokeWidth="2.5" strokeDasharray={dashFor(2.5)} />
      ) : shape === 'line' ? (
        <line x1="1" y1="10" x2="31" y2="10" stroke={color} strokeWidth="6" strokeDasharray={dashFor(1.5)} />
      ) : shape === 'point' ? (
        <circle cx="16" cy="10" r="7" fill={color} stroke="#ffffff" strokeWidth="2" />
      ) : (
        <>
          {/* An extruded block: front face in the kind's colour, lighter top. */}
          <polygon points="6,7 12,2 28,2 22,7" fill={color} fillOpacity="0.6" />
          <polygon points="22,7 28,2 28,14 22,19" fill={color} fillOpacity="0.8" />
          <rect x="6" y="7" width="16" height="12" fill={color} />
        </>
      )}
    </svg>
  );
}
