// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import i18next from 'i18next';
import { initI18n } from '../../i18n';
import { LanguageSwitch } from './LanguageSwitch';

const setSetting = vi.hoisted(() => vi.fn((_key: string, _value: unknown) => Promise.resolve()));
vi.mock('../../data/settings', () => ({ setSetting }));

beforeAll(async () => {
  await initI18n('nl');
});

afterEach(async () => {
  cleanup();
  setSetting.mockClear();
  await i18next.changeLanguage('nl');
});

describe('LanguageSwitch', () => {
  it('is a select labelled "Taal" with Dutch chosen by default', () => {
    render(<LanguageSwitch />);
    const select = screen.getByRole('combobox', { name: 'Taal' }) as HTMLSelectElement;
    expect(select.value).toBe('nl');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Nederlands', 'English']);
  });

  it('switches to English, updates <html lang> and remembers the choice', async () => {
    render(<LanguageSwitch />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Taal' }), { target: { value: 'en' } });
    await waitFor(() => expect(setSetting).toHaveBeenCalledWith('language', 'en'));
    expect(i18next.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect((screen.getByRole('combobox', { name: 'Language' }) as HTMLSelectElement).value).toBe('en');
  });

  it('reapplies a remembered language at start-up', async () => {
    await initI18n('en');
    render(<LanguageSwitch />);
    expect((screen.getByRole('combobox', { name: 'Language' }) as HTMLSelectElement).value).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('falls back to Dutch for an unknown remembered language', async () => {
    await initI18n('fr');
    expect(i18next.language).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
  });
});
