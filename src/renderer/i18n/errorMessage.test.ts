// The one map from errors to the sentences a clerk reads: every ErrorCode has a sentence in
// both languages, HTTP 401/403 and a full disk (also wrapped by Dexie) are recognised, anything
// else is "unknown", and the technical detail names where the problem is.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FetchError, IntegrityError, RaadskaartError, SignatureError, UnknownKeyError, ValidationError } from '../../shared/errors';
import { DamagedPackageFileError, NotAPackageError } from '../updates/packageFileErrors';
import { HubKeyMismatchError } from '../updates/hubErrors';
import { describeError, errorCodeOf, errorMessageKey, technicalDetail } from './errorMessage';
import { resources } from './resources';

const sentence = (language: 'nl' | 'en', key: string): unknown =>
  key.split('.').reduce<unknown>((tree, part) => (tree as Record<string, unknown> | undefined)?.[part], resources[language].translation);

describe('errorCodeOf', () => {
  it('takes the code of a typed error, also of the renderer’s own error classes', () => {
    expect(errorCodeOf(new IntegrityError('x'))).toBe('integrity');
    expect(errorCodeOf(new UnknownKeyError('x', []))).toBe('unknown-key');
    expect(errorCodeOf(new HubKeyMismatchError('x', []))).toBe('hub-key-mismatch');
    expect(errorCodeOf(new NotAPackageError('x'))).toBe('not-a-package');
    expect(errorCodeOf(new DamagedPackageFileError('x'))).toBe('damaged-file');
  });

  it('calls HTTP 401 and 403 unauthorized and other fetch failures fetch', () => {
    expect(errorCodeOf(new FetchError('x', 401))).toBe('unauthorized');
    expect(errorCodeOf(new FetchError('x', 403))).toBe('unauthorized');
    expect(errorCodeOf(new FetchError('x', 404))).toBe('fetch');
    expect(errorCodeOf(new FetchError('x'))).toBe('fetch');
  });

  it('recognises a full disk as IndexedDB reports it and as Dexie wraps it', () => {
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    expect(errorCodeOf(quota)).toBe('storage');
    expect(errorCodeOf(Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quota }))).toBe('storage');
  });

  it('calls anything else unknown', () => {
    expect(errorCodeOf(new TypeError('x is undefined'))).toBe('unknown');
    expect(errorCodeOf('weird')).toBe('unknown');
    expect(errorCodeOf(undefined)).toBe('unknown');
  });
});

describe('errorMessageKey', () => {
  it('gives every ErrorCode a sentence that exists in Dutch and in English', () => {
    for (const code of ERROR_CODES) {
      const key = errorMessageKey(code);
      expect(typeof sentence('nl', key), `${code} -> ${key} (nl)`).toBe('string');
      expect(typeof sentence('en', key), `${code} -> ${key} (en)`).toBe('string');
    }
  });

  it('tells a bad signature from an unknown publisher, and a damaged file from a damaged download', () => {
    expect(errorMessageKey(errorCodeOf(new SignatureError('x')))).toBe('errors.signature');
    expect(errorMessageKey(errorCodeOf(new UnknownKeyError('x', [])))).toBe('errors.unknownKey');
    expect(errorMessageKey('integrity')).not.toBe(errorMessageKey('damaged-file'));
    expect(errorMessageKey('not-a-package')).toBe('errors.notAPackage');
    expect(sentence('nl', errorMessageKey('damaged-file'))).toMatch(/pakketbestand is beschadigd/);
  });

  it('says a full disk the same way wherever it happens', () => {
    expect(sentence('nl', errorMessageKey('storage'))).toMatch(/^Er is niet genoeg opslagruimte op deze computer\./);
  });
});

describe('describeError and technicalDetail', () => {
  it('keeps the code and the technical message apart', () => {
    expect(describeError(new FetchError('GET /v1/catalog: HTTP 401', 401))).toEqual({ code: 'unauthorized', message: 'GET /v1/catalog: HTTP 401' });
    expect(describeError('boom')).toEqual({ code: 'unknown', message: 'boom' });
  });

  it('names class, code and where for the administrator', () => {
    const error = new ValidationError('index.json: $.layers.0: bad', { file: 'index.json', path: '$.layers.0', featureIndex: 3 });
    expect(technicalDetail(error)).toBe('ValidationError: index.json: $.layers.0: bad\ncode: validation\nfile: index.json\npath: $.layers.0\nfeature: 3');
    expect(technicalDetail(new RaadskaartError('worker', 'no worker'))).toBe('RaadskaartError: no worker\ncode: worker');
  });
});
