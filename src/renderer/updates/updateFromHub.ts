// Package updates from a hub (docs/hub-api.md): signed catalog -> for each package newer than the
// installed one: its manifest (pinned by the catalog's sha256) -> installPackage, which
// downloads only missing chunks, stages them and switches atomically. Runs in the updates worker
// (updates.worker.ts) and in tests; everything it needs (fetch, clock) is passed in.
// It must never install anything from a catalog that is not signed by a pinned hub key and
// fresh, and never pin a hub key by itself: pinHubKey is called after the user confirmed the
// key id shown to them.
import { verifyCatalog } from '../../shared/catalog';
import type { Catalog, CatalogEntry } from '../../shared/catalog';
import { RollbackError, UnknownKeyError, ValidationError } from '../../shared/errors';
import type { PublicKeyFile, TrustedKey } from '../../shared/keys';
import { parsePublicKeyFile, trustedKeyOf } from '../../shared/keys';
import type { RaadskaartDb } from '../data/db';
import { installPackage } from '../data/install/installPackage';
import type { PackageSource } from '../data/install/packageSource';
import { getPackage } from '../data/repositories';
import { listTrustedKeys } from '../data/trust';
import type { TrustStore } from '../data/trust';
import { httpGet, httpSource, readBodyAtMost } from './httpSource';
import { normalizeHubUrl } from './hubUrl';
import { HubKeyMismatchError, HubKeyNotPinnedError } from './hubErrors';
import type { UpdateResult, UpdateState } from './updateState';
import { describeError } from '../i18n/errorMessage';
import { percentOf } from './updateState';

/** A catalog lists packages, not content: anything larger is not a catalog. */
const MAX_CATALOG_BYTES = 8 * 1024 * 1024;
const MAX_KEY_FILE_BYTES = 16 * 1024;

export type HubRequestOptions = {
  /** Bearer token of the user; sent with every request when given. */
  token?: string;
  fetchImpl?: typeof fetch;
};

export type UpdateOptions = HubRequestOptions & {
  db: RaadskaartDb;
  hubUrl: string;
  now?: () => Date;
  onProgress?: (state: UpdateState) => void;
};

