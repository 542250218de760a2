// Codes a person reads aloud or types to connect a device to the hub: the one-time enrolment
// code (16 characters from an alphabet without look-alikes, shown as four groups of four:
// "7KQM-X2PA-HC9T-ZW4R") and the hub's key code (its 64-hex key id in sixteen groups of four,
// four groups to a line), shown the same way on the hub console and in the app so two people
// can compare them group by group. Pure (WebCrypto's getRandomValues for new codes).
// Never accept a code that is not exactly ENROLMENT_LENGTH characters of the alphabet.

/** No 0/O, 1/I/L: characters nobody confuses when reading or typing. 31 characters. */
export const ENROLMENT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ENROLMENT_LENGTH = 16;
/** How long an enrolment code can be used: 24 hours. */
export const ENROLMENT_VALID_MS = 24 * 60 * 60 * 1000;

/** A new enrolment code (ungrouped), uniformly drawn: about 79 bits. */
export function newEnrolmentCode(): string {
  const out: string[] = [];
  const buf = new Uint8Array(32);
  while (out.length < ENROLMENT_LENGTH) {
    crypto.getRandomValues(buf);
    for (const byte of buf) {
      // 248 = 8 * 31: bytes above it would make some characters likelier than others
      if (byte < 248 && out.length < ENROLMENT_LENGTH) out.push(ENROLMENT_ALPHABET[byte % 31] as string);
    }
  }
  return out.join('');
}

/** "7KQMX2PAHC9TZW4R" as "7KQM-X2PA-HC9T-ZW4R". */
export function formatEnrolmentCode(code: string): string {
  return (code.match(/.{1,4}/g) ?? []).join('-');
}

export type EnrolmentCodeCheck = { ok: true; code: string } | { ok: false; reason: 'empty' | 'length' | 'character'; character?: string };

/**
 * Reads a typed enrolment code: case, spaces and dashes do not matter. Says what is wrong
 * otherwise (a character that never occurs in codes, such as O or 1, or the wrong length).
 */
export function parseEnrolmentCode(input: string): EnrolmentCodeCheck {
  const code = input.toUpperCase().replace(/[\s\-–—.]/g, '');
  if (code === '') return { ok: false, reason: 'empty' };
  for (const c of code) if (!ENROLMENT_ALPHABET.includes(c)) return { ok: false, reason: 'character', character: c };
  if (code.length !== ENROLMENT_LENGTH) return { ok: false, reason: 'length' };
  return { ok: true, code };
}

/** A key id in groups of four, so it can be read out and compared. */
export function groupKeyCode(keyid: string): string {
  return keyid.match(/.{1,4}/g)?.join(' ') ?? keyid;
}

/** A key id as lines of four groups of four (the console prints these; the app shows the same lines). */
export function keyCodeLines(keyid: string): string[] {
  const groups = keyid.match(/.{1,4}/g) ?? [keyid];
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += 4) lines.push(groups.slice(i, i + 4).join(' '));
  return lines;
}
