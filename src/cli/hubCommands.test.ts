// The `raadskaart hub ...` and `raadskaart publish` commands against a real hub on a loopback
// socket (embedded PGlite: these commands only compose what hub.test.ts proves per backend).
import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { hubCommand, serveOptions } from './hubCommands';
import { findUserByToken, redeemEnrolmentCode } from '../hub/accounts';
import { publishCommand } from './publish';
import { readAudit } from '../hub/audit';
import { openHubDb } from '../hub/db';
import type { RunningHub } from '../hub/start';
import { startHub } from '../hub/start';
import { makeKeyPair, makeRkp, tempDir } from '../../tests/helpers/hub';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('hub and publish commands', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let dataDir: string;
  let hub: RunningHub | undefined;
  let advisorToken = '';
  let memberToken = '';
  let publicKeyPath = '';
  let rkpV1 = '';
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    delete process.env.DATABASE_URL; // this file exercises the embedded database
    dir = await tempDir('raadskaart-cli-');
    dataDir = join(dir.path, 'hub-data');
    const keys = await makeKeyPair();
    publicKeyPath = join(dir.path, 'advisor.pub.json');
    await writeFile(publicKeyPath, JSON.stringify(keys.publicKey));
    rkpV1 = join(dir.path, 'v1.rkp');
    await writeFile(rkpV1, (await makeRkp({ key: keys.privateKey, version: 1 })).rkp);
  });

  afterAll(async () => {
    await hub?.close();
    await dir?.cleanup();
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  });

  it('trusts a publisher key from its public key file', async () => {
    const io = captureIo();
    expect(await hubCommand(['hub', 'key', 'add', '--data', dataDir, '--public', publicKeyPath], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^Trusted publisher key [0-9a-f]{64} \("advisor\.pub\.json"\) for every package\.$/);
  });

  /** Exchanges a printed sign-in code for a device token, as the app does (POST /v1/enrol). */
  async function redeem(code: string, label = 'laptop'): Promise<string> {
    const db = await openHubDb({ dataDir });
    try {
      const redeemed = await redeemEnrolmentCode(db, code, label, new Date());
      if (!redeemed) throw new Error(`the hub does not accept the code ${code}`);
      return redeemed.token;
    } finally {
      await db.close();
    }
  }

  it('adds users and prints a one-time sign-in code, grouped in fours, on its own stdout line', async () => {
    const io = captureIo();
    expect(await hubCommand(['hub', 'user', 'add', '--data', dataDir, '--name', 'Mo', '--role', 'member', '--group', 'Groen'], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    const code = io.stdout[0] ?? '';
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(io.stderr.join('\n')).toMatch(/works once, until/);
    memberToken = await redeem(code);
    expect(memberToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // once only
    await expect(redeem(code)).rejects.toThrow(/does not accept the code/);
  });

  it('gives a script a device token at once with "device add --token", printed once', async () => {
    const added = captureIo();
    expect(await hubCommand(['hub', 'user', 'add', '--data', dataDir, '--name', 'Anna Adviseur', '--role', 'advisor'], added)).toBe(0);
    const io = captureIo();
    expect(await hubCommand(['hub', 'device', 'add', '--data', dataDir, '--user', 'Anna Adviseur', '--label', 'publiceren', '--token'], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    advisorToken = io.stdout[0] ?? '';
    expect(advisorToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(advisorToken).not.toBe(memberToken);
    const list = captureIo();
    expect(await hubCommand(['hub', 'device', 'list', '--data', dataDir, '--user', 'Anna Adviseur'], list)).toBe(0);
    expect(list.stdout).toEqual([expect.stringMatching(/^\d+\tpubliceren\tadded \S+\tlast seen never$/)]);
  });

  it('refuses an unknown role with usage help and exit code 2', async () => {
    const io = captureIo();
    expect(await hubCommand(['hub', 'user', 'add', '--data', dataDir, '--name', 'X', '--role', 'admin'], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/--role as one of advisor, member, clerk, alderman/);
  });

  it('audits the administrative commands without their token', async () => {
    const db = await openHubDb({ dataDir });
    try {
      const lines = await readAudit(db, 10);
      expect(lines.map((l) => l.action).sort()).toEqual(['device.add', 'key.add', 'user.add', 'user.add']);
      expect(lines.every((l) => l.origin === 'cli' && l.result === 'ok')).toBe(true);
      expect(JSON.stringify(lines)).not.toContain(advisorToken);
    } finally {
      await db.close();
    }
  });

  it('re-keys a user: every device is revoked and a new sign-in code is printed once', async () => {
    const io = captureIo();
    expect(await hubCommand(['hub', 'user', 'rotate', '--data', dataDir, '--name', 'Mo'], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    const code = io.stdout[0] ?? '';
    expect(io.stderr.join('\n')).toMatch(/Revoked 1 device\(s\) of Mo/);
    const db = await openHubDb({ dataDir });
    try {
      expect(await findUserByToken(db, memberToken)).toBeUndefined();
      expect(await readAudit(db, 1)).toMatchObject([{ action: 'user.rotate', object: 'user:Mo', result: 'ok', origin: 'cli' }]);
      expect(JSON.stringify(await readAudit(db, 100))).not.toContain(code);
    } finally {
      await db.close();
    }
    memberToken = await redeem(code);
    const db2 = await openHubDb({ dataDir });
    try {
      expect((await findUserByToken(db2, memberToken))?.name).toBe('Mo');
    } finally {
      await db2.close();
    }
  });

  it("revokes one device alone; the user's other devices keep working", async () => {
    const second = captureIo();
    expect(await hubCommand(['hub', 'device', 'add', '--data', dataDir, '--user', 'Mo', '--label', 'tablet', '--token'], second)).toBe(0);
    const tabletToken = second.stdout[0] ?? '';
    const io = captureIo();
    expect(await hubCommand(['hub', 'device', 'revoke', '--data', dataDir, '--user', 'Mo', '--label', 'tablet'], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^Revoked device \d+ "tablet" of Mo\./);
    const db = await openHubDb({ dataDir });
    try {
      expect(await findUserByToken(db, tabletToken)).toBeUndefined();
      expect((await findUserByToken(db, memberToken))?.name).toBe('Mo');
      expect(await readAudit(db, 1)).toMatchObject([{ action: 'device.revoke', object: 'user:Mo', result: 'ok' }]);
    } finally {
      await db.close();
    }
    const again = captureIo();
    expect(await hubCommand(['hub', 'device', 'revoke', '--data', dataDir, '--user', 'Mo', '--label', 'tablet'], again)).toBe(1);
    expect(again.stderr[0]).toMatch(/Mo has no device labelled "tablet"/);
  });

  it('removes a user, and audits a removal of someone who is not there as rejected', async () => {
    const added = captureIo();
    expect(await hubCommand(['hub', 'user', 'add', '--data', dataDir, '--name', 'Tijdelijk', '--role', 'clerk'], added)).toBe(0);
    const io = captureIo();
    expect(await hubCommand(['hub', 'user', 'remove', '--data', dataDir, '--name', 'Tijdelijk'], io)).toBe(0);
    expect(io.stdout).toEqual(['Removed Tijdelijk (clerk). Their devices are revoked and their tokens no longer work.']);
    const again = captureIo();
    expect(await hubCommand(['hub', 'user', 'remove', '--data', dataDir, '--name', 'Tijdelijk'], again)).toBe(1);
    expect(again.stderr[0]).toMatch(/no user called "Tijdelijk"/);
    const db = await openHubDb({ dataDir });
    try {
      expect(await redeemEnrolmentCode(db, added.stdout[0] ?? '', 'x', new Date())).toBeUndefined();
      const lines = await readAudit(db, 3);
      expect(lines.map((l) => [l.action, l.result])).toEqual([
        ['user.remove', 'rejected'],
        ['user.remove', 'ok'],
        ['user.add', 'ok'],
      ]);
    } finally {
      await db.close();
    }
  });

  it('refuses to add a second user with a name in use, and audits it', async () => {
    const io = captureIo();
    expect(await hubCommand(['hub', 'user', 'add', '--data', dataDir, '--name', 'Mo', '--role', 'advisor'], io)).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr[0]).toMatch(/a user called "Mo" exists already/);
    const db = await openHubDb({ dataDir });
    try {
      expect(await readAudit(db, 1)).toMatchObject([{ action: 'user.add', object: 'user:Mo', result: 'rejected' }]);
    } finally {
      await db.close();
    }
  });

  it('reads --public-read and --trust-proxy (loopback proxies only); by default reads need a token', () => {
    expect(serveOptions(['--port', '0', '--public-read', '--trust-proxy'])).toMatchObject({ port: 0, host: '127.0.0.1', publicRead: true, trustProxy: 'loopback' });
    const defaults = serveOptions([]);
    expect(defaults).toMatchObject({ port: 8787, publicRead: false });
    expect(defaults.trustProxy).toBeUndefined();
    expect(() => serveOptions(['--trust-proxy', '10.0.0.1'])).toThrow(/Unexpected argument/);
  });

  it('publishes a .rkp to a running hub and prints the version', async () => {
    hub = await startHub({ dataDir, port: 0 });
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const io = captureIo();
    expect(await publishCommand(['publish', rkpV1, '--hub', hub.url, '--token', advisorToken], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^Published test\.delfshaven version 1 \(manifest sha256 [0-9a-f]{64}\)/);
    expect((await fetch(`${hub.url}/v1/catalog`)).status).toBe(401);
    const catalog = (await (await fetch(`${hub.url}/v1/catalog`, { headers: { authorization: `Bearer ${memberToken}` } })).json()) as { packages: unknown[] };
    expect(catalog.packages).toHaveLength(1);
  });

  it("prints the hub's reason in one line and exits 1 when the version is not newer", async () => {
    const io = captureIo();
    expect(await publishCommand([rkpV1, '--hub', `${hub?.url}/`, '--token', advisorToken], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/HTTP 409 version-not-newer\): test\.delfshaven has version 1 published on this hub; publish a version higher than 1/);
  });

  it('reports a refused token even when the hub answers before reading a large upload', async () => {
    const big = join(dir.path, 'big.rkp');
    await writeFile(big, randomBytes(8 * 1024 * 1024));
    const io = captureIo();
    expect(await publishCommand([big, '--hub', hub?.url ?? '', '--token', 'x'.repeat(43)], io)).toBe(1);
    expect(io.stderr[0]).toMatch(/HTTP 401 unauthorized/);
    const member = captureIo();
    expect(await publishCommand([rkpV1, '--hub', hub?.url ?? '', '--token', memberToken], member)).toBe(1);
    expect(member.stderr[0]).toMatch(/HTTP 403 forbidden\): only advisors may publish/);
  });

  it("adds a user and trusts a key while the hub runs, through its local admin route, and keeps its secret to the hub's user", async () => {
    const running = hub;
    if (!running) throw new Error('no running hub');
    const admin = JSON.parse(await readFile(join(dataDir, 'hub-admin.json'), 'utf8')) as { url: string; pid: number };
    expect(admin).toMatchObject({ url: running.adminUrl, pid: process.pid });
    expect((await stat(join(dataDir, 'hub-admin.json'))).mode & 0o777).toBe(0o600);

    const io = captureIo();
    expect(await hubCommand(['hub', 'user', 'add', '--data', dataDir, '--name', 'Late', '--role', 'clerk'], io)).toBe(0);
    const code = io.stdout[0] ?? '';
    const enrolled = await fetch(`${running.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label: 'laptop' }) });
    expect(enrolled.status).toBe(200);
    const { token } = (await enrolled.json()) as { token: string };
    const me = await fetch(`${running.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ name: 'Late', role: 'clerk', device: { label: 'laptop' } });

    const second = await makeKeyPair();
    const secondPath = join(dir.path, 'second.pub.json');
    await writeFile(secondPath, JSON.stringify(second.publicKey));
    const key = captureIo();
    expect(await hubCommand(['hub', 'key', 'add', '--data', dataDir, '--public', secondPath, '--package', 'test.second'], key)).toBe(0);
    expect(key.stdout[0]).toMatch(/^Trusted publisher key [0-9a-f]{64} \("second\.pub\.json"\) for package\(s\) test\.second\.$/);
    const v1 = join(dir.path, 'second.rkp');
    await writeFile(v1, (await makeRkp({ key: second.privateKey, packageId: 'test.second', version: 1 })).rkp);
    const published = captureIo();
    expect(await publishCommand([v1, '--hub', running.url, '--token', advisorToken], published)).toBe(0);

    // the same refusals as on the database itself, audited by the running hub
    const twice = captureIo();
    expect(await hubCommand(['hub', 'user', 'add', '--data', dataDir, '--name', 'Late', '--role', 'clerk'], twice)).toBe(1);
    expect(twice.stderr[0]).toMatch(/a user called "Late" exists already/);
    const lines = await readAudit(running.db, 4);
    expect(lines.map((l) => [l.action, l.result, l.origin])).toEqual([
      ['user.add', 'rejected', 'cli'],
      ['package.publish', 'ok', '127.0.0.1'],
      ['key.add', 'ok', 'cli'],
      ['device.enrol', 'ok', '127.0.0.1'],
    ]);
  });

  it('verifies the audit chain, and finds a line changed behind its back', async () => {
    const running = hub;
    if (!running) throw new Error('no running hub');
    const io = captureIo();
    expect(await hubCommand(['hub', 'audit', 'verify', '--data', dataDir], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^Audit log intact: \d+ line\(s\) in the chain/);
    await running.db.query("UPDATE audit_log SET detail = 'niets aan de hand' WHERE action = 'user.rotate'");
    const changed = captureIo();
    expect(await hubCommand(['hub', 'audit', 'verify', '--data', dataDir], changed)).toBe(1);
    expect(changed.stderr.join('\n')).toMatch(/audit line \d+ \(position \d+, user\.rotate user:Mo\) was changed after it was written/);
  });

  it('says so when the hub cannot be reached', async () => {
    const running = hub;
    hub = undefined;
    const url = running?.url ?? '';
    await running?.close();
    // the admin file goes with the hub that wrote it
    await expect(stat(join(dataDir, 'hub-admin.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    const io = captureIo();
    expect(await publishCommand([rkpV1, '--hub', url, '--token', advisorToken], io)).toBe(1);
    expect(io.stderr[0]).toMatch(/cannot reach the hub at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });
});
