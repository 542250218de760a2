// Screen `#/p/<packageId>/a/<agendaItemId>`: what the alderman presents. Scenario chooser,
// the map with its layer toggles and legend, the scenario's interventions as text (the map's
// text alternative), the indicator table, the briefing and the item's attachments (PDF).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgendaItem, useChunkText, useIndicators, useInterventions, useLayerGeoJson, useLayers, usePackage, useScenarios, readAppChunk, readAppTile } from '../../data/hooks';
import { IntegrityError } from '../../../shared/errors';
import type { Attachment } from '../../../shared/packageFormat';
import { getHost } from '../../host';
import type { InterventionRecord } from '../../data/types';
import { buildingTilesFor } from '../../map/buildingTiles';
import { LayerToggles } from '../../map/LayerToggles';
import { Legend } from '../../map/Legend';
import { MapView } from '../../map/MapView';
import { hrefFor } from '../../router';
import { Breadcrumbs } from '../common/Breadcrumbs';
import { PageHeading } from '../common/routeFocus';
import { Loading } from '../common/Status';
import { Attachments } from './Attachments';
import type { SaveOutcome } from './Attachments';
import { Briefing } from './Briefing';
import { IndicatorTable } from './IndicatorTable';
import { PackageNotFound } from './PackageView';
import { ScenarioChooser } from './ScenarioChooser';
import { NotesPanel } from '../notes/NotesPanel';
import { NotesOnMap } from '../notes/NotesOnMap';
import { DecisionsPanel } from '../decisions/DecisionsPanel';

type Visibility = { buildings: boolean; interventions: boolean; labels: boolean };

const NO_INTERVENTIONS: InterventionRecord[] = [];

