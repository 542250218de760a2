// The notes' side of the agenda item's map (rendered inside MapView): the places of the notes
// the signed-in person may see, and the drawing tool while the notes panel asks for a place.
import type { Geometry } from 'geojson';
import { useMemo } from 'react';
import { useAgendaRecords, useSignedInAccount } from '../../data/syncHooks';
import { DrawTool } from '../../map/DrawTool';
import { NotePlacesLayer } from '../../map/NotePlacesLayer';
import type { NotePlace } from '../../map/NotePlacesLayer';
import { notesOf } from './NotesPanel';
import { placeDraft, usePlaceDraft } from './placeDraft';

export function NotesOnMap({ packageId, agendaItemId }: { packageId: string; agendaItemId: string }) {
  const account = useSignedInAccount();
  const rows = useAgendaRecords(account?.id, packageId, agendaItemId);
  const { request, highlighted } = usePlaceDraft();
  const places = useMemo<NotePlace[]>(() => {
    if (!account || !rows) return [];
    return notesOf(rows, account).flatMap((n) =>
      n.body.target.kind === 'place' ? [{ id: n.id, geometry: n.body.target.geometry as unknown as Geometry, selected: n.id === highlighted }] : [],
    );
  }, [account, rows, highlighted]);
  return (
    <>
      <NotePlacesLayer places={places} />
      {request ? <DrawTool mode={request.mode} onDrawn={request.onDrawn} onCancel={() => (request.onCancel(), placeDraft.clear())} /> : null}
    </>
  );
}
