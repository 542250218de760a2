// The interventions of one map as a list: the map's text alternative, in step with it. Each has
// its number (as on the map, where a label that could not be placed shows it), its kind, a
// check box that switches it on or off for a what-if (or, for a composition, takes it in or
// out), and a "Details" button that opens the inspector: its properties and its contribution to
// each indicator, and "Zoom naar deze ingreep". Picking an intervention on the map opens the
// same inspector here. Pure props; package text is rendered as text only.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { geometryLengthM, polygonAreaM2 } from '../../../shared/geo';
import type { Indicator, Intervention } from '../../../shared/packageFormat';
import { formatNumber, formatQuantityChange, isEuroUnit } from '../common/format';

/** Storey height the demo and the packer assume (metres), for "about N storeys". */
const STOREY_M = 3;

export type ListIntervention = Intervention & { scenarioId: string };

export type InterventionGroup = { title?: string | undefined; interventions: readonly ListIntervention[] };

export type InterventionListProps = {
  /** Heading of the list ("Ingrepen in dit scenario"). */
  heading: string;
  /** One group for a scenario; one per scenario for a composition. */
  groups: readonly InterventionGroup[];
  /** Ids shown on the map (checked). */
  active: ReadonlySet<string>;
  /** Number of each intervention on the map. */
  numbers: ReadonlyMap<string, number>;
  /** Ids whose label the map could not place: they show their number there. */
  unplaced: ReadonlySet<string>;
  selectedId: string | undefined;
  indicators: readonly Pick<Indicator, 'id' | 'title' | 'unit' | 'additive' | 'contributions'>[];
  /** What the check box says it does ("Meenemen in de berekening"). */
  toggleLabel: string;
  onToggle: (id: string, on: boolean) => void;
  onSelect: (id: string | undefined) => void;
  onZoomTo: (id: string) => void;
};

function Inspector({
  intervention,
  indicators,
  onZoomTo,
  onClose,
  onMap,
}: {
  intervention: ListIntervention;
  indicators: InterventionListProps['indicators'];
  /** False while it is switched off: the map does not draw it, so there is nothing to zoom to. */
  onMap: boolean;
  onZoomTo: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';
  const headingId = useId();
  const { geometry } = intervention;
  const area = geometry.type === 'Polygon' || geometry.type === 'MultiPolygon' ? polygonAreaM2(geometry) : undefined;
  const length = geometry.type === 'LineString' || geometry.type === 'MultiLineString' ? geometryLengthM(geometry) : undefined;
  return (
    <section className="inspector" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('inspector.title', { title: intervention.title })}</h4>
      {intervention.description ? <p>{intervention.description}</p> : null}
      <dl className="inspector__facts">
        <dt>{t('inspector.kind')}</dt>
        <dd>{t(`interventionKind.${intervention.kind}`)}</dd>
        {area !== undefined ? (
          <>
            <dt>{t('inspector.area')}</dt>
            <dd>{t('inspector.areaValue', { value: formatNumber(Math.round(area), language) })}</dd>
          </>
        ) : null}
        {length !== undefined ? (
          <>
            <dt>{t('inspector.length')}</dt>
            <dd>{t('inspector.lengthValue', { value: formatNumber(Math.round(length), language) })}</dd>
          </>
        ) : null}
        {intervention.height !== undefined ? (
          <>
            <dt>{t('inspector.height')}</dt>
            <dd>{t('inspector.heightValue', { value: formatNumber(intervention.height, language), storeys: Math.floor(intervention.height / STOREY_M) })}</dd>
          </>
        ) : null}
      </dl>
      <h5>{t('inspector.contributions')}</h5>
      <ul className="inspector__contributions">
        {indicators.map((indicator) => {
          const value = indicator.contributions?.[intervention.scenarioId]?.[intervention.id];
          const text = !indicator.additive
            ? t('inspector.modelBased')
            : value === undefined || value === 0
              ? t('inspector.noContribution')
              : isEuroUnit(indicator.unit)
                ? formatQuantityChange(value, indicator.unit, language)
                : `${formatQuantityChange(value, indicator.unit, language)} ${indicator.unit}`;
          return (
            <li key={indicator.id}>
              {indicator.title}: {text}
            </li>
          );
        })}
      </ul>
      {onMap ? null : <p className="outcome-note">{t('inspector.offNotOnMap')}</p>}
      <p className="button-row">
        {onMap ? (
          <button type="button" onClick={onZoomTo}>
            {t('inspector.zoomTo')}
          </button>
        ) : null}
        <button type="button" className="secondary" onClick={onClose}>
          {t('inspector.close')}
        </button>
      </p>
    </section>
  );
}

export function InterventionList({ heading, groups, active, numbers, unplaced, selectedId, indicators, toggleLabel, onToggle, onSelect, onZoomTo }: InterventionListProps) {
  const { t } = useTranslation();
  const baseId = useId();
  const selectedRef = useRef<HTMLLIElement>(null);
  // An intervention picked on the map comes into view in the list.
  useEffect(() => {
    if (selectedId !== undefined) selectedRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId]);

  const count = groups.reduce((n, g) => n + g.interventions.length, 0);
  return (
    <div className="scenario-interventions">
      <h3>{heading}</h3>
      {count === 0 ? <p>{t('agendaItem.noInterventions')}</p> : null}
      {groups.map((group, g) => (
        <div key={group.title ?? g} className="intervention-group">
          {group.title ? <h4 className="intervention-group__title">{group.title}</h4> : null}
          <ul className="intervention-list" aria-label={group.title ?? heading}>
            {group.interventions.map((intervention) => {
              const id = `${baseId}-${intervention.id}`;
              const on = active.has(intervention.id);
              const number = numbers.get(intervention.id);
              const open = selectedId === intervention.id;
              return (
                <li
                  key={intervention.id}
                  ref={open ? selectedRef : undefined}
                  data-intervention-id={intervention.id}
                  data-on={on}
                  data-number={number}
                  className={open ? 'is-selected' : undefined}
                >
                  <div className="intervention-row">
                    <input id={id} type="checkbox" checked={on} onChange={(event) => onToggle(intervention.id, event.currentTarget.checked)} aria-describedby={`${id}-what`} />
                    <label htmlFor={id}>
                      {number !== undefined && on ? (
                        <span className="intervention-number" aria-hidden="true">
                          {number}
                        </span>
                      ) : null}
                      <strong>{intervention.title}</strong> <span className="kind">({t(`interventionKind.${intervention.kind}`)})</span>
                      {!on ? <span className="intervention-off"> — {t('whatIf.off')}</span> : null}
                      {on && number !== undefined && unplaced.has(intervention.id) ? (
                        <span className="intervention-marker"> — {t('agendaItem.numberOnMap', { number })}</span>
                      ) : null}
                    </label>
                    <span id={`${id}-what`} className="visually-hidden">
                      {toggleLabel}
                    </span>
                    <button type="button" className="secondary small" aria-expanded={open} onClick={() => onSelect(open ? undefined : intervention.id)}>
                      {t('inspector.details')}
                      <span className="visually-hidden"> {intervention.title}</span>
                    </button>
                  </div>
                  {open ? (
                    <Inspector intervention={intervention} indicators={indicators} onMap={on} onZoomTo={() => onZoomTo(intervention.id)} onClose={() => onSelect(undefined)} />
                  ) : null}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
