// `npm run bench` (after bench/run.ts), or alone: `node --expose-gc --import tsx bench/search.ts`.
// The search index of src/shared/search with 10,000 synthetic notes and five packages of the
// demo's size (bench/searchCorpus.ts): the full rebuild from the inputs, query time (median and
// worst of 100 queries as people type them, each with its hits' snippets), the cost of putting
// one changed note, the saved form's size and load time, and the index's heap memory. Runs in
// Node's V8 (the app runs the same code in a Chromium worker, also V8). A measurement, not a
// test: asserts nothing except that the queries find what they should. Writes
// bench/results/search.json and its own section of BENCHMARKS.md (between the markers below,
// which bench/run.ts keeps when it rewrites the file).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { NoteInput, PackageInput } from '../src/shared/search/documents';
import { noteDocument, packageDocuments } from '../src/shared/search/documents';
import { SearchIndex } from '../src/shared/search/searchIndex';
import { SEARCH_SECTION_END, SEARCH_SECTION_START } from './searchSection';
import { VIEWER, benchQueries, paragraph, prng, syntheticNotes, syntheticPackage } from './searchCorpus';

const root = resolve(__dirname, '..');
const NOTES = 10_000;
const PACKAGES = 5;
const UPDATES = 1_000;
const REBUILDS = 3;
const QUERY_RUNS = 5;

const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function build(packages: readonly PackageInput[], notes: readonly NoteInput[]): SearchIndex {
  const index = SearchIndex.create(VIEWER);
  for (const pkg of packages) index.putAll(packageDocuments(pkg));
  for (const note of notes) index.put(noteDocument(note));
  return index;
}

