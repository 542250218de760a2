// Issue 8's "done": a council member and the clerk of one hub, each in their own Chromium, sign
// in with the short sign-in code the CLI printed (the web host proposes its own address; nobody
// types a hub address), then write while the hub is stopped — the member a private and a public
// note, the clerk a motion with its vote and decision — and once the hub is back each sees
// exactly what they should: the clerk the public note and not the private one, the member the
// decision, and the member's second device (signed in afterwards) both of the member's notes.
// The hub holds every record exactly once. Real parts throughout: the `raadskaart` CLI, the hub
// on PGlite (stopped and started again on the same port and data), the web host, Chromium.
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/lib/staticServer';
import { openSession, seriousAxeViolations } from './browser';
import type { Session } from './browser';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const cli = resolve(root, 'bin/raadskaart.mjs');
const env = { ...process.env, DATABASE_URL: '' };
const ITEM = '#/p/nl.rotterdam.demo.delfshaven/a/herinrichting-delfshaven';

async function raadskaart(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [cli, ...args], { cwd: root, env });
  return stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function startHub(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'hub', '--port', String(port), '--data', dataDir], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveHub, reject) => {
    let out = '';
    child.stdout.on('data', (part: Buffer) => {
      out += part.toString('utf8');
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(out)) resolveHub(child);
    });
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)));
  });
}

