// Runs the real `raadskaart` launcher (bin/raadskaart.mjs) as a child process in a temp folder.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIndex } from '../../tests/helpers/packageIndex';
import { makeKey, makeRkp, makeSignedManifest } from '../../tests/helpers/packages';

const BIN = resolve(__dirname, '../../bin/raadskaart.mjs');

type Run = { code: number; stdout: string; stderr: string };

function cli(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, timeout: 25_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** A minimal source folder in the examples/delfshaven format: one agenda item, one scenario, one indicator. */
async function writeTinySource(dir: string): Promise<void> {
  await mkdir(join(dir, 'briefings'), { recursive: true });
  await mkdir(join(dir, 'scenarios'), { recursive: true });
  const json = (name: string, value: unknown) => writeFile(join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  await json('raadskaart.json', {
    sourceFormatVersion: 1,
    packageId: 'nl.test.tiny',
    version: 1,
    title: 'Klein testpakket',
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    demo: false,
    created: '2026-01-01T00:00:00Z',
    validityDays: 3650,
    layers: [],
  });
  await json('meeting.json', {
    id: 'raad-2026-01',
    title: 'Raadsvergadering',
    body: 'Gemeenteraad',
    date: '2026-02-01T19:00:00Z',
    agendaItems: [{ id: 'park', number: '1', title: 'Nieuw park', briefing: 'briefings/park.md' }],
  });
  await writeFile(join(dir, 'briefings/park.md'), '# Nieuw park\n\nEen klein park.\n');
  await json('scenarios.json', { scenarios: [{ id: 'park-a', agendaItemId: 'park', title: 'Park A', summary: 'Een park.', file: 'scenarios/park-a.geojson' }] });
  await json('scenarios/park-a.geojson', {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [4.44, 51.91],
              [4.441, 51.91],
              [4.441, 51.911],
              [4.44, 51.911],
              [4.44, 51.91],
            ],
          ],
        },
        properties: { id: 'park-1', title: 'Park', description: 'Gras en bomen.', kind: 'park' },
      },
    ],
  });
  await json('indicators.json', {
    indicators: [
      { id: 'groen', title: 'Groen oppervlak', unit: 'm²', direction: 'higherIsBetter', method: 'Oppervlak van parken.', baseline: 1000, compute: { kind: 'greenArea' } },
    ],
  });
}

describe('raadskaart CLI', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'raadskaart-cli-'));
    await writeTinySource(join(dir, 'src'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints usage and exits 2 without a command', async () => {
    const run = await cli(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage: raadskaart <command>/);
  });

  it('exits 2 with usage on an unknown option', async () => {
    const run = await cli(dir, 'verify', 'x.rkp', '--trust', 'k.json', '--bogus');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage: raadskaart verify/);
  });

  it('makes a key pair, packs a source folder, and verifies the package', async () => {
    const keygen = await cli(dir, 'keygen', '--out', 'keys');
    expect(keygen.code).toBe(0);
    const publicKey = JSON.parse(await readFile(join(dir, 'keys/raadskaart-public.json'), 'utf8')) as { keyid: string };
    expect(keygen.stdout).toContain(`keyid ${publicKey.keyid}`);
    expect((await stat(join(dir, 'keys/raadskaart-private.json'))).mode & 0o777).toBe(0o600);

    const pack = await cli(dir, 'pack', 'src', '--key', 'keys/raadskaart-private.json', '--out', 'tiny.rkp', '--version', '7');
    expect(pack.stderr).toBe('');
    expect(pack.code).toBe(0);
    expect(pack.stdout).toMatch(/packed nl\.test\.tiny version 7/);

    const verify = await cli(dir, 'verify', 'tiny.rkp', '--trust', 'keys/raadskaart-public.json');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^OK nl\.test\.tiny version 7: "Klein testpakket"/);
    expect(verify.stdout).toContain(publicKey.keyid);
  });

  it('refuses to overwrite an existing key', async () => {
    await cli(dir, 'keygen', '--out', 'keys2');
    const before = await readFile(join(dir, 'keys2/raadskaart-private.json'), 'utf8');
    const again = await cli(dir, 'keygen', '--out', 'keys2');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(await readFile(join(dir, 'keys2/raadskaart-private.json'), 'utf8')).toBe(before);
  });

  it('exits 1 with one line when the package was tampered with', async () => {
    await cli(dir, 'keygen', '--out', 'keys3');
    const pack = await cli(dir, 'pack', 'src', '--key', 'keys3/raadskaart-private.json', '--out', 'good.rkp');
    expect(pack.code).toBe(0);
    const bytes = await readFile(join(dir, 'good.rkp'));
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    await writeFile(join(dir, 'tampered.rkp'), bytes);
    const run = await cli(dir, 'verify', 'tampered.rkp', '--trust', 'keys3/raadskaart-public.json');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^raadskaart verify: tampered\.rkp: /);
  });

  it('exits 1 with one line naming an untrusted signer', async () => {
    await cli(dir, 'keygen', '--out', 'keys4');
    await cli(dir, 'keygen', '--out', 'keys5');
    await cli(dir, 'pack', 'src', '--key', 'keys4/raadskaart-private.json', '--out', 'signed4.rkp');
    const run = await cli(dir, 'verify', 'signed4.rkp', '--trust', 'keys5/raadskaart-public.json');
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/unknown key/);
  });

  it('exits quietly, without a stack trace, when the reader of its output goes away (verify ... | head -1)', async () => {
    const key = await makeKey();
    await writeFile(join(dir, 'pipe.rkp'), await makeRkp(await makeSignedManifest({ keys: [key] })));
    await writeFile(join(dir, 'pipe-public.json'), JSON.stringify(key.publicKey));
    const child = spawn(process.execPath, [BIN, 'verify', 'pipe.rkp', '--trust', 'pipe-public.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    // the reader is gone before the command writes its first line: every line meets a closed pipe
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('exits 1 naming the indicator and scenario when a correctly signed package has content the app would refuse', async () => {
    const key = await makeKey();
    const index = defaultIndex();
    // additive, but 100 + 800 is not the 950 the scenario claims
    Object.assign(index.indicators[0] ?? {}, {
      additive: true,
      values: { 's-park': 950, 's-housing': 150 },
      contributions: { 's-park': { 'i-park': 800 }, 's-housing': { 'i-trees': 50 } },
    });
    const fixture = await makeSignedManifest({
      keys: [key],
      files: { 'index.json': JSON.stringify(index), 'layers/buildings.geojson': '{"type":"FeatureCollection","features":[]}', 'briefings/herinrichting.md': '# Herinrichting\n' },
    });
    await writeFile(join(dir, 'bad-content.rkp'), await makeRkp(fixture));
    await writeFile(join(dir, 'bad-content-public.json'), JSON.stringify(key.publicKey));

    const run = await cli(dir, 'verify', 'bad-content.rkp', '--trust', 'bad-content-public.json');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('index.json: $.indicators.0.values.s-park: indicator "green", scenario "s-park": baseline 100 + contributions 800 is 900, but the value is 950');
  });
});
