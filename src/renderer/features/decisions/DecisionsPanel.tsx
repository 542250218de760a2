// Motions, amendments and decisions of an agenda item. Everyone signed in sees each proposal with
// its vote (per party group with its seats) and its decision, the decision's provenance (the
// package version, manifest, scenario and indicator values on screen when it was taken, its hash
// checked, and a warning when the installed package has moved on), corrections beside what they
// correct, and commitments. The clerk records them with a keyboard-first quick form (one
// transaction for the proposal, its vote, its decision and a commitment), corrects a decision
// with a new record that names it, and keeps the meeting's attendance.
// Renders text only; a decision is never edited in place.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceBody, CommitmentBody, CouncilBody, DecisionBody, DecisionResult, ProposalBody, VoteBody } from '../../../shared/records/records';
import {
  AttendanceBody as AttendanceSchema,
  CommitmentBody as CommitmentSchema,
  CouncilBody as CouncilSchema,
  DECISION_RESULTS,
  DecisionBody as DecisionSchema,
  MOTION_TYPES,
  ProposalBody as ProposalSchema,
  VoteBody as VoteSchema,
} from '../../../shared/records/records';
import { snapshotIntact } from '../../../shared/records/snapshot';
import type { GroupVote, MemberChoice } from '../../../shared/records/vote';
import { groupVotesOf, memberVote, resultOfVote, totals } from '../../../shared/records/vote';
import { viewOf } from '../../../shared/sync/local';
import type { PresentationView } from '../../../shared/view/presentationView';
import { useIndicators, usePackage } from '../../data/hooks';
import { newRecordId, saveAppRecords, useAgendaRecords, useRecordsOfKind, useSignedInAccount } from '../../data/syncHooks';
import type { AccountRecord, IndicatorRecord, RecordRow } from '../../data/types';
import type { IndicatorOutcome } from '../../../shared/scenario/whatIf';
import { hrefFor } from '../../router';
import { syncClient } from '../../sync/syncClient';
import { formatDateTime, formatNumber } from '../common/format';
import { NoteText } from '../notes/NoteText';
import { snapshotOfScreen } from './snapshot';

export type DecisionsPanelProps = {
  packageId: string;
  meetingId: string;
  agendaItemId: string;
  scenarioId: string | undefined;
  interventionIds: readonly string[];
  /** The view on screen when the presenter has one (issue 7's workspace); else the scenario alone. */
  view?: PresentationView | undefined;
  /** The indicators on screen and their values as shown (the workspace's what-if); absent: every indicator, computed from the scenario. */
  shown?: { indicators: readonly IndicatorRecord[]; outcomes: readonly IndicatorOutcome[] } | undefined;
};

type Parsed<T> = { id: string; body: T; author: string; at: string; pending: boolean };

function parsedOf<T>(rows: readonly RecordRow[], kind: RecordRow['kind'], schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): Parsed<T>[] {
  return rows.flatMap((row) => {
    if (row.kind !== kind) return [];
    const view = viewOf(row);
    if (view.deleted) return [];
    const parsed = schema.safeParse(view.body);
    return parsed.success
      ? [{ id: row.id, body: parsed.data, author: row.synced?.author ?? '', at: row.synced?.createdAt ?? row.local?.savedAt ?? '', pending: view.pending }]
      : [];
  });
}

/** The council composition in force: the latest by validFrom. */
export function currentCouncil(rows: readonly RecordRow[] | undefined): Parsed<CouncilBody> | undefined {
  return parsedOf<CouncilBody>(rows ?? [], 'council', CouncilSchema).sort((a, b) => (a.body.validFrom < b.body.validFrom ? 1 : -1))[0];
}

