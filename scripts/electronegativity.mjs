// `npm run scan:electron`: Electronegativity (Doyensec's static checker for Electron
// misconfigurations) over src/, failing on any HIGH finding, which the tool itself never
// does (it exits 0 whatever it finds). It must never hide a finding: every finding is
// printed, a file it cannot parse fails the scan, and checks are excluded only by name
// below, each with the reason.
//
// Why the package's runner (its `main`, the same function its `electronegativity` bin calls)
// instead of the bin with `-o report.csv`: the bin's CSV writer issues two un-awaited
// fs.writeFile calls (header with flag "w", rows with flag "a"), and on this machine the
// header regularly lands on top of the first row ("10:47",N/A,...). Its SARIF output is
// written in one piece but drops the severity. The runner returns the findings as objects.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_VERSION = '45.5.0';

/**
 * Checks not run, by name:
 * - AvailableSecurityFixesGlobalCheck: looks up Electron releases on the network (not
 *   reachable here; `npm outdated`/the lockfile track Electron versions instead).
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const SEVERITY_ORDER = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

async function scan() {
  const run = require('@doyensec/electronegativity');
  // The options object the bin builds from `-i src -e 45.5.0 -x ...` (see its dist/index.js).
  return run(
    {
      input: path.join(projectRoot, 'src'),
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((check) => check.toLowerCase()),
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: true,
      electronUpgrade: undefined,
      electronVersionOverride: ELECTRON_VERSION,
      parserPlugins: [],
    },
    false,
  );
}

function severityOf(issue) {
  const name = issue?.severity?.name;
  if (!SEVERITY_ORDER.includes(name)) throw new Error(`electronegativity: finding ${issue?.id} has an unknown severity ${String(name)}`);
  return name;
}

async function main() {
  const result = await scan();
  if (!result || !Array.isArray(result.issues) || !Array.isArray(result.errors)) {
    throw new Error('electronegativity: the runner returned no findings list; has its API changed?');
  }
  const { issues, errors } = result;

  const unparsed = errors.filter((error) => !error.tolerable);
  for (const error of errors) {
    console.log(`${error.tolerable ? 'warning' : 'ERROR'}: could not fully parse ${error.file}: ${error.message}`);
  }

  const sorted = [...issues].sort((a, b) => SEVERITY_ORDER.indexOf(severityOf(a)) - SEVERITY_ORDER.indexOf(severityOf(b)));
  for (const issue of sorted) {
    const where = `${issue.file}:${issue.location?.line ?? '?'}:${issue.location?.column ?? '?'}`;
    const review = issue.manualReview ? ' (review)' : '';
    console.log(`${severityOf(issue).padEnd(13)} ${issue.confidence?.name ?? ''}\t${issue.id}${review}\t${where}\t${issue.description}`);
  }

  const counts = Object.fromEntries(SEVERITY_ORDER.map((level) => [level, issues.filter((issue) => severityOf(issue) === level).length]));
  console.log(
    `electronegativity ${require('@doyensec/electronegativity/package.json').version} on src/ (Electron ${ELECTRON_VERSION}, excluded: ${EXCLUDED_CHECKS.join(', ')}): ` +
      `${issues.length} findings: ${SEVERITY_ORDER.map((level) => `${counts[level]} ${level}`).join(', ')}; ${unparsed.length} files not parsed`,
  );

  if (counts.HIGH > 0 || unparsed.length > 0) {
    console.error(`electronegativity: FAILED (${counts.HIGH} HIGH findings, ${unparsed.length} files it could not parse)`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 2;
});