export function AgendaItemView({ packageId, agendaItemId }: { packageId: string; agendaItemId: string }) {
  const { t, i18n } = useTranslation();
  const pkg = usePackage(packageId);
  const item = useAgendaItem(packageId, agendaItemId);
  const scenarios = useScenarios(packageId, agendaItemId);
  const indicators = useIndicators(packageId);
  const layers = useLayers(packageId);
  const briefing = useChunkText(packageId, item?.briefing);

  const [chosenScenarioId, setChosenScenarioId] = useState<string | undefined>(undefined);
  const [visibility, setVisibility] = useState<Visibility>({ buildings: true, interventions: true, labels: true });

  // The first scenario is shown until the user chooses another one.
  const scenario = scenarios?.find((s) => s.id === chosenScenarioId) ?? scenarios?.[0];
  const interventions = useInterventions(packageId, scenario?.id) ?? NO_INTERVENTIONS;
  const buildingsLayer = layers?.find((layer) => layer.kind === 'buildings');
  const buildings = useLayerGeoJson(packageId, buildingsLayer?.id);
  // A large layer ships as vector tiles: the map reads them itself (useLayerGeoJson gives null).
  const buildingTiles = pkg ? buildingTilesFor(packageId, pkg.version, buildingsLayer, readAppTile) : undefined;

  if (pkg === undefined || item === undefined) return <Loading />;
  if (pkg === null) return <PackageNotFound packageId={packageId} />;
  if (item === null) {
    return (
      <>
        <Breadcrumbs
          trail={[
            { label: pkg.title, route: { kind: 'package', packageId } },
            { label: t('agendaItem.notFound'), route: { kind: 'agendaItem', packageId, agendaItemId } },
          ]}
        />
        <PageHeading title={t('agendaItem.notFound')} />
        <p>{t('agendaItem.notFoundHelp', { agendaItemId })}</p>
        <p>
          <a href={hrefFor({ kind: 'package', packageId })}>{t('agendaItem.backToPackage')}</a>
        </p>
      </>
    );
  }

  const saveAttachment = async (attachment: Attachment): Promise<SaveOutcome> => {
    const data = await readAppChunk(packageId, attachment.path);
    if (data === null) throw new IntegrityError(`${attachment.path}: not stored for package "${packageId}"`, { path: attachment.path });
    const suggestedName = attachment.path.split('/').pop() ?? 'bijlage.pdf';
    return getHost().saveFile({ suggestedName, mimeType: 'application/pdf', data });
  };

  const scenarioIds = new Set((scenarios ?? []).map((s) => s.id));
  const relevantIndicators = (indicators ?? []).filter((indicator) => Object.keys(indicator.values).some((id) => scenarioIds.has(id)));

  return (
    <>
      <Breadcrumbs
        trail={[
          { label: pkg.title, route: { kind: 'package', packageId } },
          { label: t('agendaItem.number', { number: item.number }), route: { kind: 'agendaItem', packageId, agendaItemId } },
        ]}
      />
      {/* The breadcrumb's last crumb already says "Agendapunt 4"; a second one above the title would repeat it. */}
      <PageHeading title={item.title} />

      <div className="agenda-layout">
        <div className="agenda-side">
          {scenarios === undefined ? (
            <Loading />
          ) : scenario === undefined ? (
            <p>{t('agendaItem.noScenarios')}</p>
          ) : (
            <>
              <ScenarioChooser scenarios={scenarios} selectedId={scenario.id} onSelect={setChosenScenarioId} />
              <div className="scenario-summary">
                <h3 className="visually-hidden">{t('agendaItem.summary')}</h3>
                <p>{scenario.summary}</p>
              </div>
              <div className="scenario-interventions">
                <h3>{t('agendaItem.interventions')}</h3>
                {interventions.length === 0 ? (
                  <p>{t('agendaItem.noInterventions')}</p>
                ) : (
                  <ul className="intervention-list">
                    {interventions.map((intervention) => (
                      <li key={intervention.id}>
                        <strong>{intervention.title}</strong> <span className="kind">({t(`interventionKind.${intervention.kind}`)})</span>
                        {intervention.description ? <p>{intervention.description}</p> : null}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </>
          )}
        </div>

        {/* Not a named section: MapView itself is the "Kaart" region; a second one would be noise. */}
        <div className="agenda-map">
          <h2 className="visually-hidden">{t('agendaItem.map')}</h2>
          {layers !== undefined && buildingsLayer === undefined ? (
            <p>{t('agendaItem.mapUnavailable')}</p>
          ) : (
            <div className="map-with-panel">
              <div className="map-frame">
                {/* Keyed by language: the engine's own controls take their labels only when created. */}
                <MapView
                  key={i18n.language}
                  buildings={buildings}
                  buildingTiles={buildingTiles}
                  interventions={interventions}
                  bbox={item.bbox}
                  visibility={visibility}
                  attribution={buildingsLayer?.attribution ?? ''}
                  label={t('agendaItem.mapLabel')}
                >
                  <NotesOnMap packageId={packageId} agendaItemId={agendaItemId} />
                </MapView>
              </div>
              <div className="map-panel">
                <LayerToggles visibility={visibility} onChange={setVisibility} />
                <Legend interventions={interventions} />
              </div>
            </div>
          )}
        </div>
      </div>

      <section aria-labelledby="indicators-heading" className="indicators">
        <h2 id="indicators-heading">{t('indicators.title')}</h2>
        {indicators === undefined ? (
          <Loading />
        ) : scenario === undefined ? (
          <p>{t('indicators.none')}</p>
        ) : (
          <IndicatorTable indicators={relevantIndicators} scenario={scenario} interventions={interventions} />
        )}
      </section>

      <section aria-labelledby="briefing-heading" className="briefing-section">
        <h2 id="briefing-heading">{t('agendaItem.briefing')}</h2>
        {briefing === undefined ? <Loading /> : briefing === null ? <p>{t('agendaItem.noBriefing')}</p> : <Briefing markdown={briefing} title={item.title} />}
      </section>

      <NotesPanel
        packageId={packageId}
        meetingId={item.meetingId}
        agendaItemId={agendaItemId}
        scenario={scenario ? { id: scenario.id, title: scenario.title } : undefined}
        interventions={interventions}
        scenarioTitles={Object.fromEntries((scenarios ?? []).map((s) => [s.id, s.title]))}
        interventionTitles={Object.fromEntries(interventions.map((i) => [i.id, i.title]))}
      />
      <DecisionsPanel packageId={packageId} meetingId={item.meetingId} agendaItemId={agendaItemId} scenarioId={scenario?.id} interventionIds={interventions.map((i) => i.id)} />

      {item.attachments && item.attachments.length > 0 ? (
        <section aria-labelledby="attachments-heading" className="attachments-section">
          <h2 id="attachments-heading">{t('agendaItem.attachments')}</h2>
          <Attachments attachments={item.attachments} onSave={saveAttachment} />
        </section>
      ) : null}
    </>
  );
}
