// Radio group to choose what the map shows: a scenario, a composition kept with the agenda item
// (marked "lokaal"), a new composition of one's own, or the current situation ("Huidige
// situatie"). Native radios (arrow keys move between them) in an element with role=radiogroup,
// named by its visible heading, so screen readers and tests find "Scenario" as a radio group.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** One choice: `key` identifies it (choiceKey in viewChoices.ts), `local` marks a composition kept on this computer. */
export type ScenarioOption = { key: string; title: string; local?: boolean };

export function ScenarioChooser({ options, selectedKey, onSelect }: { options: readonly ScenarioOption[]; selectedKey: string; onSelect: (key: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const labelId = `${id}-label`;
  return (
    <div className="scenario-chooser">
      <h2 id={labelId}>{t('agendaItem.scenarios')}</h2>
      <div role="radiogroup" aria-labelledby={labelId} className="scenario-options">
        {options.map((option) => (
          <label key={option.key} className="scenario-option">
            <input type="radio" name={id} value={option.key} checked={option.key === selectedKey} onChange={() => onSelect(option.key)} />
            <span>
              {option.title}
              {option.local ? <span className="badge badge-local">{t('compositions.local')}</span> : null}
            </span>
          </label>
        ))}
      </div>
    </div>
  );
}
