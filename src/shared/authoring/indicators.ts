// Turns the source indicators (fixed numbers or `compute` rules) into package indicators with
// a baseline and a value per scenario. Geometry-derived values come from the intervention
// geometry through src/shared/geo.ts, never from hand-typed numbers. Additive indicators
// (areas, counts, and hand-typed ones that give `contributions`) also get each intervention's
// contribution, and the builder checks baseline + Σ contributions = value for every scenario,
// so the breakdown the council sees never disagrees with the total. Pure: no I/O.
import type { Indicator, Intervention, InterventionKind, Scenario } from '../packageFormat';
import type { Geometry } from '../packageFormat';
import { ValidationError } from '../errors';
import { contributionMismatch } from '../content/packageIndex';
import { geometryLengthM, polygonAreaM2 } from '../geo';
import type { BBox } from '../geo';
import type { ComputeSpec, SourceIndicator } from './sourceFormat';

/** What a computed indicator may read besides the scenarios: the package's layers. */
export type IndicatorContext = {
  scenarios: readonly Scenario[];
  layers: readonly { id: string; bbox: BBox; geometries: readonly Geometry[] }[];
  /** File name for error messages. */
  file: string;
};

const GREEN: readonly InterventionKind[] = ['park', 'trees'];
const DEPAVED: readonly InterventionKind[] = ['park', 'trees', 'water', 'housing'];

/** Package indicators in source order; throws ValidationError naming the file and indicator. */
export function buildIndicators(sources: readonly SourceIndicator[], ctx: IndicatorContext): Indicator[] {
  const scenarioIds = ctx.scenarios.map((s) => s.id);
  const seen = new Set<string>();
  sources.forEach((s, i) => {
    if (seen.has(s.id)) throw new ValidationError(`${ctx.file}: $.indicators[${i}].id: duplicate indicator id "${s.id}"`, { file: ctx.file, path: `$.indicators[${i}].id` });
    seen.add(s.id);
  });
  const done = new Map<string, Indicator>();
  // sealedShare reads another computed indicator, so the others go first.
  const order = sources.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s));
  for (const { s, i } of order) {
    const where = `${ctx.file}: $.indicators[${i}] ("${s.id}")`;
    const loc = { file: ctx.file, path: `$.indicators[${i}]` };
    const { compute, baseline, values, contributions, ...rest } = s;
    if (!compute) {
      if (baseline === undefined || values === undefined) throw new ValidationError(`${where}: needs "baseline" and "values", or a "compute" rule`, loc);
      const keys = Object.keys(values);
      const missing = scenarioIds.filter((id) => !keys.includes(id));
      const unknown = keys.filter((k) => !scenarioIds.includes(k));
      if (missing.length) throw new ValidationError(`${where}: no value for scenario(s) ${missing.join(', ')}`, loc);
      if (unknown.length) throw new ValidationError(`${where}: value for unknown scenario(s) ${unknown.join(', ')}`, loc);
      const fixed: Indicator = { ...rest, baseline, values: Object.fromEntries(scenarioIds.map((id) => [id, values[id] as number])), additive: contributions !== undefined };
      if (contributions !== undefined) {
        fixed.contributions = groupContributions(contributions, ctx.scenarios, where, loc);
        checkContributions(fixed, where, loc);
      }
      done.set(s.id, fixed);
      continue;
    }
    if (values !== undefined) throw new ValidationError(`${where}: "values" are computed by "${compute.kind}"; remove them`, loc);
    if (contributions !== undefined)
      throw new ValidationError(`${where}: "contributions" are computed by "${compute.kind}"; remove them`, { file: ctx.file, path: `$.indicators[${i}].contributions` });
    const computed = computeIndicator(compute, baseline, ctx, done, where, loc);
    const indicator: Indicator = { ...rest, ...computed, additive: computed.contributions !== undefined };
    if (computed.contributions !== undefined) checkContributions(indicator, where, loc);
    done.set(s.id, indicator);
  }
  return sources.map((s) => done.get(s.id) as Indicator);
}

/** Hand-typed contributions by intervention id, regrouped per scenario (scenario order, then source order). */
function groupContributions(
  byIntervention: Readonly<Record<string, number>>,
  scenarios: readonly Scenario[],
  where: string,
  loc: { file: string; path: string },
): Record<string, Record<string, number>> {
  const owner = new Map<string, string>();
  for (const sc of scenarios) for (const iv of sc.interventions) owner.set(iv.id, sc.id);
  const grouped: Record<string, Record<string, number>> = Object.fromEntries(scenarios.map((sc) => [sc.id, {}]));
  for (const [ivId, value] of Object.entries(byIntervention)) {
    const scenarioId = owner.get(ivId);
    if (scenarioId === undefined)
      throw new ValidationError(`${where}: contributions: no intervention "${ivId}" in any scenario`, { file: loc.file, path: `${loc.path}.contributions.${ivId}` });
    (grouped[scenarioId] as Record<string, number>)[ivId] = value;
  }
  return grouped;
}

/** baseline + Σ contributions must equal each scenario's value within rounding (the same rule the content check applies). */
function checkContributions(indicator: Indicator, where: string, loc: { file: string; path: string }): void {
  const mismatch = contributionMismatch(indicator);
  if (!mismatch) return;
  const { scenarioId, sum, value } = mismatch;
  throw new ValidationError(
    `${where}: scenario "${scenarioId}": baseline ${indicator.baseline} + the contributions of its interventions (${sum}) is ${indicator.baseline + sum}, but its value is ${value}`,
    { file: loc.file, path: `${loc.path}.values.${scenarioId}` },
  );
}

