// PDF attachments of agenda items: packed as application/pdf chunks and listed with their
// size in the index; a missing, non-PDF or oversized file is refused with file and JSON path.
import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, PackageIndex } from '../packageFormat';
import { assembleFolder, tempSourceFolders, validationFailure } from '../../../tests/helpers/sourceFolders';

const folder = tempSourceFolders();
const failure = validationFailure;

const PDF = '%PDF-1.4\n% test\n%%EOF\n';
const meetingWith = (attachments: unknown): Record<string, unknown> => ({
  id: 'm1',
  title: 'Testvergadering',
  body: 'Gemeenteraad',
  date: '2026-02-01T19:00:00Z',
  agendaItems: [{ id: 'a1', number: '1', title: 'Punt', briefing: 'briefings/a1.md', attachments }],
});

describe('agenda item attachments', () => {
  it('packs a PDF as an application/pdf chunk and lists it with its size in the index', async () => {
    const dir = await folder({ 'meeting.json': meetingWith([{ file: 'attachments/voorstel.pdf', title: 'Raadsvoorstel' }]), 'attachments/voorstel.pdf': PDF });
    const pkg = await assembleFolder(dir);
    const ref = pkg.manifest.chunks.find((c) => c.path === 'attachments/voorstel.pdf');
    expect(ref).toMatchObject({ mediaType: 'application/pdf', size: PDF.length });
    const index = PackageIndex.parse(JSON.parse(new TextDecoder().decode(pkg.chunks[0]!.bytes)));
    expect(index.meetings[0]!.agendaItems[0]!.attachments).toEqual([{ path: 'attachments/voorstel.pdf', title: 'Raadsvoorstel', size: PDF.length }]);
  });

  it('leaves attachments out of the index for an item that has none', async () => {
    const pkg = await assembleFolder(await folder());
    expect(pkg.index.meetings[0]!.agendaItems[0]).not.toHaveProperty('attachments');
  });

  it('names the JSON path of an attachment file that is missing', async () => {
    const e = await failure(assembleFolder(await folder({ 'meeting.json': meetingWith([{ file: 'attachments/weg.pdf', title: 'Weg' }]) })));
    expect(e.message).toMatch(/^meeting\.json: \$\.agendaItems\[0\]\.attachments\[0\]\.file: attachment "attachments\/weg\.pdf" is missing/);
    expect(e.location).toEqual({ file: 'meeting.json', path: '$.agendaItems[0].attachments[0].file' });
  });

  it('refuses an attachment that does not start with %PDF-', async () => {
    const dir = await folder({ 'meeting.json': meetingWith([{ file: 'attachments/x.pdf', title: 'X' }]), 'attachments/x.pdf': '<html>not a pdf</html>' });
    const e = await failure(assembleFolder(dir));
    expect(e.message).toBe('attachments/x.pdf: not a PDF (it does not start with "%PDF-"); attachments must be PDF files');
  });

  it('refuses an attachment over 50 MB without reading it', async () => {
    const dir = await folder({ 'meeting.json': meetingWith([{ file: 'attachments/groot.pdf', title: 'Groot' }]), 'attachments/groot.pdf': PDF });
    await truncate(path.join(dir, 'attachments/groot.pdf'), MAX_ATTACHMENT_BYTES + 1); // sparse: no 50 MB written
    const e = await failure(assembleFolder(dir));
    expect(e.message).toMatch(/attachments\[0\]\.file: attachment "attachments\/groot\.pdf" is 52428801 bytes; the limit is 52428800/);
  });

  it('refuses an attachment entry without a title, naming the JSON path', async () => {
    const e = await failure(assembleFolder(await folder({ 'meeting.json': meetingWith([{ file: 'attachments/x.pdf' }]), 'attachments/x.pdf': PDF })));
    expect(e.location).toEqual({ file: 'meeting.json', path: '$.agendaItems.0.attachments.0.title' });
  });
});
