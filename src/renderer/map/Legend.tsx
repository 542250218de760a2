// The map legend: one entry per intervention kind present in the scenario, with a swatch drawn
// the way the map draws that kind (area with its dashed outline, wide line, point, or extruded
// block) and the kind's name as text, so colour is never the only cue.
// Must never list kinds that are not on the map, nor show colours other than palette.ts.
import { useId } from 'react';
import type { Intervention, InterventionKind } from '../../shared/packageFormat';
import { useMapTranslation } from './i18n';
import { KIND_ORDER, KIND_STYLES } from './palette';
import { shapeClassOf } from './style';
import type { ShapeClass } from './style';
import './map.css';

export type LegendProps = { interventions: readonly Intervention[] };

/** How a kind's swatch is drawn: as the map draws its first intervention of that kind. */
type SwatchShape = ShapeClass | 'block';

/** The kinds present, in legend order, each with the shape of its swatch. */
export function legendEntries(interventions: readonly Intervention[]): { kind: InterventionKind; shape: SwatchShape }[] {
  const entries: { kind: InterventionKind; shape: SwatchShape }[] = [];
  for (const kind of KIND_ORDER) {
    const first = interventions.find((i) => i.kind === kind);
    if (!first) continue;
    const shape = shapeClassOf(first.geometry);
    entries.push({ kind, shape: kind === 'housing' && shape === 'polygon' ? 'block' : shape });
  }
  return entries;
}

export function Legend({ interventions }: LegendProps) {
  const { t, tm } = useMapTranslation();
  const titleId = useId();
  const entries = legendEntries(interventions);
  return (
    <div className="rk-legend">
      <p id={titleId} className="rk-legend__title">
        {tm('map.legend.title')}
      </p>
      {entries.length === 0 ? (
        <p>{tm('map.legend.empty')}</p>
      ) : (
        <ul className="rk-legend__list" aria-labelledby={titleId}>
          {entries.map(({ kind, shape }) => (
            <li key={kind} className="rk-legend__item" data-kind={kind}>
              <Swatch kind={kind} shape={shape} />
              <span>{t(`interventionKind.${kind}`)}</span>
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
