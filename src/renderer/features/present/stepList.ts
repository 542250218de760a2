// The presenter's edits of a briefing as pure list operations: start from the package's steps,
// add the current view as a step, move, change and remove steps. A package step that is edited
// is marked `changed`; a step added here is `local`. The signed package is never touched: the
// result is stored as a separate local adjustment (data/presentation.ts).
import type { BriefingStep } from '../../../shared/packageFormat';
import type { ViewContent } from '../../../shared/view/presentationView';
import type { LocalBriefingStep } from '../../data/presentationHooks';

/** The package's steps as an editable list (nothing changed yet). */
export function stepsFromPackage(steps: readonly BriefingStep[] | undefined): LocalBriefingStep[] {
  return (steps ?? []).map((step) => ({ ...step, origin: 'package', changed: false }));
}

/** True when a list differs from the package's own steps (so it is a local change worth keeping). */
export function isAdjusted(steps: readonly LocalBriefingStep[], packageSteps: readonly BriefingStep[] | undefined): boolean {
  const own = packageSteps ?? [];
  return steps.length !== own.length || steps.some((step, i) => step.origin !== 'package' || step.changed || step.id !== own[i]?.id);
}

/** Adds a step showing `view` after position `after` (at the end when undefined). */
export function addStep(steps: readonly LocalBriefingStep[], step: { title: string; talkingPoints: string; view: ViewContent }, id: string, after?: number): LocalBriefingStep[] {
  const added: LocalBriefingStep = { id, title: step.title, talkingPoints: step.talkingPoints, view: step.view, origin: 'local', changed: false };
  const at = after === undefined ? steps.length : Math.min(steps.length, after + 1);
  return [...steps.slice(0, at), added, ...steps.slice(at)];
}

/** Moves step `index` up (-1) or down (+1); a move past either end changes nothing. */
export function moveStep(steps: readonly LocalBriefingStep[], index: number, delta: -1 | 1): LocalBriefingStep[] {
  const to = index + delta;
  if (index < 0 || index >= steps.length || to < 0 || to >= steps.length) return [...steps];
  const next = [...steps];
  const [moved] = next.splice(index, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

/** Changes step `index`'s title, talking points or view; a package step becomes `changed`. */
export function updateStep(steps: readonly LocalBriefingStep[], index: number, patch: Partial<Pick<LocalBriefingStep, 'title' | 'talkingPoints' | 'view'>>): LocalBriefingStep[] {
  return steps.map((step, i) => (i === index ? { ...step, ...patch, changed: step.origin === 'package' ? true : step.changed } : step));
}

export function removeStep(steps: readonly LocalBriefingStep[], index: number): LocalBriefingStep[] {
  return steps.filter((_, i) => i !== index);
}
