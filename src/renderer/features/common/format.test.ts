// Figures as a council reads them: the UI language's separators, a real minus sign (U+2212)
// for negative numbers in both languages, and the euro sign for amounts of money.
import { describe, expect, it } from 'vitest';
import { formatChange, formatNumber, formatQuantity, formatQuantityChange, isEuroUnit } from './format';

const MINUS = '\u2212';

describe('format', () => {
  it('writes negative numbers with a real minus sign in Dutch and English', () => {
    expect(formatNumber(-1234.5, 'nl')).toBe(`${MINUS}1.234,5`);
    expect(formatNumber(-1234.5, 'en')).toBe(`${MINUS}1,234.5`);
    expect(formatChange(-46, 'nl')).toBe(`${MINUS}46`);
    expect(formatChange(2.5, 'nl')).toBe('+2,5');
    expect(formatChange(0, 'en')).toBe('0');
  });

  it('writes amounts in EUR with the euro sign, without cents for whole euros', () => {
    expect(formatQuantity(4_800_000, 'EUR', 'nl')).toBe('€\u00a04.800.000');
    expect(formatQuantity(4_800_000, 'EUR', 'en')).toBe('€4,800,000');
    expect(formatQuantity(12.5, '€', 'nl')).toBe('€\u00a012,50');
    expect(formatQuantityChange(1_900_000, 'EUR', 'en')).toBe('+€1,900,000');
    expect(formatQuantityChange(-500, 'euro', 'nl')).toBe(`€\u00a0${MINUS}500`);
    expect(formatQuantityChange(-500, 'EUR', 'en')).toBe(`${MINUS}€500`);
  });

  it('leaves other units as plain numbers', () => {
    expect(isEuroUnit('m²')).toBe(false);
    expect(isEuroUnit(' eur ')).toBe(true);
    expect(formatQuantity(45_000, 'm²', 'nl')).toBe('45.000');
  });
});
