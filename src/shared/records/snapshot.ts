// The hash over a decision's snapshot (what the council saw: package version and manifest,
// the view, the indicator values on screen), so anyone can check later that an exported or
// synced snapshot was not changed: sha256 over the canonical JSON of the snapshot without its
// own `sha256` field. Pure (WebCrypto).
import { canonicalJsonBytes } from '../canonicalJson';
import { sha256Hex } from '../hash';
import type { DecisionSnapshot } from './records';

export type UnsealedSnapshot = Omit<DecisionSnapshot, 'sha256'>;

/** The snapshot with its hash. */
export async function sealSnapshot(snapshot: UnsealedSnapshot): Promise<DecisionSnapshot> {
  return { ...snapshot, sha256: await sha256Hex(canonicalJsonBytes(snapshot)) };
}

/** True when the snapshot's hash matches its content. */
export async function snapshotIntact(snapshot: DecisionSnapshot): Promise<boolean> {
  const { sha256, ...rest } = snapshot;
  return (await sha256Hex(canonicalJsonBytes(rest))) === sha256;
}
