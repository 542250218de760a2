import { describe, expect, it } from 'vitest';
import { checkHubUrl, normalizeHubUrl } from './hubUrl';
import { InvalidHubUrlError } from './hubErrors';

describe('checkHubUrl', () => {
  it('accepts https for any host and normalises to origin plus path without trailing slash', () => {
    expect(checkHubUrl(' https://Hub.Gemeente.nl/raadskaart/ ')).toEqual({ ok: true, url: 'https://hub.gemeente.nl/raadskaart' });
    expect(checkHubUrl('https://hub.gemeente.nl')).toEqual({ ok: true, url: 'https://hub.gemeente.nl' });
  });

  it('refuses plain http to another computer, where the access code would travel unencrypted', () => {
    expect(checkHubUrl('http://hub.gemeente.nl')).toEqual({ ok: false, reason: 'insecure' });
    expect(checkHubUrl('http://192.168.1.20:8080')).toEqual({ ok: false, reason: 'insecure' });
    expect(checkHubUrl('http://localhost.evil.example')).toEqual({ ok: false, reason: 'insecure' });
    expect(checkHubUrl('http://128.0.0.1')).toEqual({ ok: false, reason: 'insecure' });
    expect(() => normalizeHubUrl('http://hub.gemeente.nl')).toThrow(InvalidHubUrlError);
    expect(() => normalizeHubUrl('http://hub.gemeente.nl')).toThrow(/unencrypted/);
  });

  it('accepts plain http for loopback hosts: 127.0.0.0/8, ::1 and localhost', () => {
    expect(checkHubUrl('http://127.0.0.1:5173/')).toEqual({ ok: true, url: 'http://127.0.0.1:5173' });
    expect(checkHubUrl('http://127.8.9.10')).toEqual({ ok: true, url: 'http://127.8.9.10' });
    expect(checkHubUrl('http://[::1]:8080/hub')).toEqual({ ok: true, url: 'http://[::1]:8080/hub' });
    expect(checkHubUrl('http://LOCALHOST:8080')).toEqual({ ok: true, url: 'http://localhost:8080' });
  });

  it("accepts plain http for the page's own origin", () => {
    expect(checkHubUrl('http://raadskaart.intern:8080/', { pageOrigin: 'http://raadskaart.intern:8080' })).toEqual({ ok: true, url: 'http://raadskaart.intern:8080' });
    expect(checkHubUrl('http://raadskaart.intern:8081/', { pageOrigin: 'http://raadskaart.intern:8080' })).toEqual({ ok: false, reason: 'insecure' });
  });

  it("accepts the Electron app's own address app://raadskaart and no other app: host", () => {
    expect(checkHubUrl('app://raadskaart')).toEqual({ ok: true, url: 'app://raadskaart' });
    expect(normalizeHubUrl('app://raadskaart/')).toBe('app://raadskaart');
    expect(checkHubUrl('app://elders')).toEqual({ ok: false, reason: 'scheme' });
  });

  it('refuses other schemes, credentials and non-addresses', () => {
    expect(checkHubUrl('ftp://hub.gemeente.nl')).toEqual({ ok: false, reason: 'scheme' });
    expect(checkHubUrl('https://jan:geheim@hub.gemeente.nl')).toEqual({ ok: false, reason: 'credentials' });
    expect(checkHubUrl('hub.gemeente.nl')).toEqual({ ok: false, reason: 'invalid' });
    expect(checkHubUrl('  ')).toEqual({ ok: false, reason: 'empty' });
  });
});
