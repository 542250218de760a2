// Sync benchmarks (issue 8 item 8), each against something measured side by side in the same run:
//  1. push of 10,000 note mutations to a real hub (PGlite in a temporary folder, loopback socket)
//     with the app's transport in pushes of 500, against a plain multi-row INSERT of the same
//     bodies into a scratch table of the same database in as many transactions;
//  2. pull of those 10,000 records (pages of 1000, the app's transport) against a plain paged
//     SELECT of the scratch table;
//  3. pull requests per second when nothing changed, from 200 simulated devices (200 users) in a
//     second process (bench/pullLoad.ts), against `GET /v1/health` of the same hub, alternating.
// The browser part (the time from saving a note to it being committed in IndexedDB) is in
// bench/page/main.ts (runNoteSaveBench). Used by bench/run.ts; `npx tsx bench/syncBench.ts`
// runs these three alone and prints the JSON. Loopback only; removes its temporary folder.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addUser } from '../src/hub/accounts';
import { openHubDb } from '../src/hub/db';
import { buildHub } from '../src/hub/server';
import { formatHlc } from '../src/shared/sync/hlc';
import type { Mutation } from '../src/shared/sync/protocol';
import { MAX_MUTATIONS_PER_PUSH } from '../src/shared/sync/protocol';
import { hubTransport } from '../src/renderer/sync/transport';
import type { PullLoadConfig, PullLoadSample } from './pullLoad';

const root = resolve(__dirname, '..');
const ITEM = { packageId: 'nl.rotterdam.demo.delfshaven', meetingId: 'raad-2026-12', agendaItemId: 'herinrichting-delfshaven' };

export type SyncBenchOptions = {
  mutations: number;
  rounds: number;
  devices: number;
  pullDurationMs: number;
  pullRounds: number;
  /** PostgreSQL (a fresh schema, dropped afterwards) instead of PGlite in a temporary folder. */
  databaseUrl?: string | undefined;
};
export type SyncBenchResult = {
  backend: 'PGlite' | 'PostgreSQL';
  mutations: number;
  rounds: { pushMs: number; rawInsertMs: number; pullMs: number; rawSelectMs: number; pulled: number }[];
  pushMedianMs: number;
  rawInsertMedianMs: number;
  pushOverRaw: number;
  pullMedianMs: number;
  rawSelectMedianMs: number;
  pullOverRaw: number;
  devices: number;
  pullDurationMs: number;
  pullLoad: PullLoadSample[];
  idlePullPerS: number;
  healthPerS: number;
  idlePullOverHealth: number;
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function uuid(round: number, i: number): string {
  return `${(round + 1).toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

function noteMutations(round: number, count: number): Mutation[] {
  const start = Date.now() - count;
  return Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    hlc: formatHlc({ millis: start + i, counter: 0, node: '00000000000000b1' }),
    kind: 'note' as const,
    id: uuid(round, i + 1),
    op: 'put' as const,
    body: { target: { kind: 'agendaItem', ...ITEM }, text: `Notitie ${i + 1}: **vragen** over de bomen aan de Schiedamseweg, zie https://example.org/${i}`, visibility: 'private' },
    baseHlc: null,
  }));
}

function pullLoad(cfg: PullLoadConfig): Promise<PullLoadSample[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'bench/pullLoad.ts'), JSON.stringify(cfg)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out) as PullLoadSample[]) : fail(new Error(`pull load exited with ${code}`))));
  });
}

