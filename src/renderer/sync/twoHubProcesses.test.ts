// Two hub processes on one PostgreSQL database serve the same devices (issue 8 item 6): two
// real `raadskaart hub` processes (the CLI, each with its own data folder and the same hub key,
// as behind a load balancer) and three devices of two people whose sync rounds alternate between
// them at random, some at the same moment. Afterwards the hub holds exactly the last version of
// every note (none lost, none twice), every change has exactly one outcome, and every device
// shows what the hub holds for its user. PostgreSQL only: embedded PGlite belongs to one process.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode, addUser } from '../../hub/accounts';
import type { HubDb } from '../../hub/db';
import { openHubDb } from '../../hub/db';
import { viewOf } from '../../shared/sync/local';
import { openDatabase } from '../data/db';
import type { RaadskaartDb } from '../data/db';
import { createSyncStore, deleteRecord, listRecords, newRecordId, saveRecord, signInAccount } from '../data/syncStore';
import type { SyncStore } from '../data/syncStore';
import { syncRound } from './engine';
import { enrol, hubTransport } from './transport';
import { seeded } from '../../../tests/helpers/faultProxy';
import { availableBackends, tempDir } from '../../../tests/helpers/hub';
import { noteBody } from '../../../tests/helpers/syncRecords';

const cli = resolve(__dirname, '../../../bin/raadskaart.mjs');
const ROUNDS = 40;

type Device = { name: string; userName: string; local: RaadskaartDb; store: SyncStore; accountId: string; tokens: string[] };
type Note = { text: string; visibility: 'private' | 'partyGroup' | 'public' } | null;

function startHub(databaseUrl: string, dataDir: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'hub', '--port', '0', '--data', dataDir], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveHub, reject) => {
    let out = '';
    const onData = (part: Buffer) => {
      out += part.toString('utf8');
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolveHub({ url: match[1] as string, process: child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)));
  });
}