function Provenance({ decision }: { decision: DecisionBody }) {
  const { t, i18n } = useTranslation();
  const snapshot = decision.snapshot;
  const installed = usePackage(decision.agendaItem.packageId);
  const [intact, setIntact] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let current = true;
    if (snapshot) void snapshotIntact(snapshot).then((ok) => current && setIntact(ok));
    return () => {
      current = false;
    };
  }, [snapshot]);
  if (!snapshot) return <p className="provenance">{t('decisions.noSnapshot')}</p>;
  const language = i18n.resolvedLanguage ?? 'nl';
  const shown = snapshot.view.shown[0];
  const moved = installed && (installed.version !== snapshot.packageVersion || installed.manifestSha256 !== snapshot.manifestSha256);
  return (
    <div className="provenance">
      <p>
        {t('decisions.shownAt', {
          packageId: snapshot.packageId,
          version: snapshot.packageVersion,
          manifest: snapshot.manifestSha256.slice(0, 12),
          view:
            shown?.kind === 'scenario'
              ? t('decisions.viewScenario', { id: shown.scenarioId })
              : shown?.kind === 'composition'
                ? t('decisions.viewComposition')
                : t('decisions.viewBaseline'),
          count: snapshot.interventionIds.length,
        })}
      </p>
      {snapshot.indicators.length > 0 ? (
        <ul className="provenance-indicators">
          {snapshot.indicators.map((i) => (
            <li key={i.indicatorId}>
              {i.title}: {i.value === null ? t('decisions.noValue') : `${formatNumber(i.value, language)} ${i.unit}`}
              {i.kind === 'needs-recalculation' ? ` (${t('decisions.needsRecalculation')})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <p>{intact === undefined ? '' : intact ? t('decisions.hashOk', { hash: snapshot.sha256.slice(0, 12) }) : t('decisions.hashBroken')}</p>
      {moved ? (
        <p className="warning" role="note">
          {t('decisions.packageMoved', { installed: installed.version, version: snapshot.packageVersion })}
        </p>
      ) : null}
    </div>
  );
}

function VoteSummary({ vote, council }: { vote: VoteBody; council: CouncilBody | undefined }) {
  const { t } = useTranslation();
  const sum = totals(vote.perGroup);
  const nameOf = (id: string) => council?.partyGroups.find((g) => g.id === id)?.name ?? id;
  return (
    <details className="vote-summary">
      <summary>{t('decisions.voteTotals', sum)}</summary>
      <table>
        <caption className="visually-hidden">{t('decisions.perGroup')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('decisions.partyGroup')}</th>
            <th scope="col">{t('decisions.seats')}</th>
            <th scope="col">{t('decisions.choices.voor')}</th>
            <th scope="col">{t('decisions.choices.tegen')}</th>
            <th scope="col">{t('decisions.choices.onthouden')}</th>
            <th scope="col">{t('decisions.choices.afwezig')}</th>
          </tr>
        </thead>
        <tbody>
          {vote.perGroup.map((g) => (
            <tr key={g.partyGroupId}>
              <th scope="row">{nameOf(g.partyGroupId)}</th>
              <td>{g.seats}</td>
              <td>{g.voor}</td>
              <td>{g.tegen}</td>
              <td>{g.onthouden}</td>
              <td>{g.afwezig}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {vote.perMember ? (
        <table>
          <caption>{t('decisions.perMember')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('decisions.member')}</th>
              <th scope="col">{t('decisions.choice')}</th>
            </tr>
          </thead>
          <tbody>
            {vote.perMember.map((m) => (
              <tr key={m.personId}>
                <th scope="row">{council?.people.find((p) => p.id === m.personId)?.name ?? m.personId}</th>
                <td>{t(`decisions.choices.${m.choice}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}

function CorrectionForm({ account, original, onDone }: { account: AccountRecord; original: Parsed<DecisionBody>; onDone: () => void }) {
  const { t } = useTranslation();
  const ids = { result: useId(), text: useId() };
  const [result, setResult] = useState<DecisionResult>(original.body.result);
  const [text, setText] = useState(original.body.text);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = DecisionSchema.safeParse({ ...original.body, result, text, corrects: original.id, decidedAt: new Date().toISOString() });
    if (!body.success) return;
    void saveAppRecords(account.id, [{ kind: 'decision', id: newRecordId(), body: body.data }]).then(() => {
      syncClient.changed();
      onDone();
    });
  };
  return (
    <form onSubmit={submit} className="correction-form">
      <p className="field">
        <label htmlFor={ids.result}>{t('decisions.correctedResult')}</label>
        <select id={ids.result} value={result} onChange={(e) => setResult(e.target.value as DecisionResult)}>
          {DECISION_RESULTS.map((r) => (
            <option key={r} value={r}>
              {t(`decisions.results.${r}`)}
            </option>
          ))}
        </select>
      </p>
      <p className="field">
        <label htmlFor={ids.text}>{t('decisions.explanation')}</label>
        <textarea id={ids.text} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
      </p>
      <p className="button-row">
        <button type="submit">{t('decisions.saveCorrection')}</button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('decisions.cancel')}
        </button>
      </p>
    </form>
  );
}

function DecisionEntry({ decision, corrections, account }: { decision: Parsed<DecisionBody>; corrections: Parsed<DecisionBody>[]; account: AccountRecord }) {
  const { t, i18n } = useTranslation();
  const [correcting, setCorrecting] = useState(false);
  const language = i18n.resolvedLanguage ?? 'nl';
  return (
    <div className="decision">
      <p>
        <strong>{t('decisions.decision', { result: t(`decisions.results.${decision.body.result}`) })}</strong>{' '}
        {t('decisions.recordedBy', { name: decision.author || account.userName, at: formatDateTime(decision.body.decidedAt, language) })}
        {decision.pending ? <span className="badge badge-pending">{t('decisions.pending')}</span> : null}
      </p>
      {decision.body.text ? <NoteText text={decision.body.text} /> : null}
      <Provenance decision={decision.body} />
      {corrections.map((c) => (
        <div key={c.id} className="correction">
          <p>
            <strong>{t('decisions.correctedTo', { result: t(`decisions.results.${c.body.result}`) })}</strong>{' '}
            {t('decisions.recordedBy', { name: c.author || account.userName, at: formatDateTime(c.body.decidedAt, language) })}
          </p>
          {c.body.text ? <NoteText text={c.body.text} /> : null}
        </div>
      ))}
      {account.role === 'clerk' ? (
        correcting ? (
          <CorrectionForm account={account} original={decision} onDone={() => setCorrecting(false)} />
        ) : (
          <p className="button-row">
            <button type="button" className="secondary small" onClick={() => setCorrecting(true)}>
              {t('decisions.correct')}
            </button>
          </p>
        )
      ) : null}
    </div>
  );
}

type GroupChoice = 'voor' | 'tegen' | 'verdeeld';

function QuickForm({
  account,
  council,
  attendance,
  props,
  onDone,
}: {
  account: AccountRecord;
  council: Parsed<CouncilBody>;
  attendance: Parsed<AttendanceBody> | undefined;
  props: DecisionsPanelProps;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const pkg = usePackage(props.packageId);
  const indicators = useIndicators(props.packageId);
  const first = useRef<HTMLInputElement>(null);
  const ids = {
    number: useId(),
    title: useId(),
    type: useId(),
    text: useId(),
    submitters: useId(),
    result: useId(),
    explanation: useId(),
    commitment: useId(),
    by: useId(),
    kind: useId(),
  };
  const [kind, setKind] = useState<ProposalBody['kind']>('motie');
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const [motionType, setMotionType] = useState<(typeof MOTION_TYPES)[number]>('overig');
  const [text, setText] = useState('');
  const [submitters, setSubmitters] = useState<string[]>([]);
  const [choices, setChoices] = useState<Record<string, GroupChoice>>({});
  const [split, setSplit] = useState<Record<string, GroupVote>>({});
  const [byMember, setByMember] = useState(false);
  const [memberChoices, setMemberChoices] = useState<Record<string, MemberChoice>>({});
  const [result, setResult] = useState<DecisionResult | 'auto'>('auto');
  const [explanation, setExplanation] = useState('');
  const [commitment, setCommitment] = useState('');
  const [by, setBy] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  useEffect(() => first.current?.focus(), []);

  const presentIds = new Set(attendance?.body.present.map((p) => p.personId) ?? []);
  const members = byMember && attendance ? memberVote(council.body, presentIds, memberChoices) : undefined;
  const perGroupByChoice: GroupVote[] = council.body.partyGroups.map((g) => {
    const choice = choices[g.id] ?? 'voor';
    if (choice === 'verdeeld') return split[g.id] ?? { partyGroupId: g.id, seats: g.seats, voor: g.seats, tegen: 0, onthouden: 0, afwezig: 0 };
    return groupVotesOf({ ...council.body, partyGroups: [g] }, choice)[0] as GroupVote;
  });
  const perGroup = members?.perGroup ?? perGroupByChoice;
  const voted = result === 'auto' || result === 'aangenomen' || result === 'verworpen';
  const finalResult: DecisionResult = result === 'auto' ? resultOfVote(perGroup) : result;
  const aldermen = council.body.people.filter((p) => p.function === 'wethouder');

  const submit = async () => {
    setProblem(undefined);
    if (!pkg) return;
    const agendaItem = { packageId: props.packageId, meetingId: props.meetingId, agendaItemId: props.agendaItemId };
    const proposalId = newRecordId();
    const voteId = newRecordId();
    const decisionId = newRecordId();
    const groupsOfSubmitters = [...new Set(submitters.map((id) => council.body.people.find((p) => p.id === id)?.partyGroupId).filter((g): g is string => g !== undefined))];
    const now = new Date().toISOString();
    const proposal = ProposalSchema.safeParse({
      agendaItem,
      kind,
      ...(kind === 'motie' ? { motionType } : {}),
      ...(number.trim() ? { number: number.trim() } : {}),
      title,
      text,
      submitterIds: submitters,
      partyGroupIds: groupsOfSubmitters,
      councilId: council.id,
      submittedOn: now.slice(0, 10),
    });
    if (byMember && !attendance) {
      setProblem(t('decisions.needAttendance'));
      return;
    }
    const vote = VoteSchema.safeParse({
      proposalId,
      agendaItem,
      kind: members ? 'hoofdelijk' : 'regulier',
      perGroup,
      ...(members && attendance ? { perMember: members.perMember, attendanceId: attendance.id } : {}),
      heldAt: now,
    });
    const snapshot = await snapshotOfScreen({
      pkg,
      agendaItemId: props.agendaItemId,
      view: props.view,
      scenarioId: props.scenarioId,
      interventionIds: props.interventionIds,
      indicators: props.shown?.indicators ?? indicators ?? [],
      outcomes: props.shown?.outcomes,
    });
    const decision = DecisionSchema.safeParse({ agendaItem, proposalId, ...(voted ? { voteId } : {}), result: finalResult, text: explanation, snapshot, decidedAt: now });
    const promise = commitment.trim() ? CommitmentSchema.safeParse({ agendaItem, byPersonId: by, text: commitment, decisionId }) : undefined;
    const failed = [proposal, voted ? vote : undefined, decision, promise].find((r) => r !== undefined && !r.success);
    if (failed && !failed.success) {
      const issue = failed.error.issues[0];
      setProblem(
        issue?.path.join('.') === 'title'
          ? t('decisions.needTitle')
          : issue?.path[0] === 'submitterIds'
            ? t('decisions.needSubmitter')
            : issue?.path[0] === 'byPersonId'
              ? t('decisions.needAlderman')
              : t('decisions.invalid', { problem: issue?.message ?? '' }),
      );
      return;
    }
    const edits = [
      { kind: 'proposal' as const, id: proposalId, body: proposal.data },
      ...(voted && vote.success ? [{ kind: 'vote' as const, id: voteId, body: vote.data }] : []),
      { kind: 'decision' as const, id: decisionId, body: decision.data },
      ...(promise?.success ? [{ kind: 'commitment' as const, id: newRecordId(), body: promise.data }] : []),
    ];
    await saveAppRecords(account.id, edits);
    syncClient.changed();
    onDone();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };

  return (
    <form
      className="quick-decision"
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSubmit(e);
        if (e.key === 'Escape') onDone();
      }}
      aria-labelledby={ids.kind}
    >
      <h3 id={ids.kind}>{t('decisions.formTitle')}</h3>
      <p className="hint">{t('decisions.formHint')}</p>
      <fieldset>
        <legend>{t('decisions.kind')}</legend>
        {(['motie', 'amendement', 'voorstel'] as const).map((k, i) => (
          <label key={k}>
            <input ref={i === 0 ? first : undefined} type="radio" name={`${ids.kind}-kind`} checked={kind === k} onChange={() => setKind(k)} /> {t(`decisions.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <p className="field">
        <label htmlFor={ids.number}>{t('decisions.number')}</label>
        <input id={ids.number} value={number} maxLength={20} onChange={(e) => setNumber(e.target.value)} />
      </p>
      <p className="field">
        <label htmlFor={ids.title}>{t('decisions.title')}</label>
        <input id={ids.title} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      </p>
      {kind === 'motie' ? (
        <p className="field">
          <label htmlFor={ids.type}>{t('decisions.motionType')}</label>
          <select id={ids.type} value={motionType} onChange={(e) => setMotionType(e.target.value as (typeof MOTION_TYPES)[number])}>
            {MOTION_TYPES.map((m) => (
              <option key={m} value={m}>
                {t(`decisions.motionTypes.${m}`)}
              </option>
            ))}
          </select>
        </p>
      ) : null}
      <p className="field">
        <label htmlFor={ids.submitters}>{t('decisions.submitters')}</label>
        <select id={ids.submitters} multiple size={6} value={submitters} onChange={(e) => setSubmitters([...e.target.selectedOptions].map((o) => o.value))}>
          {council.body.people
            .filter((p) => p.function === 'raadslid' || p.function === 'wethouder')
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.partyGroupId ? ` (${council.body.partyGroups.find((g) => g.id === p.partyGroupId)?.name ?? ''})` : ''}
              </option>
            ))}
        </select>
      </p>
      <p className="field">
        <label htmlFor={ids.text}>{t('decisions.text')}</label>
        <textarea id={ids.text} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </p>
      <fieldset>
        <legend>{t('decisions.vote')}</legend>
        <p>
          <label>
            <input type="checkbox" checked={byMember} onChange={(e) => setByMember(e.target.checked)} /> {t('decisions.byMember')}
          </label>
        </p>
        {byMember && !attendance ? <p className="field-error">{t('decisions.needAttendance')}</p> : null}
        {byMember && attendance ? (
          <table className="vote-table member-vote">
            <caption className="visually-hidden">{t('decisions.perMember')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('decisions.member')}</th>
                <th scope="col">{t('decisions.partyGroup')}</th>
                <th scope="col">{t('decisions.choice')}</th>
              </tr>
            </thead>
            <tbody>
              {council.body.people
                .filter((p) => p.function === 'raadslid' && presentIds.has(p.id))
                .map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td>{council.body.partyGroups.find((g) => g.id === p.partyGroupId)?.name ?? ''}</td>
                    <td>
                      <select
                        aria-label={t('decisions.choiceOf', { group: p.name })}
                        value={memberChoices[p.id] ?? 'voor'}
                        onChange={(e) => setMemberChoices({ ...memberChoices, [p.id]: e.target.value as MemberChoice })}
                      >
                        {(['voor', 'tegen', 'onthouden'] as const).map((c) => (
                          <option key={c} value={c}>
                            {t(`decisions.choices.${c}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        ) : null}
        <table className="vote-table" hidden={members !== undefined}>
          <caption className="visually-hidden">{t('decisions.perGroup')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('decisions.partyGroup')}</th>
              <th scope="col">{t('decisions.seats')}</th>
              <th scope="col">{t('decisions.choice')}</th>
            </tr>
          </thead>
          <tbody>
            {council.body.partyGroups.map((g) => {
              const choice = choices[g.id] ?? 'voor';
              const s = split[g.id] ?? { partyGroupId: g.id, seats: g.seats, voor: g.seats, tegen: 0, onthouden: 0, afwezig: 0 };
              return (
                <tr key={g.id}>
                  <th scope="row">{g.name}</th>
                  <td>{g.seats}</td>
                  <td>
                    <select
                      aria-label={t('decisions.choiceOf', { group: g.name })}
                      value={choice}
                      onChange={(e) => setChoices({ ...choices, [g.id]: e.target.value as GroupChoice })}
                    >
                      <option value="voor">{t('decisions.allFor')}</option>
                      <option value="tegen">{t('decisions.allAgainst')}</option>
                      <option value="verdeeld">{t('decisions.split')}</option>
                    </select>
                    {choice === 'verdeeld'
                      ? (['voor', 'tegen', 'onthouden', 'afwezig'] as const).map((c) => (
                          <label key={c} className="split-count">
                            {t(`decisions.choices.${c}`)}{' '}
                            <input
                              type="number"
                              min={0}
                              max={g.seats}
                              value={s[c]}
                              onChange={(e) => setSplit({ ...split, [g.id]: { ...s, [c]: Math.max(0, Math.min(g.seats, Number(e.target.value) || 0)) } })}
                            />
                          </label>
                        ))
                      : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p>{t('decisions.voteTotals', totals(perGroup))}</p>
      </fieldset>
      <p className="field">
        <label htmlFor={ids.result}>{t('decisions.result')}</label>
        <select id={ids.result} value={result} onChange={(e) => setResult(e.target.value as DecisionResult | 'auto')}>
          <option value="auto">{t('decisions.resultAuto', { result: t(`decisions.results.${resultOfVote(perGroup)}`) })}</option>
          {DECISION_RESULTS.map((r) => (
            <option key={r} value={r}>
              {t(`decisions.results.${r}`)}
            </option>
          ))}
        </select>
      </p>
      <p className="field">
        <label htmlFor={ids.explanation}>{t('decisions.explanation')}</label>
        <textarea id={ids.explanation} rows={2} value={explanation} onChange={(e) => setExplanation(e.target.value)} />
      </p>
      <details>
        <summary>{t('decisions.commitment')}</summary>
        <p className="field">
          <label htmlFor={ids.commitment}>{t('decisions.commitmentText')}</label>
          <textarea id={ids.commitment} rows={2} value={commitment} onChange={(e) => setCommitment(e.target.value)} />
        </p>
        <p className="field">
          <label htmlFor={ids.by}>{t('decisions.commitmentBy')}</label>
          <select id={ids.by} value={by} onChange={(e) => setBy(e.target.value)}>
            <option value="">{t('decisions.chooseAlderman')}</option>
            {aldermen.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </p>
      </details>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <p className="button-row">
        <button type="submit">{t('decisions.save')}</button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('decisions.cancel')}
        </button>
      </p>
    </form>
  );
}

function Attendance({
  account,
  council,
  props,
  attendance,
}: {
  account: AccountRecord;
  council: Parsed<CouncilBody>;
  props: DecisionsPanelProps;
  attendance: Parsed<AttendanceBody> | undefined;
}) {
  const { t } = useTranslation();
  const people = council.body.people;
  const [present, setPresent] = useState<Set<string>>(() => new Set(attendance ? attendance.body.present.map((p) => p.personId) : people.map((p) => p.id)));
  const [saved, setSaved] = useState(false);
  const role = (fn: string) =>
    fn === 'wethouder' ? 'portefeuillehouder' : fn === 'burgemeester' ? 'voorzitter' : fn === 'griffier' ? 'griffier' : fn === 'raadslid' ? 'raadslid' : 'overig';
  const save = () => {
    const body = AttendanceSchema.safeParse({
      packageId: props.packageId,
      meetingId: props.meetingId,
      councilId: council.id,
      present: people.filter((p) => present.has(p.id)).map((p) => ({ personId: p.id, role: role(p.function) })),
    });
    if (!body.success) return;
    void saveAppRecords(account.id, [{ kind: 'attendance', id: attendance?.id ?? newRecordId(), body: body.data }]).then(() => {
      setSaved(true);
      syncClient.changed();
    });
  };
  return (
    <details className="attendance">
      <summary>{t('decisions.attendance', { present: present.size, total: people.length })}</summary>
      <fieldset>
        <legend>{t('decisions.attendanceLegend')}</legend>
        <ul className="attendance-list">
          {people.map((p) => (
            <li key={p.id}>
              <label>
                <input
                  type="checkbox"
                  checked={present.has(p.id)}
                  onChange={(e) => {
                    const next = new Set(present);
                    if (e.target.checked) next.add(p.id);
                    else next.delete(p.id);
                    setPresent(next);
                    setSaved(false);
                  }}
                />{' '}
                {p.name}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <p className="button-row">
        <button type="button" onClick={save}>
          {t('decisions.saveAttendance')}
        </button>
      </p>
      <p role="status">{saved ? t('decisions.attendanceSaved') : ''}</p>
    </details>
  );
}

export function DecisionsPanel(props: DecisionsPanelProps) {
  const { t, i18n } = useTranslation();
  const account = useSignedInAccount();
  const rows = useAgendaRecords(account?.id, props.packageId, props.agendaItemId);
  const councils = useRecordsOfKind(account?.id, 'council');
  const attendances = useRecordsOfKind(account?.id, 'attendance');
  const [formOpen, setFormOpen] = useState(false);
  const council = currentCouncil(councils);
  const list = useMemo(() => {
    const all = rows ?? [];
    return {
      proposals: parsedOf<ProposalBody>(all, 'proposal', ProposalSchema).sort((a, b) => (a.at < b.at ? -1 : 1)),
      votes: parsedOf<VoteBody>(all, 'vote', VoteSchema),
      decisions: parsedOf<DecisionBody>(all, 'decision', DecisionSchema),
      commitments: parsedOf<CommitmentBody>(all, 'commitment', CommitmentSchema),
    };
  }, [rows]);
  const attendance = parsedOf<AttendanceBody>(attendances ?? [], 'attendance', AttendanceSchema).find(
    (a) => a.body.packageId === props.packageId && a.body.meetingId === props.meetingId,
  );
  const language = i18n.resolvedLanguage ?? 'nl';
  const personName = (id: string) => council?.body.people.find((p) => p.id === id)?.name ?? id;
  const groupName = (id: string) => council?.body.partyGroups.find((g) => g.id === id)?.name ?? id;

  if (account === undefined) return null;
  return (
    <section className="decisions-panel" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">{t('decisions.heading')}</h2>
      {account === null ? (
        <p>
          {t('decisions.signInFirst')} <a href={hrefFor({ kind: 'account' })}>{t('account.signInLink')}</a>
        </p>
      ) : (
        <>
          {council?.body.demo ? <p className="badge badge-demo">{t('decisions.demoCouncil', { name: council.body.name })}</p> : null}
          {account.role === 'clerk' ? (
            council ? (
              <>
                <Attendance key={attendance?.id ?? 'new'} account={account} council={council} props={props} attendance={attendance} />
                {formOpen ? (
                  <QuickForm account={account} council={council} attendance={attendance} props={props} onDone={() => setFormOpen(false)} />
                ) : (
                  <p className="button-row">
                    <button type="button" onClick={() => setFormOpen(true)}>
                      {t('decisions.record')}
                    </button>
                  </p>
                )}
              </>
            ) : (
              <p>
                {t('decisions.noCouncil')} <a href={hrefFor({ kind: 'council' })}>{t('decisions.councilLink')}</a>
              </p>
            )
          ) : null}
          {list.proposals.length === 0 ? (
            <p>{t('decisions.none')}</p>
          ) : (
            <ul className="proposals">
              {list.proposals.map((p) => {
                const vote = list.votes.find((v) => v.body.proposalId === p.id);
                const decisions = list.decisions.filter((d) => d.body.proposalId === p.id && d.body.corrects === undefined);
                return (
                  <li key={p.id} className="proposal">
                    <h3>
                      {p.body.number ? `${p.body.number} ` : ''}
                      {p.body.title}
                    </h3>
                    <p>
                      {t(`decisions.kinds.${p.body.kind}`)}
                      {p.body.motionType ? `, ${t(`decisions.motionTypes.${p.body.motionType}`)}` : ''} ·{' '}
                      {t('decisions.submittedBy', { names: p.body.submitterIds.map(personName).join(', '), groups: p.body.partyGroupIds.map(groupName).join(', ') })} ·{' '}
                      {formatDateTime(p.at || p.body.submittedOn, language)}
                      {p.pending ? <span className="badge badge-pending">{t('decisions.pending')}</span> : null}
                    </p>
                    {p.body.text ? <NoteText text={p.body.text} /> : null}
                    {vote ? <VoteSummary vote={vote.body} council={council?.body} /> : null}
                    {decisions.map((d) => (
                      <DecisionEntry key={d.id} decision={d} corrections={list.decisions.filter((c) => c.body.corrects === d.id)} account={account} />
                    ))}
                    {list.commitments
                      .filter((c) => decisions.some((d) => d.id === c.body.decisionId))
                      .map((c) => (
                        <p key={c.id} className="commitment">
                          {t('decisions.commitmentLine', { name: personName(c.body.byPersonId), text: c.body.text })}
                        </p>
                      ))}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
