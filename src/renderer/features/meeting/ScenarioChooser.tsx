// Radio group to choose the scenario shown on the map and in the indicator table.
// Native radios (arrow keys move between scenarios) in an element with role=radiogroup,
// named by its visible heading, so screen readers and tests find "Scenario" as a radio group.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export type ScenarioOption = { id: string; title: string };

export function ScenarioChooser({ scenarios, selectedId, onSelect }: { scenarios: readonly ScenarioOption[]; selectedId: string; onSelect: (scenarioId: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const labelId = `${id}-label`;
  return (
    <div className="scenario-chooser">
      <h2 id={labelId}>{t('agendaItem.scenarios')}</h2>
      <div role="radiogroup" aria-labelledby={labelId} className="scenario-options">
        {scenarios.map((scenario) => (
          <label key={scenario.id} className="scenario-option">
            <input type="radio" name={id} value={scenario.id} checked={scenario.id === selectedId} onChange={() => onSelect(scenario.id)} />
            <span>{scenario.title}</span>
          </label>
        ))}
      </div>
    </div>
  );
}
