// The markers around the search benchmark's section of BENCHMARKS.md: bench/search.ts writes
// between them, bench/run.ts keeps what is between them when it rewrites the file.
export const SEARCH_SECTION_START = '<!-- bench/search.ts -->';
export const SEARCH_SECTION_END = '<!-- /bench/search.ts -->';
