// The path of a package update as people walk it, with the real parts: the `raadskaart` CLI
// trusts the demo publisher key on a new hub and adds an advisor, the hub runs on embedded
// PGlite, the advisor packs examples/delfshaven with one indicator changed as version 2 and
// publishes it, and the app in Chromium (web host, hub forwarded on its own origin) pins the
// hub key after showing it, updates, and downloads only the chunk that changed.
import { spawn, execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/lib/staticServer';
import { openSession, seriousAxeViolations } from './browser';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const cli = resolve(root, 'bin/raadskaart.mjs');
const demoKeys = resolve(root, 'examples/delfshaven/keys');
// The e2e hub uses embedded PGlite, as `npx raadskaart hub` does on a new machine.
const env = { ...process.env, DATABASE_URL: '' };

async function raadskaart(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [cli, ...args], { cwd: root, env });
  return stdout;
}

describe('an advisor publishes version 2 and the app picks it up (CLI, hub on PGlite, Chromium)', () => {
  const work = mkdtempSync(join(tmpdir(), 'raadskaart-hub-e2e-'));
  const dataDir = join(work, 'hub-data');
  let hubProcess: ReturnType<typeof spawn> | undefined;
  let hubUrl = '';
  let memberToken = '';
  let web: StaticServer;

  beforeAll(async () => {
    await raadskaart('hub', 'key', 'add', '--data', dataDir, '--public', join(demoKeys, 'demo-public.json'), '--package', 'nl.rotterdam.demo.delfshaven');
    // `hub user add` prints a one-time sign-in code for the app; a script (publish) and this
    // test's token-by-hand path take a device token from `hub device add --token`.
    await raadskaart('hub', 'user', 'add', '--data', dataDir, '--name', 'adviseur', '--role', 'advisor');
    const token = (await raadskaart('hub', 'device', 'add', '--data', dataDir, '--user', 'adviseur', '--label', 'publiceren', '--token')).trim();
    // reading packages from the hub needs a token too (any role)
    await raadskaart('hub', 'user', 'add', '--data', dataDir, '--name', 'raadslid', '--role', 'member');
    memberToken = (await raadskaart('hub', 'device', 'add', '--data', dataDir, '--user', 'raadslid', '--label', 'laptop', '--token')).trim();

    hubProcess = spawn(process.execPath, [cli, 'hub', '--port', '0', '--data', dataDir], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    hubUrl = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      hubProcess!.stdout!.on('data', (part: Buffer) => {
        out += part.toString('utf8');
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolveUrl(match[1]!);
      });
      hubProcess!.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)));
    });

    // Version 2 of the demo source with one indicator value changed.
    const source = join(work, 'delfshaven-v2');
    cpSync(resolve(root, 'examples/delfshaven'), source, { recursive: true });
    const indicatorsFile = join(source, 'indicators.json');
    const indicators = JSON.parse(readFileSync(indicatorsFile, 'utf8')) as { indicators: { id: string; values?: Record<string, number> }[] };
    const cost = indicators.indicators.find((i) => i.id === 'investering');
    if (!cost?.values) throw new Error('examples/delfshaven/indicators.json has no "investering" values to change');
    cost.values.groen = 5_300_000;
    writeFileSync(indicatorsFile, JSON.stringify(indicators, null, 2));
    const rkp = join(work, 'delfshaven-v2.rkp');
    await raadskaart('pack', source, '--key', join(demoKeys, 'demo-private.json'), '--out', rkp, '--version', '2');
    await raadskaart('publish', rkp, '--hub', hubUrl, '--token', token);

    web = await startStaticServer({ root: resolve(root, 'out/renderer'), port: 0, hubUrl });
  });

  afterAll(async () => {
    await web?.close();
    hubProcess?.kill('SIGTERM');
    if (hubProcess && hubProcess.exitCode === null) await new Promise((r) => hubProcess!.once('exit', r));
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the hub key, updates to version 2 with only the changed chunk, and shows the new value', async () => {
    const session = await openSession();
    try {
      const { page } = session;
      const chunkDownloads: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/v1/chunks/')) chunkDownloads.push(r.url());
      });
      const origin = new URL(web.url).origin;

      // Version 1 (the bundled demo) is installed on first start.
      await page.goto(web.url);
      await page
        .getByRole('link', { name: /Herinrichting Delfshaven/ })
        .first()
        .waitFor({ timeout: 60_000 });
      await page.getByText('versie 1').first().waitFor();

      // Step: the updates screen, reached by its old address #/sync, which now redirects to
      // #/updates; the hub key is shown and pinned only after confirmation.
      await page.goto(`${web.url}#/sync`);
      await page.getByRole('heading', { level: 1, name: 'Pakketten bijwerken' }).waitFor();
      await expect.poll(() => new URL(page.url()).hash).toBe('#/updates');
      await page.getByLabel('Hub-adres').fill(origin);
      await page.getByLabel('Toegangscode').fill(memberToken);
      await page.getByRole('button', { name: 'Sleutel van de hub ophalen' }).click();
      await page.getByRole('button', { name: 'Ja, deze sleutel vertrouwen' }).click();
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Step: update; the status says version 2 and only one chunk came over the wire.
      await page.getByRole('button', { name: 'Pakketten bijwerken' }).click();
      await page
        .getByRole('status')
        .getByText(/bijgewerkt naar versie 2/)
        .waitFor({ timeout: 60_000 });
      expect(chunkDownloads, 'only the changed index chunk is downloaded').toHaveLength(1);

      // Step: the agenda item shows the new cost for the green scenario.
      await page.goto(`${web.url}#/p/nl.rotterdam.demo.delfshaven/a/herinrichting-delfshaven`);
      const table = page.getByRole('table');
      await table.waitFor();
      await expect.poll(() => table.getByText('5.300.000').count()).toBeGreaterThan(0);
      expect(await page.getByText('4.800.000').count(), 'the old value is gone').toBe(0);
      expect(session.externalRequests).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
