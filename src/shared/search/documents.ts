// What the search index holds: one plain document per thing a council member may look for,
// built here from package content and synced records as pure functions of plain inputs. Each
// document says what it is (kind), where it lives (package, meeting, agenda item, with their
// titles for the result line), where opening it goes (target: the screen, and for an
// intervention or a placed note the box the map flies to) and, for records, who wrote it and
// who may see it. The inputs mirror docs/package-format.md (PackageIndex) and
// src/shared/records/records.ts, reduced to what search needs, so the renderer passes what it
// has read from IndexedDB and sync without conversion.
// Pure. Never put a note's text into a document the viewer may not see: the index refuses such
// documents (searchIndex.ts), but the builders must not widen what a note reveals either.
import type { Geometry, InterventionKind } from '../packageFormat';
import type { CommitmentBody, DecisionBody, DecisionResult, NoteTarget, ProposalBody, Visibility } from '../records/records';
import type { Language } from './normalize';
import { detectLanguage } from './normalize';

/** Every kind of search result. */
export const SEARCH_KINDS = ['meeting', 'agendaItem', 'briefing', 'scenario', 'intervention', 'indicator', 'attachment', 'note', 'proposal', 'decision', 'commitment'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Kinds that come from a package (re-indexed together when the package updates); the others are synced records. */
export const PACKAGE_KINDS: readonly SearchKind[] = ['meeting', 'agendaItem', 'briefing', 'scenario', 'intervention', 'indicator', 'attachment'];

/** [west, south, east, north] in WGS84 degrees. */
export type BBox = [number, number, number, number];

/** The titles of where a document lives, for the result line ("Herinrichting Delfshaven · Gemeenteraad …"). */
export type Where = { packageTitle: string; meetingTitle: string | null; agendaItemTitle: string | null };

/** A part of an agenda item's screen that a result opens at. */
export type TargetSection =
  | { kind: 'briefing' }
  | { kind: 'attachment'; path: string; page: number | null }
  | { kind: 'indicator'; indicatorId: string }
  | { kind: 'record'; recordKind: 'note' | 'proposal' | 'decision' | 'commitment'; recordId: string };

/**
 * Where opening a result goes, in the shapes of src/renderer/router.ts: the package screen
 * (a meeting is listed there), or an agenda item with, optionally, a scenario shown, an
 * intervention inspected, a box for the map to fly to and a section to scroll to.
 */
export type SearchTarget =
  | { screen: 'package'; packageId: string; meetingId: string | null }
  | {
      screen: 'agendaItem';
      packageId: string;
      agendaItemId: string;
      scenarioId: string | null;
      interventionId: string | null;
      flyTo: BBox | null;
      section: TargetSection | null;
    };

/** One thing the index can find. Every field is plain JSON (it is stored with the index). */
export type SearchDocument = {
  /** Unique in the index: package content by package and path of ids, records by record id. */
  id: string;
  kind: SearchKind;
  /** Indexed; the main words of the thing (boosted). */
  title: string;
  /** Indexed; the body text, also used for the snippet. */
  text: string;
  /** Indexed with Dutch rules, lightly: words that say what it is ("motie", "aangenomen", "M12"). */
  keywords: string;
  /** Shown instead of the title when the title is not indexed (a page of an attachment). */
  label: string | null;
  language: Language;
  packageId: string;
  meetingId: string | null;
  agendaItemId: string | null;
  where: Where;
  target: SearchTarget;
  /** Hub user name of a record's author; null for package content. */
  author: string | null;
  /** The author's party group when the record was written (who a partyGroup note reaches). */
  authorPartyGroup: string | null;
  /** A note's visibility; null for everything else (package content and the council's records). */
  visibility: Visibility | null;
  /** A short fact for the result line: intervention kind, proposal kind, decision result. */
  detail: string | null;
  /** ISO date or time the thing is from (meeting date, decision time, last edit), for sorting. */
  date: string | null;
};

// ---------------------------------------------------------------------------------------------
// Inputs: what the renderer has of a package (PackageIndex plus the texts of its chunks).

export type InterventionInput = { id: string; title: string; description: string; kind: InterventionKind; geometry: Geometry };
export type ScenarioInput = { id: string; agendaItemId: string; title: string; summary: string; interventions: readonly InterventionInput[] };
export type IndicatorInput = { id: string; title: string; unit: string; method: string; values: Readonly<Record<string, number>> };
/** An attachment with its extracted text, one string per page, when there is any. */
export type AttachmentInput = { path: string; title: string; pages: readonly string[] | null };
export type AgendaItemInput = {
  id: string;
  number: string;
  title: string;
  /** The briefing's Markdown, when the item has one. */
  briefing: string | null;
  attachments: readonly AttachmentInput[];
};
export type MeetingInput = { id: string; title: string; body: string; date: string; agendaItems: readonly AgendaItemInput[] };
export type PackageInput = {
  packageId: string;
  title: string;
  meetings: readonly MeetingInput[];
  scenarios: readonly ScenarioInput[];
  indicators: readonly IndicatorInput[];
};

// ---------------------------------------------------------------------------------------------

/** The box around a geometry, or null for one without positions. */
export function bboxOf(geometry: Geometry): BBox | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
      return;
    }
    for (const child of c) visit(child);
  };
  visit(geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** Markdown as the words a person reads: without heading, quote, emphasis and link syntax (the link text stays). */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__|\*|_|`)/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

type Base = Pick<SearchDocument, 'packageId' | 'meetingId' | 'agendaItemId' | 'where'>;

function packageDoc(base: Base, fields: Pick<SearchDocument, 'id' | 'kind' | 'title' | 'text' | 'target'> & Partial<SearchDocument>): SearchDocument {
  return {
    keywords: '',
    label: null,
    language: detectLanguage(`${fields.title} ${fields.text}`),
    author: null,
    authorPartyGroup: null,
    visibility: null,
    detail: null,
    date: null,
    ...base,
    ...fields,
  };
}

function itemTarget(packageId: string, agendaItemId: string, extra: Partial<Extract<SearchTarget, { screen: 'agendaItem' }>> = {}): SearchTarget {
  return { screen: 'agendaItem', packageId, agendaItemId, scenarioId: null, interventionId: null, flyTo: null, section: null, ...extra };
}

/** The id of a package document: package id and the ids on the way to it, so ids never collide across packages. */
export function packageDocId(packageId: string, ...path: string[]): string {
  return [packageId, ...path].map(encodeURIComponent).join('/');
}

/**
 * Every document of one package: its meetings, agenda items, briefings, attachments (title, and
 * each page of extracted text), scenarios, interventions and indicators (name and method).
 */
export function packageDocuments(pkg: PackageInput): SearchDocument[] {
  const docs: SearchDocument[] = [];
  const { packageId } = pkg;
  const itemOf = new Map<string, { meeting: MeetingInput; item: AgendaItemInput }>();
  for (const meeting of pkg.meetings) {
    const meetingBase: Base = { packageId, meetingId: meeting.id, agendaItemId: null, where: { packageTitle: pkg.title, meetingTitle: meeting.title, agendaItemTitle: null } };
    docs.push(
      packageDoc(meetingBase, {
        id: packageDocId(packageId, 'm', meeting.id),
        kind: 'meeting',
        title: meeting.title,
        text: meeting.body,
        target: { screen: 'package', packageId, meetingId: meeting.id },
        date: meeting.date,
      }),
    );
    for (const item of meeting.agendaItems) {
      itemOf.set(item.id, { meeting, item });
      const base: Base = { ...meetingBase, agendaItemId: item.id, where: { ...meetingBase.where, agendaItemTitle: item.title } };
      docs.push(
        packageDoc(base, {
          id: packageDocId(packageId, 'a', item.id),
          kind: 'agendaItem',
          title: item.title,
          text: '',
          keywords: `agendapunt ${item.number}`,
          target: itemTarget(packageId, item.id),
          date: meeting.date,
        }),
      );
      if (item.briefing !== null) {
        docs.push(
          packageDoc(base, {
            id: packageDocId(packageId, 'a', item.id, 'briefing'),
            kind: 'briefing',
            title: '',
            label: item.title,
            text: markdownToPlainText(item.briefing),
            target: itemTarget(packageId, item.id, { section: { kind: 'briefing' } }),
            date: meeting.date,
          }),
        );
      }
      for (const attachment of item.attachments) {
        docs.push(
          packageDoc(base, {
            id: packageDocId(packageId, 'a', item.id, 'att', attachment.path),
            kind: 'attachment',
            title: attachment.title,
            text: '',
            target: itemTarget(packageId, item.id, { section: { kind: 'attachment', path: attachment.path, page: null } }),
            date: meeting.date,
          }),
        );
        (attachment.pages ?? []).forEach((page, i) => {
          if (page.trim() === '') return;
          docs.push(
            packageDoc(base, {
              id: packageDocId(packageId, 'a', item.id, 'att', attachment.path, String(i + 1)),
              kind: 'attachment',
              title: '',
              label: attachment.title,
              text: page,
              detail: `p. ${i + 1}`,
              target: itemTarget(packageId, item.id, { section: { kind: 'attachment', path: attachment.path, page: i + 1 } }),
              date: meeting.date,
            }),
          );
        });
      }
    }
  }
  const baseOfItem = (agendaItemId: string): Base => {
    const found = itemOf.get(agendaItemId);
    return {
      packageId,
      meetingId: found?.meeting.id ?? null,
      agendaItemId,
      where: { packageTitle: pkg.title, meetingTitle: found?.meeting.title ?? null, agendaItemTitle: found?.item.title ?? null },
    };
  };
  const scenarioItem = new Map<string, string>();
  for (const scenario of pkg.scenarios) {
    scenarioItem.set(scenario.id, scenario.agendaItemId);
    const base = baseOfItem(scenario.agendaItemId);
    docs.push(
      packageDoc(base, {
        id: packageDocId(packageId, 's', scenario.id),
        kind: 'scenario',
        title: scenario.title,
        text: scenario.summary,
        target: itemTarget(packageId, scenario.agendaItemId, { scenarioId: scenario.id }),
      }),
    );
    for (const intervention of scenario.interventions) {
      docs.push(
        packageDoc(base, {
          id: packageDocId(packageId, 's', scenario.id, 'i', intervention.id),
          kind: 'intervention',
          title: intervention.title,
          text: intervention.description,
          detail: intervention.kind,
          target: itemTarget(packageId, scenario.agendaItemId, { scenarioId: scenario.id, interventionId: intervention.id, flyTo: bboxOf(intervention.geometry) }),
        }),
      );
    }
  }
  for (const indicator of pkg.indicators) {
    // An indicator belongs to the package; it is shown with the scenarios it has values for,
    // so it opens at the agenda item of the first of them.
    const agendaItemId = Object.keys(indicator.values)
      .map((scenarioId) => scenarioItem.get(scenarioId))
      .find((id) => id !== undefined);
    const base: Base =
      agendaItemId === undefined
        ? { packageId, meetingId: null, agendaItemId: null, where: { packageTitle: pkg.title, meetingTitle: null, agendaItemTitle: null } }
        : baseOfItem(agendaItemId);
    docs.push(
      packageDoc(base, {
        id: packageDocId(packageId, 'k', indicator.id),
        kind: 'indicator',
        title: indicator.title,
        text: indicator.method,
        keywords: `indicator ${indicator.unit}`,
        detail: indicator.unit,
        target:
          agendaItemId === undefined
            ? { screen: 'package', packageId, meetingId: null }
            : itemTarget(packageId, agendaItemId, { section: { kind: 'indicator', indicatorId: indicator.id } }),
      }),
    );
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------
// Records (src/shared/records/records.ts) as the device holds them after sync.

/** Who wrote a record, as the hub says (SyncedRecord.author, authorPartyGroup); for a note not yet synced, the signed-in user. */
export type RecordAuthor = { author: string; authorPartyGroup: string | null };

export type NoteInput = RecordAuthor & {
  id: string;
  body: { target: NoteTarget; text: string; visibility: Visibility };
  updatedAt: string;
  /** Titles of where the note's target lives. */
  where: Where;
  /** For a note about an intervention: the box of that intervention's geometry (the caller has the package). */
  interventionBBox?: BBox | null;
};
export type ProposalInput = RecordAuthor & {
  id: string;
  body: Pick<ProposalBody, 'agendaItem' | 'kind' | 'title' | 'text' | 'submittedOn'> & { number?: string | undefined; motionType?: ProposalBody['motionType'] };
  where: Where;
};
export type DecisionInput = RecordAuthor & {
  id: string;
  body: Pick<DecisionBody, 'agendaItem' | 'result' | 'text' | 'decidedAt'> & { proposalId?: string | undefined };
  /** Title of the proposal decided on, when there is one: a decision is looked for by what it decided. */
  proposalTitle: string | null;
  where: Where;
};
export type CommitmentInput = RecordAuthor & {
  id: string;
  body: Pick<CommitmentBody, 'agendaItem' | 'text'> & { dueOn?: string | undefined };
  /** Name of the alderman who made it. */
  byName: string | null;
  where: Where;
};

/** The id of a record's document. */
export function recordDocId(recordId: string): string {
  return `record/${recordId}`;
}

function recordTarget(
  ref: { packageId: string; agendaItemId: string },
  recordKind: 'note' | 'proposal' | 'decision' | 'commitment',
  recordId: string,
  extra: Partial<Extract<SearchTarget, { screen: 'agendaItem' }>> = {},
): SearchTarget {
  return itemTarget(ref.packageId, ref.agendaItemId, { section: { kind: 'record', recordKind, recordId }, ...extra });
}

/** A note: its text, who wrote it and who may see it; opening it goes to what it is about, flying to its place or intervention. */
export function noteDocument(note: NoteInput): SearchDocument {
  const t = note.body.target;
  const common = {
    id: recordDocId(note.id),
    kind: 'note' as const,
    title: '',
    label: null,
    text: note.body.text,
    keywords: '',
    language: detectLanguage(note.body.text),
    author: note.author,
    authorPartyGroup: note.authorPartyGroup,
    visibility: note.body.visibility,
    detail: null,
    date: note.updatedAt,
    where: note.where,
    packageId: t.packageId,
  };
  switch (t.kind) {
    case 'package':
      return { ...common, meetingId: null, agendaItemId: null, target: { screen: 'package', packageId: t.packageId, meetingId: null } };
    case 'agendaItem':
      return { ...common, meetingId: t.meetingId, agendaItemId: t.agendaItemId, target: recordTarget(t, 'note', note.id) };
    case 'scenario':
      return { ...common, meetingId: t.meetingId, agendaItemId: t.agendaItemId, target: recordTarget(t, 'note', note.id, { scenarioId: t.scenarioId }) };
    case 'intervention':
      return {
        ...common,
        meetingId: t.meetingId,
        agendaItemId: t.agendaItemId,
        target: recordTarget(t, 'note', note.id, { scenarioId: t.scenarioId, interventionId: t.interventionId, flyTo: note.interventionBBox ?? null }),
      };
    case 'place':
      return { ...common, meetingId: t.meetingId, agendaItemId: t.agendaItemId, target: recordTarget(t, 'note', note.id, { flyTo: bboxOf(t.geometry) }) };
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

function councilRecord(
  input: RecordAuthor & { id: string; where: Where; body: { agendaItem: { packageId: string; meetingId: string; agendaItemId: string } } },
  recordKind: 'proposal' | 'decision' | 'commitment',
  fields: Pick<SearchDocument, 'title' | 'text' | 'keywords' | 'detail' | 'date'>,
): SearchDocument {
  const ref = input.body.agendaItem;
  return {
    id: recordDocId(input.id),
    kind: recordKind,
    label: null,
    language: detectLanguage(`${fields.title} ${fields.text}`),
    packageId: ref.packageId,
    meetingId: ref.meetingId,
    agendaItemId: ref.agendaItemId,
    where: input.where,
    target: recordTarget(ref, recordKind, input.id),
    author: input.author,
    authorPartyGroup: input.authorPartyGroup,
    visibility: null,
    ...fields,
  };
}

/** A motion, amendment or proposal: found by title, text, kind ("motie", "amendement") and number ("M12"). */
export function proposalDocument(proposal: ProposalInput): SearchDocument {
  const b = proposal.body;
  return councilRecord(proposal, 'proposal', {
    title: b.title,
    text: b.text,
    keywords: [b.kind, b.number ?? '', b.motionType && b.motionType !== 'overig' ? `motie ${b.motionType}` : ''].join(' ').trim(),
    detail: b.kind,
    date: b.submittedOn,
  });
}

/** A decision: found by its explanation, the title of what it decided and its result ("aangenomen"). */
export function decisionDocument(decision: DecisionInput): SearchDocument {
  const b = decision.body;
  const result: DecisionResult = b.result;
  return councilRecord(decision, 'decision', { title: decision.proposalTitle ?? '', text: b.text, keywords: `besluit ${result}`, detail: result, date: b.decidedAt });
}

/** A commitment (toezegging): found by its text and by the alderman who made it. */
export function commitmentDocument(commitment: CommitmentInput): SearchDocument {
  const b = commitment.body;
  return councilRecord(commitment, 'commitment', {
    title: '',
    text: b.text,
    keywords: `toezegging ${commitment.byName ?? ''}`.trim(),
    detail: b.dueOn ?? null,
    date: b.dueOn ?? null,
  });
}
