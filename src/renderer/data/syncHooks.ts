// Live queries and writes over the app database for the screens of sign-in, notes and
// decisions: the signed-in account, its records (of an agenda item, or of a kind), its refused
// changes and the counts the header shows, and the writes that go through syncStore.ts (record
// and outbox mutation in one transaction). Components use these, never the database.
// Convention as hooks.ts: `undefined` while loading, `null` when there is no such thing.
import { useLiveQuery } from 'dexie-react-hooks';
import type { RecordKind } from '../../shared/records/records';
import type { MeResponse } from '../../shared/sync/protocol';
import { getDb } from './db';
import { deleteRecord, dismissIssue, listIssues, listRecords, listRecordsOfKind, saveRecord, signedInAccount, signInAccount, signOutAccount, syncCounts } from './syncStore';
import type { AccountRecord, IssueRecord, RecordRow } from './types';

export { newRecordId } from './syncStore';
export type { WipeSummary } from './syncStore';

/** The account signed in on this device, or null. */
export function useSignedInAccount(): AccountRecord | null | undefined {
  return useLiveQuery(() => signedInAccount(getDb()), []);
}

const NONE: RecordRow[] = [];

/** The account's records of one agenda item (`<packageId>/<agendaItemId>`). */
export function useAgendaRecords(accountId: string | undefined, packageId: string, agendaItemId: string): RecordRow[] | undefined {
  return useLiveQuery(async () => (accountId === undefined ? NONE : listRecords(getDb(), accountId, `${packageId}/${agendaItemId}`)), [accountId, packageId, agendaItemId]);
}

/** The account's records of one kind (the council's composition). */
export function useRecordsOfKind(accountId: string | undefined, kind: RecordKind): RecordRow[] | undefined {
  return useLiveQuery(async () => (accountId === undefined ? NONE : listRecordsOfKind(getDb(), accountId, kind)), [accountId, kind]);
}

/** Waiting changes, refused ones and conflicts of the account. */
export function useSyncCounts(account: AccountRecord | null | undefined): { pending: number; rejected: number; conflicts: number } | undefined {
  return useLiveQuery(async () => (account ? syncCounts(getDb(), account) : { pending: 0, rejected: 0, conflicts: 0 }), [account?.id, account?.userName]);
}

/** The account's refused changes, newest first. */
export function useSyncIssues(accountId: string | undefined): IssueRecord[] | undefined {
  return useLiveQuery(async () => (accountId === undefined ? [] : listIssues(getDb(), accountId)), [accountId]);
}

/** Saves a record and queues it for the hub; resolves once both are in IndexedDB. */
export function saveAppRecord(accountId: string, edit: { kind: RecordKind; id: string; body: unknown }): Promise<number> {
  return saveRecord(getDb(), accountId, edit);
}

/** Saves several records and their mutations in one transaction (a motion with its vote and decision). */
export async function saveAppRecords(accountId: string, edits: { kind: RecordKind; id: string; body: unknown }[]): Promise<void> {
  const db = getDb();
  await db.transaction('rw', [db.records, db.outbox, db.accounts], async () => {
    for (const edit of edits) await saveRecord(db, accountId, edit);
  });
}

/** Deletes a record and queues the delete. */
export function deleteAppRecord(accountId: string, edit: { kind: RecordKind; id: string }): Promise<number> {
  return deleteRecord(getDb(), accountId, edit);
}

export function signInAppAccount(hubUrl: string, me: MeResponse): Promise<AccountRecord> {
  return signInAccount(getDb(), hubUrl, me);
}

export function signOutAppAccount(accountId: string): Promise<{ keptChanges: number }> {
  return signOutAccount(getDb(), accountId);
}

export function dismissAppIssue(issueId: number): Promise<void> {
  return dismissIssue(getDb(), issueId);
}

/** The signed-in account, read once (at start-up). */
export function readSignedInAccount(): Promise<AccountRecord | null> {
  return signedInAccount(getDb());
}
