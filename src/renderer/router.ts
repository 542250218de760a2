// Hash routes of the UI. A hash router works the same under app://raadskaart/index.html
// (Electron) and http://127.0.0.1:PORT/ (web host) without server rewrites.
// An agenda item's route carries the presenter's view as a query after `?` (the deep link of
// docs/routes.md, src/shared/view/presentationView.ts); view changes replace the hash
// (replaceRoute) instead of adding history entries, and do not count as a new page for focus.
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
  /** `query`: the view query string (without `?`) when the link has one. */
  | { kind: 'agendaItem'; packageId: string; agendaItemId: string; query?: string }
  /** The audience window of a presentation: rendered only from the presentation channel `channelId`. */
  | { kind: 'audience'; channelId: string }
  | { kind: 'notFound'; hash: string };

/** A presentation channel id: letters, digits and dashes (a UUID in practice). */
const CHANNEL_ID = /^[A-Za-z0-9-]{1,64}$/;

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

/**
 * Parses `#/`, `#/updates`, `#/account`, `#/council`, `#/p/<packageId>`,
 * `#/p/<packageId>/a/<agendaItemId>[?<view query>]` and `#/audience/<channelId>`; moved
 * addresses as their target. Ids are percent-encoded, so the first literal `?` starts the query.
 */
export function parseHash(hash: string): Route {
  const moved = redirectFor(hash);
  if (moved !== undefined) return parseHash(moved);
  const full = hash.replace(/^#/, '');
  const queryAt = full.indexOf('?');
  const path = queryAt === -1 ? full : full.slice(0, queryAt);
  const query = queryAt === -1 ? '' : full.slice(queryAt + 1);
  if (path === '' || path === '/') return { kind: 'library' };
  if (pathOf(path) === '/updates') return { kind: 'updates' };
  if (pathOf(path) === '/account') return { kind: 'account' };
  if (pathOf(path) === '/council') return { kind: 'council' };
  const segments = path.replace(/^\//, '').replace(/\/$/, '').split('/');
  if (segments[0] === 'p' && segments[1] !== undefined) {
    const packageId = decodeSegment(segments[1]);
    if (packageId !== undefined && segments.length === 2 && query === '') return { kind: 'package', packageId };
    if (packageId !== undefined && segments.length === 4 && segments[2] === 'a' && segments[3] !== undefined) {
      const agendaItemId = decodeSegment(segments[3]);
      if (agendaItemId !== undefined) return query === '' ? { kind: 'agendaItem', packageId, agendaItemId } : { kind: 'agendaItem', packageId, agendaItemId, query };
    }
  }
  if (segments[0] === 'audience' && segments.length === 2 && query === '' && CHANNEL_ID.test(segments[1] ?? '')) return { kind: 'audience', channelId: segments[1] as string };
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
    case 'agendaItem': {
      const path = `#/p/${encodeURIComponent(route.packageId)}/a/${encodeURIComponent(route.agendaItemId)}`;
      return route.query ? `${path}?${route.query}` : path;
    }
    case 'audience':
      return `#/audience/${route.channelId}`;
    case 'notFound':
      return route.hash || '#/';
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

/** A stable key per route, used to move focus when the route changes; a new view of the same agenda item is the same page. */
export function routeKey(route: Route): string {
  return hrefFor(route.kind === 'agendaItem' ? { kind: 'agendaItem', packageId: route.packageId, agendaItemId: route.agendaItemId } : route);
}

/** Fired on window after replaceRoute: history.replaceState fires no hashchange. */
const REPLACED = 'raadskaart:route-replaced';

/** Shows `href` (a hash) in place of the current address, without a history entry (a view change, not a new page). */
export function replaceRoute(href: string): void {
  if (window.location.hash === href) return;
  window.history.replaceState(window.history.state, '', href);
  window.dispatchEvent(new Event(REPLACED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(REPLACED, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(REPLACED, onChange);
  };
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
