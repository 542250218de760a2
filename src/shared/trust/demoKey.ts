// The bundled demo publisher key and the rule that goes with it: its private half is public
// (examples/delfshaven/keys/demo-private.json), so anyone can sign with it. It is trusted only
// for the demo package's id and only for manifests marked `demo: true` (pinnedManifest.ts), and
// whatever it alone vouches for is labelled as a demo. Pure data and predicates.
// The key is written out here rather than imported from examples/ so that src/shared depends
// on nothing outside itself; a test checks it equals examples/delfshaven/keys/demo-public.json.
// Must never widen the demo key's scope or drop its demoOnly flag.
import { TrustedKey } from '../keys';
import type { Manifest } from '../packageFormat';

/** The bundled demo package: the only id the (public) demo key is trusted for. */
export const DEMO_PACKAGE_ID = 'nl.rotterdam.demo.delfshaven';

/** The demo publisher key as pinned by default. */
export const DEMO_TRUSTED_KEY: TrustedKey = TrustedKey.parse({
  keyid: 'afea432612546372a13fad5df74fdf18a717fddf0f1d7f38beacabe7c97a7b0a',
  publicKey: 'n0ET31DJN6Z5HUbyMYX83RzKXV5Hk6GMU0iIC1Rw704=',
  role: 'publisher',
  packageIds: [DEMO_PACKAGE_ID],
  // Stored with the entry (older installations have it); the UI shows its own translated name
  // for the demo key (isDemoOnlyKey), never this label.
  label: 'Demo-uitgever (openbare sleutel, alleen voor het demopakket)',
  demoOnly: true,
});

/** The trust list of a fresh installation: only the demo key. */
export function defaultTrustedKeys(): TrustedKey[] {
  return [structuredClone(DEMO_TRUSTED_KEY)];
}

/**
 * Whether a pinned key may vouch only for demo packages: marked demoOnly, or the bundled demo
 * key itself whatever its entry says (its private key is in the repository, so a trust list
 * stored before demoOnly existed, or edited by hand, must not make it a real publisher).
 */
export function isDemoOnlyKey(key: TrustedKey): boolean {
  return key.demoOnly === true || key.keyid === DEMO_TRUSTED_KEY.keyid;
}

/** Whether `key` is an entry of the default trust list (the UI never offers to remove one). */
export function isDefaultTrustedKey(key: Pick<TrustedKey, 'keyid' | 'role'>): boolean {
  return defaultTrustedKeys().some((d) => d.keyid === key.keyid && d.role === key.role);
}

/**
 * Whether the UI must label a package as a demo: marked `demo: true`, or signed by nothing but
 * the public demo key (which install refuses for non-demo manifests; this also covers a row
 * stored before that rule existed). The badge must never be missing on what anyone could sign.
 */
export function isDemoPackage(pkg: { demo: boolean; manifest: Pick<Manifest, 'signatures'> }): boolean {
  if (pkg.demo) return true;
  const signers = pkg.manifest.signatures;
  return signers.length > 0 && signers.every((s) => s.keyid === DEMO_TRUSTED_KEY.keyid);
}
