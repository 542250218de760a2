// How key ids are shown to people: 64 hex digits in groups of four, so they can be read out
// over the phone and compared with what an administrator or publisher sent.

/** A key id in groups of four, so it can be read out and compared. */
export function groupKeyid(keyid: string): string {
  return keyid.match(/.{1,4}/g)?.join(' ') ?? keyid;
}
