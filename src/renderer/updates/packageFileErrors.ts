// What went wrong with a package file a user chose (a .rkp from a USB stick or a mail), told
// apart from what goes wrong in a download: a file that is not a package at all, and a package
// file that is damaged (cut off when copied, bytes changed). They extend RaadskaartError so the
// UI picks the clerk's sentence by `code` (i18n/errorMessage.ts) like any other.
import { RaadskaartError } from '../../shared/errors';
import type { ErrorLocation } from '../../shared/errors';

/** The file is not a Raadskaart package file: not gzip data, or not an archive that starts with manifest.json. */
export class NotAPackageError extends RaadskaartError {
  constructor(message: string, location: ErrorLocation = {}) {
    super('not-a-package', message, location);
  }
}

/** The file is a package file, but damaged or incomplete; the technical message says where. */
export class DamagedPackageFileError extends RaadskaartError {
  constructor(message: string, location: ErrorLocation = {}) {
    super('damaged-file', message, location);
  }
}
