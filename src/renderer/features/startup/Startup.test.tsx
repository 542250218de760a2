// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FetchError, IntegrityError } from '../../../shared/errors';
import { initI18n } from '../../i18n';
import { Startup } from './Startup';

beforeAll(async () => {
  await initI18n('nl');
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('Startup', () => {
  it('shows that the demo is being installed, then the app', async () => {
    let finish: () => void = () => undefined;
    const install = () => new Promise<void>((resolve) => (finish = resolve));
    render(
      <Startup install={install}>
        <p>de app</p>
      </Startup>,
    );
    expect(screen.getByRole('status').textContent).toContain('De demo wordt geïnstalleerd…');
    expect(screen.queryByText('de app')).toBeNull();
    finish();
    expect(await screen.findByText('de app')).toBeTruthy();
  });

  it('explains a failed install in plain words with the technical detail folded away', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const install = () => Promise.reject(new IntegrityError('layers/buildings.geojson: SHA-256 differs', { path: 'layers/buildings.geojson' }));
    render(
      <Startup install={install}>
        <p>de app</p>
      </Startup>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('De demo kon niet worden geïnstalleerd');
    expect(alert.textContent).toContain('Het pakket is beschadigd of onvolledig aangekomen');
    const details = screen.getByText('Technische details').closest('details');
    expect(details?.open).toBe(false);
    expect(details?.textContent).toContain('IntegrityError: layers/buildings.geojson: SHA-256 differs');
    expect(details?.textContent).toContain('path: layers/buildings.geojson');
  });

  it('explains a full disk, also as Dexie wraps it, with the same sentence as the updates screen', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const quota = Object.assign(new Error('QuotaExceededError'), { name: 'QuotaExceededError' });
    const install = () => Promise.reject(Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quota }));
    render(
      <Startup install={install}>
        <p>de app</p>
      </Startup>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Er is niet genoeg opslagruimte op deze computer.');
  });

  it('retries the install and lets the user continue without the demo', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const install = vi.fn(() => Promise.reject(new FetchError('GET demo/manifest.json: HTTP 404', 404)));
    render(
      <Startup install={install}>
        <p>de app</p>
      </Startup>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Opnieuw proberen' }));
    await screen.findByRole('alert');
    expect(install).toHaveBeenCalledTimes(2);
    fireEvent.click(screen.getByRole('button', { name: 'Doorgaan zonder demo' }));
    expect(screen.getByText('de app')).toBeTruthy();
  });
});
