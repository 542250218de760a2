// Errors of package updates that are not about a package itself: the hub's address and key.
// They extend RaadskaartError so the UI picks the clerk's sentence by `code` like any other.
import { RaadskaartError } from '../../shared/errors';

/** The hub address is not an http(s) URL. */
export class InvalidHubUrlError extends RaadskaartError {
  constructor(message: string) {
    super('hub-url', message);
  }
}

/** No hub key is pinned yet: the user must check and pin the hub's key (pinHubKey) first. */
export class HubKeyNotPinnedError extends RaadskaartError {
  readonly hubUrl: string;
  constructor(hubUrl: string) {
    super('hub-key-not-pinned', `${hubUrl}: no hub key is pinned; compare the hub's key id with the one its administrator gives you and pin it`);
    this.hubUrl = hubUrl;
  }
}

/**
 * The hub signs with a key other than the pinned one(s), or its key changed between showing
 * it to the user and pinning it. Either the hub's key was replaced or someone is in between.
 */
export class HubKeyMismatchError extends RaadskaartError {
  readonly keyids: readonly string[];
  constructor(message: string, keyids: readonly string[]) {
    super('hub-key-mismatch', message);
    this.keyids = keyids;
  }
}
