// Signing in and out, and keeping sync running for whoever is signed in. The hub is the one the
// app was started with: in the web host the page's own origin (without asking: the page can
// reach no other), in Electron the hub main forwards to. Signing in checks the hub's key code
// with the person (pinned like the package updates' hub key), exchanges the one-time sign-in
// code for this device's token (kept with updates/hubSettings.ts: the OS key store in Electron),
// records the account and starts the sync worker. A revoked device's notice is kept (without
// texts) until read. Never shows or logs the token.
import { isSecretStorageUnavailable } from '../../../shared/ipc';
import { appSettings, setSetting } from '../../data/settings';
import { readSignedInAccount, signInAppAccount, signOutAppAccount } from '../../data/syncHooks';
import type { AccountRecord } from '../../data/types';
import { appTrust } from '../../data/trust';
import { getHost } from '../../host';
import { syncClient } from '../../sync/syncClient';
import { enrol } from '../../sync/transport';
import { prepareHubRequests, readHubSettings, saveHubSettings } from '../../updates/hubSettings';
import { fetchHubKey, pinHubKey } from '../../updates/updateFromHub';

/** The hub to sign in to, and whether the person may change it (not in the web host). */
export async function proposedHub(): Promise<{ url: string; fixed: boolean }> {
  const host = getHost();
  if ((await host.info()).kind === 'web') return { url: window.location.origin, fixed: true };
  const configured = await host.configuredHub();
  return { url: configured ?? (await readHubSettings(appSettings())).hubUrl, fixed: false };
}

/** The key id the hub at `hubUrl` shows (its key code). */
export async function hubKeyCode(hubUrl: string): Promise<string> {
  return (await fetchHubKey(await prepareHubRequests(hubUrl))).keyid;
}

/** Trusts the hub's key after the person compared `keyid` with the administrator's. */
export async function trustHubKey(hubUrl: string, keyid: string): Promise<void> {
  await pinHubKey(appTrust(), await prepareHubRequests(hubUrl), { expectedKeyid: keyid, label: `Hub ${new URL(hubUrl).host}` });
}

/** The token of this session when the computer could not store it (no OS key store). */
let sessionToken: string | undefined;

async function startSync(account: AccountRecord, token: string): Promise<void> {
  syncClient.start(account.id, await prepareHubRequests(account.hubUrl), token);
}

export type SignInResult = { account: AccountRecord; tokenStored: boolean };

/** Exchanges the sign-in code for this device's token, records the account and starts sync. */
export async function signIn(hubUrl: string, code: string, deviceLabel: string): Promise<SignInResult> {
  const base = await prepareHubRequests(hubUrl);
  const { token, me } = await enrol(base, code, deviceLabel);
  let tokenStored = true;
  try {
    await saveHubSettings(appSettings(), { hubUrl, token });
    sessionToken = undefined;
  } catch (error) {
    if (!isSecretStorageUnavailable(error)) throw error;
    // Used for this session only; the person signs in again next time.
    sessionToken = token;
    tokenStored = false;
  }
  const account = await signInAppAccount(hubUrl, me);
  await startSync(account, token);
  return { account, tokenStored };
}

/** At start-up: sync again for the account signed in before, with its stored token. */
export async function resumeSession(): Promise<void> {
  const account = await readSignedInAccount();
  if (!account) return;
  const token = sessionToken ?? (await readHubSettings(appSettings())).token;
  if (token) await startSync(account, token);
}

/** Signs out: sync stops, the token is forgotten, the person's unsent changes stay for them. */
export async function signOut(account: AccountRecord): Promise<{ keptChanges: number }> {
  syncClient.stop();
  sessionToken = undefined;
  await saveHubSettings(appSettings(), { hubUrl: account.hubUrl, token: '' });
  return signOutAppAccount(account.id);
}

/** Sync now (the header's button). */
export function syncNow(): void {
  syncClient.now();
}

// The worker wiped a revoked device's account: forget its token, keep the notice until read.
syncClient.onStatus((status) => {
  if (status.kind !== 'revoked') return;
  sessionToken = undefined;
  void (async () => {
    const { hubUrl } = await readHubSettings(appSettings());
    await saveHubSettings(appSettings(), { hubUrl, token: '' });
    await setSetting('revokedNotice', status.summary);
  })().catch((error: unknown) => console.error('Could not record that this device was revoked', error));
});
