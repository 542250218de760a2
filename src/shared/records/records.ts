// The records council members and the clerk write offline and sync back through the hub:
// notes, motions/amendments/proposals, votes, decisions, commitments (toezeggingen), the
// council's composition and each meeting's attendance, plus custom compositions kept with an
// agenda item. Modelled so they map onto VNG Open Raadsinformatie 2.0 (docs/export-formats.md):
// a proposal is an InformatieObject (motie, amendement, voorstel; `motietype`), a vote is a
// Stemming with a StemresultaatPerFractie per party group and, optionally, a Stem per present
// member (an AanwezigeDeelnemer of the meeting), a decision is a Besluit reached through its
// vote. Pure zod schemas and types; the limits here are the documented ones (docs/hub-api.md).
// Never loosen a limit without changing the hub's and the docs' with it.
import { z } from 'zod';
import { Geometry } from '../packageFormat';
import { PresentationView } from '../view/presentationView';
import { unsafeMarkdown } from './markdown';

/** Longest note text, in characters. */
export const MAX_NOTE_TEXT = 20_000;
/** Longest motion, amendment or proposal text, in characters. */
export const MAX_PROPOSAL_TEXT = 100_000;
/** Longest decision or commitment text, in characters. */
export const MAX_DECISION_TEXT = 20_000;

/** A record id: made by the device that creates the record (a UUID), so offline creation needs no hub. */
export const RecordId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase UUID');
export type RecordId = z.infer<typeof RecordId>;

const PackageRefId = z.string().min(1).max(100);
/** Text in the Markdown subset (markdown.ts): never HTML, links only http(s). */
const Text = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((t, ctx) => {
      const problem = unsafeMarkdown(t);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    });
const Title = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .superRefine((t, ctx) => {
    const problem = unsafeMarkdown(t);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Where in a package a record belongs. */
export const AgendaItemRef = z.strictObject({ packageId: PackageRefId, meetingId: PackageRefId, agendaItemId: PackageRefId });
export type AgendaItemRef = z.infer<typeof AgendaItemRef>;

/** Who may see a note or a composition: only its author, the author's party group (fractie), or everyone (the council and the public export). */
export const VISIBILITIES = ['private', 'partyGroup', 'public'] as const;
export const Visibility = z.enum(VISIBILITIES);
export type Visibility = z.infer<typeof Visibility>;

/** What a note is about: a package, an agenda item, a scenario, an intervention, or a place drawn on the map. */
export const NoteTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('package'), packageId: PackageRefId }),
  z.strictObject({ kind: z.literal('agendaItem'), ...AgendaItemRef.shape }),
  z.strictObject({ kind: z.literal('scenario'), ...AgendaItemRef.shape, scenarioId: PackageRefId }),
  z.strictObject({ kind: z.literal('intervention'), ...AgendaItemRef.shape, scenarioId: PackageRefId, interventionId: PackageRefId }),
  /** A point, line or polygon drawn on the map (WGS84). */
  z.strictObject({ kind: z.literal('place'), ...AgendaItemRef.shape, geometry: Geometry }),
]);
export type NoteTarget = z.infer<typeof NoteTarget>;

export const NoteBody = z.strictObject({
  target: NoteTarget,
  /** A Markdown subset (src/shared/records/markdown.ts), rendered as text, never as HTML. */
  text: Text(MAX_NOTE_TEXT).refine((t) => t.trim().length > 0, 'a note needs text'),
  visibility: Visibility,
});
export type NoteBody = z.infer<typeof NoteBody>;

/** A custom composition: interventions from several scenarios, named and kept with the agenda item. */
export const CompositionBody = z.strictObject({
  agendaItem: AgendaItemRef,
  name: Title,
  interventionIds: z.array(PackageRefId).min(1).max(1000),
  visibility: Visibility,
});
export type CompositionBody = z.infer<typeof CompositionBody>;

/** ORI `Functie` values the council uses (NatuurlijkPersoon.functie). */
export const PERSON_FUNCTIONS = ['raadslid', 'wethouder', 'burgemeester', 'griffier', 'burgerlid', 'overig'] as const;
/** ORI `RolNaam` values of a participant in a meeting (AanwezigeDeelnemer.rolnaam). */
export const MEETING_ROLES = ['voorzitter', 'vice_voorzitter', 'raadslid', 'portefeuillehouder', 'griffier', 'inspreker', 'overig'] as const;

