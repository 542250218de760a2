// Where the hub address and the user's token are kept, and which address the page sends hub
// requests to. It depends on the Host:
// - Electron (host.secrets present): the token goes to the OS key store through main
//   (safeStorage; main fails closed without a real key store, and then nothing is stored);
//   the address goes to main (configureHub, so it forwards app://raadskaart/v1/ there) and
//   to the settings table (so the UI can show it). Requests go to app://raadskaart.
// - Web host (host.secrets null): both stay in the settings table, the token in plain text.
//   A browser has no OS key store to put it in, and the web host is for development, testing
//   and presentation, not for keeping secrets. Requests go to the address as typed, which
//   there is the page's own origin.
// Everything that reads or writes the token goes through here. Never log or display the
// token, and in Electron never write it to the settings table.
import type { SettingsStore } from '../data/settings';
import { isSecretStorageUnavailable } from '../../shared/ipc';
import type { SecretName } from '../../shared/ipc';
import { getHost } from '../host';
import type { Host } from '../host/Host';

/** The secret name of the hub token in the Host's secret store. */
export const HUB_TOKEN_SECRET = 'hubToken' satisfies SecretName;

export type HubSettings = { hubUrl: string; token: string };

/** What hub settings need of the Host (tests pass a fake). Default: getHost(). */
export type HubSettingsHost = Pick<Host, 'configureHub' | 'configuredHub' | 'secrets' | 'hubRequestBase'>;

/**
 * The stored hub address and token ('' when none). In Electron the address main forwards to
 * wins over the settings table, and a token that the OS key store cannot give (no key store,
 * or not decryptable) reads as ''.
 */
export async function readHubSettings(settings: SettingsStore, host: HubSettingsHost = getHost()): Promise<HubSettings> {
  const storedUrl = await settings.read('hubUrl');
  if (host.secrets === null) {
    return { hubUrl: storedUrl, token: await settings.read('hubToken') };
  }
  const [configured, token] = await Promise.all([
    host.configuredHub(),
    host.secrets.get(HUB_TOKEN_SECRET).catch((error: unknown) => {
      // No key store: there can be no stored token; saving one says why (fails closed).
      if (isSecretStorageUnavailable(error)) return null;
      throw error;
    }),
  ]);
  return { hubUrl: configured ?? storedUrl, token: token ?? '' };
}

/**
 * Stores the hub address and token (both trimmed; an empty token is forgotten). In
 * Electron, throws SecretStorageUnavailableError (isSecretStorageUnavailable) when the
 * computer cannot keep the token safely: the address is then saved, the token is not, and
 * the caller may still use the token it holds for this session.
 */
export async function saveHubSettings(settings: SettingsStore, hub: HubSettings, host: HubSettingsHost = getHost()): Promise<void> {
  const hubUrl = hub.hubUrl.trim();
  const token = hub.token.trim();
  if (host.secrets === null) {
    await settings.write('hubUrl', hubUrl);
    await settings.write('hubToken', token);
    return;
  }
  await host.configureHub(hubUrl === '' ? null : hubUrl);
  await settings.write('hubUrl', hubUrl);
  // A token an earlier version kept in the settings table in plain text is wiped.
  await settings.write('hubToken', '');
  if (token === '') await host.secrets.delete(HUB_TOKEN_SECRET);
  else await host.secrets.set(HUB_TOKEN_SECRET, token);
}

/**
 * The base to give updateFromHub, fetchHubKey and pinHubKey for the hub at `hubUrl` (the
 * address the user typed and saved): app://raadskaart in Electron, `hubUrl` in the web host.
 */
export function requestBaseFor(hubUrl: string, host: Pick<Host, 'hubRequestBase'> = getHost()): string {
  return host.hubRequestBase(hubUrl);
}

/**
 * Points the host at the hub at `hubUrl` and resolves with the request base for it. Await it
 * before the first request: in Electron, main answers app://raadskaart/v1/ with 502
 * hub-not-configured until it knows the hub. Stores no token.
 */
export async function prepareHubRequests(hubUrl: string, host: Pick<Host, 'configureHub' | 'hubRequestBase'> = getHost()): Promise<string> {
  await host.configureHub(hubUrl);
  return host.hubRequestBase(hubUrl);
}
