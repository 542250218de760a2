// Checkboxes that show or hide the map's layer groups (buildings, interventions, labels).
// Real <input type="checkbox"> elements with <label>s in a <fieldset>, so keyboard and screen
// readers work without extra ARIA. Must never keep its own copy of the visibility state:
// the parent owns it (so other views can read and reset it).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapLayerGroup, MapLayerVisibility } from './style';
import './map.css';

export type LayerTogglesProps = {
  visibility: MapLayerVisibility;
  onChange: (next: MapLayerVisibility) => void;
};

const GROUPS: readonly MapLayerGroup[] = ['buildings', 'interventions', 'labels'];

export function LayerToggles({ visibility, onChange }: LayerTogglesProps) {
  const { t } = useTranslation();
  const baseId = useId();
  return (
    <fieldset className="rk-layer-toggles">
      <legend>{t('map.layers.legend')}</legend>
      {GROUPS.map((group) => {
        const id = `${baseId}-${group}`;
        return (
          <div key={group} className="rk-layer-toggles__option">
            <input id={id} type="checkbox" checked={visibility[group]} onChange={(event) => onChange({ ...visibility, [group]: event.currentTarget.checked })} />
            <label htmlFor={id}>{t(`map.layers.${group}`)}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
