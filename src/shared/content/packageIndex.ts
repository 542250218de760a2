// Checks of a package's content index (chunk `index.json`) beyond its zod form: every chunk
// path it names is in the manifest, ids are unique where rows are keyed by them, references
// (a scenario's agenda item, an indicator's scenarios, contributions' interventions) resolve,
// and an additive indicator's scenario values equal its baseline plus the contributions of
// that scenario's interventions, so the breakdown (and a what-if recompute) never disagrees
// with the total the council sees; briefing steps show only what the package has
// (briefingSteps.ts). Pure: used by the installer, `raadskaart verify`, the hub's
// publish and the package builder alike, so a package one accepts the others accept.
import { ValidationError, describeIssues } from '../errors';
import { INDEX_PATH, PackageIndex } from '../packageFormat';
import type { ChunkRef, Indicator } from '../packageFormat';
import { briefingStepProblem } from './briefingSteps';
import { firstIssuePath, parseJsonBytes } from './json';

const MANIFEST_FILE = 'manifest.json';

/** Decodes index.json and checks its form; errors name the JSON path. */
export function parsePackageIndex(bytes: Uint8Array): PackageIndex {
  const parsed = PackageIndex.safeParse(parseJsonBytes(bytes, INDEX_PATH));
  if (!parsed.success) {
    throw new ValidationError(describeIssues(INDEX_PATH, parsed.error.issues), { file: INDEX_PATH, path: firstIssuePath(parsed.error.issues) });
  }
  return parsed.data;
}

/** Every chunk path index.json points at must be in the manifest. */
export function checkIndexPaths(index: PackageIndex, byPath: ReadonlyMap<string, ChunkRef>): void {
  const check = (path: string, jsonPath: string): void => {
    if (!byPath.has(path)) {
      throw new ValidationError(`${INDEX_PATH}: ${jsonPath}: "${path}" is not a chunk in ${MANIFEST_FILE}`, { file: INDEX_PATH, path: jsonPath });
    }
  };
  index.layers.forEach((layer, i) => {
    if (layer.format !== 'vector-tiles') return check(layer.path, `$.layers.${i}.path`);
    check(layer.tileIndex, `$.layers.${i}.tileIndex`);
    layer.bundles.forEach((bundle, b) => check(bundle, `$.layers.${i}.bundles.${b}`));
  });
  index.meetings.forEach((meeting, m) =>
    meeting.agendaItems.forEach((item, a) => {
      if (item.briefing !== undefined) check(item.briefing, `$.meetings.${m}.agendaItems.${a}.briefing`);
      item.attachments?.forEach((attachment, k) => check(attachment.path, `$.meetings.${m}.agendaItems.${a}.attachments.${k}.path`));
    }),
  );
}

function fail(jsonPath: string, message: string): never {
  throw new ValidationError(`${INDEX_PATH}: ${jsonPath}: ${message}`, { file: INDEX_PATH, path: jsonPath });
}

/**
 * Ids unique per kind within the package (the app keys rows by [packageId+id]) and references
 * that resolve: a scenario's agenda item, an indicator's scenario values and contributions.
 */
