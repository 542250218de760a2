// A checked content index (index.json) as the rows of the content tables. Pure.
import type { PackageIndex } from '../../../shared/packageFormat';
import type { PackageRows } from '../types';

/**
 * Maps a checked content index to table rows. The index must have passed the shared content
 * check (startContentCheck: unique ids, references that resolve), as every installed one has.
 */
export function indexToRows(packageId: string, index: PackageIndex): PackageRows {
  const rows: PackageRows = { meetings: [], agendaItems: [], scenarios: [], interventions: [], indicators: [], layers: [] };
  let agendaOrder = 0;
  index.meetings.forEach((meeting, m) => {
    const { agendaItems, ...rest } = meeting;
    rows.meetings.push({ ...rest, packageId, order: m });
    for (const item of agendaItems) rows.agendaItems.push({ ...item, packageId, meetingId: meeting.id, order: agendaOrder++ });
  });
  let interventionOrder = 0;
  index.scenarios.forEach((scenario, s) => {
    const { interventions, ...rest } = scenario;
    rows.scenarios.push({ ...rest, packageId, order: s });
    for (const intervention of interventions) rows.interventions.push({ ...intervention, packageId, scenarioId: scenario.id, order: interventionOrder++ });
  });
  index.indicators.forEach((indicator, i) => rows.indicators.push({ ...indicator, packageId, order: i }));
  index.layers.forEach((layer, i) => rows.layers.push({ ...layer, packageId, order: i }));
  return rows;
}
