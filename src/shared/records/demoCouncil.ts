// The demo council the app ships for trying Raadskaart out: a council of 45 seats for
// Rotterdam with made-up party groups and made-up people, marked `demo` so every screen says so.
// The clerk records it (it then syncs like any council composition) and can change it. None of
// these names is a real person or party; never replace them with real ones.
import type { CouncilBody } from './records';

const GROUPS: { id: string; name: string; seats: number }[] = [
  { id: 'stadspartij', name: 'Stadspartij (demo)', seats: 10 },
  { id: 'groen-010', name: 'Groen 010 (demo)', seats: 8 },
  { id: 'havenpartij', name: 'Havenpartij (demo)', seats: 7 },
  { id: 'sociaal-rotterdam', name: 'Sociaal Rotterdam (demo)', seats: 6 },
  { id: 'vrij-rotterdam', name: 'Vrij Rotterdam (demo)', seats: 5 },
  { id: 'samen-stad', name: 'Samen Stad (demo)', seats: 4 },
  { id: 'buurtbelang', name: 'Buurtbelang (demo)', seats: 3 },
  { id: 'zilveren-stad', name: 'Zilveren Stad (demo)', seats: 2 },
];

const FIRST = [
  'Anouk',
  'Bram',
  'Chaima',
  'Daan',
  'Esra',
  'Floor',
  'Gijs',
  'Hanna',
  'Ilias',
  'Jet',
  'Koen',
  'Lieke',
  'Milan',
  'Noor',
  'Olaf',
  'Priya',
  'Quinten',
  'Roos',
  'Sem',
  'Tess',
];
const LAST = ['Akkerman', 'Brink', 'Dekker', 'Elshout', 'Fonteijn', 'Geldof', 'Hovenier', 'IJzerman', 'Jaspers', 'Kalkman', 'Lodewijks', 'Maasland', 'Nieuwland', 'Overhoff'];

/** The demo council (made-up names), valid from the installation of the demo council. */
export function demoCouncil(): CouncilBody {
  const people: CouncilBody['people'] = [];
  let n = 0;
  const nextName = () => {
    // Every (first, last) pair once: the last name moves on by 3, and by one more per round of first names.
    const name = `${FIRST[n % FIRST.length]} ${LAST[(n * 3 + Math.floor(n / FIRST.length)) % LAST.length]}`;
    n += 1;
    return name;
  };
  for (const group of GROUPS) {
    for (let s = 0; s < group.seats; s++) people.push({ id: `raadslid-${people.length + 1}`, name: nextName(), function: 'raadslid', partyGroupId: group.id });
  }
  for (let w = 1; w <= 4; w++) people.push({ id: `wethouder-${w}`, name: nextName(), function: 'wethouder', partyGroupId: GROUPS[w - 1]?.id });
  people.push({ id: 'burgemeester', name: nextName(), function: 'burgemeester' });
  people.push({ id: 'griffier', name: nextName(), function: 'griffier' });
  return {
    name: 'Gemeenteraad Rotterdam (demo)',
    demo: true,
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    validFrom: '2026-03-30',
    partyGroups: GROUPS,
    people,
  };
}
