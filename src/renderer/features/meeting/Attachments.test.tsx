// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import i18next from 'i18next';
import { initI18n } from '../../i18n';
import { Attachments, formatSize } from './Attachments';

const attachment = { path: 'attachments/voorstel.pdf', title: 'Raadsvoorstel', size: 123_456 };

beforeAll(async () => {
  await initI18n('nl');
});
afterEach(async () => {
  cleanup();
  await i18next.changeLanguage('nl');
});

describe('Attachments', () => {
  it('lists each attachment as a button with its size', () => {
    render(<Attachments attachments={[attachment]} onSave={() => Promise.resolve({ kind: 'cancelled' })} />);
    expect(screen.getByRole('button', { name: 'Raadsvoorstel' })).toBeTruthy();
    expect(screen.getByText('(PDF, 123 kB)')).toBeTruthy();
  });

  it('saves the clicked attachment and says under which name', async () => {
    const onSave = vi.fn(() => Promise.resolve({ kind: 'saved' as const, name: 'voorstel.pdf' }));
    render(<Attachments attachments={[attachment]} onSave={onSave} />);
    fireEvent.click(screen.getByRole('button', { name: 'Raadsvoorstel' }));
    expect(await screen.findByText('„Raadsvoorstel” is opgeslagen als voorstel.pdf.')).toBeTruthy();
    expect(onSave).toHaveBeenCalledWith(attachment);
  });

  it('says in words when saving fails', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    render(<Attachments attachments={[attachment]} onSave={() => Promise.reject(new Error('chunk gone'))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Raadsvoorstel' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/kon niet worden opgeslagen/);
  });

  it('formats sizes in the UI language', () => {
    expect(formatSize(952, 'nl')).toBe('952 bytes');
    expect(formatSize(3_400_000, 'nl')).toBe('3,4 MB');
    expect(formatSize(3_400_000, 'en')).toBe('3.4 MB');
  });
});