export async function syncBench(options: SyncBenchOptions): Promise<SyncBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'raadskaart-bench-sync-'));
  const schema = `bench_sync_${randomBytes(5).toString('hex')}`;
  const db = await openHubDb(options.databaseUrl ? { dataDir, databaseUrl: options.databaseUrl, schema } : { dataDir });
  const app = await buildHub({ db, dataDir });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('the sync bench hub is not listening');
    const base = `http://127.0.0.1:${address.port}`;
    await db.query('CREATE TABLE bench_raw_notes (id uuid PRIMARY KEY, author_id integer NOT NULL, body jsonb NOT NULL, pos bigserial)');

    const rounds: SyncBenchResult['rounds'] = [];
    for (let round = 0; round < options.rounds; round++) {
      const { token, user } = await addUser(db, { name: `Bench raadslid ${round}`, role: 'member', partyGroup: 'Groen' });
      const transport = hubTransport(base, token);
      const mutations = noteMutations(round, options.mutations);
      const clientId = (round + 1).toString(16).padStart(16, 'a');

      const pushStart = performance.now();
      for (let i = 0; i < mutations.length; i += MAX_MUTATIONS_PER_PUSH) {
        const answer = await transport.push({ clientId, mutations: mutations.slice(i, i + MAX_MUTATIONS_PER_PUSH) });
        const refused = answer.outcomes.find((o) => o.outcome !== 'applied');
        if (refused) throw new Error(`bench push: mutation ${refused.seq} was ${refused.outcome}: ${JSON.stringify(refused)}`);
      }
      const pushMs = performance.now() - pushStart;

      const rawStart = performance.now();
      for (let i = 0; i < mutations.length; i += MAX_MUTATIONS_PER_PUSH) {
        const batch = mutations.slice(i, i + MAX_MUTATIONS_PER_PUSH).map((m) => ({ id: m.id, body: m.body }));
        await db.transaction(async (tx) => {
          await tx.query('INSERT INTO bench_raw_notes (id, author_id, body) SELECT x.id, $2, x.body FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, body jsonb)', [
            JSON.stringify(batch),
            user.id,
          ]);
        });
      }
      const rawInsertMs = performance.now() - rawStart;

      // A fresh device of the same person pulls everything (the hub also sends earlier rounds'
      // public and party-group notes; these are private, so exactly this round's arrive).
      const pullStart = performance.now();
      let cursor: string | null = null;
      let pulled = 0;
      for (;;) {
        const page = await transport.pull(cursor);
        pulled += page.changes.length;
        cursor = page.cursor;
        if (!page.more) break;
      }
      const pullMs = performance.now() - pullStart;
      if (pulled !== options.mutations) throw new Error(`bench pull: ${pulled} records, expected ${options.mutations}`);

      const selectStart = performance.now();
      let after = 0;
      for (;;) {
        const rows = await db.query<{ id: string; body: unknown; pos: string }>(
          'SELECT id, body, pos::text AS pos FROM bench_raw_notes WHERE author_id = $1 AND pos > $2 ORDER BY bench_raw_notes.pos LIMIT 1000',
          [user.id, after],
        );
        if (rows.length === 0) break;
        JSON.stringify(rows);
        after = Number(rows[rows.length - 1]?.pos);
      }
      const rawSelectMs = performance.now() - selectStart;
      rounds.push({ pushMs, rawInsertMs, pullMs, rawSelectMs, pulled });
    }

    const tokens: string[] = [];
    for (let i = 0; i < options.devices; i++) tokens.push((await addUser(db, { name: `Bench apparaat ${i}`, role: 'member', partyGroup: `Fractie ${i % 8}` })).token);
    const samples = await pullLoad({ base, tokens, durationMs: options.pullDurationMs, rounds: options.pullRounds });
    const per = (target: 'pull' | 'health') => samples.filter((s) => s.target === target);
    const rps = (s: PullLoadSample) => (s.requests / s.ms) * 1000;
    if (per('pull').some((s) => s.nonEmpty > 0)) throw new Error('bench pull load: a pull returned changes while nothing changed');

    return {
      backend: options.databaseUrl ? 'PostgreSQL' : 'PGlite',
      mutations: options.mutations,
      rounds,
      pushMedianMs: median(rounds.map((r) => r.pushMs)),
      rawInsertMedianMs: median(rounds.map((r) => r.rawInsertMs)),
      pushOverRaw: median(rounds.map((r) => r.pushMs / r.rawInsertMs)),
      pullMedianMs: median(rounds.map((r) => r.pullMs)),
      rawSelectMedianMs: median(rounds.map((r) => r.rawSelectMs)),
      pullOverRaw: median(rounds.map((r) => r.pullMs / r.rawSelectMs)),
      devices: options.devices,
      pullDurationMs: options.pullDurationMs,
      pullLoad: samples,
      idlePullPerS: median(per('pull').map(rps)),
      healthPerS: median(per('health').map(rps)),
      // Both ran back to back in each round: the median of the per-round ratios.
      idlePullOverHealth: median(per('pull').map((p) => rps(p) / rps(per('health').find((h) => h.round === p.round) ?? p))),
    };
  } finally {
    await app.close();
    if (options.databaseUrl) await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The figures on PGlite, and on PostgreSQL too when DATABASE_URL is set. */
export async function syncBenchAll(): Promise<SyncBenchResult[]> {
  const options = { mutations: 10_000, rounds: 3, devices: 200, pullDurationMs: 3000, pullRounds: 4 };
  const results = [await syncBench(options)];
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (databaseUrl) results.push(await syncBench({ ...options, databaseUrl }));
  return results;
}

/** The BENCHMARKS.md sections of these figures (one result per database backend) and of the note save measured in the browser. */
export function syncMarkdown(
  results: readonly SyncBenchResult[],
  noteSave: { rounds: number; saveMedianMs: number; rawPutMedianMs: number; strictSaveMedianMs: number; saveOverRaw: number } | undefined,
): string {
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
  const first = results[0];
  if (!first) return '';
  const n = first.mutations.toLocaleString('en');
  return `
## Sync: push and pull of ${n} note mutations on loopback

A real hub (Fastify, one process; PGlite in a temporary folder${results.length > 1 ? ', and PostgreSQL 15 on this machine in a fresh schema' : ''}) on a loopback
socket; the app's transport (src/renderer/sync/transport.ts, validating every answer) pushes ${n} new private
notes in pushes of 500 (each push one transaction: outcome, last seq, record, change position and audit line per
mutation), then a fresh device of the same person pulls them in pages of 1000. Beside it, in the same database:
a plain multi-row INSERT of the same bodies in as many transactions, and a plain paged SELECT. Medians of
${first.rounds.length} rounds (a new person each round). Aim of issue 8: 5 s or less each.

| database | what | median | plain SQL of the same rows | ratio hub / plain |
|---|---|---|---|---|
${results
  .map(
    (r) => `| ${r.backend} | push ${n} | ${s(r.pushMedianMs)} | ${s(r.rawInsertMedianMs)} | ${r.pushOverRaw.toFixed(1)} |
| ${r.backend} | pull ${n} | ${s(r.pullMedianMs)} | ${s(r.rawSelectMedianMs)} | ${r.pullOverRaw.toFixed(1)} |`,
  )
  .join('\n')}

## Sync: pulls when nothing changed, from ${first.devices} devices, against /v1/health

${first.devices} simulated devices (${first.devices} users in 8 party groups) in a separate Node process, each one request at a time on
keep-alive connections, all at once: \`GET /v1/sync/pull?cursor=…\` with its current cursor (nothing changed:
no changes), alternating per round with \`GET /v1/health\` of the same hub (which asks the database \`SELECT 1\`).
${first.pullLoad.filter((p) => p.target === 'pull').length} rounds of ${(first.pullDurationMs / 1000).toFixed(0)} s each after a warm-up; medians.

| database | idle pull requests/s | /v1/health requests/s | ratio pull / health (median of per-round ratios) |
|---|---|---|---|
${results.map((r) => `| ${r.backend} | ${r.idlePullPerS.toFixed(0)} | ${r.healthPerS.toFixed(0)} | ${r.idlePullOverHealth.toFixed(2)} |`).join('\n')}
${
  noteSave
    ? `
## Sync: from saving a note to it being committed in IndexedDB

In Chromium (persistent profile), ${noteSave.rounds} notes saved one after the other with the app's \`saveRecord\` (one
transaction: the record, its outbox mutation and the account's seq and clock), timed until the transaction's
\`complete\`; beside each, a raw Dexie \`put\` of the same body into a bare table. Chromium commits with its
default (relaxed) durability: the note survives a reload or a crash of the app at once (tests/e2e/syncTwoUsers.e2e.ts
reloads right after saving), not necessarily a power cut in that instant. The same save in a database opened
with \`chromeTransactionDurability: 'strict'\` (flushed to disk before \`complete\`) for comparison.

| what | median |
|---|---|
| saveRecord (app database, default durability) | ${ms(noteSave.saveMedianMs)} |
| raw Dexie put of the same body | ${ms(noteSave.rawPutMedianMs)} |
| ratio saveRecord / raw put (median of per-note ratios) | ${noteSave.saveOverRaw.toFixed(1)} |
| saveRecord with strict durability | ${ms(noteSave.strictSaveMedianMs)} |
`
    : ''
}`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  syncBenchAll().then(
    (results) => {
      console.log(
        JSON.stringify(
          results.map((r) => ({ ...r, pullLoad: undefined })),
          null,
          2,
        ),
      );
      console.log(syncMarkdown(results, undefined));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
