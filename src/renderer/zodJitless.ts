// Imported FIRST by main.tsx. zod 4 probes for eval (`new Function`) when a schema is
// constructed, to compile faster parsers; the CSP forbids eval, so every page load would log
// CSP violations. Configure jitless parsing before any module builds a schema.
// Must stay free of other imports so that it runs before the modules that define schemas.
import { config } from 'zod';

config({ jitless: true });
