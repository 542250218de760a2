import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash, redirectFor } from './router';

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
