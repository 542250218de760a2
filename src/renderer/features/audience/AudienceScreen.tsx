// What the audience sees, drawn from one AudienceState and the package's public content only:
// the agenda item's title and the step's title, the map(s) of the view, the legend, and the
// indicator table or charts. "Scherm zwart" covers it all in black. Used by the audience window
// and, small, as the presenter's preview of it. It imports nothing that holds presenter text
// (ESLint keeps this folder away from briefings, talking points, notes and compositions).
import { lazy, Suspense, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AudienceState } from '../../../shared/view/presentationState';
import type { LayerGroup } from '../../../shared/view/presentationView';
import { formatViewQuery, viewOnItem } from '../../../shared/view/presentationView';
import { useAgendaItemInterventions, useIndicators, useLayerGeoJson, useLayers, usePackage, usePublicAgendaItem, useScenarios, readAppTile } from '../../data/audienceData';
import { buildingTilesFor } from '../../map/buildingTiles';
import { Legend } from '../../map/Legend';
import type { MapLayerVisibility, MapStatus } from '../../map/MapView';
import { MapArea } from '../compare/MapArea';
import { createWhatIfModel, itemIndicators, sceneMaps, scenarioContents, viewOutcomes } from '../compare/scene';
import { IndicatorTable } from '../meeting/IndicatorTable';

const CompareIndicators = lazy(() => import('../compare/CompareIndicators').then((m) => ({ default: m.CompareIndicators })));

const NO_COMPOSITIONS = new Map<string, readonly string[]>();

function visibilityOf(layers: readonly LayerGroup[] | undefined): MapLayerVisibility {
  const on = (group: LayerGroup) => layers === undefined || layers.includes(group);
  return { buildings: on('buildings'), interventions: on('interventions'), labels: on('labels') };
}

export type AudienceScreenProps = {
  state: AudienceState;
  /** Small, inside the presenter's window. */
  preview?: boolean;
  /** Every map of the state is drawn (the audience window tells the presenter). */
  onDrawn?: () => void;
};

export function AudienceScreen({ state, preview = false, onDrawn }: AudienceScreenProps) {
  const { t } = useTranslation();
  const { packageId, agendaItemId, view } = state;
  const pkg = usePackage(packageId);
  const item = usePublicAgendaItem(packageId, agendaItemId);
  const scenarios = useScenarios(packageId, agendaItemId);
  const interventions = useAgendaItemInterventions(packageId, agendaItemId);
  const indicators = useIndicators(packageId);
  const layers = useLayers(packageId);
  const buildingsLayer = layers?.find((layer) => layer.kind === 'buildings');
  const buildings = useLayerGeoJson(packageId, buildingsLayer?.id);
  const buildingTiles = pkg ? buildingTilesFor(packageId, pkg.version, buildingsLayer, readAppTile) : undefined;

  const statuses = useRef<MapStatus['kind'][]>([]);
  const contents = useMemo(() => scenarioContents(scenarios ?? [], interventions ?? []), [scenarios, interventions]);
  const relevant = useMemo(() => itemIndicators(indicators ?? [], scenarios ?? []), [indicators, scenarios]);
  const model = useMemo(() => createWhatIfModel(relevant, contents), [relevant, contents]);
  const scene = useMemo(
    () => (item ? sceneMaps(view, state.viewTitles, contents, interventions ?? [], NO_COMPOSITIONS, item.bbox) : undefined),
    [view, state.viewTitles, contents, interventions, item],
  );
  const outcomes = useMemo(() => viewOutcomes(model, view, NO_COMPOSITIONS), [model, view]);

  if (pkg === undefined || item === undefined || scenarios === undefined || interventions === undefined || indicators === undefined || !scene) {
    return <p role="status">{t('app.loading')}</p>;
  }
  if (pkg === null || item === null) return <p role="alert">{t('audience.missing')}</p>;

  const first = scene.maps[0];
  const single = view.mode === 'single' && first !== undefined;
  const firstOutcomes = outcomes[0] ?? [];
  return (
    <div
      className={`audience-screen theme-${state.theme}${preview ? ' audience-screen--preview' : ''}`}
      data-blank={state.blank}
      data-view={formatViewQuery(viewOnItem(packageId, agendaItemId, view))}
    >
      <div className="audience-screen__content" inert={state.blank}>
        <header className="audience-screen__head">
          <p className="audience-screen__item">{t('agendaItem.number', { number: item.number })}</p>
          {preview ? <p className="audience-screen__title">{state.step?.title ?? item.title}</p> : <h1 className="audience-screen__title">{state.step?.title ?? item.title}</h1>}
          {state.step ? <p className="audience-screen__stepnumber">{t('audience.step', { number: state.step.number, count: state.step.count })}</p> : null}
        </header>
        <div className={`audience-screen__body audience-screen__body--${state.panel}`}>
          <div className="audience-screen__map">
            <MapArea
              scene={{
                mode: view.mode,
                maps: scene.maps,
                opening: scene.opening,
                camera: view.camera,
                swipe: view.swipe,
                visibility: visibilityOf(view.layers),
                buildings,
                buildingTiles,
                attribution: buildingsLayer?.attribution ?? '',
                theme: state.theme,
              }}
              onStatus={(index, status) => {
                statuses.current[index] = status.kind;
                statuses.current.length = scene.maps.length;
                if (statuses.current.every((kind) => kind === 'idle')) onDrawn?.();
              }}
            />
          </div>
          {state.panel !== 'none' ? (
            <aside className="audience-screen__panel" aria-label={t('audience.panel')}>
              <Legend interventions={scene.maps.flatMap((map) => map.interventions).filter((iv, i, all) => all.findIndex((other) => other.id === iv.id) === i)} />
              {single && state.panel === 'table' ? (
                <IndicatorTable
                  indicators={relevant}
                  scenario={{ id: view.shown[0]?.kind === 'scenario' ? view.shown[0].scenarioId : '', title: first.title }}
                  outcomes={new Map(relevant.map((indicator, i) => [indicator.id, firstOutcomes[i] ?? { kind: 'curated', value: indicator.baseline }]))}
                  compact
                  layout="panel"
                />
              ) : (
                <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
                  <CompareIndicators
                    indicators={relevant}
                    views={scene.maps.map((map, i) => ({ key: `${map.key}-${i}`, title: map.title, outcomes: outcomes[i] ?? [] }))}
                    show={state.panel === 'chart' ? 'charts' : 'table'}
                  />
                </Suspense>
              )}
            </aside>
          ) : null}
        </div>
      </div>
      {state.blank ? <div className="audience-screen__blank" role="img" aria-label={t('audience.blank')} /> : null}
    </div>
  );
}
