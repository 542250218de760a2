// Where the hub address and the user's token are kept. Both live in the settings table for
// now: in the web host there is nothing safer, and the Electron host has no secret store
// wired yet (safeStorage needs a Host method; see the sync issue). Everything that reads or
// writes the token goes through here, so moving it to the Host touches only this file.
// Never log or display the token.
import type { RaadskaartDb } from '../data/db';
import { readSetting, writeSetting } from '../data/repositories';

export const HUB_URL_SETTING = 'hubUrl';
export const HUB_TOKEN_SETTING = 'hubToken';

export type HubSettings = { hubUrl: string; token: string };

export async function readHubSettings(db: RaadskaartDb): Promise<HubSettings> {
  const [hubUrl, token] = await Promise.all([readSetting(db, HUB_URL_SETTING, ''), readSetting(db, HUB_TOKEN_SETTING, '')]);
  return { hubUrl, token };
}

export async function saveHubSettings(db: RaadskaartDb, settings: HubSettings): Promise<void> {
  await writeSetting(db, HUB_URL_SETTING, settings.hubUrl.trim());
  await writeSetting(db, HUB_TOKEN_SETTING, settings.token.trim());
}
