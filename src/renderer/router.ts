// Hash routes of the UI. A hash router works the same under app://raadskaart/index.html
// (Electron) and http://127.0.0.1:PORT/ (web host) without server rewrites.
// Old addresses are redirected (REDIRECTS): `#/sync` became `#/updates` when "sync" was kept
// for notes and decisions, and links and bookmarks to it must keep working.
// Must never trust a route segment: ids are decoded and only ever used as lookup keys.
import { useEffect, useSyncExternalStore } from 'react';

export type Route =
  | { kind: 'library' }
  | { kind: 'updates' }
  | { kind: 'account' }
  | { kind: 'council' }
  | { kind: 'package'; packageId: string }
  | { kind: 'agendaItem'; packageId: string; agendaItemId: string }
  | { kind: 'notFound'; hash: string };

function decodeSegment(segment: string): string | undefined {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded.length > 0 ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** Paths that moved, with where they went: the old address shows the new screen and is replaced by it. */
const REDIRECTS: Readonly<Record<string, string>> = { '/sync': '/updates' };

function pathOf(hash: string): string {
  const path = hash.replace(/^#/, '');
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** The hash an old address moved to (`#/sync` -> `#/updates`), or undefined when it did not move. */
export function redirectFor(hash: string): string | undefined {
  const target = REDIRECTS[pathOf(hash)];
  return target === undefined ? undefined : `#${target}`;
}

/** Parses `#/`, `#/updates`, `#/account`, `#/council`, `#/p/<packageId>` and `#/p/<packageId>/a/<agendaItemId>`; moved addresses as their target. */
export function parseHash(hash: string): Route {
  const moved = redirectFor(hash);
  if (moved !== undefined) return parseHash(moved);
  const path = hash.replace(/^#/, '');
  if (path === '' || path === '/') return { kind: 'library' };
  if (pathOf(hash) === '/updates') return { kind: 'updates' };
  if (pathOf(hash) === '/account') return { kind: 'account' };
  if (pathOf(hash) === '/council') return { kind: 'council' };
  const segments = path.replace(/^\//, '').replace(/\/$/, '').split('/');
  if (segments[0] === 'p' && segments[1] !== undefined) {
    const packageId = decodeSegment(segments[1]);
    if (packageId !== undefined && segments.length === 2) return { kind: 'package', packageId };
    if (packageId !== undefined && segments.length === 4 && segments[2] === 'a' && segments[3] !== undefined) {
      const agendaItemId = decodeSegment(segments[3]);
      if (agendaItemId !== undefined) return { kind: 'agendaItem', packageId, agendaItemId };
    }
  }
  return { kind: 'notFound', hash };
}

/** The href (hash) of a route, for <a href>. */
export function hrefFor(route: Route): string {
  switch (route.kind) {
    case 'library':
      return '#/';
    case 'updates':
      return '#/updates';
    case 'account':
      return '#/account';
    case 'council':
      return '#/council';
    case 'package':
      return `#/p/${encodeURIComponent(route.packageId)}`;
    case 'agendaItem':
      return `#/p/${encodeURIComponent(route.packageId)}/a/${encodeURIComponent(route.agendaItemId)}`;
    case 'notFound':
      return route.hash || '#/';
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

/** A stable key per route, used to move focus when the route changes. */
export function routeKey(route: Route): string {
  return hrefFor(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}

/** The current route; re-renders on every hash change. A moved address is replaced by its new one (no extra history entry). */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash, () => '');
  const moved = redirectFor(hash);
  useEffect(() => {
    if (moved !== undefined) window.location.replace(moved);
  }, [moved]);
  return parseHash(hash);
}
