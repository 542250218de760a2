// The app's settings: one typed map from each key to its zod schema and default (SETTINGS).
// Every value read is validated: a stored value that fails its schema is reported (console.warn
// with the key) and the default is used instead, except for keys marked `onInvalid: 'refuse'`,
// where falling back could widen what the app trusts (the trust list: the default re-trusts the
// demo key a user may have removed), so reading one is a ValidationError. Every value written is
// validated first. Code outside data/ reaches settings through the hooks (useSetting,
// useTrustedKeys), through getSetting/setSetting (the app's database) or through a
// SettingsStore (settingsOf(db)), never through the database itself.
import { useCallback } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { z } from 'zod';
import { describeIssues, ValidationError } from '../../shared/errors';
import type { TrustedKey } from '../../shared/keys';
import { issuePath } from '../../shared/keys';
import { defaultTrustedKeys } from '../../shared/trust/demoKey';
import { TrustList } from '../../shared/trust/trustList';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../i18n/languages';
import { getDb } from './db';
import type { RaadskaartDb } from './db';

type SettingSpec<S extends z.ZodType> = {
  schema: S;
  /** The value when none is stored (a fresh copy each time). */
  fallback: () => z.infer<S>;
  /** 'refuse': a stored value that fails the schema is an error, never replaced by the default. */
  onInvalid?: 'default' | 'refuse';
};

function spec<S extends z.ZodType>(s: SettingSpec<S>): SettingSpec<S> {
  return s;
}

/** Every setting the app stores, with its schema and default. */
export const SETTINGS = {
  /** The UI language, reapplied at start (main.tsx). */
  language: spec({ schema: z.enum(LANGUAGES), fallback: () => DEFAULT_LANGUAGE }),
  /** The hub address the user saved (updates/hubSettings.ts). */
  hubUrl: spec({ schema: z.string(), fallback: () => '' }),
  /** The hub token, in the web host only; in Electron it lives in the OS key store and this stays ''. */
  hubToken: spec({ schema: z.string(), fallback: () => '' }),
  /**
   * What a device the hub revoked could not send (no texts), shown until the person has read
   * it (features/account). The records themselves were wiped at once.
   */
  revokedNotice: spec({
    schema: z
      .strictObject({
        userName: z.string(),
        records: z.number().int().nonnegative(),
        unsent: z.array(z.strictObject({ kind: z.string(), op: z.enum(['put', 'delete']), at: z.string(), agendaKey: z.string() })).max(10_000),
      })
      .nullable(),
    fallback: () => null,
  }),
  /** The pinned keys (trust.ts; docs/package-format.md "Trust"). */
  trustedKeys: spec({ schema: TrustList, fallback: defaultTrustedKeys, onInvalid: 'refuse' }),
};

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]['schema']>;

/** The value of `key` from what is stored (`undefined`: nothing), validated as the module header says. */
export function settingFromStored<K extends SettingKey>(key: K, stored: { value: unknown } | undefined): SettingValue<K> {
  const entry: SettingSpec<z.ZodType> = SETTINGS[key];
  // The schema of `key` gives values of SettingValue<K>; TypeScript cannot follow K through the map.
  const fallback = () => entry.fallback() as SettingValue<K>;
  if (stored === undefined) return fallback();
  const parsed = entry.schema.safeParse(stored.value);
  if (parsed.success) return parsed.data as SettingValue<K>;
  const problem = describeIssues(`setting "${key}"`, parsed.error.issues);
  if (entry.onInvalid === 'refuse') throw new ValidationError(problem, { file: key, path: issuePath(parsed.error.issues) });
  console.warn(`Setting "${key}" holds a value that is not valid; using the default instead.\n${problem}`);
  return fallback();
}

/** A setting of `db`. */
export async function readSetting<K extends SettingKey>(db: RaadskaartDb, key: K): Promise<SettingValue<K>> {
  return settingFromStored(key, await db.settings.get(key));
}

/** Stores a setting of `db` after checking it against its schema (a ValidationError names the key). */
export async function writeSetting<K extends SettingKey>(db: RaadskaartDb, key: K, value: SettingValue<K>): Promise<void> {
  const parsed = SETTINGS[key].schema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(describeIssues(`setting "${key}"`, parsed.error.issues), { file: key, path: issuePath(parsed.error.issues) });
  }
  await db.settings.put({ key, value: parsed.data });
}

/** The settings of one database, for code that must not hold the database itself. */
export type SettingsStore = {
  read<K extends SettingKey>(key: K): Promise<SettingValue<K>>;
  write<K extends SettingKey>(key: K, value: SettingValue<K>): Promise<void>;
};

export function settingsOf(db: RaadskaartDb): SettingsStore {
  return { read: (key) => readSetting(db, key), write: (key, value) => writeSetting(db, key, value) };
}

/** The settings of the app's database. */
export function appSettings(): SettingsStore {
  return settingsOf(getDb());
}

/** A setting of the app's database (for code outside components, e.g. at start-up). */
export function getSetting<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
  return readSetting(getDb(), key);
}

/** Stores a setting in the app's database; components using useSetting(key) re-render. */
export function setSetting<K extends SettingKey>(key: K, value: SettingValue<K>): Promise<void> {
  return writeSetting(getDb(), key, value);
}

/**
 * A setting of the app's database and its setter, live: `undefined` while loading, then the
 * validated value (the default when none is stored or the stored one is invalid; for a
 * 'refuse' key an invalid stored value also reads as undefined, reported once per change).
 */
export function useSetting<K extends SettingKey>(key: K): [SettingValue<K> | undefined, (value: SettingValue<K>) => Promise<void>] {
  const value = useLiveQuery(async () => {
    const row = await getDb().settings.get(key);
    try {
      return { value: settingFromStored(key, row) };
    } catch (error) {
      console.warn(`Setting "${key}" cannot be used`, error);
      return { value: undefined };
    }
  }, [key]);
  const set = useCallback((next: SettingValue<K>) => setSetting(key, next), [key]);
  return [value?.value, set];
}

/** The pinned keys of the app's database, live; undefined while loading (or when the stored list is invalid). */
export function useTrustedKeys(): TrustedKey[] | undefined {
  return useSetting('trustedKeys')[0];
}
