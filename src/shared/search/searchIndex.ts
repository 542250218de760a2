// The full-text index over MiniSearch 7.2.0 with the Dutch-aware rules of normalize.ts: add,
// replace and remove one document at a time, remove or replace all documents of one package (a
// package update re-indexes only that package), search with filters, and save/load as one JSON
// string with a format version. Visibility is enforced twice: a note the signed-in user may not
// see is never added (and leaves when a new version says so), and every search filters by the
// same rule again (defence in depth). A saved index records whom it was built for; loading it
// for someone else, or loading a damaged or older one, throws SearchIndexError so the caller
// rebuilds. Pure: no DOM, no storage; the renderer keeps the JSON in IndexedDB.
// Never return a hit the viewer may not see, and never load an index without checking it.
import MiniSearch from 'minisearch';
import type { Options, Query, SearchResult } from 'minisearch';
import { SearchIndexError } from '../errors';
import type { Visibility } from '../records/records';
import type { SearchDocument, SearchKind, SearchTarget, Where } from './documents';
import { PACKAGE_KINDS } from './documents';
import type { Language } from './normalize';
import type { QueryWord } from './normalize';
import { LANGUAGES, indexTerms, queryWords, tokenize } from './normalize';
import type { Segment } from './snippet';
import { highlightAll, snippet } from './snippet';

/**
 * Version of the saved form and of the terms in it. Raise it whenever normalize.ts, compounds.ts,
 * the stop words, the fields or the document shape change: an index saved with other rules would
 * hold terms the new queries never produce, so it is refused and rebuilt.
 */
export const SEARCH_INDEX_FORMAT_VERSION = 1;
const FORMAT = 'raadskaart-search-index';

/** Who is searching: the signed-in hub user and their party group; userName null when no one is signed in. */
export type Viewer = { userName: string | null; partyGroup: string | null };

/**
 * True when the viewer may see the document: package content and the council's records always;
 * a note when it is public, the viewer's own, or for the party group the viewer belongs to. The
 * same rule as the hub's (DESIGN.md "Sync": private: author; partyGroup: members of that group).
 */
export function maySee(viewer: Viewer, doc: Pick<SearchDocument, 'kind' | 'visibility' | 'author' | 'authorPartyGroup'>): boolean {
  if (doc.kind !== 'note') return true;
  if (viewer.userName !== null && doc.author === viewer.userName) return true;
  switch (doc.visibility) {
    case 'public':
      return true;
    case 'partyGroup':
      return viewer.partyGroup !== null && doc.authorPartyGroup === viewer.partyGroup;
    case 'private':
    case null:
      return false;
    default: {
      const unreachable: never = doc.visibility;
      return unreachable;
    }
  }
}

/** What a search may be narrowed to; every given filter must hold. */
export type SearchFilters = {
  kinds?: readonly SearchKind[];
  packageId?: string;
  meetingId?: string;
  agendaItemId?: string;
  author?: string;
  visibility?: Visibility;
};

/** One result, ready to show: what, where, why (highlighted title and snippet) and where opening it goes. */
export type SearchHit = {
  id: string;
  kind: SearchKind;
  score: number;
  title: Segment[];
  snippet: Segment[];
  where: Where;
  target: SearchTarget;
  packageId: string;
  meetingId: string | null;
  agendaItemId: string | null;
  author: string | null;
  visibility: Visibility | null;
  detail: string | null;
  date: string | null;
};

export type SearchOptions = { filters?: SearchFilters; limit?: number };

/** Results returned at most, unless the caller asks for another number. */
export const DEFAULT_LIMIT = 50;

