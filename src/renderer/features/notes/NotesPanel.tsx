// The notes of an agenda item: what the signed-in person may see (their own, their party
// group's, the public ones), filtered by visibility and author; a form for a new note on the
// agenda item, the scenario shown, one of its interventions, or a place drawn on the map beside
// it; edit and delete of one's own notes; and, where two devices edited a note offline, the
// other version the hub kept, to read or restore. A note shown as saved is in IndexedDB with the
// change that carries it to the hub. Texts are rendered by NoteText, never as HTML.
import type { Geometry } from 'geojson';
import { useId, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findUnsafeMarkdown } from '../../../shared/records/markdown';
import { MAX_NOTE_TEXT, NoteBody } from '../../../shared/records/records';
import type { NoteTarget, Visibility } from '../../../shared/records/records';
import type { Geometry as PlaceGeometry } from '../../../shared/packageFormat';
import { viewOf } from '../../../shared/sync/local';
import { deleteAppRecord, newRecordId, saveAppRecord, useAgendaRecords, useSignedInAccount } from '../../data/syncHooks';
import type { AccountRecord, RecordRow } from '../../data/types';
import type { DrawMode } from '../../map/DrawTool';
import { hrefFor } from '../../router';
import { syncClient } from '../../sync/syncClient';
import { formatDateTime } from '../common/format';
import { NoteText } from './NoteText';
import { placeDraft } from './placeDraft';

export type NotesPanelProps = {
  packageId: string;
  meetingId: string;
  agendaItemId: string;
  /** The scenario on screen, and the titles of the package's scenarios and interventions (for a note's target). */
  scenario?: { id: string; title: string } | undefined;
  interventions: readonly { id: string; title: string }[];
  scenarioTitles?: Readonly<Record<string, string>>;
  interventionTitles?: Readonly<Record<string, string>>;
};

/** A note as the list shows it. */
export type NoteItem = {
  id: string;
  body: NoteBody;
  author: string;
  mine: boolean;
  pending: boolean;
  at: string;
  revisions: { hlc: string; body: NoteBody; savedAt: string }[];
};