/** The council: party groups with their seats, and the people (members and aldermen) with their group. Kept by the clerk. */
export const CouncilBody = z
  .strictObject({
    /** "Gemeenteraad Rotterdam". */
    name: Title,
    /** Made-up people for trying Raadskaart out (the demo council); the UI marks it as demo. */
    demo: z.boolean().optional(),
    municipality: z.strictObject({ statcode: z.string().regex(/^GM\d{4}$/), name: z.string().min(1).max(200) }),
    /** From when this composition holds (the installation of the council, or a change of seats). */
    validFrom: z.iso.date(),
    partyGroups: z
      .array(z.strictObject({ id: PackageRefId, name: z.string().trim().min(1).max(100), seats: z.number().int().min(0).max(100) }))
      .min(1)
      .max(60),
    people: z
      .array(
        z.strictObject({
          id: PackageRefId,
          name: z.string().trim().min(1).max(300),
          function: z.enum(PERSON_FUNCTIONS),
          partyGroupId: PackageRefId.optional(),
          /** The hub user name of this person, when they use Raadskaart (links notes' authors to people). */
          userName: z.string().min(1).max(200).optional(),
        }),
      )
      .max(500),
  })
  .refine((c) => new Set(c.partyGroups.map((g) => g.id)).size === c.partyGroups.length, { path: ['partyGroups'], message: 'party group ids must be unique' })
  .refine((c) => new Set(c.people.map((p) => p.id)).size === c.people.length, { path: ['people'], message: 'person ids must be unique' })
  .refine((c) => c.people.every((p) => p.partyGroupId === undefined || c.partyGroups.some((g) => g.id === p.partyGroupId)), {
    path: ['people'],
    message: "every person's party group must be one of partyGroups",
  });
export type CouncilBody = z.infer<typeof CouncilBody>;

/** Who attended a meeting, in which role (ORI AanwezigeDeelnemer). Kept by the clerk. */
export const AttendanceBody = z.strictObject({
  packageId: PackageRefId,
  meetingId: PackageRefId,
  councilId: RecordId,
  present: z.array(z.strictObject({ personId: PackageRefId, role: z.enum(MEETING_ROLES), from: z.iso.datetime().optional(), until: z.iso.datetime().optional() })).max(500),
});
export type AttendanceBody = z.infer<typeof AttendanceBody>;

/** ORI MotieType: `vreemd` is a motie vreemd aan de orde van de dag; `overig` the default. */
export const MOTION_TYPES = ['voorstel', 'afkeuring', 'treurnis', 'wantrouwen', 'vreemd', 'overig'] as const;
export const ProposalKind = z.enum(['motie', 'amendement', 'voorstel']);

/** A motion, amendment or (council) proposal: an ORI InformatieObject. Recorded by the clerk. */
export const ProposalBody = z
  .strictObject({
    agendaItem: AgendaItemRef,
    kind: ProposalKind,
    /** For motions only. */
    motionType: z.enum(MOTION_TYPES).optional(),
    /** The clerk's number ("M12", "A3"), unique per meeting by convention. */
    number: z.string().trim().min(1).max(20).optional(),
    title: Title,
    text: Text(MAX_PROPOSAL_TEXT),
    /** Indieners: people of the council's composition. */
    submitterIds: z.array(PackageRefId).min(1).max(60),
    /** Party groups that submit or co-sign it. */
    partyGroupIds: z.array(PackageRefId).max(60),
    /** An amendment amends this proposal. */
    amendsProposalId: RecordId.optional(),
    councilId: RecordId,
    submittedOn: z.iso.date(),
  })
  .refine((p) => p.kind === 'motie' || p.motionType === undefined, { path: ['motionType'], message: 'only a motion has a motion type' })
  .refine((p) => p.kind === 'amendement' || p.amendsProposalId === undefined, { path: ['amendsProposalId'], message: 'only an amendment amends a proposal' });
export type ProposalBody = z.infer<typeof ProposalBody>;

/** ORI StemKeuze of one member. */
export const VOTE_CHOICES = ['voor', 'tegen', 'onthouden', 'afwezig'] as const;
export const VoteChoice = z.enum(VOTE_CHOICES);
export type VoteChoice = z.infer<typeof VoteChoice>;

/** How a vote went: per party group the seats and how many voted each way, and per member when recorded (hoofdelijk). */
export const VoteBody = z
  .strictObject({
    proposalId: RecordId,
    agendaItem: AgendaItemRef,
    /** ORI StemmingsType. */
    kind: z.enum(['regulier', 'hoofdelijk', 'schriftelijk']),
    perGroup: z
      .array(
        z.strictObject({
          partyGroupId: PackageRefId,
          seats: z.number().int().min(0).max(100),
          voor: z.number().int().min(0).max(100),
          tegen: z.number().int().min(0).max(100),
          onthouden: z.number().int().min(0).max(100),
          afwezig: z.number().int().min(0).max(100),
        }),
      )
      .min(1)
      .max(60),
    perMember: z
      .array(z.strictObject({ personId: PackageRefId, choice: VoteChoice }))
      .max(500)
      .optional(),
    /** The meeting's attendance record: each member vote (ORI Stem) belongs to one of its present people (AanwezigeDeelnemer). */
    attendanceId: RecordId.optional(),
    heldAt: z.iso.datetime(),
  })
  .refine((v) => v.perMember === undefined || v.attendanceId !== undefined, {
    path: ['attendanceId'],
    message: 'a vote per member needs the attendance record of the meeting (each Stem belongs to a present member)',
  })
  .refine((v) => v.perMember === undefined || new Set(v.perMember.map((m) => m.personId)).size === v.perMember.length, {
    path: ['perMember'],
    message: 'each member votes once',
  })
  .refine((v) => v.perGroup.every((g) => g.voor + g.tegen + g.onthouden + g.afwezig === g.seats), {
    path: ['perGroup'],
    message: 'per party group, voor + tegen + onthouden + afwezig must equal its seats',
  });
