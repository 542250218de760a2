// Size limits that every reader of packages shares (the app's HTTP and .rkp installs, the hub,
// the CLI), kept in one place so a package one side accepts is never refused by the other.
// Pure constants: no imports, no logic.

/**
 * Largest manifest.json anyone accepts, in bytes. A manifest lists chunks (about 200 bytes per
 * entry), it carries no content: 4 MiB is some 20,000 chunks, far more than a package with
 * bundled vector tiles needs. Anything larger is refused before it is read.
 */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * Highest package version anyone accepts: 2^31 - 1, the largest value of the hub's integer
 * version columns (PostgreSQL `integer`). The manifest schema, the hub's routes and its
 * database (a CHECK constraint) all use this one number, so a version that can be signed can
 * also be published, stored, listed and fetched. docs/package-format.md, "Manifest".
 */
export const MAX_PACKAGE_VERSION = 2_147_483_647;

/**
 * Largest chunk the content check reads into memory (index.json, a GeoJSON layer, a tile
 * index): 64 MiB. The packer cuts any layer over 5 MiB into vector tiles, so a real package
 * stays far below; a bigger JSON chunk is refused with its path instead of being parsed.
 * Other chunks (tile bundles, attachments, briefings) are never held whole by the hub or
 * `raadskaart verify`: they are hashed as they stream.
 */
export const MAX_CHECKED_CHUNK_BYTES = 64 * 1024 * 1024;
