// Builders for synced records and mutations in tests: valid bodies of every kind (a note on the
// demo's agenda item, a motion, its vote, the decision), record ids, HLC timestamps and a small
// client that pushes and pulls against a hub through Fastify's inject or a real socket. Tests
// change what they need with spreads, so each reads like the case it proves.
import type { FastifyInstance } from 'fastify';
import { formatHlc } from '../../src/shared/sync/hlc';
import type { Mutation, PullResponse, PushResponse } from '../../src/shared/sync/protocol';

export const ITEM = { packageId: 'nl.rotterdam.demo.delfshaven', meetingId: 'raad-2026-12', agendaItemId: 'herinrichting-delfshaven' } as const;

let ids = 0;
/** A fresh lowercase UUID (unique within the test run). */
export function recordId(): string {
  ids += 1;
  const n = ids.toString(16).padStart(12, '0');
  return `${Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0')}-0000-4000-8000-${n}`;
}

/** A fresh 16-hex client id. */
export function clientId(): string {
  return Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}

/** An HLC timestamp `ms` milliseconds after a fixed start, on `node`. */
export function hlcAt(ms: number, node = '0123456789abcdef'): string {
  return formatHlc({ millis: Date.UTC(2026, 11, 10, 19, 0, 0) + ms, counter: 0, node });
}

export function noteBody(text: string, visibility: 'private' | 'partyGroup' | 'public' = 'private') {
  return { target: { kind: 'agendaItem', ...ITEM }, text, visibility };
}

export const COUNCIL_ID = '00000000-0000-4000-8000-00000000c0c1';

export function proposalBody(title = 'Motie meer bomen') {
  return {
    agendaItem: ITEM,
    kind: 'motie',
    motionType: 'overig',
    number: 'M1',
    title,
    text: 'De raad verzoekt het college om meer bomen te planten.',
    submitterIds: ['p1'],
    partyGroupIds: ['groen'],
    councilId: COUNCIL_ID,
    submittedOn: '2026-12-10',
  };
}

export function voteBody(proposalId: string) {
  return {
    proposalId,
    agendaItem: ITEM,
    kind: 'regulier',
    perGroup: [
      { partyGroupId: 'groen', seats: 5, voor: 5, tegen: 0, onthouden: 0, afwezig: 0 },
      { partyGroupId: 'rood', seats: 4, voor: 0, tegen: 3, onthouden: 0, afwezig: 1 },
    ],
    heldAt: '2026-12-10T21:05:00.000Z',
  };
}

export function decisionBody(proposalId: string, voteId: string, result = 'aangenomen') {
  return { agendaItem: ITEM, proposalId, voteId, result, text: 'Aangenomen met 5 stemmen voor en 3 tegen.', decidedAt: '2026-12-10T21:06:00.000Z' };
}

/** A put mutation. */
export function put(seq: number, kind: Mutation['kind'], id: string, body: unknown, baseHlc: string | null = null, at = seq): Mutation {
  return { seq, hlc: hlcAt(at * 10), kind, id, op: 'put', body, baseHlc };
}

/** A delete mutation. */
export function del(seq: number, kind: Mutation['kind'], id: string, baseHlc: string | null, at = seq): Mutation {
  return { seq, hlc: hlcAt(at * 10), kind, id, op: 'delete', baseHlc };
}

/** Push and pull through Fastify's inject (no socket), with a user's token. */
export function injectClient(app: FastifyInstance, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    async push(client: string, mutations: unknown[]): Promise<{ status: number; body: PushResponse & { error?: { code: string; message: string } } }> {
      const res = await app.inject({ method: 'POST', url: '/v1/sync/push', headers, payload: JSON.stringify({ clientId: client, mutations }) });
      return { status: res.statusCode, body: res.json() };
    },
    async pull(cursor: string | null = null, limit?: number): Promise<{ status: number; body: PullResponse & { error?: { code: string; message: string } } }> {
      const query = new URLSearchParams({ ...(cursor ? { cursor } : {}), ...(limit ? { limit: String(limit) } : {}) });
      const res = await app.inject({ method: 'GET', url: `/v1/sync/pull?${query}`, headers: { authorization: headers.authorization } });
      return { status: res.statusCode, body: res.json() };
    },
    /** Pulls until `more` is false; the records by id (tombstones included) and the last cursor. */
    async pullAll(cursor: string | null = null): Promise<{ cursor: string; records: Map<string, PullResponse['changes'][number]>; removed: string[]; reset: boolean }> {
      const records = new Map<string, PullResponse['changes'][number]>();
      const removed: string[] = [];
      let reset = false;
      let at = cursor;
      for (;;) {
        const { status, body } = await this.pull(at);
        if (status !== 200) throw new Error(`pull answered ${status}: ${JSON.stringify(body)}`);
        reset ||= body.reset;
        for (const r of body.changes) records.set(r.id, r);
        for (const r of body.removed) {
          records.delete(r.id);
          removed.push(r.id);
        }
        at = body.cursor;
        if (!body.more) return { cursor: body.cursor, records, removed, reset };
      }
    },
  };
}

/** A fetch that calls the hub through Fastify's inject (no socket): for the app's hubTransport in fast tests. */
export function injectFetch(app: FastifyInstance): (input: string, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const url = new URL(input);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: `${url.pathname}${url.search}`,
      headers,
      ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
    });
    return new Response(res.statusCode === 204 || res.statusCode === 304 ? null : res.body, {
      status: res.statusCode,
      headers: Object.entries(res.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])),
    });
  };
}