async function stopHub(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe.each(availableBackends().filter((b) => b.name === 'postgres'))('two hub processes on one database ($name)', (backend) => {
  const databaseName = `raadskaart_two_${randomBytes(5).toString('hex')}`;
  const adminUrl = backend.databaseUrl as string;
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let db: HubDb;
  const hubs: { url: string; process: ChildProcess }[] = [];
  const devices: Device[] = [];
  const users: Record<string, number> = {};

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    dir = await tempDir();
    await admin(`CREATE DATABASE ${databaseName}`);
    const first = join(dir.path, 'hub-a');
    const second = join(dir.path, 'hub-b');
    hubs.push(await startHub(databaseUrl, first));
    // The second process uses the same hub key, as an operator copies it to every hub server.
    mkdirSync(second, { recursive: true, mode: 0o700 });
    copyFileSync(join(first, 'hub-key.json'), join(second, 'hub-key.json'));
    hubs.push(await startHub(databaseUrl, second));

    db = await openHubDb({ dataDir: dir.path, databaseUrl });
    const people = {
      Anna: (await addUser(db, { name: 'Anna', role: 'member', partyGroup: 'Groen' })).user,
      Bert: (await addUser(db, { name: 'Bert', role: 'member', partyGroup: 'Groen' })).user,
    };
    users.Anna = people.Anna.id;
    users.Bert = people.Bert.id;
    for (const [name, userName, hub] of [
      ['laptop van Anna', 'Anna', 0],
      ['tablet van Anna', 'Anna', 1],
      ['laptop van Bert', 'Bert', 1],
    ] as const) {
      const { code } = await createEnrolmentCode(db, people[userName], name, new Date());
      const { token, me } = await enrol((hubs[hub] as { url: string }).url, code, name);
      const local = openDatabase(`two-hubs-${name}`, { indexedDB, IDBKeyRange });
      const account = await signInAccount(local, (hubs[0] as { url: string }).url, me);
      devices.push({ name, userName, local, store: createSyncStore(local), accountId: account.id, tokens: [token] });
    }
  }, 120_000);

  afterAll(async () => {
    for (const device of devices) {
      device.local.close();
      await indexedDB.deleteDatabase(`two-hubs-${device.name}`);
    }
    await Promise.all(hubs.map((h) => stopHub(h.process)));
    await db?.close();
    await admin(`DROP DATABASE IF EXISTS ${databaseName}`);
    await dir?.cleanup();
  });

  it('loses no note and duplicates none while devices sync through either process, some at once', { timeout: 300_000 }, async () => {
    const random = seeded(4242);
    /** What each device's person last wrote, by note id: their notes as the hub must end up holding them. */
    const expected = new Map<string, { author: string; note: Note }>();
    const served = [0, 0];
    const transport = (device: Device) => {
      const which = Math.floor(random() * hubs.length);
      served[which] = (served[which] ?? 0) + 1;
      return hubTransport((hubs[which] as { url: string }).url, device.tokens[0] as string);
    };

    for (let round = 0; round < ROUNDS; round++) {
      for (const device of devices) {
        // Each device writes only its own person's notes, on notes it has (so edits of one person
        // on two devices meet on the hub as conflicts, which keep both texts).
        const mine = [...expected].filter(([, v]) => v.author === device.userName && v.note !== null).map(([id]) => id);
        const pick = random();
        if (mine.length === 0 || pick < 0.5) {
          const id = newRecordId();
          const note = { text: `${device.name} ${round}`, visibility: (['private', 'partyGroup', 'public'] as const)[Math.floor(random() * 3)] ?? 'private' };
          await saveRecord(device.local, device.accountId, { kind: 'note', id, body: noteBody(note.text, note.visibility) });
          expected.set(id, { author: device.userName, note });
        } else if (pick < 0.85) {
          const id = mine[Math.floor(random() * mine.length)] as string;
          const row = (await listRecords(device.local, device.accountId)).find((r) => r.id === id);
          if (row && !viewOf(row).deleted) {
            const visibility = (viewOf(row).body as { visibility: 'private' | 'partyGroup' | 'public' }).visibility;
            const note = { text: `${device.name} bewerkt ${round}`, visibility };
            await saveRecord(device.local, device.accountId, { kind: 'note', id, body: noteBody(note.text, note.visibility) });
          }
        } else {
          const id = mine[Math.floor(random() * mine.length)] as string;
          const row = (await listRecords(device.local, device.accountId)).find((r) => r.id === id);
          if (row && !viewOf(row).deleted) await deleteRecord(device.local, device.accountId, { kind: 'note', id });
        }
      }
      // Some devices sync now, at the same moment, each through one of the two processes.
      const syncing = devices.filter(() => random() < 0.6);
      const results = await Promise.all(syncing.map((d) => syncRound(d.store, d.accountId, transport(d))));
      for (const result of results) expect(result.ok, JSON.stringify(result)).toBe(true);
    }

    // Everyone syncs until nothing waits (twice over, so every device sees the others' last changes).
    for (let pass = 0; pass < 3; pass++) {
      for (const device of devices) {
        const result = await syncRound(device.store, device.accountId, transport(device));
        expect(result.ok, JSON.stringify(result)).toBe(true);
      }
    }
    for (const device of devices) expect(await device.store.pendingCount(device.accountId), `${device.name}: the outbox drains`).toBe(0);
    expect(Math.min(...served), 'both processes served sync rounds').toBeGreaterThan(10);

    const held = await db.query<{ id: string; author_id: number; deleted: boolean; body: { text: string } | null }>('SELECT id, author_id, deleted, body FROM sync_records');
    // Every note any device created is on the hub exactly once (the primary key guarantees once;
    // this guarantees none is missing, and nothing else arrived).
    expect(new Set(held.map((r) => r.id))).toEqual(new Set(expected.keys()));
    for (const row of held) expect(row.author_id).toBe(users[(expected.get(row.id) as { author: string }).author]);

    // One outcome per change of every device, whichever process answered it.
    for (const device of devices) {
      const account = await device.store.account(device.accountId);
      const outcomes = await db.query<{ seq: string }>('SELECT seq::text AS seq FROM sync_outcomes WHERE client_id = $1 ORDER BY sync_outcomes.seq', [account?.clientId]);
      const lastSeq = (account?.nextSeq ?? 1) - 1;
      expect(
        outcomes.map((o) => Number(o.seq)),
        `${device.name}: one outcome per change`,
      ).toEqual(Array.from({ length: lastSeq }, (_, k) => k + 1));
    }

    // Every device shows what the hub holds of its person's notes.
    for (const device of devices) {
      const onHub = new Map(held.filter((r) => r.author_id === users[device.userName]).map((r) => [r.id, r.deleted ? null : (r.body?.text ?? null)] as const));
      const shown = new Map(
        (await listRecords(device.local, device.accountId))
          .filter((row) => (row.synced?.author ?? device.userName) === device.userName)
          .map((row) => {
            const view = viewOf(row);
            return [row.id, view.deleted ? null : ((view.body as { text: string } | null)?.text ?? null)] as const;
          }),
      );
      expect(shown, `${device.name} shows what the hub holds`).toEqual(onHub);
    }
  });
});
