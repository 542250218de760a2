// The presenter's view as the address bar holds it: parsed from the agenda item route's query,
// and changed by replacing the query (replaceRoute: no history entry per move), so every state a
// presenter is in is a link that restores it (docs/routes.md). Edits read the current address
// when they run, so two edits in one frame (a move reported by two synced maps) do not undo
// each other.
import { useCallback, useMemo } from 'react';
import { defaultView, formatViewQuery, parseViewQuery } from '../../../shared/view/presentationView';
import type { PresentationView, ViewQueryProblem } from '../../../shared/view/presentationView';
import { hrefFor, parseHash, replaceRoute, useRoute } from '../../router';

export type WorkspaceView = {
  view: PresentationView;
  /** What was wrong with the link's query, when it was wrong (the default view is shown instead). */
  problem: ViewQueryProblem | undefined;
  /** Applies an edit to the current view and puts the result in the address. */
  update: (edit: (view: PresentationView) => PresentationView) => void;
  /** The full link of the current view (for "Link kopiëren"). */
  link: string;
};

function parse(query: string | undefined, packageId: string, agendaItemId: string, firstScenarioId: string | undefined) {
  return parseViewQuery(query ?? '', packageId, agendaItemId, firstScenarioId);
}

/** The view of agenda item `agendaItemId` in the address (its first scenario when the address has none). */
export function useWorkspaceView(packageId: string, agendaItemId: string, firstScenarioId: string | undefined): WorkspaceView {
  const route = useRoute();
  const query = route.kind === 'agendaItem' && route.packageId === packageId && route.agendaItemId === agendaItemId ? route.query : undefined;
  const parsed = useMemo(() => parse(query, packageId, agendaItemId, firstScenarioId), [query, packageId, agendaItemId, firstScenarioId]);
  const view = parsed.ok ? parsed.view : defaultView(packageId, agendaItemId, firstScenarioId);

  const update = useCallback(
    (edit: (view: PresentationView) => PresentationView) => {
      const route = parseHash(window.location.hash);
      const currentQuery = route.kind === 'agendaItem' && route.packageId === packageId && route.agendaItemId === agendaItemId ? route.query : undefined;
      const current = parse(currentQuery, packageId, agendaItemId, firstScenarioId);
      const next = edit(current.ok ? current.view : defaultView(packageId, agendaItemId, firstScenarioId));
      replaceRoute(hrefFor({ kind: 'agendaItem', packageId, agendaItemId, query: formatViewQuery(next) }));
    },
    [packageId, agendaItemId, firstScenarioId],
  );

  const link = `${window.location.href.split('#')[0]}${hrefFor({ kind: 'agendaItem', packageId, agendaItemId, query: formatViewQuery(view) })}`;
  return { view, problem: parsed.ok ? undefined : parsed.problem, update, link };
}
