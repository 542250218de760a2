// Size limits that every reader of packages shares (the app's HTTP and .rkp installs, the hub,
// the CLI), kept in one place so a package one side accepts is never refused by the other.
// Pure constants: no imports, no logic.

/**
 * Largest manifest.json anyone accepts, in bytes. A manifest lists chunks (about 200 bytes per
 * entry), it carries no content: 4 MiB is some 20,000 chunks, far more than a package with
 * bundled vector tiles needs. Anything larger is refused before it is read.
 */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
