// Briefing steps in the source folder (meeting.json): the packer turns each step's view query,
// or a link copied from the app, into the view the package stores, and refuses a step that
// shows what the package does not have, naming meeting.json and the step.
import { describe, expect, it } from 'vitest';
import { PackageIndex } from '../packageFormat';
import { assembleFolder, tempSourceFolders, validationFailure } from '../../../tests/helpers/sourceFolders';

const folder = tempSourceFolders();

function meetingWith(briefingSteps: unknown[]): Record<string, unknown> {
  return {
    id: 'm1',
    title: 'Testvergadering',
    body: 'Gemeenteraad',
    date: '2026-02-01T19:00:00Z',
    agendaItems: [{ id: 'a1', number: '1', title: 'Punt', briefing: 'briefings/a1.md', briefingSteps }],
  };
}

async function stepsOf(briefingSteps: unknown[]) {
  const pkg = await assembleFolder(await folder({ 'meeting.json': meetingWith(briefingSteps) }));
  const index = PackageIndex.parse(JSON.parse(new TextDecoder().decode(pkg.chunks[0]?.bytes)));
  return index.meetings[0]?.agendaItems[0]?.briefingSteps;
}

describe('briefing steps in the source', () => {
  it('stores each step with its id, title, talking points and the view its query describes', async () => {
    const steps = await stepsOf([
      { title: 'Het gebied nu', talkingPoints: ['- Eerst de huidige situatie.', '- Dan de plannen.'], view: 'show=~' },
      { id: 'vergelijk', title: 'Naast elkaar', talkingPoints: 'Groen links, auto rechts.', view: 'show=s1,s2&mode=side-by-side&cam=4.45,51.9,16,10,40' },
      { title: 'Zonder het park', view: 'show=s1&off=p1' },
    ]);
    expect(steps).toEqual([
      { id: 'stap-1', title: 'Het gebied nu', talkingPoints: '- Eerst de huidige situatie.\n- Dan de plannen.', view: { mode: 'single', shown: [{ kind: 'baseline' }] } },
      {
        id: 'vergelijk',
        title: 'Naast elkaar',
        talkingPoints: 'Groen links, auto rechts.',
        view: {
          mode: 'side-by-side',
          shown: [
            { kind: 'scenario', scenarioId: 's1', off: [] },
            { kind: 'scenario', scenarioId: 's2', off: [] },
          ],
          camera: { center: [4.45, 51.9], zoom: 16, bearing: 10, pitch: 40 },
        },
      },
      { id: 'stap-3', title: 'Zonder het park', talkingPoints: '', view: { mode: 'single', shown: [{ kind: 'scenario', scenarioId: 's1', off: ['p1'] }] } },
    ]);
  });

  it('takes the view from a whole link copied from the app', async () => {
    const steps = await stepsOf([{ title: 'Swipe', view: 'app://raadskaart/index.html#/p/nl.example.test/a/a1?show=~,s2&mode=swipe&swipe=0.3' }]);
    expect(steps?.[0]?.view).toEqual({ mode: 'swipe', shown: [{ kind: 'baseline' }, { kind: 'scenario', scenarioId: 's2', off: [] }], swipe: 0.3 });
  });

  it('leaves an agenda item without steps without the field (older packages stay the same)', async () => {
    const pkg = await assembleFolder(await folder());
    const index = PackageIndex.parse(JSON.parse(new TextDecoder().decode(pkg.chunks[0]?.bytes)));
    expect(index.meetings[0]?.agendaItems[0]).not.toHaveProperty('briefingSteps');
  });

  it.each([
    [[{ title: 'Onbekend', view: 'show=s9' }], '$.agendaItems[0].briefingSteps[0].view', 'scenario "s9" is not a scenario of this package'],
    [
      [
        { title: 'Goed', view: 'show=s1' },
        { title: 'Vreemd uit', view: 'show=s1&off=c1' },
      ],
      '$.agendaItems[0].briefingSteps[1].view',
      'scenario "s1" has no intervention "c1" to switch off',
    ],
    [[{ title: 'Niets', view: 'mode=swipe' }], '$.agendaItems[0].briefingSteps[0].view', 'the view names nothing to show'],
    [[{ title: 'Kapot', view: 'show=s1&cam=4.45' }], '$.agendaItems[0].briefingSteps[0].view', 'cam: "4.45" is not longitude,latitude,zoom'],
    [[{ title: 'Elders', view: '#/p/nl.ander.pakket/a/a1?show=s1' }], '$.agendaItems[0].briefingSteps[0].view', 'the link is for another package or agenda item'],
    [[{ title: 'Lokaal', view: 'show=@mijn-variant' }], '$.agendaItems[0].briefingSteps[0].view', 'a step cannot show kept composition "mijn-variant"'],
    [
      [
        { id: 'x', title: 'Een', view: 'show=s1' },
        { id: 'x', title: 'Twee', view: 'show=s2' },
      ],
      '$.agendaItems[0].briefingSteps[1].id',
      'step id "x" is already used by step 0',
    ],
  ])('refuses %j at %s', async (steps, jsonPath, message) => {
    const e = await validationFailure(assembleFolder(await folder({ 'meeting.json': meetingWith(steps) })));
    expect(e.message).toContain(`meeting.json: ${jsonPath}: ${message}`);
    expect(e.location).toEqual({ file: 'meeting.json', path: jsonPath });
  });
});
