// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { initI18n } from '../../i18n';
import { IndicatorTable, verdictOf } from './IndicatorTable';
import type { IndicatorRow } from './IndicatorTable';

function makeIndicator(overrides: Partial<IndicatorRow> = {}): IndicatorRow {
  return {
    id: 'green',
    title: 'Groen per inwoner',
    unit: 'm²',
    direction: 'higherIsBetter',
    target: 7500,
    method: 'Oppervlakte openbaar groen gedeeld door het aantal inwoners.',
    baseline: 1234.5,
    values: { parks: 2345.678 },
    ...overrides,
  };
}

const scenario = { id: 'parks', title: 'Meer parken' };

function cellsOfRow(name: string): string[] {
  const row = screen.getByRole('row', { name: new RegExp(name) });
  return within(row)
    .getAllByRole('cell')
    .map((cell) => cell.textContent ?? '');
}

beforeAll(async () => {
  await initI18n('nl');
});

afterEach(async () => {
  cleanup();
  await i18next.changeLanguage('nl');
});

describe('IndicatorTable', () => {
  it('formats numbers the Dutch way and says the change in words', () => {
    render(<IndicatorTable indicators={[makeIndicator()]} scenario={scenario} />);
    expect(screen.getByRole('table', { name: 'Indicatoren: huidige situatie en scenario „Meer parken”' })).toBeTruthy();
    expect(cellsOfRow('Groen per inwoner')).toEqual(['m²', '1.234,5', '2.345,68', '+1.111,18 (beter)', '7.500', 'Hoger is beter']);
  });

  it('formats numbers the English way after switching language', async () => {
    await i18next.changeLanguage('en');
    render(<IndicatorTable indicators={[makeIndicator()]} scenario={scenario} />);
    expect(screen.getByRole('columnheader', { name: 'Scenario “Meer parken”' })).toBeTruthy();
    expect(cellsOfRow('Groen per inwoner')).toEqual(['m²', '1,234.5', '2,345.68', '+1,111.18 (better)', '7,500', 'Higher is better']);
  });

  it('shows money with the euro sign and the unit as euro, and a fall with a real minus sign', () => {
    render(
      <IndicatorTable
        indicators={[
          makeIndicator({ id: 'cost', title: 'Investering', unit: 'EUR', direction: 'lowerIsBetter', target: undefined, baseline: 0, values: { parks: 4_800_000 } }),
          makeIndicator({ id: 'parking', title: 'Parkeerplaatsen', unit: 'plaatsen', baseline: 1850, values: { parks: 1804 }, target: undefined }),
        ]}
        scenario={scenario}
      />,
    );
    expect(cellsOfRow('Investering')).toEqual(['euro', '€\u00a00', '€\u00a04.800.000', '€\u00a0+4.800.000 (slechter)', '—geen waarde', 'Lager is beter']);
    expect(cellsOfRow('Parkeerplaatsen')[3]).toBe('\u221246 (slechter)');
  });

  it('calls a rise worse when lower is better', () => {
    render(
      <IndicatorTable
        indicators={[
          makeIndicator({ id: 'noise', title: 'Geluidbelaste woningen', unit: 'woningen', direction: 'lowerIsBetter', target: undefined, baseline: 10, values: { parks: 12 } }),
        ]}
        scenario={scenario}
      />,
    );
    expect(cellsOfRow('Geluidbelaste woningen')).toEqual(['woningen', '10', '12', '+2 (slechter)', '—geen waarde', 'Lager is beter']);
  });

  it('shows "no value" when the scenario has no value for an indicator', () => {
    render(<IndicatorTable indicators={[makeIndicator({ values: {} })]} scenario={scenario} />);
    const cells = cellsOfRow('Groen per inwoner');
    expect(cells[2]).toBe('—geen waarde');
    expect(cells[3]).toBe('—geen waarde');
  });

  it('keeps the calculation method available in a details element', () => {
    render(<IndicatorTable indicators={[makeIndicator()]} scenario={scenario} />);
    const summary = screen.getByText('Hoe is dit berekend?');
    expect(summary.closest('details')?.textContent).toContain('Oppervlakte openbaar groen gedeeld door het aantal inwoners.');
  });

  it('lists each intervention’s contribution to an additive indicator for the chosen scenario', () => {
    const additive = makeIndicator({
      additive: true,
      baseline: 1000,
      values: { parks: 3500, other: 1000 },
      contributions: { parks: { p2: 1000, p1: 1500 }, other: {} },
    });
    const interventions = [
      { id: 'p1', title: 'Park aan de Schie' },
      { id: 'p2', title: 'Binnentuin' },
    ];
    render(<IndicatorTable indicators={[additive]} scenario={scenario} interventions={interventions} />);
    const details = screen.getByText('Bijdrage per ingreep').closest('details');
    expect([...(details?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual(['Park aan de Schie: +1.500 m²', 'Binnentuin: +1.000 m²']);
  });

  it('says so when no intervention of the scenario changes an additive indicator', () => {
    const additive = makeIndicator({ additive: true, baseline: 10, values: { parks: 10 }, contributions: { parks: {} } });
    render(<IndicatorTable indicators={[additive]} scenario={scenario} />);
    expect(screen.getByText('Bijdrage per ingreep').closest('details')?.textContent).toContain('Geen van de ingrepen in dit scenario verandert deze indicator.');
  });

  it('shows no contribution list for an indicator that is not additive', () => {
    render(<IndicatorTable indicators={[makeIndicator({ additive: false })]} scenario={scenario} />);
    expect(screen.queryByText('Bijdrage per ingreep')).toBeNull();
  });

  it('says so when there are no indicators', () => {
    render(<IndicatorTable indicators={[]} scenario={scenario} />);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('Er zijn geen indicatoren voor dit agendapunt.')).toBeTruthy();
  });
});

describe('verdictOf', () => {
  it('judges a change by the indicator direction', () => {
    expect(verdictOf('higherIsBetter', 1, 2)).toBe('better');
    expect(verdictOf('higherIsBetter', 2, 1)).toBe('worse');
    expect(verdictOf('lowerIsBetter', 2, 1)).toBe('better');
    expect(verdictOf('lowerIsBetter', 1, 1)).toBe('same');
  });
});