function rank(s: SourceIndicator): number {
  return s.compute?.kind === 'sealedShare' ? 1 : 0;
}

function computeIndicator(
  spec: ComputeSpec,
  baseline: number | undefined,
  ctx: IndicatorContext,
  done: ReadonlyMap<string, Indicator>,
  where: string,
  loc: { file: string; path: string },
): { baseline: number; values: Record<string, number>; contributions?: Record<string, Record<string, number>> } {
  const needBaseline = (): number => {
    if (baseline === undefined) throw new ValidationError(`${where}: "${spec.kind}" needs a "baseline" (the current situation)`, loc);
    return baseline;
  };
  const perScenario = (f: (s: Scenario) => number): Record<string, number> => Object.fromEntries(ctx.scenarios.map((s) => [s.id, f(s)]));
  /** Per scenario, the contribution of each intervention of `kinds` (whole units, as the values are). */
  const contributionsOf = (kinds: readonly InterventionKind[], f: (iv: Intervention) => number): Record<string, Record<string, number>> =>
    Object.fromEntries(ctx.scenarios.map((s) => [s.id, Object.fromEntries(s.interventions.filter((iv) => kinds.includes(iv.kind)).map((iv) => [iv.id, f(iv)]))]));
  switch (spec.kind) {
    case 'greenArea': {
      const b = needBaseline();
      return {
        baseline: b,
        values: perScenario((s) => Math.round(b + areaOf(s.interventions, GREEN))),
        contributions: contributionsOf(GREEN, (iv) => Math.round(polygonAreaM2(iv.geometry))),
      };
    }
    case 'pavedArea': {
      const b = needBaseline();
      return {
        baseline: b,
        values: perScenario((s) => Math.round(b - areaOf(s.interventions, DEPAVED))),
        // `0 -` keeps an area of 0 from becoming -0 (which canonical JSON would still print as 0).
        contributions: contributionsOf(DEPAVED, (iv) => 0 - Math.round(polygonAreaM2(iv.geometry))),
      };
    }
    case 'parkingPlaces': {
      const b = needBaseline();
      const lostAt = (iv: Intervention): number => Math.floor(geometryLengthM(iv.geometry) / spec.metresPerPlace);
      const lost = (s: Scenario): number => s.interventions.filter((iv) => iv.kind === 'car-free').reduce((sum, iv) => sum + lostAt(iv), 0);
      return { baseline: b, values: perScenario((s) => b - lost(s)), contributions: contributionsOf(['car-free'], (iv) => 0 - lostAt(iv)) };
    }
    case 'housingUnits': {
      const b = needBaseline();
      const units = (iv: Intervention): number => {
        const storeys = Math.floor((iv.height ?? 0) / spec.storeyHeightM);
        return Math.floor((polygonAreaM2(iv.geometry) * storeys * spec.netToGross) / spec.m2PerUnit);
      };
      return {
        baseline: b,
        values: perScenario((s) => b + s.interventions.filter((iv) => iv.kind === 'housing').reduce((sum, iv) => sum + units(iv), 0)),
        contributions: contributionsOf(['housing'], units),
      };
    }
    case 'sealedShare': {
      if (baseline !== undefined) throw new ValidationError(`${where}: the baseline of "sealedShare" is computed; remove "baseline"`, loc);
      const layer = ctx.layers.find((l) => l.id === spec.buildingsLayer);
      if (!layer) throw new ValidationError(`${where}: no layer "${spec.buildingsLayer}"`, loc);
      const paved = done.get(spec.pavedIndicator);
      if (!paved) throw new ValidationError(`${where}: no indicator "${spec.pavedIndicator}" to read paved area from`, loc);
      const built = layer.geometries.reduce((sum, g) => sum + polygonAreaM2(g), 0);
      const plan = bboxAreaM2(layer.bbox);
      const share = (pavedM2: number, housingM2: number): number => {
        const pct = Math.round(((built + housingM2 + pavedM2) / plan) * 1000) / 10;
        if (pct > 100) throw new ValidationError(`${where}: buildings + paved area exceed the plan area (${pct}%); check the baseline of "${spec.pavedIndicator}"`, loc);
        return pct;
      };
      return {
        baseline: share(paved.baseline, 0),
        values: perScenario((s) => share(paved.values[s.id] as number, areaOf(s.interventions, ['housing']))),
      };
    }
    default:
      return assertNever(spec);
  }
}

function areaOf(interventions: readonly Intervention[], kinds: readonly InterventionKind[]): number {
  return interventions.filter((iv) => kinds.includes(iv.kind)).reduce((sum, iv) => sum + polygonAreaM2(iv.geometry), 0);
}

/** Area in m² of a lon/lat bbox. */
export function bboxAreaM2(b: BBox): number {
  return polygonAreaM2({
    type: 'Polygon',
    coordinates: [
      [
        [b[0], b[1]],
        [b[2], b[1]],
        [b[2], b[3]],
        [b[0], b[3]],
        [b[0], b[1]],
      ],
    ],
  });
}

function assertNever(value: never): never {
  throw new ValidationError(`unknown compute rule: ${JSON.stringify(value)}`);
}
