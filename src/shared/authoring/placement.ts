// Checks that interventions sit where they can: a park, water square, tree strip, housing
// block or car-free street must not cut through an existing building. Used by the tests on
// the real demo data, and handy when placing new interventions. Pure: no I/O.
import type { AnyGeometry, LonLat } from '../geo';
import { bboxOf, pointInRing, segmentsIntersect } from '../geo';
import type { Intervention, InterventionKind } from '../packageFormat';

/** Kinds that occupy ground and so must stay clear of buildings (zones may span blocks). */
export const GROUND_KINDS: readonly InterventionKind[] = ['park', 'water', 'trees', 'housing', 'car-free', 'bike-route', 'parking'];

export type BuildingLike = { geometry: AnyGeometry; properties?: { id?: string } };
export type Conflict = { interventionId: string; buildingIndex: number; buildingId: string | undefined };

type Shape = { rings: readonly (readonly LonLat[])[]; lines: readonly (readonly LonLat[])[]; points: readonly LonLat[] };

/** Every (intervention, building) pair whose geometries overlap or cross. */
export function findBuildingConflicts(interventions: readonly Intervention[], buildings: readonly BuildingLike[], kinds: readonly InterventionKind[] = GROUND_KINDS): Conflict[] {
  const prepared = buildings.map((b) => ({ shape: shapeOf(b.geometry), bbox: bboxOf(b.geometry) }));
  const conflicts: Conflict[] = [];
  for (const iv of interventions) {
    if (!kinds.includes(iv.kind)) continue;
    const shape = shapeOf(iv.geometry);
    const [w, s, e, n] = bboxOf(iv.geometry);
    prepared.forEach((b, bi) => {
      if (b.bbox[0] > e || b.bbox[2] < w || b.bbox[1] > n || b.bbox[3] < s) return;
      if (overlaps(shape, b.shape)) conflicts.push({ interventionId: iv.id, buildingIndex: bi, buildingId: buildings[bi]?.properties?.id });
    });
  }
  return conflicts;
}

function shapeOf(g: AnyGeometry): Shape {
  switch (g.type) {
    case 'Point':
      return { rings: [], lines: [], points: [g.coordinates] };
    case 'LineString':
      return { rings: [], lines: [g.coordinates], points: [] };
    case 'MultiLineString':
      return { rings: [], lines: g.coordinates, points: [] };
    case 'Polygon':
      return { rings: g.coordinates.slice(0, 1), lines: g.coordinates, points: [] };
    case 'MultiPolygon':
      return { rings: g.coordinates.map((p) => p[0] ?? []), lines: g.coordinates.flat(), points: [] };
  }
}

/** Building shapes are polygons: overlap when edges cross or one lies inside the other. */
function overlaps(a: Shape, building: Shape): boolean {
  for (const la of a.lines)
    for (const lb of building.lines)
      for (let i = 1; i < la.length; i++)
        for (let j = 1; j < lb.length; j++) if (segmentsIntersect(la[i - 1] as LonLat, la[i] as LonLat, lb[j - 1] as LonLat, lb[j] as LonLat)) return true;
  const aVertices = [...a.points, ...a.lines.flat()];
  if (aVertices.some((p) => building.rings.some((r) => pointInRing(p, r)))) return true;
  const bVertices = building.lines.flat();
  return bVertices.some((p) => a.rings.some((r) => pointInRing(p, r)));
}
