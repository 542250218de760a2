// The only data the audience window may read: the public content of a package (its title and
// version, the agenda item's title and map box, scenarios, interventions, indicators and the
// buildings layer). Never a briefing, its steps or talking points, a note, a composition or a
// setting: the audience screen is rendered from the presenter's presentation message plus
// these, so presenter-only text cannot reach it. ESLint lets src/renderer/features/audience
// import nothing else from the data layer.
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from './db';
import { getAgendaItem } from './repositories';

export { useIndicators, useLayerGeoJson, useLayers, usePackage, useScenarios, readAppTile } from './hooks';
export { useAgendaItemInterventions } from './presentationHooks';

/** What the audience may know of an agenda item. */
export type PublicAgendaItem = { id: string; number: string; title: string; bbox: [number, number, number, number] };

/** The agenda item without its briefing and briefing steps (undefined while loading, null when absent). */
export function usePublicAgendaItem(packageId: string, agendaItemId: string): PublicAgendaItem | null | undefined {
  return useLiveQuery(async () => {
    const item = await getAgendaItem(getDb(), packageId, agendaItemId);
    return item === null ? null : { id: item.id, number: item.number, title: item.title, bbox: item.bbox };
  }, [packageId, agendaItemId]);
}