function main(): void {
  if (!gc) console.warn('bench/search.ts: run with node --expose-gc for the memory figure');
  const loadBefore = loadavg()[0] ?? 0;
  const packages = Array.from({ length: PACKAGES }, (_, i) => syntheticPackage(i));
  const notes = syntheticNotes(NOTES, packages);
  const packageDocs = packages.reduce((n, p) => n + packageDocuments(p).length, 0);
  const noteChars = notes.reduce((n, x) => n + x.body.text.length, 0);

  // Full rebuild from the inputs (documents built and indexed), the first run warming V8 up.
  const rebuildMs: number[] = [];
  for (let i = 0; i < REBUILDS + 1; i++) {
    const t0 = performance.now();
    build(packages, notes);
    const ms = performance.now() - t0;
    if (i > 0) rebuildMs.push(ms);
  }

  // Memory: the heap with the index alive and the inputs held either way.
  const before = heapUsed();
  const index = build(packages, notes);
  const indexHeapBytes = heapUsed() - before;
  if (index.size !== NOTES + packageDocs) throw new Error(`the index holds ${index.size} documents, expected ${NOTES + packageDocs}`);

  // Queries: one warm-up pass, then each query QUERY_RUNS times; a query's time is the median of
  // its runs (so one descheduling of the shared machine does not count as the query's cost), and
  // the slowest single run is reported beside it.
  const queries = benchQueries();
  for (const q of queries) index.search(q);
  const queryMs: { query: string; ms: number; cpuMs: number; slowestRunMs: number; hits: number }[] = [];
  for (const q of queries) {
    const runs: number[] = [];
    const cpu: number[] = [];
    let hits = 0;
    for (let r = 0; r < QUERY_RUNS; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      hits = index.search(q).length;
      runs.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    queryMs.push({ query: q, ms: median(runs), cpuMs: median(cpu), slowestRunMs: Math.max(...runs), hits });
  }
  const qMs = queryMs.map((q) => q.ms);
  const qCpu = queryMs.map((q) => q.cpuMs);
  const worst = queryMs.reduce((a, b) => (b.ms > a.ms ? b : a));
  for (const q of ['parkeerplaatsen', 'wadi', 'Schiedamseweg']) if (!queryMs.find((x) => x.query === q)?.hits) throw new Error(`"${q}" found nothing`);

  // Updates: a changed note put (replacing its earlier version), one at a time.
  const rand = prng(99);
  const updateMs: number[] = [];
  for (let i = 0; i < UPDATES; i++) {
    const note = notes[Math.floor(rand() * notes.length)]!;
    const changed = noteDocument({ ...note, body: { ...note.body, text: paragraph(rand, 2) } });
    const t0 = performance.now();
    index.put(changed);
    updateMs.push(performance.now() - t0);
  }
  // A package update: its documents out, the new version's in.
  const pkgUpdateMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const docs = packageDocuments(syntheticPackage(i));
    const t0 = performance.now();
    index.replacePackage(packages[i]!.packageId, docs);
    pkgUpdateMs.push(performance.now() - t0);
  }

  // Saved form.
  let t0 = performance.now();
  const json = index.serialize();
  const serializeMs = performance.now() - t0;
  const savedBytes = Buffer.byteLength(json, 'utf8');
  t0 = performance.now();
  const loaded = SearchIndex.load(json, VIEWER);
  const loadMs = performance.now() - t0;
  if (loaded.search('wadi').length === 0) throw new Error('the loaded index finds no wadi');

  const load = [loadBefore, loadavg()[0] ?? 0];
  const results = {
    loadAverage1m: load,
    date: new Date().toISOString(),
    machine: `Debian 12, 2 cores (shared), Node ${process.version}`,
    corpus: { notes: NOTES, noteChars, packages: PACKAGES, packageDocuments: packageDocs, documents: NOTES + packageDocs },
    rebuild: { medianMs: median(rebuildMs), samplesMs: rebuildMs },
    query: {
      count: queries.length,
      runsPerQuery: QUERY_RUNS,
      medianMs: median(qMs),
      p95Ms: quantile(qMs, 0.95),
      worstMs: worst.ms,
      worstQuery: worst.query,
      slowestRunMs: Math.max(...queryMs.map((q) => q.slowestRunMs)),
      cpuMedianMs: median(qCpu),
      cpuWorstMs: Math.max(...qCpu),
      samples: queryMs,
    },
    noteUpdate: { count: UPDATES, medianMs: median(updateMs), p95Ms: quantile(updateMs, 0.95), worstMs: Math.max(...updateMs) },
    packageUpdate: { medianMs: median(pkgUpdateMs), worstMs: Math.max(...pkgUpdateMs) },
    saved: { bytes: savedBytes, serializeMs, loadMs },
    memory: { indexHeapBytes: gc ? indexHeapBytes : null },
  };
  mkdirSync(resolve(root, 'bench/results'), { recursive: true });
  writeFileSync(resolve(root, 'bench/results/search.json'), JSON.stringify(results, null, 2) + '\n');

  const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
  const mb = (x: number) => `${(x / 1e6).toFixed(1)} MB`;
  const section = `${SEARCH_SECTION_START}
## Search: 10,000 notes and five packages of the demo's size

Measured by \`bench/search.ts\` on ${results.date.slice(0, 10)} in one run: ${results.machine}. The index of src/shared/search
(MiniSearch 7.2.0 with the Dutch rules of normalize.ts), run in Node's V8; the app runs the same code in a Chromium worker.
Corpus (bench/searchCorpus.ts, synthetic Dutch council text from a seeded generator): ${NOTES.toLocaleString('en')} notes
(${(noteChars / NOTES).toFixed(0)} characters on average, all visible to the benchmark's user) and ${PACKAGES} packages shaped like the demo
(1 meeting, 1 agenda item with a briefing and a 3-page attachment, 3 scenarios, 11 interventions, 6 indicators): ${packageDocs} package documents,
${results.corpus.documents.toLocaleString('en')} documents in all. Machine load (1-minute load average of the 2 cores, shared with other work) during the run:
${load.map((l) => l.toFixed(1)).join(' → ')}; on a busy machine the times are longer than on an idle one. The rebuild here starts from the inputs in memory;
the app also reads them from IndexedDB first. Typos are searched only when the words as typed find fewer than 50 hits (searchIndex.ts).

| figure | value | aim |
|---|---|---|
| query, median of ${queries.length} queries (words, prefixes, typos, two-word queries, places; with the snippets of up to 50 hits; each query's time the median of its ${QUERY_RUNS} runs) | **${ms(results.query.medianMs)}** | ≤ 30 ms |
| query, 95th percentile | ${ms(results.query.p95Ms)} | |
| query, worst of the ${queries.length} (\`${worst.query}\`, ${worst.hits} hits) | **${ms(worst.ms)}** | ≤ 30 ms |
| query, slowest single run of all ${queries.length * QUERY_RUNS} | ${ms(results.query.slowestRunMs)} | |
| query, CPU time of the process (not counting time the busy machine gave to others): median / worst of the ${queries.length} | ${ms(results.query.cpuMedianMs)} / ${ms(results.query.cpuWorstMs)} | |
| put one changed note (remove the old version, index the new), median of ${UPDATES} | **${ms(results.noteUpdate.medianMs)}** | ≤ 5 ms |
| put one changed note, 95th percentile / worst | ${ms(results.noteUpdate.p95Ms)} / ${ms(results.noteUpdate.worstMs)} | |
| re-index one package after an update (its ${packageDocs / PACKAGES} documents out and in), median of 5 | ${ms(results.packageUpdate.medianMs)} | |
| full rebuild from the inputs (build every document and index it), median of ${REBUILDS} | **${ms(results.rebuild.medianMs)}** | |
| saved form (JSON) | ${mb(savedBytes)} | |
| serialise / load the saved form | ${ms(serializeMs)} / ${ms(loadMs)} | |
| heap of the index (V8 heap used with the index alive, minus without; after gc) | ${gc ? mb(indexHeapBytes) : 'not measured (run with --expose-gc)'} | |
${SEARCH_SECTION_END}
`;
  const path = resolve(root, 'BENCHMARKS.md');
  const current = readFileSync(path, 'utf8');
  const start = current.indexOf(SEARCH_SECTION_START);
  const end = current.indexOf(SEARCH_SECTION_END);
  const next = start >= 0 && end > start ? current.slice(0, start) + section.trimEnd() + current.slice(end + SEARCH_SECTION_END.length) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`);
  console.log(section);
}

main();