async function stopHub(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Signs the page in as a new person would: the hub is this page's address; compare the key; type the code. */
async function signIn(page: Page, webUrl: string, code: string, device: string): Promise<void> {
  await page.goto(webUrl);
  await page
    .getByRole('link', { name: /Herinrichting Delfshaven/ })
    .first()
    .waitFor({ timeout: 60_000 });
  await page.getByRole('banner').getByRole('link', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Aanmelden bij de hub' }).waitFor();
  // The web host proposes its own origin, without a field to fill in.
  await page.getByText(`${new URL(webUrl).origin} (het adres van deze pagina)`).waitFor();
  expect(await page.getByLabel('Hub-adres').count()).toBe(0);
  await page.getByRole('button', { name: 'Sleutelcode van de hub ophalen' }).click();
  await page.getByRole('button', { name: 'Ja, deze hub vertrouwen' }).click();
  // Typed in lower case with spaces: the app takes it as the code.
  await page.getByLabel('Aanmeldcode').fill(code.toLowerCase().replaceAll('-', ' '));
  await page.getByLabel('Naam van deze computer').fill(device);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Uw aanmelding' }).waitFor({ timeout: 30_000 });
}

/** The header's sync status text. */
function syncState(page: Page) {
  return page.getByRole('banner').getByRole('status');
}

async function syncedNow(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Nu synchroniseren' }).click();
  await expect.poll(async () => (await syncState(page).textContent()) ?? '', { timeout: 60_000 }).toMatch(/^Gesynchroniseerd om [\d:.]+$/);
}

/** Opens a tab of the workspace's side panel (Notities, Besluiten). */
async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

async function writeNote(page: Page, text: string, visibility: RegExp): Promise<void> {
  const panel = page.getByRole('region', { name: 'Notities' });
  await panel.getByLabel('Nieuwe notitie').fill(text);
  await panel.getByRole('radio', { name: visibility }).check();
  await panel.getByRole('button', { name: 'Notitie opslaan' }).click();
  await panel
    .getByRole('status')
    .getByText(/Opgeslagen op deze computer/)
    .waitFor();
}

describe('two people in two browsers write while the hub is stopped (CLI, hub on PGlite, web host, Chromium)', () => {
  const work = mkdtempSync(join(tmpdir(), 'raadskaart-sync-e2e-'));
  const dataDir = join(work, 'hub-data');
  let port = 0;
  let hub: ChildProcess | undefined;
  let web: StaticServer;
  const codes = { member: '', memberTablet: '', clerk: '' };
  let memberToken = '';
  let clerkToken = '';
  const sessions: Session[] = [];

  beforeAll(async () => {
    codes.member = await raadskaart('hub', 'user', 'add', '--data', dataDir, '--name', 'Mo Raadslid', '--role', 'member', '--group', 'Groen 010');
    codes.clerk = await raadskaart('hub', 'user', 'add', '--data', dataDir, '--name', 'Greet Griffier', '--role', 'clerk');
    codes.memberTablet = await raadskaart('hub', 'device', 'add', '--data', dataDir, '--user', 'Mo Raadslid', '--label', 'tablet');
    // Tokens for this test to read what the hub holds, as each person (never shown to anyone).
    memberToken = await raadskaart('hub', 'device', 'add', '--data', dataDir, '--user', 'Mo Raadslid', '--label', 'test', '--token');
    clerkToken = await raadskaart('hub', 'device', 'add', '--data', dataDir, '--user', 'Greet Griffier', '--label', 'test', '--token');
    port = await freePort();
    hub = await startHub(dataDir, port);
    web = await startStaticServer({ root: resolve(root, 'out/renderer'), port: 0, hubUrl: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    for (const s of sessions) await s.close();
    await web?.close();
    await stopHub(hub);
    rmSync(work, { recursive: true, force: true });
  });

  /** Everything the hub sends this person's device, by id. */
  type HubRecord = { kind: string; body: { text?: string; title?: string; result?: string; target?: unknown } | null; deleted: boolean };
  async function onHub(token: string): Promise<HubRecord[]> {
    const all: HubRecord[] = [];
    let cursor = '';
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { changes: typeof all; cursor: string; more: boolean };
      all.push(...body.changes);
      cursor = body.cursor;
      if (!body.more) return all;
    }
  }

  it('brings notes and a decision made offline to exactly whom they belong, once', async () => {
    const member = await openSession();
    const clerk = await openSession();
    sessions.push(member, clerk);

    // Step: both sign in with their sign-in code; the header says who and that sync ran.
    await signIn(member.page, web.url, codes.member, 'laptop raadzaal');
    await member.page.getByRole('banner').getByRole('link', { name: 'Aangemeld als Mo Raadslid (raadslid, Groen 010)' }).waitFor();
    await signIn(clerk.page, web.url, codes.clerk, 'griffie');
    await clerk.page.getByRole('banner').getByRole('link', { name: 'Aangemeld als Greet Griffier (griffier)' }).waitFor();
    expect(await seriousAxeViolations(member.page)).toEqual([]);

    // Step: the clerk records the demo council (made-up names), which the vote follows.
    await clerk.page.goto(`${web.url}#/council`);
    await clerk.page.getByRole('button', { name: 'Demo-raad vastleggen' }).click();
    await clerk.page.getByRole('table', { name: 'Fracties en zetels' }).waitFor();
    await syncedNow(clerk.page);

    // Step: the hub stops. Both keep working.
    await stopHub(hub);
    hub = undefined;

    await member.page.goto(`${web.url}${ITEM}`);
    await openTab(member.page, 'Notities');
    await writeNote(member.page, 'Alleen voor mij: **vragen** over de bomen', /Alleen ik/);
    await writeNote(member.page, 'Openbaar: zie https://example.org/bomen', /Iedereen/);
    // A place on the map with the keyboard alone: the map's centre, then Ctrl+Enter saves.
    const notes = member.page.getByRole('region', { name: 'Notities' });
    await notes.getByLabel('Waar gaat de notitie over?').selectOption('place');
    await notes.getByRole('button', { name: 'Midden van de kaart' }).focus();
    await member.page.keyboard.press('Enter');
    await notes.getByText('Plek aangegeven (punt).', { exact: false }).waitFor();
    await notes.getByLabel('Nieuwe notitie').focus();
    await member.page.keyboard.type('Zebrapad hier');
    await notes.getByRole('radio', { name: /Iedereen/ }).check();
    await notes.getByLabel('Nieuwe notitie').press('Control+Enter');
    await notes
      .getByRole('status')
      .getByText(/Opgeslagen op deze computer/)
      .waitFor();
    await notes.getByText('Op de kaart (punt)').waitFor();
    await member.page.getByRole('banner').getByRole('button', { name: 'Nu synchroniseren' }).click();
    await expect.poll(async () => (await syncState(member.page).textContent()) ?? '', { timeout: 30_000 }).toMatch(/Geen verbinding met de hub.*3 wachten/);
    // Saved means saved: a reload while offline still shows both notes.
    await member.page.reload();
    await openTab(member.page, 'Notities');
    await member.page.getByRole('region', { name: 'Notities' }).getByText('Alleen voor mij:').waitFor();

    await clerk.page.goto(`${web.url}${ITEM}`);
    await openTab(clerk.page, 'Besluiten');
    const decisions = clerk.page.getByRole('region', { name: 'Moties, amendementen en besluiten' });
    await decisions.getByRole('button', { name: 'Motie, amendement of voorstel vastleggen' }).click();
    // Keyboard-first: the form opens on its first field.
    await expect.poll(() => clerk.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
    await decisions.getByLabel('Nummer (bijvoorbeeld M12)').fill('M7');
    await decisions.getByLabel('Titel').fill('Meer bomen aan de Schiedamseweg');
    await decisions.getByLabel('Indieners').selectOption({ index: 0 });
    await decisions.getByLabel('Stem van Havenpartij (demo)').selectOption('tegen');
    expect(await seriousAxeViolations(clerk.page), 'the quick form, open').toEqual([]);
    await decisions.getByLabel('Titel').press('Control+Enter');
    await decisions.getByRole('heading', { name: 'M7 Meer bomen aan de Schiedamseweg' }).waitFor();
    await decisions.getByText('Besluit: Aangenomen').waitFor();
    await decisions.getByText(/Stemming: 38 voor, 7 tegen/).waitFor();
    await clerk.page.getByText(/Getoond bij het besluit: pakket nl\.rotterdam\.demo\.delfshaven versie 1/).waitFor();
    await openTab(clerk.page, 'Notities');
    await writeNote(clerk.page, 'Griffie intern: nakijken', /Alleen ik/);

    // Step: the hub is back (same port, same data). Both sync.
    hub = await startHub(dataDir, port);
    await syncedNow(member.page);
    await syncedNow(clerk.page);
    await syncedNow(member.page);

    // The clerk sees the public note and not the private one.
    const clerkNotes = clerk.page.getByRole('region', { name: 'Notities' });
    await clerkNotes.getByText('Openbaar: zie').waitFor();
    expect(await clerkNotes.getByText('Alleen voor mij').count()).toBe(0);
    // The member sees the decision, with its vote, and not the clerk's private note.
    await member.page.goto(`${web.url}${ITEM}`);
    await openTab(member.page, 'Besluiten');
    const memberDecisions = member.page.getByRole('region', { name: 'Moties, amendementen en besluiten' });
    await memberDecisions.getByRole('heading', { name: 'M7 Meer bomen aan de Schiedamseweg' }).waitFor();
    await memberDecisions.getByText('Besluit: Aangenomen').waitFor();
    expect(await memberDecisions.getByRole('button', { name: 'Motie, amendement of voorstel vastleggen' }).count(), 'only the clerk records motions').toBe(0);
    expect(await seriousAxeViolations(member.page)).toEqual([]);
    await openTab(member.page, 'Notities');
    const memberNotes = member.page.getByRole('region', { name: 'Notities' });
    await memberNotes.getByText('Zebrapad hier').waitFor();
    expect(await memberNotes.getByText('Griffie intern').count()).toBe(0);
    expect(await seriousAxeViolations(member.page)).toEqual([]);

    // Step: the member's second device, signed in afterwards, gets both of the member's notes.
    const tablet = await openSession();
    sessions.push(tablet);
    await signIn(tablet.page, web.url, codes.memberTablet, 'tablet');
    await tablet.page.goto(`${web.url}${ITEM}`);
    await openTab(tablet.page, 'Notities');
    const tabletNotes = tablet.page.getByRole('region', { name: 'Notities' });
    await tabletNotes.getByText('Alleen voor mij:').waitFor({ timeout: 60_000 });
    await tabletNotes.getByText('Openbaar: zie').waitFor();
    expect(await tablet.page.getByText('Griffie intern').count()).toBe(0);

    // The hub holds each record once, and hands each person only theirs.
    const memberView = await onHub(memberToken);
    const texts = memberView.filter((r) => r.kind === 'note' && !r.deleted).map((r) => r.body?.text);
    expect(texts.sort()).toEqual(['Alleen voor mij: **vragen** over de bomen', 'Openbaar: zie https://example.org/bomen', 'Zebrapad hier']);
    expect(memberView.find((r) => r.body?.text === 'Zebrapad hier')?.body).toMatchObject({ target: { kind: 'place', geometry: { type: 'Point' } } });
    expect(memberView.filter((r) => r.kind === 'decision').map((r) => r.body?.result)).toEqual(['aangenomen']);
    expect(memberView.filter((r) => r.kind === 'proposal').map((r) => r.body?.title)).toEqual(['Meer bomen aan de Schiedamseweg']);
    const clerkView = await onHub(clerkToken);
    expect(
      clerkView
        .filter((r) => r.kind === 'note')
        .map((r) => r.body?.text)
        .sort(),
    ).toEqual(['Griffie intern: nakijken', 'Openbaar: zie https://example.org/bomen', 'Zebrapad hier']);
    for (const s of [member, clerk, tablet]) expect(s.externalRequests).toEqual([]);
  });
});