const TEXT_FIELDS = ['title', 'text', 'keywords'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
/** One indexed field per text field and language, so each is stemmed by its own language's rules. */
const fieldName = (field: TextField, language: Language) => `${field}_${language}`;
const FIELDS = TEXT_FIELDS.flatMap((f) => LANGUAGES.map((l) => fieldName(f, l)));
const FIELDS_OF: Record<Language, string[]> = { nl: TEXT_FIELDS.map((f) => fieldName(f, 'nl')), en: TEXT_FIELDS.map((f) => fieldName(f, 'en')) };
const STORED = [
  'kind',
  'title',
  'text',
  'label',
  'language',
  'packageId',
  'meetingId',
  'agendaItemId',
  'where',
  'target',
  'author',
  'authorPartyGroup',
  'visibility',
  'detail',
  'date',
] as const satisfies readonly (keyof SearchDocument)[];
type Stored = Pick<SearchDocument, (typeof STORED)[number]>;

function languageOfField(field: string): Language {
  return field.endsWith('_en') ? 'en' : 'nl';
}

const OPTIONS: Options<SearchDocument> = {
  idField: 'id',
  fields: FIELDS,
  storeFields: [...STORED],
  extractField: (doc, field) => {
    const at = field.lastIndexOf('_');
    if (at > 0 && (FIELDS as string[]).includes(field)) {
      return doc.language === field.slice(at + 1) ? doc[field.slice(0, at) as TextField] : undefined;
    }
    return (doc as Record<string, unknown>)[field];
  },
  tokenize: (text) => tokenize(text).map((t) => t.text),
  processTerm: (term, field) => {
    const terms = indexTerms(term, languageOfField(field ?? ''));
    // MiniSearch only reads the array; the memoised one is shared, so it is not copied.
    return terms.length > 0 ? (terms as string[]) : null;
  },
  searchOptions: {
    // Queries are built as expression trees of terms already processed (queryOf below).
    tokenize: (text) => [text],
    processTerm: (term) => term,
    boost: { title_nl: 2, title_en: 2, keywords_nl: 0.5, keywords_en: 0.5 },
  },
  autoVacuum: true,
};

/**
 * The MiniSearch query for a text: every query word must match, each as typed (with prefix
 * search, and with typos forgiven when `typos`), or as its Dutch or English stem.
 */
function queryOf(words: readonly QueryWord[], typos: boolean): Query {
  return {
    combineWith: 'AND',
    queries: words.map((w) => ({
      combineWith: 'OR',
      queries: [
        { queries: [w.word], prefix: w.prefix, fuzzy: typos && w.typos > 0 ? w.typos : false },
        ...LANGUAGES.filter((l) => w.stems[l] !== w.word).map((l) => ({ queries: [w.stems[l]], fields: FIELDS_OF[l], prefix: false, fuzzy: false })),
      ],
    })),
  };
}

function matchesFilters(doc: Stored, f: SearchFilters): boolean {
  if (f.kinds !== undefined && f.kinds.length > 0 && !f.kinds.includes(doc.kind)) return false;
  if (f.packageId !== undefined && doc.packageId !== f.packageId) return false;
  if (f.meetingId !== undefined && doc.meetingId !== f.meetingId) return false;
  if (f.agendaItemId !== undefined && doc.agendaItemId !== f.agendaItemId) return false;
  if (f.author !== undefined && doc.author !== f.author) return false;
  if (f.visibility !== undefined && doc.visibility !== f.visibility) return false;
  return true;
}

/** What the index keeps beside MiniSearch to remove a package's documents by package id. */
type Entry = { packageId: string; fromPackage: boolean };

/** The outcome of putting one document. `refused`: a note the viewer may not see (an earlier version of it, if any, was removed). */
export type PutOutcome = 'added' | 'replaced' | 'refused';

export class SearchIndex {
  readonly viewer: Viewer;
  private readonly ms: MiniSearch<SearchDocument>;
  private readonly entries: Map<string, Entry>;
  private readonly byPackage: Map<string, Set<string>>;

  private constructor(viewer: Viewer, ms: MiniSearch<SearchDocument>, entries: Map<string, Entry>) {
    this.viewer = { userName: viewer.userName, partyGroup: viewer.partyGroup };
    this.ms = ms;
    this.entries = entries;
    this.byPackage = new Map();
    for (const [id, entry] of entries) if (entry.fromPackage) this.packageSet(entry.packageId).add(id);
  }

  /** An empty index for this viewer. */
  static create(viewer: Viewer): SearchIndex {
    return new SearchIndex(viewer, new MiniSearch(OPTIONS), new Map());
  }

  /** Number of documents. */
  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  private packageSet(packageId: string): Set<string> {
    let set = this.byPackage.get(packageId);
    if (!set) {
      set = new Set();
      this.byPackage.set(packageId, set);
    }
    return set;
  }

  /** Adds a document, or replaces the one with its id. A note the viewer may not see is refused, and any earlier version of it leaves. */
  put(doc: SearchDocument): PutOutcome {
    const existed = this.remove(doc.id);
    if (!maySee(this.viewer, doc)) return 'refused';
    this.ms.add(doc);
    const fromPackage = PACKAGE_KINDS.includes(doc.kind);
    this.entries.set(doc.id, { packageId: doc.packageId, fromPackage });
    if (fromPackage) this.packageSet(doc.packageId).add(doc.id);
    return existed ? 'replaced' : 'added';
  }

  /** Puts every document; returns how many were refused. */
  putAll(docs: readonly SearchDocument[]): number {
    let refused = 0;
    for (const doc of docs) if (this.put(doc) === 'refused') refused++;
    return refused;
  }

  /** Removes one document (a deleted record, a note the viewer may no longer see); false when it was not there. */
  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.ms.discard(id);
    this.entries.delete(id);
    if (entry.fromPackage) {
      const set = this.byPackage.get(entry.packageId);
      set?.delete(id);
      if (set?.size === 0) this.byPackage.delete(entry.packageId);
    }
    return true;
  }

  /** Removes the content of one package (not the notes and decisions about it); returns how many documents left. */
  removePackage(packageId: string): number {
    const ids = [...(this.byPackage.get(packageId) ?? [])];
    for (const id of ids) this.remove(id);
    return ids.length;
  }

  /** The package's content after an update: its old documents leave, the new ones come in. */
  replacePackage(packageId: string, docs: readonly SearchDocument[]): void {
    const foreign = docs.find((d) => d.packageId !== packageId || !PACKAGE_KINDS.includes(d.kind));
    if (foreign) throw new RangeError(`replacePackage(${packageId}) was given ${foreign.kind} document ${foreign.id} of package ${foreign.packageId}`);
    this.removePackage(packageId);
    this.putAll(docs);
  }

  /** Ids of the documents of one package's content. */
  packageDocumentIds(packageId: string): string[] {
    return [...(this.byPackage.get(packageId) ?? [])];
  }

  /**
   * The hits for a query, best first, only what the viewer may see and what the filters allow.
   * Typos are looked for when the words as typed (with prefixes and stems) find fewer hits than
   * `limit`: a word that finds a full page as typed is not misspelt, and skipping the typo
   * search there keeps the commonest words, which match the most documents, fast.
   */
  search(text: string, options: SearchOptions = {}): SearchHit[] {
    const words = queryWords(text);
    if (words.length === 0) return [];
    const filters = options.filters ?? {};
    const limit = options.limit ?? DEFAULT_LIMIT;
    const filter = (r: SearchResult) => {
      const doc = r as unknown as Stored;
      return maySee(this.viewer, doc) && matchesFilters(doc, filters);
    };
    let results = this.ms.search(queryOf(words, false), { filter });
    if (results.length < limit && words.some((w) => w.typos > 0)) results = this.ms.search(queryOf(words, true), { filter });
    return results.slice(0, limit).map((r) => this.hitOf(r));
  }

  private hitOf(r: SearchResult): SearchHit {
    const doc = r as unknown as Stored & { id: string };
    const matched = new Set(r.terms);
    const shownTitle = doc.label ?? doc.title;
    return {
      id: doc.id,
      kind: doc.kind,
      score: r.score,
      title: highlightAll(shownTitle, matched, doc.language),
      snippet: snippet(doc.text, matched, doc.language),
      where: doc.where,
      target: doc.target,
      packageId: doc.packageId,
      meetingId: doc.meetingId,
      agendaItemId: doc.agendaItemId,
      author: doc.author,
      visibility: doc.visibility,
      detail: doc.detail,
      date: doc.date,
    };
  }

  /** The index as one JSON string, with its format version and its viewer. */
  serialize(): string {
    return JSON.stringify({
      format: FORMAT,
      formatVersion: SEARCH_INDEX_FORMAT_VERSION,
      viewer: this.viewer,
      entries: [...this.entries].map(([id, e]) => [id, e.packageId, e.fromPackage ? 1 : 0]),
      index: this.ms,
    });
  }

  /**
   * Loads a saved index for `viewer`. Throws SearchIndexError: `corrupt` (not JSON, not an index,
   * or its parts disagree), `outdated` (another format version) or `other-viewer` (saved for
   * another user, whose notes this one may not see). The caller then rebuilds from the database.
   */
  static load(json: string, viewer: Viewer): SearchIndex {
    let saved: unknown;
    try {
      saved = JSON.parse(json);
    } catch (error) {
      throw new SearchIndexError(`the saved search index is not JSON (${error instanceof Error ? error.message : String(error)}); rebuild it`, 'corrupt');
    }
    if (typeof saved !== 'object' || saved === null || (saved as { format?: unknown }).format !== FORMAT) {
      throw new SearchIndexError('the saved search index is not a Raadskaart search index; rebuild it', 'corrupt');
    }
    const s = saved as { formatVersion?: unknown; viewer?: unknown; entries?: unknown; index?: unknown };
    if (s.formatVersion !== SEARCH_INDEX_FORMAT_VERSION) {
      throw new SearchIndexError(
        `the saved search index has format version ${String(s.formatVersion)}, this app reads version ${SEARCH_INDEX_FORMAT_VERSION}; rebuild it`,
        'outdated',
      );
    }
    const v = s.viewer as Partial<Viewer> | undefined;
    if (typeof v !== 'object' || v === null || v.userName !== viewer.userName || v.partyGroup !== viewer.partyGroup) {
      throw new SearchIndexError('the saved search index was built for another user or party group; rebuild it for the one signed in', 'other-viewer');
    }
    if (!Array.isArray(s.entries) || typeof s.index !== 'object' || s.index === null) {
      throw new SearchIndexError('the saved search index lacks its document list or its index; rebuild it', 'corrupt', { path: '$.entries' });
    }
    const entries = new Map<string, Entry>();
    for (const [i, e] of (s.entries as unknown[]).entries()) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string' || (e[2] !== 0 && e[2] !== 1)) {
        throw new SearchIndexError(`entry ${i} of the saved search index is damaged; rebuild it`, 'corrupt', { path: `$.entries[${i}]` });
      }
      entries.set(e[0], { packageId: e[1], fromPackage: e[2] === 1 });
    }
    let ms: MiniSearch<SearchDocument>;
    try {
      ms = MiniSearch.loadJS(s.index as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS);
    } catch (error) {
      throw new SearchIndexError(`the saved search index could not be read (${error instanceof Error ? error.message : String(error)}); rebuild it`, 'corrupt', {
        path: '$.index',
      });
    }
    if (ms.documentCount !== entries.size || [...entries.keys()].some((id) => !ms.has(id))) {
      throw new SearchIndexError(`the saved search index holds ${ms.documentCount} documents but lists ${entries.size}; rebuild it`, 'corrupt', { path: '$.index' });
    }
    return new SearchIndex(viewer, ms, entries);
  }
}
