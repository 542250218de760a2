import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from './router';

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
