/// <reference types="vite/client" />

// Build-time values the renderer reads through import.meta.env.
interface ImportMetaEnv {
  /** Set by scripts/startWeb.mjs from package.json; absent in other builds. */
  readonly VITE_APP_VERSION?: string;
}
