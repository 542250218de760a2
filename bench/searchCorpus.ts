// Synthetic council text for the search benchmark: packages of the demo's size (one meeting,
// one agenda item with a briefing and a three-page attachment, three scenarios with eleven
// interventions, six indicators; the shape of examples/delfshaven) and notes as council
// members write them, made from a Dutch council vocabulary by a seeded generator, so every run
// indexes the same words. Nothing here comes from real council documents.
// Bench-only: never used by the app.
import type { Geometry, InterventionKind } from '../src/shared/packageFormat';
import type { NoteInput, PackageInput, Where } from '../src/shared/search/documents';
import type { Visibility } from '../src/shared/records/records';

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

export const PLACES = [
  'Schiedamseweg',
  'Mathenesserlaan',
  'Nieuwe Binnenweg',
  'Delfshaven',
  'Spangen',
  'Bospolder',
  'Tussendijken',
  'Coolhaven',
  'Heemraadsplein',
  'Pieter de Hoochweg',
  'Havenstraat',
  'Aelbrechtskolk',
  'Grote Visserijstraat',
  'Marconiplein',
  'Beukelsdijk',
  'Mathenesserplein',
  'Lage Erfbrug',
  'Schiehaven',
  'Het Park',
  'Kralingse Plas',
] as const;
export const SUBJECTS = [
  'parkeerplaatsen',
  'de fietsenstalling',
  'het bestemmingsplan',
  'de omgevingsvergunning',
  'de groenvoorziening',
  'een wadi',
  'de bomen',
  'de speelplek',
  'de verkeersveiligheid',
  'de riolering',
  'de 30 km/u-zone',
  'de autovrije straat',
  'de fietsstraat',
  'sociale huurwoningen',
  'middenhuur',
  'de woningbouw',
  'het buurtpark',
  'de regenwatertuin',
  'de geluidsoverlast',
  'de luchtkwaliteit',
  'de laadpalen',
  'de bushalte',
  'de oversteekplaats',
  'het schoolplein',
  'de hittestress',
  'de energiecoöperatie',
  'de participatie',
  'de begroting',
  'de subsidieregeling',
  'het afvalbeleid',
  'de ondergrondse containers',
  'de deelscooters',
  'de kademuur',
  'het havengebied',
  'de wijkraad',
] as const;
const VERBS = [
  'vraagt aandacht voor',
  'wil meer weten over',
  'maakt zich zorgen over',
  'is positief over',
  'twijfelt aan',
  'stelt voor te kijken naar',
  'mist een plan voor',
  'vraagt de wethouder naar',
  'wil een motie indienen over',
  'wil een amendement op',
  'heeft bezwaar tegen',
  'steunt',
] as const;
const WHO = [
  'Bewoners',
  'De fractie',
  'Een ondernemer',
  'De wijkraad',
  'Het college',
  'De ambtenaar',
  'Een inspreker',
  'De coöperatie',
  'Ouders van de school',
  'Winkeliers',
] as const;
const TAILS = [
  'Nagaan wat dit kost.',
  'Navragen bij de griffie.',
  'Terugkomen in de commissie.',
  'Zie ook de raadsinformatiebrief.',
  'Dit speelt al sinds vorig jaar.',
  'Vragen of er een participatieplan komt.',
  'Kosten staan niet in de begroting.',
  'Wat zegt de Raad van State hierover?',
  'Check de cijfers van het CBS.',
  'Meenemen in de technische sessie.',
  'Misschien een schriftelijke vraag.',
  'Afstemmen met België over de ervaringen daar.',
  'Reünie van oud-raadsleden noemde dit ook.',
] as const;

function sentence(rand: () => number): string {
  return `${pick(rand, WHO)} ${pick(rand, VERBS)} ${pick(rand, SUBJECTS)} aan de ${pick(rand, PLACES)}.`;
}

/** A paragraph of `n` sentences with a closing remark now and then. */
export function paragraph(rand: () => number, n: number): string {
  const parts = Array.from({ length: n }, () => sentence(rand));
  if (rand() < 0.6) parts.push(pick(rand, TAILS));
  return parts.join(' ');
}

const KINDS: readonly InterventionKind[] = ['park', 'water', 'trees', 'housing', 'speed-zone', 'car-free', 'bike-route', 'parking'];

function square(rand: () => number): Geometry {
  const x = 4.44 + rand() * 0.03;
  const y = 51.9 + rand() * 0.02;
  const d = 0.0005 + rand() * 0.001;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y + d],
        [x, y],
      ],
    ],
  };
}

