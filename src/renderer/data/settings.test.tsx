// @vitest-environment jsdom
// The typed settings map on a real Dexie database (fake-indexeddb): defaults, validation on
// read (an invalid stored value is reported and replaced by the default, except for the trust
// list, which is refused), validation on write, and the live hooks.
import 'fake-indexeddb/auto';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { DEMO_TRUSTED_KEY } from '../../shared/trust/demoKey';
import { getDb } from './db';
import { getSetting, readSetting, setSetting, settingFromStored, useSetting, useTrustedKeys, writeSetting } from './settings';

afterEach(async () => {
  // Unmount the live hooks first: a live query that answers after the file's environment is
  // gone fails the run with "window is not defined" (seen under load).
  cleanup();
  vi.restoreAllMocks();
  await getDb().settings.clear();
});

describe('settings', () => {
  it('gives the default of each key until a value is stored, then the value', async () => {
    const db = getDb();
    expect(await readSetting(db, 'language')).toBe('nl');
    expect(await readSetting(db, 'hubUrl')).toBe('');
    expect(await readSetting(db, 'trustedKeys')).toEqual([DEMO_TRUSTED_KEY]);

    await writeSetting(db, 'language', 'en');

    expect(await readSetting(db, 'language')).toBe('en');
    expect(await getSetting('language')).toBe('en');
  });

  it('reports a stored value that fails its schema with the key, and uses the default', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await getDb().settings.put({ key: 'language', value: 'fr' });

    expect(await getSetting('language')).toBe('nl');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Setting "language" holds a value that is not valid'));
  });

  it('refuses a stored trust list that fails its schema instead of falling back to the default', () => {
    expect(() => settingFromStored('trustedKeys', { value: [{ keyid: 'nope' }] })).toThrow(ValidationError);
    expect(() => settingFromStored('trustedKeys', { value: 'all' })).toThrow(/setting "trustedKeys": \$: /);
  });

  it('checks a value against its schema before storing it, and stores nothing then', async () => {
    // A caller outside TypeScript (or a cast) can still hand over anything.
    const wrong = 'klingon' as unknown as 'nl';

    await expect(setSetting('language', wrong)).rejects.toThrow(/setting "language": \$: /);
    expect(await getDb().settings.get('language')).toBeUndefined();
  });

  it('useSetting is undefined while loading, then the value, and follows writes', async () => {
    const setting = renderHook(() => useSetting('language'));
    expect(setting.result.current[0]).toBeUndefined();
    await waitFor(() => expect(setting.result.current[0]).toBe('nl'));

    await act(() => setSetting('language', 'en'));
    await waitFor(() => expect(setting.result.current[0]).toBe('en'));

    await act(() => setting.result.current[1]('nl'));
    await waitFor(() => expect(setting.result.current[0]).toBe('nl'));
  });

  it('useTrustedKeys gives the pinned keys, and nothing when the stored list cannot be used', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const keys = renderHook(() => useTrustedKeys());
    await waitFor(() => expect(keys.result.current).toEqual([DEMO_TRUSTED_KEY]));

    await act(() => getDb().settings.put({ key: 'trustedKeys', value: [{ keyid: 'nope' }] }));

    await waitFor(() => expect(keys.result.current).toBeUndefined());
    expect(warn).toHaveBeenCalledWith('Setting "trustedKeys" cannot be used', expect.any(ValidationError));
  });
});
