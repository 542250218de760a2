import { describe, expect, it } from 'vitest';
import type { BriefingStep } from '../../../shared/packageFormat';
import { addStep, isAdjusted, moveStep, removeStep, stepsFromPackage, updateStep } from './stepList';

const view = (scenarioId: string) => ({ mode: 'single' as const, shown: [{ kind: 'scenario' as const, scenarioId, off: [] }] });
const packageSteps: BriefingStep[] = [
  { id: 'nu', title: 'Het gebied nu', talkingPoints: 'Eerst dit.', view: { mode: 'single', shown: [{ kind: 'baseline' }] } },
  { id: 'groen', title: 'Groen', talkingPoints: 'Dan dit.', view: view('groen') },
];

describe('adjusting a briefing locally', () => {
  it('starts from the package steps unchanged', () => {
    const steps = stepsFromPackage(packageSteps);
    expect(steps.map((s) => [s.id, s.origin, s.changed])).toEqual([
      ['nu', 'package', false],
      ['groen', 'package', false],
    ]);
    expect(isAdjusted(steps, packageSteps)).toBe(false);
  });

  it('adds the current view as a local step after the given one', () => {
    const steps = addStep(stepsFromPackage(packageSteps), { title: 'Verdichting', talkingPoints: '', view: view('verdichting') }, 'local-1', 0);
    expect(steps.map((s) => s.id)).toEqual(['nu', 'local-1', 'groen']);
    expect(steps[1]).toMatchObject({ origin: 'local', view: view('verdichting') });
    expect(isAdjusted(steps, packageSteps)).toBe(true);
  });

  it('reorders, and leaves the list as it is when a step cannot move further', () => {
    const steps = stepsFromPackage(packageSteps);
    expect(moveStep(steps, 1, -1).map((s) => s.id)).toEqual(['groen', 'nu']);
    expect(moveStep(steps, 0, -1).map((s) => s.id)).toEqual(['nu', 'groen']);
    expect(isAdjusted(moveStep(steps, 1, -1), packageSteps)).toBe(true);
  });

  it('marks an edited package step as changed and never touches the package steps themselves', () => {
    const steps = updateStep(stepsFromPackage(packageSteps), 1, { talkingPoints: 'Mijn eigen woorden.' });
    expect(steps[1]).toMatchObject({ id: 'groen', talkingPoints: 'Mijn eigen woorden.', changed: true });
    expect(packageSteps[1]?.talkingPoints).toBe('Dan dit.');
    expect(removeStep(steps, 0).map((s) => s.id)).toEqual(['groen']);
  });
});
