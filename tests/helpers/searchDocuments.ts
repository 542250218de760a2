// Test helper: a search document from a few fields, the rest filled with package-content
// defaults; and the demo's source folder as a package input (src/shared/search tests).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Geometry, InterventionKind } from '../../src/shared/packageFormat';
import type { PackageInput, SearchDocument } from '../../src/shared/search/documents';
import { detectLanguage } from '../../src/shared/search/normalize';

export function testDoc(fields: Pick<SearchDocument, 'id'> & Partial<SearchDocument>): SearchDocument {
  const title = fields.title ?? '';
  const text = fields.text ?? '';
  return {
    kind: 'intervention',
    title,
    text,
    keywords: '',
    label: null,
    language: detectLanguage(`${title} ${text}`),
    packageId: 'nl.test.pakket',
    meetingId: 'm1',
    agendaItemId: 'a1',
    where: { packageTitle: 'Testpakket', meetingTitle: 'Raadsvergadering', agendaItemTitle: 'Agendapunt' },
    target: { screen: 'package', packageId: fields.packageId ?? 'nl.test.pakket', meetingId: null },
    author: null,
    authorPartyGroup: null,
    visibility: null,
    detail: null,
    date: null,
    ...fields,
  };
}

/** The demo's source folder (examples/delfshaven) as the search input the renderer would build from the installed package. */
export function examplePackageInput(packageId = 'nl.rotterdam.demo.delfshaven', attachmentPages: readonly string[] | null = null): PackageInput {
  const dir = resolve(__dirname, '../../examples/delfshaven');
  const read = (path: string): unknown => JSON.parse(readFileSync(resolve(dir, path), 'utf8'));
  const meeting = read('meeting.json') as {
    id: string;
    title: string;
    body: string;
    date: string;
    agendaItems: { id: string; number: string; title: string; briefing?: string; attachments?: { file: string; title: string }[] }[];
  };
  const scenarios = (read('scenarios.json') as { scenarios: { id: string; agendaItemId: string; title: string; summary: string; file: string }[] }).scenarios;
  const indicators = (read('indicators.json') as { indicators: { id: string; title: string; unit: string; method: string }[] }).indicators;
  return {
    packageId,
    title: 'Herinrichting Delfshaven (demo)',
    meetings: [
      {
        id: meeting.id,
        title: meeting.title,
        body: meeting.body,
        date: meeting.date,
        agendaItems: meeting.agendaItems.map((item) => ({
          id: item.id,
          number: item.number,
          title: item.title,
          briefing: item.briefing === undefined ? null : readFileSync(resolve(dir, item.briefing), 'utf8'),
          attachments: (item.attachments ?? []).map((a) => ({ path: a.file, title: a.title, pages: attachmentPages })),
        })),
      },
    ],
    scenarios: scenarios.map((s) => {
      const fc = read(s.file) as { features: { geometry: Geometry; properties: { id: string; title: string; description: string; kind: InterventionKind } }[] };
      return {
        id: s.id,
        agendaItemId: s.agendaItemId,
        title: s.title,
        summary: s.summary,
        interventions: fc.features.map((f) => ({ ...f.properties, geometry: f.geometry })),
      };
    }),
    // The packer computes the values; search needs only which scenarios an indicator has values for.
    indicators: indicators.map((k) => ({ ...k, values: Object.fromEntries(scenarios.map((s) => [s.id, 0])) })),
  };
}
