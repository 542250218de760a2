// The choices of what one map shows, as the choosers list them, and their titles: every
// scenario, every composition kept with the agenda item, a new composition of one's own, and the
// current situation. A choice has a string key (for radios and selects) that maps back to a
// shown view. Pure apart from the translation function it is given.
import type { TFunction } from 'i18next';
import type { ShownView } from '../../../shared/view/presentationView';
import type { CompositionLookup } from '../../../shared/view/viewEdits';
import { interventionsOf } from '../../../shared/view/viewEdits';
import type { ScenarioContent } from '../../../shared/view/viewEdits';

export type ChoiceOption = { key: string; title: string; local?: boolean };

/** The key of what a map shows: `scenario:<id>`, `kept:<id>`, `mix` (an unsaved composition) or `baseline`. */
export function choiceKey(shown: ShownView): string {
  if (shown.kind === 'scenario') return `scenario:${shown.scenarioId}`;
  if (shown.kind === 'composition') return shown.compositionId !== undefined ? `kept:${shown.compositionId}` : 'mix';
  return 'baseline';
}

/** Every choice for one map, in order: scenarios, kept compositions, a new composition, the current situation. */
export function choiceOptions(scenarios: readonly { id: string; title: string }[], kept: readonly { id: string; name: string }[], t: TFunction): ChoiceOption[] {
  return [
    ...scenarios.map((s) => ({ key: `scenario:${s.id}`, title: s.title })),
    ...kept.map((c) => ({ key: `kept:${c.id}`, title: c.name, local: true })),
    { key: 'mix', title: t('view.newComposition') },
    { key: 'baseline', title: t('view.baseline') },
  ];
}

/**
 * The view a choice stands for. A whole scenario has nothing switched off; a new composition
 * starts from what the map shows now (so "what if we add this park" is one tick away).
 */
export function shownForChoice(key: string, current: ShownView, contents: readonly ScenarioContent[], compositions: CompositionLookup): ShownView {
  if (key.startsWith('scenario:')) return { kind: 'scenario', scenarioId: key.slice('scenario:'.length), off: [] };
  if (key.startsWith('kept:')) return { kind: 'composition', compositionId: key.slice('kept:'.length), interventionIds: [] };
  if (key === 'mix') return { kind: 'composition', interventionIds: interventionsOf(current, contents, compositions) };
  return { kind: 'baseline' };
}

/** What a map is called: the scenario's title (and how many of its interventions are off), the composition's name, or "Huidige situatie". */
export function viewTitle(shown: ShownView, scenarios: readonly { id: string; title: string }[], names: ReadonlyMap<string, string>, t: TFunction): string {
  switch (shown.kind) {
    case 'baseline':
      return t('view.baseline');
    case 'scenario': {
      const title = scenarios.find((s) => s.id === shown.scenarioId)?.title ?? shown.scenarioId;
      return shown.off.length === 0 ? title : t('view.withOff', { title, count: shown.off.length });
    }
    case 'composition': {
      const name = shown.compositionId === undefined ? undefined : names.get(shown.compositionId);
      return name !== undefined ? t('view.kept', { name }) : t('view.composition', { count: shown.interventionIds.length });
    }
    default: {
      const unreachable: never = shown;
      return unreachable;
    }
  }
}
