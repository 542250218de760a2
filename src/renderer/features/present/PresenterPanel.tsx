// The presenter's controls while presenting: a clock, the briefing step with its talking points
// and previous / next, "Scherm zwart" and "Bevriezen", what the audience sees beside the map,
// the projector theme, and a preview of the audience screen rendered from exactly the state it
// was sent. Everything here stays in the presenter's window: only the AudienceState goes out.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AudienceState } from '../../../shared/view/presentationState';
import { AudienceScreen } from '../audience/AudienceScreen';
import { Briefing } from '../meeting/Briefing';
import type { LocalBriefingStep } from '../../data/presentationHooks';
import type { PresentationSnapshot } from './presentationSession';

function Clock() {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 10_000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <time className="presenter-clock" dateTime={now.toISOString()}>
      {new Intl.DateTimeFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit' }).format(now)}
    </time>
  );
}

export type PresenterPanelProps = {
  snapshot: Extract<PresentationSnapshot, { active: true }>;
  steps: readonly LocalBriefingStep[];
  current: number | undefined;
  theme: AudienceState['theme'];
  panel: AudienceState['panel'];
  onPrevious: () => void;
  onNext: () => void;
  onBlank: (blank: boolean) => void;
  onFreeze: (frozen: boolean) => void;
  onTheme: (theme: AudienceState['theme']) => void;
  onPanel: (panel: AudienceState['panel']) => void;
  onEnd: () => void;
};

export function PresenterPanel({ snapshot, steps, current, theme, panel, onPrevious, onNext, onBlank, onFreeze, onTheme, onPanel, onEnd }: PresenterPanelProps) {
  const { t } = useTranslation();
  const step = current === undefined ? undefined : steps[current];
  return (
    <section className="presenter-panel" aria-labelledby="presenter-heading">
      <div className="presenter-panel__head">
        <h2 id="presenter-heading">{t('present.title')}</h2>
        <Clock />
      </div>
      <p className="presenter-panel__status" role="status">
        {snapshot.blank ? t('present.statusBlank') : snapshot.frozen ? t('present.statusFrozen') : snapshot.inStep ? t('present.statusInStep') : t('present.statusSending')}
        {snapshot.display === 'external' ? ` ${t('present.onProjector')}` : ''}
      </p>
      <div className="presenter-panel__step">
        {steps.length > 0 ? (
          <>
            <p className="presenter-panel__step-title">
              {step ? t('present.stepOf', { number: (current ?? 0) + 1, count: steps.length, title: step.title }) : t('present.noStepYet', { count: steps.length })}
            </p>
            <p className="button-row">
              <button type="button" className="secondary" onClick={onPrevious} disabled={current === undefined || current === 0}>
                {t('present.previous')}
              </button>
              <button type="button" onClick={onNext} disabled={current !== undefined && current >= steps.length - 1}>
                {t('present.next')}
              </button>
            </p>
            {step ? (
              <div className="talking-points" aria-label={t('present.talkingPoints')} role="group">
                <h3>{t('present.talkingPoints')}</h3>
                {step.talkingPoints.trim() === '' ? <p>{t('present.noTalkingPoints')}</p> : <Briefing markdown={step.talkingPoints} baseLevel={4} />}
              </div>
            ) : null}
          </>
        ) : (
          <p>{t('present.noSteps')}</p>
        )}
      </div>
      <div className="presenter-panel__controls">
        <p className="button-row">
          <button type="button" className={snapshot.blank ? '' : 'secondary'} aria-pressed={snapshot.blank} onClick={() => onBlank(!snapshot.blank)}>
            {t('present.blank')}
          </button>
          <button type="button" className={snapshot.frozen ? '' : 'secondary'} aria-pressed={snapshot.frozen} onClick={() => onFreeze(!snapshot.frozen)}>
            {t('present.freeze')}
          </button>
        </p>
        <fieldset className="presenter-panel__choice">
          <legend>{t('present.besideMap')}</legend>
          {(['table', 'chart', 'none'] as const).map((option) => (
            <label key={option}>
              <input type="radio" name="audience-panel" checked={panel === option} onChange={() => onPanel(option)} /> {t(`present.panel.${option}`)}
            </label>
          ))}
        </fieldset>
        <div className="field field-inline">
          <input id="projector-theme" type="checkbox" checked={theme === 'projector'} onChange={(e) => onTheme(e.currentTarget.checked ? 'projector' : 'standard')} />
          <label htmlFor="projector-theme">{t('present.projectorTheme')}</label>
        </div>
      </div>
      <div className="presenter-panel__preview">
        <h3>{t('present.preview')}</h3>
        {snapshot.shown ? (
          <div className="audience-preview" aria-hidden="true" inert>
            <AudienceScreen state={snapshot.shown} preview />
          </div>
        ) : (
          <p>{t('app.loading')}</p>
        )}
      </div>
      <p>
        <button type="button" className="secondary" onClick={onEnd}>
          {t('present.end')}
        </button>
      </p>
    </section>
  );
}
