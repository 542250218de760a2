// Types of staticServer.mjs for TypeScript callers (tests, e2e runner).

/** The CSP sent with HTML; re-exported from src/shared/webServing.ts. */
export declare const CONTENT_SECURITY_POLICY: string;
export declare const MIME_TYPES: Readonly<Record<string, string>>;
export declare function mimeTypeFor(filePath: string): string;
/** A file path inside `root` for a URL path, or null when it would leave the root. */
export declare function resolveInsideRoot(root: string, urlPathname: string): string | null;
/** The hub URL for a raw /v1/ request target (joined with the hub's path), or null: not /v1/, bad encoding, or a dot segment. */
export declare function hubTargetFor(hub: URL, rawUrl: string): URL | null;
export type StaticServer = { url: string; port: number; close: () => Promise<void> };
/** Serves `root` on http://host:port/ (port 0: a free port; `url` has the real one). */
export declare function startStaticServer(options: { root: string; port?: number; host?: string; hubUrl?: string }): Promise<StaticServer>;
