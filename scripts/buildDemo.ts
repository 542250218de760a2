// `npm run demo:build`: builds the demo package "Herinrichting Delfshaven (demo)" from
// examples/delfshaven and the Rotterdam 3D city model into build/generated/public/demo,
// and copies the label glyphs to build/generated/public/glyphs. Outputs are build artefacts
// (gitignored): the city model is not the project's, so nothing derived from it is committed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RaadskaartError } from '../src/shared/errors';
import { buildDemo } from './lib/buildDemoPipeline';
import { glyphSourceDir } from './lib/glyphs';
import { DELFSHAVEN_SOURCE, delfshavenLocalPath, loadVerifiedSource } from './lib/source';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const summary = await buildDemo({
    srcDir: path.join(repoRoot, 'examples', 'delfshaven'),
    publicDir: path.join(repoRoot, 'build', 'generated', 'public'),
    glyphSrcDir: glyphSourceDir(repoRoot),
    expectedBuildings: DELFSHAVEN_SOURCE.buildingCount,
    loadSource: () => loadVerifiedSource({ localPath: delfshavenLocalPath(repoRoot), url: DELFSHAVEN_SOURCE.url, sha256: DELFSHAVEN_SOURCE.sha256 }),
  });
  const { manifest } = summary.pkg;
  console.log(
    `demo:build: ${manifest.packageId} v${manifest.version} from ${path.relative(repoRoot, summary.origin) || summary.origin}: ` +
      `${summary.buildings} buildings, ${manifest.chunks.length} chunks (${manifest.chunks.map((c) => c.path).join(', ')}), ` +
      `${summary.packageBytes.toLocaleString('en-US')} bytes package + ${summary.glyphBytes.toLocaleString('en-US')} bytes glyphs, ` +
      `${summary.pkg.index.scenarios.length} scenarios, ${summary.pkg.index.indicators.length} indicators, ` +
      `expires ${manifest.expires.slice(0, 10)}, ${Math.round(summary.ms)} ms -> ${path.relative(repoRoot, path.join(repoRoot, 'build', 'generated', 'public', 'demo'))}`,
  );
}

main().catch((e: unknown) => {
  if (e instanceof RaadskaartError) console.error(`demo:build failed (${e.code}): ${e.message}`);
  else console.error('demo:build failed:', e);
  process.exitCode = 1;
});