export function checkIndexReferences(index: PackageIndex): void {
  const unique = (kind: string) => {
    const seen = new Map<string, string>();
    return (id: string, jsonPath: string): void => {
      const first = seen.get(id);
      if (first !== undefined) fail(jsonPath, `${kind} id "${id}" is already used at ${first}`);
      seen.set(id, jsonPath);
    };
  };
  const meetingId = unique('meeting');
  const agendaItemId = unique('agenda item');
  const scenarioId = unique('scenario');
  const interventionId = unique('intervention');
  const indicatorId = unique('indicator');
  const layerId = unique('layer');

  const agendaIds = new Set<string>();
  index.meetings.forEach((meeting, m) => {
    meetingId(meeting.id, `$.meetings.${m}.id`);
    meeting.agendaItems.forEach((item, a) => {
      agendaItemId(item.id, `$.meetings.${m}.agendaItems.${a}.id`);
      agendaIds.add(item.id);
    });
  });
  index.scenarios.forEach((scenario, s) => {
    scenarioId(scenario.id, `$.scenarios.${s}.id`);
    if (!agendaIds.has(scenario.agendaItemId)) fail(`$.scenarios.${s}.agendaItemId`, `no agenda item "${scenario.agendaItemId}"`);
    scenario.interventions.forEach((intervention, i) => interventionId(intervention.id, `$.scenarios.${s}.interventions.${i}.id`));
  });
  const scenarioIds = new Set(index.scenarios.map((scenario) => scenario.id));
  index.indicators.forEach((indicator, i) => {
    indicatorId(indicator.id, `$.indicators.${i}.id`);
    for (const key of Object.keys(indicator.values)) {
      if (!scenarioIds.has(key)) fail(`$.indicators.${i}.values.${key}`, `no scenario "${key}"`);
    }
  });
  index.layers.forEach((layer, i) => layerId(layer.id, `$.layers.${i}.id`));
  index.meetings.forEach((meeting, m) =>
    meeting.agendaItems.forEach((item, a) => {
      const steps = item.briefingSteps ?? [];
      const problem = briefingStepProblem(item.id, steps, index.scenarios);
      if (problem)
        fail(`$.meetings.${m}.agendaItems.${a}.briefingSteps.${problem.step}.${problem.path}`, `briefing step "${steps[problem.step]?.title ?? ''}": ${problem.message}`);
    }),
  );
  checkIndicatorContributions(index);
}

/**
 * How far baseline + Σ contributions may be from a scenario's value: each contribution may be
 * rounded by up to half a unit, so half a unit per contribution (plus floating-point noise).
 */
export function contributionTolerance(contributionCount: number, value: number): number {
  return 0.5 * contributionCount + 1e-9 * Math.max(1, Math.abs(value));
}

/** The scenario whose value disagrees with baseline + its contributions, with the numbers; or undefined. */
export function contributionMismatch(indicator: Pick<Indicator, 'baseline' | 'values' | 'contributions'>): { scenarioId: string; sum: number; value: number } | undefined {
  for (const [scenarioId, value] of Object.entries(indicator.values)) {
    const parts = Object.values(indicator.contributions?.[scenarioId] ?? {});
    const sum = parts.reduce((a, b) => a + b, 0);
    if (Math.abs(indicator.baseline + sum - value) > contributionTolerance(parts.length, value)) return { scenarioId, sum, value };
  }
  return undefined;
}

/**
 * Additive indicators: `additive: true` exactly when `contributions` are given; contributions
 * only for scenarios the indicator has a value for, and only of interventions of that
 * scenario; and each value within rounding of baseline + Σ contributions.
 */
export function checkIndicatorContributions(index: PackageIndex): void {
  const interventionsOf = new Map(index.scenarios.map((s) => [s.id, new Set(s.interventions.map((iv) => iv.id))]));
  index.indicators.forEach((indicator, i) => {
    const at = `$.indicators.${i}`;
    const { contributions } = indicator;
    if (contributions === undefined) {
      if (indicator.additive === true) fail(`${at}.contributions`, `indicator "${indicator.id}" is additive but lists no contributions`);
      return;
    }
    if (indicator.additive !== true) fail(`${at}.additive`, `indicator "${indicator.id}" lists contributions, so "additive" must be true`);
    for (const [scenarioId, parts] of Object.entries(contributions)) {
      const own = interventionsOf.get(scenarioId);
      if (!own || !(scenarioId in indicator.values)) fail(`${at}.contributions.${scenarioId}`, `no scenario "${scenarioId}" with a value for indicator "${indicator.id}"`);
      for (const interventionId of Object.keys(parts)) {
        if (!own.has(interventionId)) fail(`${at}.contributions.${scenarioId}.${interventionId}`, `scenario "${scenarioId}" has no intervention "${interventionId}"`);
      }
    }
    const mismatch = contributionMismatch(indicator);
    if (mismatch) {
      fail(
        `${at}.values.${mismatch.scenarioId}`,
        `indicator "${indicator.id}", scenario "${mismatch.scenarioId}": baseline ${indicator.baseline} + contributions ${mismatch.sum} is ${indicator.baseline + mismatch.sum}, but the value is ${mismatch.value}`,
      );
    }
  });
}