export type VoteBody = z.infer<typeof VoteBody>;

/** Outcome of a proposal (Besluit.besluitresultaat, a controlled vocabulary of ours; ORI leaves it free text). */
export const DECISION_RESULTS = ['aangenomen', 'verworpen', 'ingetrokken', 'aangehouden'] as const;
export const DecisionResult = z.enum(DECISION_RESULTS);
export type DecisionResult = z.infer<typeof DecisionResult>;

/** An indicator value as it was on screen when the decision was taken. `value` null: none could be shown (needs recalculation). */
export const ShownIndicatorValue = z.strictObject({
  indicatorId: PackageRefId,
  title: z.string().max(200),
  unit: z.string().max(40),
  value: z.number().finite().nullable(),
  /** curated, recomputed from contributions, or waiting for the advisor's recalculation. */
  kind: z.enum(['curated', 'recomputed', 'needs-recalculation']),
});

/** What the council saw when it decided: the package version and manifest, the view, and the indicator values on screen. */
export const DecisionSnapshot = z.strictObject({
  packageId: PackageRefId,
  packageVersion: z.number().int().positive(),
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  view: PresentationView,
  /** For a composition: the interventions it held (its id alone could change meaning). */
  interventionIds: z.array(PackageRefId).max(1000),
  indicators: z.array(ShownIndicatorValue).max(200),
  /** sha256 of the canonical JSON of this snapshot without this field (src/shared/records/snapshot.ts). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DecisionSnapshot = z.infer<typeof DecisionSnapshot>;

/** A decision (Besluit). Never edited: a correction is a new decision that names the one it corrects. */
export const DecisionBody = z.strictObject({
  agendaItem: AgendaItemRef,
  /** The proposal decided on (absent for a decision without a proposal, e.g. a hamerstuk). */
  proposalId: RecordId.optional(),
  /** The vote that led to it (absent when there was none: ingetrokken, aangehouden, hamerstuk). */
  voteId: RecordId.optional(),
  result: DecisionResult,
  /** Besluittoelichting. */
  text: Text(MAX_DECISION_TEXT),
  corrects: RecordId.optional(),
  snapshot: DecisionSnapshot.optional(),
  decidedAt: z.iso.datetime(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

/** A commitment (toezegging) an alderman made during the meeting. */
export const CommitmentBody = z.strictObject({
  agendaItem: AgendaItemRef,
  /** The alderman (a person of the council's composition) who made it. */
  byPersonId: PackageRefId,
  text: Text(MAX_DECISION_TEXT).refine((t) => t.trim().length > 0, 'a commitment needs text'),
  /** When it is to be fulfilled, if said. */
  dueOn: z.iso.date().optional(),
  decisionId: RecordId.optional(),
});
export type CommitmentBody = z.infer<typeof CommitmentBody>;

/** Every kind of synced record, with its body schema. */
export const RECORD_BODIES = {
  note: NoteBody,
  composition: CompositionBody,
  council: CouncilBody,
  attendance: AttendanceBody,
  proposal: ProposalBody,
  vote: VoteBody,
  decision: DecisionBody,
  commitment: CommitmentBody,
} as const;
export type RecordKind = keyof typeof RECORD_BODIES;
export const RECORD_KINDS = ['note', 'composition', 'council', 'attendance', 'proposal', 'vote', 'decision', 'commitment'] as const satisfies readonly RecordKind[];
export const RecordKindSchema = z.enum(RECORD_KINDS);
export type RecordBody<K extends RecordKind> = z.infer<(typeof RECORD_BODIES)[K]>;

/** Kinds only a clerk may write (DESIGN.md "Sync": decisions are the council's, recorded by the clerk). */
export const CLERK_KINDS: readonly RecordKind[] = ['council', 'attendance', 'proposal', 'vote', 'decision', 'commitment'];
/** Kinds whose body says who may see them (notes, compositions); the others are the whole council's. */
export const SCOPED_KINDS: readonly RecordKind[] = ['note', 'composition'];
/** Kinds that are never changed once written (a correction is a new record). */
export const IMMUTABLE_KINDS: readonly RecordKind[] = ['decision'];
