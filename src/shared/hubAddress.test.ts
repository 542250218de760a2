import { describe, expect, it } from 'vitest';
import { checkHubAddress } from './hubAddress';

describe('checkHubAddress', () => {
  it.each([
    'https://hub.gemeente.example',
    'https://hub.gemeente.example:8443/raadskaart/',
    'http://127.0.0.1:8787',
    'http://127.1:8787',
    'http://localhost:8787',
    'http://[::1]:8787',
  ])('lets a token go to %s', (text) => {
    expect(checkHubAddress(text).ok).toBe(true);
  });

  it.each([
    ['http://hub.gemeente.example', 'insecure'],
    ['http://10.0.0.5:8787', 'insecure'],
    ['http://[::ffff:10.0.0.5]:8787', 'insecure'],
    ['http://128.0.0.1', 'insecure'],
    ['https://anna:geheim@hub.gemeente.example', 'credentials'],
    ['https://anna@hub.gemeente.example', 'credentials'],
    ['file:///etc/passwd', 'scheme'],
    ['hub.gemeente.example', 'invalid'],
  ])('refuses %s (%s)', (text, problem) => {
    const check = checkHubAddress(text);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toBe(problem);
  });
});
