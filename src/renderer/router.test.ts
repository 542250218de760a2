import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash, redirectFor, routeKey } from './router';

describe('parseHash', () => {
  it('maps the empty hash and #/ to the library', () => {
    expect(parseHash('')).toEqual({ kind: 'library' });
    expect(parseHash('#/')).toEqual({ kind: 'library' });
  });

  it('parses package and agenda item routes', () => {
    expect(parseHash('#/p/demo.delfshaven')).toEqual({ kind: 'package', packageId: 'demo.delfshaven' });
    expect(parseHash('#/p/demo/a/punt%204')).toEqual({ kind: 'agendaItem', packageId: 'demo', agendaItemId: 'punt 4' });
  });

  it('reports unknown or malformed hashes as not found', () => {
    expect(parseHash('#/x')).toEqual({ kind: 'notFound', hash: '#/x' });
    expect(parseHash('#/p/%E0%A4%A')).toEqual({ kind: 'notFound', hash: '#/p/%E0%A4%A' });
    expect(parseHash('#/p/demo/a/')).toEqual({ kind: 'notFound', hash: '#/p/demo/a/' });
  });

  it('round-trips ids through hrefFor', () => {
    const route = { kind: 'agendaItem', packageId: 'pkg-1', agendaItemId: 'a/b #c' } as const;
    expect(parseHash(hrefFor(route))).toEqual(route);
  });
});

describe('views as deep links', () => {
  it('keeps the view query of an agenda item route, after the encoded ids', () => {
    expect(parseHash('#/p/demo/a/punt%3F4?show=groen,~&mode=swipe')).toEqual({ kind: 'agendaItem', packageId: 'demo', agendaItemId: 'punt?4', query: 'show=groen,~&mode=swipe' });
    const route = { kind: 'agendaItem', packageId: 'demo', agendaItemId: 'a?b', query: 'show=~' } as const;
    expect(hrefFor(route)).toBe('#/p/demo/a/a%3Fb?show=~');
    expect(parseHash(hrefFor(route))).toEqual(route);
  });

  it('treats another view of the same agenda item as the same page for focus', () => {
    expect(routeKey({ kind: 'agendaItem', packageId: 'demo', agendaItemId: 'a1', query: 'show=groen' })).toBe(
      routeKey({ kind: 'agendaItem', packageId: 'demo', agendaItemId: 'a1' }),
    );
  });

  it('does not give a package page a query', () => {
    expect(parseHash('#/p/demo?show=groen')).toEqual({ kind: 'notFound', hash: '#/p/demo?show=groen' });
  });

  it('parses the audience window route with its channel id and nothing else', () => {
    expect(parseHash('#/audience/3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59')).toEqual({ kind: 'audience', channelId: '3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59' });
    expect(hrefFor({ kind: 'audience', channelId: 'abc-1' })).toBe('#/audience/abc-1');
    expect(parseHash('#/audience/a%2Fb').kind).toBe('notFound');
    expect(parseHash('#/audience/abc?x=1').kind).toBe('notFound');
    expect(parseHash('#/audience').kind).toBe('notFound');
  });
});

describe('the updates route', () => {
  it('is #/updates, with or without a trailing slash', () => {
    expect(hrefFor({ kind: 'updates' })).toBe('#/updates');
    expect(parseHash('#/updates')).toEqual({ kind: 'updates' });
    expect(parseHash('#/updates/')).toEqual({ kind: 'updates' });
  });

  it('is what the old #/sync address shows, and #/sync redirects to it', () => {
    expect(parseHash('#/sync')).toEqual({ kind: 'updates' });
    expect(parseHash('#/sync/')).toEqual({ kind: 'updates' });
    expect(redirectFor('#/sync')).toBe('#/updates');
    expect(redirectFor('#/sync/')).toBe('#/updates');
  });

  it('redirects nothing else', () => {
    for (const hash of ['', '#/', '#/updates', '#/p/sync', '#/p/demo/a/sync', '#/syncing']) expect(redirectFor(hash), hash).toBeUndefined();
    expect(parseHash('#/syncing')).toEqual({ kind: 'notFound', hash: '#/syncing' });
  });
});
