// The installer accepts agenda-item attachments only when their paths are chunks in the
// manifest, and stores them with the agenda item so the UI can offer them for saving.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors';
import { installPackage } from './installPackage';
import { getAgendaItem, readChunkBytes } from '../repositories';
import { defaultIndex, makePackage, memorySource, useFreshDatabases } from '../../../../tests/helpers/dexie';

const { freshDb } = useFreshDatabases('attachments-test');

const clock = () => new Date('2026-12-01T12:00:00Z');
const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

function indexWithAttachment(path: string) {
  const index = defaultIndex();
  const item = index.meetings[0]!.agendaItems[0]!;
  item.attachments = [{ path, title: 'Raadsvoorstel', size: PDF.byteLength }];
  return { index, itemId: item.id };
}

describe('installing attachments', () => {
  it('stores an agenda item with its attachment, whose bytes are readable by path', async () => {
    const db = await freshDb();
    const { index, itemId } = indexWithAttachment('attachments/voorstel.pdf');
    const pkg = await makePackage({ index, files: { 'attachments/voorstel.pdf': PDF } });
    await installPackage(db, memorySource(pkg), { now: clock });
    const item = await getAgendaItem(db, 'test.delfshaven', itemId);
    expect(item?.attachments).toEqual([{ path: 'attachments/voorstel.pdf', title: 'Raadsvoorstel', size: PDF.byteLength }]);
    expect(await readChunkBytes(db, 'test.delfshaven', 'attachments/voorstel.pdf')).toEqual(PDF);
  });

  it('rejects an attachment path that is not a chunk in the manifest and installs nothing', async () => {
    const db = await freshDb();
    const { index } = indexWithAttachment('attachments/ontbreekt.pdf');
    const pkg = await makePackage({ index });
    const error = await installPackage(db, memorySource(pkg), { now: clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/attachments\.0\.path: "attachments\/ontbreekt\.pdf" is not a chunk/);
    expect(await db.packages.count()).toBe(0);
  });
});
