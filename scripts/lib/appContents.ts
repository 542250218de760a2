// What electron-builder would put into app.asar, computed from electron-builder.yml's `files`
// patterns over the project folder: for the packed-size figure and for the check that neither
// node_modules (PGlite, Fastify, pg are the hub's) nor the Node programs in out/node go in.
// Understands the pattern forms the config uses: `dir/**`, a file name, and `!`-prefixed
// `dir/**` or `**/*.ext`; any other form is an error here, so a new pattern gets looked at.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

type Matcher = (relative: string) => boolean;

function matcherOf(pattern: string): Matcher {
  let m: RegExpExecArray | null;
  if ((m = /^([A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*)\/\*\*$/.exec(pattern))) {
    const dir = `${m[1]}/`;
    return (relative) => relative.startsWith(dir);
  }
  if ((m = /^\*\*\/\*(\.[A-Za-z0-9]+)$/.exec(pattern))) {
    const ext = m[1] as string;
    return (relative) => relative.endsWith(ext);
  }
  if (/^[A-Za-z0-9._-]+$/.test(pattern)) return (relative) => relative === pattern;
  throw new Error(`appContents: the files pattern "${pattern}" is of a form this check does not understand; extend matcherOf`);
}

/** The `files` patterns of electron-builder.yml. */
export function builderFilePatterns(root: string): string[] {
  const { load } = createRequire(__filename)('js-yaml') as { load: (text: string) => unknown };
  const config = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { files?: unknown };
  if (!Array.isArray(config.files) || !config.files.every((p) => typeof p === 'string')) throw new Error('electron-builder.yml: files must be a list of patterns');
  return config.files as string[];
}

/** Relative paths (forward slashes) of the files `patterns` select under `root`, node_modules included in the walk. */
export function selectedFiles(root: string, patterns: readonly string[]): string[] {
  const include = patterns.filter((p) => !p.startsWith('!')).map(matcherOf);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => matcherOf(p.slice(1)));
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      if (entry.isDirectory()) walk(full);
      else if (include.some((m) => m(relative)) && !exclude.some((m) => m(relative))) out.push(relative);
    }
  };
  for (const top of ['out', 'node_modules', 'package.json']) {
    const full = path.join(root, top);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) walk(full);
    else if (include.some((m) => m(top)) && !exclude.some((m) => m(top))) out.push(top);
  }
  return out.sort();
}
