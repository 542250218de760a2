// The briefing as steps in the presenter's side panel: play a step (its view fills the screen),
// add the current view as a step ("Stap toevoegen"), reorder, edit the title and talking points,
// take the current view for a step, remove one. Edits are kept on this computer and shown as a
// local change ("Lokale aanpassing") with the way back to the package's own steps; the signed
// package is never changed. Presenter-only: talking points live here, never in the audience window.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewContent } from '../../../shared/view/presentationView';
import type { LocalBriefingStep } from '../../data/presentationHooks';
import { addStep, moveStep, removeStep, updateStep } from './stepList';

export type BriefingStepsPanelProps = {
  steps: readonly LocalBriefingStep[];
  /** The list differs from the package's steps (a local adjustment is stored). */
  adjusted: boolean;
  /** The adjustment was made on an older version of the package. */
  packageMovedOn: boolean;
  /** The step being shown, if the presenter is playing the briefing. */
  current: number | undefined;
  /** What the screen shows now (for "Stap toevoegen" and "Huidige weergave gebruiken"). */
  currentView: ViewContent;
  /** A suggested title for a new step: what the screen shows now. */
  currentTitle: string;
  /** A short description of a step's view ("Groen · naast elkaar"). */
  describe: (view: ViewContent) => string;
  onPlay: (index: number) => void;
  onChange: (steps: LocalBriefingStep[]) => void;
  onReset: () => void;
};

type Draft = { index: number | 'new'; title: string; talkingPoints: string; useCurrentView: boolean };

export function BriefingStepsPanel({ steps, adjusted, packageMovedOn, current, currentView, currentTitle, describe, onPlay, onChange, onReset }: BriefingStepsPanelProps) {
  const { t } = useTranslation();
  const baseId = useId();
  const [draft, setDraft] = useState<Draft | undefined>(undefined);

  const save = (): void => {
    if (!draft) return;
    const title = draft.title.trim();
    if (title === '') return;
    if (draft.index === 'new') {
      onChange(addStep(steps, { title, talkingPoints: draft.talkingPoints, view: currentView }, `lokaal-${crypto.randomUUID()}`, current));
    } else {
      onChange(updateStep(steps, draft.index, { title, talkingPoints: draft.talkingPoints, ...(draft.useCurrentView ? { view: currentView } : {}) }));
    }
    setDraft(undefined);
  };

  const form = (d: Draft) => (
    <form
      className="step-form"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="field">
        <label htmlFor={`${baseId}-title`}>{t('steps.titleLabel')}</label>
        <input id={`${baseId}-title`} type="text" required maxLength={200} value={d.title} onChange={(e) => setDraft({ ...d, title: e.currentTarget.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${baseId}-points`}>{t('steps.talkingPointsLabel')}</label>
        <textarea id={`${baseId}-points`} rows={5} maxLength={5000} value={d.talkingPoints} onChange={(e) => setDraft({ ...d, talkingPoints: e.currentTarget.value })} />
        <span className="hint">{t('steps.talkingPointsHint')}</span>
      </div>
      {d.index !== 'new' ? (
        <div className="field field-inline">
          <input id={`${baseId}-view`} type="checkbox" checked={d.useCurrentView} onChange={(e) => setDraft({ ...d, useCurrentView: e.currentTarget.checked })} />
          <label htmlFor={`${baseId}-view`}>{t('steps.useCurrentView')}</label>
        </div>
      ) : (
        <p className="hint">{t('steps.newShows', { view: describe(currentView) })}</p>
      )}
      <p className="button-row">
        <button type="submit">{t('steps.save')}</button>
        <button type="button" className="secondary" onClick={() => setDraft(undefined)}>
          {t('steps.cancel')}
        </button>
      </p>
    </form>
  );

  return (
    <div className="briefing-steps">
      {adjusted ? (
        <div className="local-change" role="note">
          <p>
            <span className="badge badge-local">{t('steps.localChange')}</span> {t(packageMovedOn ? 'steps.localChangeOld' : 'steps.localChangeHelp')}
          </p>
          <button type="button" className="secondary small" onClick={onReset}>
            {t('steps.reset')}
          </button>
        </div>
      ) : null}
      {steps.length === 0 ? <p>{t('steps.none')}</p> : null}
      <ol className="step-list">
        {steps.map((step, index) => (
          <li key={step.id} className={index === current ? 'is-current' : undefined} aria-current={index === current ? 'step' : undefined}>
            <div className="step-list__head">
              <span className="step-list__title">{step.title}</span>
              {step.origin === 'local' ? (
                <span className="badge badge-local">{t('steps.added')}</span>
              ) : step.changed ? (
                <span className="badge badge-local">{t('steps.changed')}</span>
              ) : null}
            </div>
            <p className="step-list__view">{describe(step.view)}</p>
            {draft?.index === index ? (
              form(draft)
            ) : (
              <p className="button-row step-list__actions">
                <button type="button" className="small" onClick={() => onPlay(index)}>
                  {t('steps.show')}
                  <span className="visually-hidden"> {step.title}</span>
                </button>
                <button type="button" className="secondary small" onClick={() => setDraft({ index, title: step.title, talkingPoints: step.talkingPoints, useCurrentView: false })}>
                  {t('steps.edit')}
                  <span className="visually-hidden"> {step.title}</span>
                </button>
                <button type="button" className="secondary small" disabled={index === 0} onClick={() => onChange(moveStep(steps, index, -1))}>
                  {t('steps.up')}
                  <span className="visually-hidden"> {step.title}</span>
                </button>
                <button type="button" className="secondary small" disabled={index === steps.length - 1} onClick={() => onChange(moveStep(steps, index, 1))}>
                  {t('steps.down')}
                  <span className="visually-hidden"> {step.title}</span>
                </button>
                <button type="button" className="secondary small" onClick={() => onChange(removeStep(steps, index))}>
                  {t('steps.remove')}
                  <span className="visually-hidden"> {step.title}</span>
                </button>
              </p>
            )}
          </li>
        ))}
      </ol>
      {draft?.index === 'new' ? (
        form(draft)
      ) : (
        <button type="button" onClick={() => setDraft({ index: 'new', title: currentTitle, talkingPoints: '', useCurrentView: true })}>
          {t('steps.add')}
        </button>
      )}
    </div>
  );
}
