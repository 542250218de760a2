// `raadskaart publish FILE.rkp --hub URL --token TOKEN`: streams a package file to a hub's
// POST /v1/packages and prints the published version, or one line with the hub's error code
// and reason. The file is streamed, never read into memory. The token may also come from the
// environment variable RAADSKAART_TOKEN (keeps it out of shell history); it is never printed,
// and never sent over plain http:// to another computer, nor to an address with credentials
// in it (src/shared/hubAddress.ts).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { checkHubAddress } from '../shared/hubAddress';
import type { CliIo } from './io';
import { processIo } from './io';

export const PUBLISH_USAGE =
  'Usage: raadskaart publish FILE.rkp --hub URL --token TOKEN   (or RAADSKAART_TOKEN in the environment; URL https://, or http:// for a hub on this computer)';

const RKP_MEDIA_TYPE = 'application/vnd.raadskaart.rkp';

type PublishResponse = { status: number; body: string; retryAfter: string | undefined };

/** Runs `publish ...` (args may start with 'publish' or not); resolves to the exit code. */
export async function publishCommand(args: string[], io: CliIo = processIo): Promise<number> {
  const rest = args[0] === 'publish' ? args.slice(1) : args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { hub: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    io.err(`raadskaart publish: ${(err as Error).message}`);
    io.err(PUBLISH_USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(PUBLISH_USAGE);
    return 0;
  }
  const token = values.token ?? process.env.RAADSKAART_TOKEN;
  if (positionals.length !== 1 || !values.hub || !token) {
    io.err(`raadskaart publish: ${positionals.length !== 1 ? 'give exactly one .rkp file' : !values.hub ? 'give the hub with --hub URL' : 'give a token with --token TOKEN'}`);
    io.err(PUBLISH_USAGE);
    return 2;
  }
  const address = checkHubAddress(values.hub.endsWith('/') ? values.hub : `${values.hub}/`);
  if (!address.ok) {
    io.err(`raadskaart publish: --hub: ${address.message}`);
    return 2;
  }
  const endpoint = new URL('v1/packages', address.url);
  const file = resolve(positionals[0] as string);
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a file');
    size = s.size;
  } catch {
    io.err(`raadskaart publish: cannot read ${file}: is it a .rkp file made by raadskaart pack?`);
    return 1;
  }

  let response: PublishResponse;
  try {
    response = await upload(endpoint, file, size, token);
  } catch (err) {
    io.err(`raadskaart publish: cannot reach the hub at ${endpoint.origin}: ${(err as Error).message}`);
    return 1;
  }
  const json = parseJson(response.body);
  if (response.status === 201 && json && typeof json.packageId === 'string' && typeof json.version === 'number') {
    io.out(`Published ${json.packageId} version ${json.version} (manifest sha256 ${String(json.manifestSha256)}) to ${endpoint.origin}`);
    return 0;
  }
  const error = json?.error as { code?: unknown; message?: unknown } | undefined;
  const reason = typeof error?.message === 'string' ? error.message : response.body.slice(0, 200).replace(/\s+/g, ' ') || 'no reason given';
  // the hub's code (docs/hub-api.md, "Errors") names the reason for scripts; the message is for people
  const code = typeof error?.code === 'string' ? ` ${error.code}` : '';
  const retry = response.retryAfter && /^\d+$/.test(response.retryAfter) ? ` (the hub asks to wait ${response.retryAfter} s)` : '';
  io.err(`raadskaart publish: the hub refused the package (HTTP ${response.status}${code}): ${reason}${retry}`);
  return 1;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POSTs the file as a stream with its length. A hub may answer before it has read everything
 * (a wrong token, say) and close the connection: the answer counts, a write error after it not.
 */
function upload(endpoint: URL, file: string, size: number, token: string): Promise<PublishResponse> {
  return new Promise((resolvePromise, reject) => {
    let answered = false;
    const send = endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(endpoint, {
      method: 'POST',
      headers: { 'content-type': RKP_MEDIA_TYPE, 'content-length': String(size), authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      const retryAfter = res.headers['retry-after'];
      res.on('end', () =>
        resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter }),
      );
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    pipeline(createReadStream(file), req).catch((err: unknown) => {
      if (!answered) reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}