/** A package of the demo's size: 1 meeting, 1 agenda item, a briefing of about 1.8 kB, a 3-page attachment, 3 scenarios with 11 interventions, 6 indicators. */
export function syntheticPackage(n: number): PackageInput {
  const rand = prng(1000 + n);
  const packageId = `nl.bench.wijk-${n}`;
  const place = PLACES[n % PLACES.length] as string;
  const itemId = `herinrichting-${n}`;
  const scenarioIds = ['groen', 'verdichting', 'mobiliteit'];
  const interventionsPer = [4, 4, 3];
  return {
    packageId,
    title: `Herinrichting ${place} (bench ${n})`,
    meetings: [
      {
        id: `raad-${n}`,
        title: `Gemeenteraad — vergadering ${n}`,
        body: 'Gemeenteraad (bench)',
        date: `2026-12-${String(10 + n).padStart(2, '0')}T19:00:00Z`,
        agendaItems: [
          {
            id: itemId,
            number: String(n + 1),
            title: `Herinrichting ${place}`,
            briefing: `# Herinrichting ${place}\n\n${Array.from({ length: 6 }, () => paragraph(rand, 3)).join('\n\n')}`,
            attachments: [
              { path: `attachments/raadsvoorstel-${n}.pdf`, title: `Raadsvoorstel herinrichting ${place}`, pages: Array.from({ length: 3 }, () => paragraph(rand, 12)) },
            ],
          },
        ],
      },
    ],
    scenarios: scenarioIds.map((id, s) => ({
      id,
      agendaItemId: itemId,
      title: `Scenario ${id} voor ${place}`,
      summary: paragraph(rand, 3),
      interventions: Array.from({ length: interventionsPer[s] ?? 3 }, (_, i) => ({
        id: `${id}-${i}`,
        title: `${pick(rand, SUBJECTS).replace(/^(de|het|een) /, '')} bij de ${pick(rand, PLACES)}`,
        description: paragraph(rand, 2),
        kind: pick(rand, KINDS),
        geometry: square(rand),
      })),
    })),
    indicators: ['woningen', 'groen-oppervlak', 'verhard-oppervlak', 'parkeerplaatsen', 'bomen', 'geluid'].map((id) => ({
      id,
      title: `Indicator ${id}`,
      unit: 'aantal',
      method: paragraph(rand, 2),
      values: Object.fromEntries(scenarioIds.map((s) => [s, 0])),
    })),
  };
}

export const VIEWER = { userName: 'lid-00', partyGroup: 'groep-0' };

/**
 * `count` notes on the agenda items of the packages, by 60 members of 6 party groups, every one
 * visible to VIEWER (their own, their group's, or public), so the index holds all of them.
 */
export function syntheticNotes(count: number, packages: readonly PackageInput[], seed = 7): NoteInput[] {
  const rand = prng(seed);
  const notes: NoteInput[] = [];
  for (let i = 0; i < count; i++) {
    const pkg = packages[i % packages.length] as PackageInput;
    const meeting = pkg.meetings[0]!;
    const item = meeting.agendaItems[0]!;
    const r = rand();
    const own = r < 0.3;
    const visibility: Visibility = own ? 'private' : r < 0.7 ? 'partyGroup' : 'public';
    const member = own ? 0 : visibility === 'partyGroup' ? 6 * Math.floor(rand() * 10) : Math.floor(rand() * 60);
    const where: Where = { packageTitle: pkg.title, meetingTitle: meeting.title, agendaItemTitle: item.title };
    notes.push({
      id: `${hex8(i)}-0000-4000-8000-${String(i).padStart(12, '0')}`,
      author: `lid-${String(member).padStart(2, '0')}`,
      authorPartyGroup: `groep-${member % 6}`,
      body: {
        target: { kind: 'agendaItem', packageId: pkg.packageId, meetingId: meeting.id, agendaItemId: item.id },
        text: paragraph(rand, 1 + Math.floor(rand() * 3)),
        visibility,
      },
      updatedAt: '2026-12-01T10:00:00.000Z',
      where,
    });
  }
  return notes;
}

function hex8(i: number): string {
  return (i * 2654435761).toString(16).slice(-8).padStart(8, '0');
}

/** 100 queries as people type them: words, prefixes, two-word queries, typos, places, stems, and some that find nothing. */
export function benchQueries(): string[] {
  const base = [
    'parkeerplaatsen',
    'parkeer',
    'plaatsen',
    'fietsenstalling',
    'fietsenstaling',
    'wadi',
    'bomen',
    'boom',
    'Schiedamseweg',
    'schiedamse',
    'bestemmingsplan',
    'omgevingsvergunning',
    'groenvoorziening',
    'coöperatie',
    'cooperatie',
    'België',
    'reunie',
    'woningbouw',
    'huurwoningen',
    'middenhuur',
    'speelplek',
    'verkeersveiligheid',
    'riolering',
    '30 km',
    'autovrije straat',
    'fietsstraat',
    'buurtpark',
    'regenwater',
    'hittestress',
    'laadpalen',
    'bushalte',
    'oversteekplaats',
    'schoolplein',
    'participatie',
    'begroting',
    'subsidieregeling',
    'afval',
    'containers',
    'deelscooters',
    'kademuur',
    'havengebied',
    'wijkraad',
    'motie',
    'amendement',
    'wethouder',
    'griffie',
    'raad van state',
    'commissie',
    'bezwaar',
    'zorgen',
    'Mathenesserlaan',
    'Spangen',
    'Delfshaven',
    'Coolhaven',
    'marconi',
    'bospolder',
    'tussendijken',
    'heemraad',
    'Het Park',
    'kralingse',
    'bewoners parkeerplaatsen',
    'wadi Spangen',
    'bomen Schiedamseweg',
    'fractie begroting',
    'inspreker geluidsoverlast',
    'ouders schoolplein',
    'winkeliers laadpalen',
    'college woningbouw',
    'ondernemer bushalte',
    'kosten begroting',
    'luchtkwaliteit',
    'geluid',
    'energie',
    'energiecooperatie',
    'huur',
    'woning',
    'vergunning',
    'plan',
    'groen',
    'straat',
    'park',
    'water',
    'verkeer',
    'veiligheid',
    'technische sessie',
    'schriftelijke vraag',
    'raadsinformatiebrief',
    'CBS cijfers',
    'vorig jaar',
    'participatieplan',
    'ijsbaan',
    'zwembad',
    'bibliotheek',
    'tramlijn',
    'metrostation',
    'windmolen',
    'zonnepanelen',
    'asbest',
    'toezegging',
    'besluitenlijst',
  ];
  return base.slice(0, 100);
}
