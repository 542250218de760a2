import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ExpiredError, IntegrityError, RaadskaartError, RollbackError, UnknownKeyError, ValidationError } from '../shared/errors';
import { HTTP_STATUS, HttpError, toHttpError } from './httpErrors';

describe("the hub's HTTP errors", () => {
  it('are RaadskaartErrors with a shared code', () => {
    const err = toHttpError(new ValidationError('index.json: $.meetings: too small'));
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toBeInstanceOf(RaadskaartError);
    expect(err).toMatchObject({ status: 422, code: 'validation', message: 'index.json: $.meetings: too small' });
    expect(toHttpError(new IntegrityError('x'))).toMatchObject({ status: 422, code: 'integrity' });
    expect(toHttpError(new RollbackError('older', 3, 2))).toMatchObject({ status: 409, code: 'version-not-newer' });
    expect(toHttpError(new UnknownKeyError('no trusted key', []))).toMatchObject({ code: 'unknown-key', message: expect.stringMatching(/hub key add/) });
    expect(toHttpError(new ExpiredError('expired', '2020-01-01T00:00:00Z')).message).toMatch(/later expiry/);
  });

  it("never pass on an unexpected failure's message", () => {
    const err = toHttpError(new Error('connect ECONNREFUSED 10.0.0.3:5432 password=geheim'));
    expect(err).toMatchObject({ status: 500, code: 'internal' });
    expect(err.message).not.toContain('geheim');
    expect(toHttpError(new RaadskaartError('storage', 'disk full at /srv'))).toMatchObject({ status: 500, code: 'internal' });
  });

  it('send only kebab-case codes of the shared union, each documented in docs/hub-api.md with its status', () => {
    const docs = readFileSync(join(__dirname, '../../docs/hub-api.md'), 'utf8');
    const table = docs.slice(docs.indexOf('## Errors'), docs.indexOf('## Endpoints'));
    for (const [code, status] of Object.entries(HTTP_STATUS)) {
      expect(ERROR_CODES as readonly string[]).toContain(code);
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(table, code).toMatch(new RegExp(`^\\| \`${code}\` \\| ${status} \\|`, 'm'));
    }
  });
});