function authHeaders(token: string | undefined): Record<string, string> {
  const t = token?.trim();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

function fetchOf(opts: HubRequestOptions): typeof fetch {
  // Called as a plain function: window.fetch must not be invoked with another `this`.
  return opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
}

/** The manifest of one catalog entry (its exact version) and the chunks, from the hub. */
export function hubPackageSource(hubUrl: string, entry: Pick<CatalogEntry, 'packageId' | 'version'>, opts: HubRequestOptions = {}): PackageSource {
  const base = normalizeHubUrl(hubUrl);
  // The versioned address, not ".../manifest": the hub may publish a newer version between
  // the catalog and this request, and the catalog pins this version's hash.
  return httpSource({
    manifestUrl: `${base}/v1/packages/${encodeURIComponent(entry.packageId)}/versions/${entry.version}/manifest`,
    chunkUrl: (ref) => `${base}/v1/chunks/${ref.sha256}`,
    fetchImpl: fetchOf(opts),
    headers: authHeaders(opts.token),
  });
}

/** The hub's public key file (GET /v1/keys/hub), with its keyid checked against the key. */
export async function fetchHubKey(hubUrl: string, opts: HubRequestOptions = {}): Promise<PublicKeyFile> {
  const url = `${normalizeHubUrl(hubUrl)}/v1/keys/hub`;
  const response = await httpGet(fetchOf(opts), url, { cache: 'no-cache', headers: authHeaders(opts.token) });
  const bytes = await readBodyAtMost(response, MAX_KEY_FILE_BYTES, () => new ValidationError(`${url}: larger than a key file`, { file: url }));
  return parsePublicKeyFile(new TextDecoder().decode(bytes), url);
}

/**
 * Pins the hub's key (role 'hub') after the user confirmed the key id they were shown. With
 * `expectedKeyid`, a key that differs from the one shown is refused (HubKeyMismatchError).
 */
export async function pinHubKey(trust: Pick<TrustStore, 'add'>, hubUrl: string, opts: HubRequestOptions & { expectedKeyid?: string; label?: string } = {}): Promise<TrustedKey> {
  const base = normalizeHubUrl(hubUrl);
  const key = await fetchHubKey(base, opts);
  if (opts.expectedKeyid !== undefined && key.keyid !== opts.expectedKeyid) {
    throw new HubKeyMismatchError(`${base}: the hub now shows key ${key.keyid.slice(0, 16)}…, not the ${opts.expectedKeyid.slice(0, 16)}… you confirmed; nothing was pinned`, [
      key.keyid,
    ]);
  }
  return trust.add(trustedKeyOf(key, 'hub', opts.label ?? `Hub ${new URL(base).host}`));
}

/**
 * Brings every package the hub's catalog lists up to date. Throws when the catalog cannot be
 * trusted (no pinned hub key, wrong key, expired, unreachable); a package that fails is
 * reported in `failed` and keeps its installed version, and the others are still updated.
 */
export async function updateFromHub(opts: UpdateOptions): Promise<UpdateResult> {
  const { db } = opts;
  const base = normalizeHubUrl(opts.hubUrl);
  const now = opts.now ?? (() => new Date());
  const fetchImpl = fetchOf(opts);
  const emit = opts.onProgress ?? (() => undefined);

  const trusted = await listTrustedKeys(db);
  const hubKeys = trusted.filter((k) => k.role === 'hub');
  if (hubKeys.length === 0) throw new HubKeyNotPinnedError(base);

  emit({ kind: 'checking' });
  const catalogUrl = `${base}/v1/catalog`;
  const response = await httpGet(fetchImpl, catalogUrl, { cache: 'no-cache', headers: authHeaders(opts.token) });
  const bytes = await readBodyAtMost(
    response,
    MAX_CATALOG_BYTES,
    () => new ValidationError(`${catalogUrl}: larger than ${MAX_CATALOG_BYTES} bytes, not a catalog`, { file: catalogUrl }),
  );
  let catalog: Catalog;
  try {
    catalog = await verifyCatalog(bytes, { trusted: hubKeys, now: now(), file: catalogUrl });
  } catch (error) {
    if (error instanceof UnknownKeyError) {
      throw new HubKeyMismatchError(`${catalogUrl}: not signed by a pinned hub key (${error.message})`, error.keyids);
    }
    throw error;
  }

  const result: UpdateResult = { installed: [], upToDate: [], failed: [] };
  for (const entry of catalog.packages) {
    const summary = { packageId: entry.packageId, title: entry.title, version: entry.version };
    const installed = await getPackage(db, entry.packageId);
    if (installed && entry.version < installed.version) {
      // The signed catalog offers less than the app has: a rollback (or a hub restored from an
      // old backup). Keep what is installed and say so.
      const error = new RollbackError(
        `${catalogUrl}: lists ${entry.packageId} version ${entry.version}, older than the installed version ${installed.version}; the installed version is kept`,
        installed.version,
        entry.version,
      );
      result.failed.push({ ...summary, title: installed.title, ...describeError(error) });
      continue;
    }
    if (installed && entry.version === installed.version) {
      result.upToDate.push(summary);
      continue;
    }
    try {
      const outcome = await installPackage(db, hubPackageSource(base, entry, opts), {
        trusted,
        expectedSha256: entry.manifestSha256,
        now,
        manifestName: `${entry.packageId} version ${entry.version}: manifest.json`,
        onProgress: (p) =>
          emit({
            kind: 'downloading',
            packageId: p.packageId,
            title: entry.title,
            doneBytes: p.doneBytes,
            totalBytes: p.totalBytes,
            percent: percentOf(p.doneBytes, p.totalBytes),
          }),
        onInstalling: (packageId) => emit({ kind: 'installing', packageId, title: entry.title }),
      });
      if (outcome.kind === 'installed') result.installed.push(summary);
      else result.upToDate.push({ ...summary, version: outcome.version });
    } catch (error) {
      result.failed.push({ ...summary, ...describeError(error) });
    }
  }
  emit({ kind: 'done', ...result });
  return result;
}