/** The notes among an account's records of an agenda item, newest first; deleted ones left out. */
export function notesOf(rows: readonly RecordRow[], account: AccountRecord): NoteItem[] {
  const items: NoteItem[] = [];
  for (const row of rows) {
    if (row.kind !== 'note') continue;
    const view = viewOf(row);
    if (view.deleted) continue;
    const body = NoteBody.safeParse(view.body);
    if (!body.success) continue;
    const author = row.synced?.author ?? account.userName;
    const revisions = (row.synced?.revisions ?? []).flatMap((r) => {
      const parsed = NoteBody.safeParse(r.body);
      return parsed.success ? [{ hlc: r.hlc, body: parsed.data, savedAt: r.savedAt }] : [];
    });
    items.push({ id: row.id, body: body.data, author, mine: author === account.userName, pending: view.pending, at: row.local?.savedAt ?? row.synced?.updatedAt ?? '', revisions });
  }
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

type TargetChoice = 'agendaItem' | 'scenario' | 'place' | `intervention:${string}`;

function TextProblem({ text }: { text: string }) {
  const { t } = useTranslation();
  const unsafe = findUnsafeMarkdown(text);
  if (unsafe) return <p className="field-error">{t(`notes.unsafe.${unsafe.kind}`, { found: unsafe.found })}</p>;
  if (text.length > MAX_NOTE_TEXT) return <p className="field-error">{t('notes.tooLong', { max: MAX_NOTE_TEXT, length: text.length })}</p>;
  return null;
}

function VisibilityChoice({ value, onChange, partyGroup, name }: { value: Visibility; onChange: (v: Visibility) => void; partyGroup: string | null; name: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="visibility-choice">
      <legend>{t('notes.visibility')}</legend>
      {(['private', 'partyGroup', 'public'] as const).map((v) => (
        <label key={v}>
          <input type="radio" name={name} value={v} checked={value === v} disabled={v === 'partyGroup' && partyGroup === null} onChange={() => onChange(v)} />{' '}
          {v === 'partyGroup' ? t('notes.visibilityOf.partyGroupNamed', { group: partyGroup ?? t('notes.noGroup') }) : t(`notes.visibilityOf.${v}`)}
        </label>
      ))}
    </fieldset>
  );
}

function NewNote({ account, props }: { account: AccountRecord; props: NotesPanelProps }) {
  const { t } = useTranslation();
  const ids = { text: useId(), hint: useId(), target: useId(), group: useId() };
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('private');
  const [target, setTarget] = useState<TargetChoice>('agendaItem');
  const [geometry, setGeometry] = useState<Geometry | null>(null);
  const [drawing, setDrawing] = useState<DrawMode | null>(null);
  const [saved, setSaved] = useState<'saved' | 'failed' | null>(null);
  const [tried, setTried] = useState(false);
  const ref = { packageId: props.packageId, meetingId: props.meetingId, agendaItemId: props.agendaItemId };

  const draw = (mode: DrawMode) => {
    setDrawing(mode);
    setSaved(null);
    placeDraft.request({
      mode,
      onDrawn: (g) => {
        setGeometry(g);
        setDrawing(null);
        placeDraft.clear();
      },
      onCancel: () => {
        setDrawing(null);
        placeDraft.clear();
      },
    });
  };

  const noteTarget = (): NoteTarget | null => {
    if (target === 'agendaItem') return { kind: 'agendaItem', ...ref };
    if (target === 'scenario') return props.scenario ? { kind: 'scenario', ...ref, scenarioId: props.scenario.id } : null;
    // The schema checks the drawn geometry before anything is stored.
    if (target === 'place') return geometry ? { kind: 'place', ...ref, geometry: geometry as unknown as PlaceGeometry } : null;
    return props.scenario ? { kind: 'intervention', ...ref, scenarioId: props.scenario.id, interventionId: target.slice('intervention:'.length) } : null;
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    const targetValue = noteTarget();
    const body = NoteBody.safeParse({ target: targetValue, text, visibility });
    if (!targetValue || !body.success) return;
    saveAppRecord(account.id, { kind: 'note', id: newRecordId(), body: body.data }).then(
      () => {
        setSaved('saved');
        setText('');
        setGeometry(null);
        setTried(false);
        syncClient.changed();
      },
      (error: unknown) => {
        console.error('Could not save the note', error);
        setSaved('failed');
      },
    );
  };

  const empty = tried && text.trim() === '';
  const placeMissing = tried && target === 'place' && geometry === null;
  return (
    <form className="note-form" onSubmit={onSubmit} noValidate>
      <p className="field">
        <label htmlFor={ids.text}>{t('notes.newNote')}</label>
        <textarea
          id={ids.text}
          rows={4}
          value={text}
          aria-describedby={ids.hint}
          aria-invalid={empty ? true : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setSaved(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSubmit(e);
          }}
        />
        <span id={ids.hint} className="hint">
          {t('notes.textHint')}
        </span>
      </p>
      <TextProblem text={text} />
      {empty ? <p className="field-error">{t('notes.empty')}</p> : null}
      <VisibilityChoice value={visibility} onChange={setVisibility} partyGroup={account.partyGroup} name={ids.group} />
      <p className="field">
        <label htmlFor={ids.target}>{t('notes.target')}</label>
        <select
          id={ids.target}
          value={target}
          onChange={(e) => {
            setTarget(e.target.value as TargetChoice);
            setSaved(null);
          }}
        >
          <option value="agendaItem">{t('notes.targets.agendaItem')}</option>
          {props.scenario ? <option value="scenario">{t('notes.targets.scenario', { title: props.scenario.title })}</option> : null}
          {props.interventions.map((i) => (
            <option key={i.id} value={`intervention:${i.id}`}>
              {t('notes.targets.intervention', { title: i.title })}
            </option>
          ))}
          <option value="place">{t('notes.targets.place')}</option>
        </select>
      </p>
      {target === 'place' ? (
        <div className="place-choice" role="group" aria-label={t('notes.targets.place')}>
          <p>
            {geometry
              ? t('notes.placeDrawn', { shape: t(`notes.shapes.${geometry.type === 'Point' ? 'point' : geometry.type === 'LineString' ? 'line' : 'area'}`) })
              : drawing
                ? t(`notes.drawing.${drawing}`)
                : t('notes.placeHelp')}
          </p>
          <p className="button-row">
            {(['point', 'linestring', 'polygon', 'centre'] as const).map((mode) => (
              <button key={mode} type="button" className="secondary" aria-pressed={drawing === mode} onClick={() => draw(mode)}>
                {t(`notes.draw.${mode}`)}
              </button>
            ))}
          </p>
          {placeMissing ? <p className="field-error">{t('notes.placeMissing')}</p> : null}
        </div>
      ) : null}
      <p className="button-row">
        <button type="submit">{t('notes.save')}</button>
      </p>
      <p role="status" className="save-status">
        {saved === 'saved' ? t('notes.saved') : saved === 'failed' ? t('notes.saveFailed') : ''}
      </p>
    </form>
  );
}

function targetLabel(target: NoteTarget, props: NotesPanelProps, t: ReturnType<typeof useTranslation>['t']): string {
  switch (target.kind) {
    case 'package':
      return t('notes.targets.package');
    case 'agendaItem':
      return t('notes.targets.agendaItem');
    case 'scenario':
      return t('notes.targets.scenario', { title: props.scenarioTitles?.[target.scenarioId] ?? target.scenarioId });
    case 'intervention':
      return t('notes.targets.intervention', { title: props.interventionTitles?.[target.interventionId] ?? target.interventionId });
    case 'place':
      return t('notes.targets.placeOf', { shape: t(`notes.shapes.${target.geometry.type === 'Point' ? 'point' : target.geometry.type.includes('Line') ? 'line' : 'area'}`) });
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}

function NoteEntry({ note, account, props }: { note: NoteItem; account: AccountRecord; props: NotesPanelProps }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.body.text);
  const [visibility, setVisibility] = useState<Visibility>(note.body.visibility);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const ids = { text: useId(), group: useId() };
  const language = i18n.resolvedLanguage ?? 'nl';

  const save = (body: NoteBody) => {
    void saveAppRecord(account.id, { kind: 'note', id: note.id, body }).then(() => syncClient.changed());
  };

  return (
    <li
      className={`note note--${note.body.visibility}`}
      onFocus={() => note.body.target.kind === 'place' && placeDraft.highlight(note.id)}
      onMouseEnter={() => note.body.target.kind === 'place' && placeDraft.highlight(note.id)}
    >
      <p className="note-meta">
        <strong>{note.mine ? t('notes.byMe') : note.author}</strong> · {formatDateTime(note.at, language)} ·{' '}
        <span className="badge">{t(`notes.visibilityShort.${note.body.visibility}`)}</span> · {targetLabel(note.body.target, props, t)}
        {note.pending ? <span className="badge badge-pending">{t('notes.pending')}</span> : null}
      </p>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const body = NoteBody.safeParse({ ...note.body, text, visibility });
            if (!body.success) return;
            save(body.data);
            setEditing(false);
          }}
        >
          <p className="field">
            <label htmlFor={ids.text}>{t('notes.editNote')}</label>
            <textarea id={ids.text} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
          </p>
          <TextProblem text={text} />
          <VisibilityChoice value={visibility} onChange={setVisibility} partyGroup={account.partyGroup} name={ids.group} />
          <p className="button-row">
            <button type="submit">{t('notes.save')}</button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              {t('notes.cancel')}
            </button>
          </p>
        </form>
      ) : (
        <NoteText text={note.body.text} />
      )}
      {note.mine && note.revisions.length > 0 ? (
        <div className="note-revisions" role="note">
          <p>{t('notes.otherVersion', { count: note.revisions.length })}</p>
          <ul>
            {note.revisions.map((r) => (
              <li key={r.hlc}>
                <NoteText text={r.body.text} />
                <button type="button" className="secondary small" onClick={() => save({ ...note.body, text: r.body.text, visibility: r.body.visibility })}>
                  {t('notes.restore')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {note.mine && !editing ? (
        <p className="button-row">
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              setText(note.body.text);
              setVisibility(note.body.visibility);
              setEditing(true);
            }}
          >
            {t('notes.edit')}
          </button>
          <button type="button" className="secondary small" onClick={() => setConfirmDelete(true)}>
            {t('notes.delete')}
          </button>
        </p>
      ) : null}
      {confirmDelete ? (
        <div className="confirm" role="alertdialog" aria-label={t('notes.delete')}>
          <p>{t('notes.deleteQuestion')}</p>
          <p className="button-row">
            <button
              type="button"
              onClick={() => {
                setConfirmDelete(false);
                void deleteAppRecord(account.id, { kind: 'note', id: note.id }).then(() => syncClient.changed());
              }}
            >
              {t('notes.deleteConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmDelete(false)}>
              {t('notes.cancel')}
            </button>
          </p>
        </div>
      ) : null}
    </li>
  );
}

export function NotesPanel(props: NotesPanelProps) {
  const { t } = useTranslation();
  const account = useSignedInAccount();
  const rows = useAgendaRecords(account?.id, props.packageId, props.agendaItemId);
  const [visibilityFilter, setVisibilityFilter] = useState<'all' | Visibility>('all');
  const [authorFilter, setAuthorFilter] = useState<string>('');
  const ids = { visibility: useId(), author: useId() };
  const notes = useMemo(() => (account && rows ? notesOf(rows, account) : []), [account, rows]);
  const authors = [...new Set(notes.map((n) => n.author))].sort((a, b) => a.localeCompare(b, 'nl'));
  const shown = notes.filter((n) => (visibilityFilter === 'all' || n.body.visibility === visibilityFilter) && (authorFilter === '' || n.author === authorFilter));

  return (
    <section className="notes-panel" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('notes.title')}</h2>
      {account === null ? (
        <p>
          {t('notes.signInFirst')} <a href={hrefFor({ kind: 'account' })}>{t('account.signInLink')}</a>
        </p>
      ) : account === undefined ? null : (
        <>
          <NewNote account={account} props={props} />
          <div className="note-filters" role="group" aria-label={t('notes.filter')}>
            <p className="field">
              <label htmlFor={ids.visibility}>{t('notes.filterVisibility')}</label>
              <select id={ids.visibility} value={visibilityFilter} onChange={(e) => setVisibilityFilter(e.target.value as 'all' | Visibility)}>
                <option value="all">{t('notes.all')}</option>
                {(['private', 'partyGroup', 'public'] as const).map((v) => (
                  <option key={v} value={v}>
                    {t(`notes.visibilityShort.${v}`)}
                  </option>
                ))}
              </select>
            </p>
            <p className="field">
              <label htmlFor={ids.author}>{t('notes.filterAuthor')}</label>
              <select id={ids.author} value={authorFilter} onChange={(e) => setAuthorFilter(e.target.value)}>
                <option value="">{t('notes.everyone')}</option>
                {authors.map((a) => (
                  <option key={a} value={a}>
                    {a === account.userName ? t('notes.byMe') : a}
                  </option>
                ))}
              </select>
            </p>
          </div>
          {shown.length === 0 ? (
            <p>{notes.length === 0 ? t('notes.none') : t('notes.noneFiltered')}</p>
          ) : (
            <ul className="notes-list" aria-label={t('notes.list', { count: shown.length })}>
              {shown.map((note) => (
                <NoteEntry key={note.id} note={note} account={account} props={props} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
