// Screen `#/p/<packageId>/a/<agendaItemId>[?<view>]`: the presenter's workspace. One screen at
// 1280x720 and up: on the left what the map shows (scenario, composition of one's own or the
// current situation; compare mode) and its interventions as text with what-if switches and an
// inspector; in the middle the map(s), as large as the window allows, with overview, north,
// zoom and fullscreen; on the right, collapsible, the indicators, the written briefing with its
// attachments, and the briefing's steps. Everything the presenter shows is the view in the
// address (useWorkspaceView), so every state is a link. "Presenteren" opens the audience window
// and the presenter's controls; "Afdrukken" prints an A4 sheet of the current view.
// Renders package text only as text, never as HTML.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { IntegrityError, RaadskaartError } from '../../../shared/errors';
import type { Attachment } from '../../../shared/packageFormat';
import type { AudienceState } from '../../../shared/view/presentationState';
import type { Camera, CompareMode, LayerGroup, PresentationView, ShownView, ViewContent } from '../../../shared/view/presentationView';
import { COMPARE_MODES, viewContentOf, viewOnItem } from '../../../shared/view/presentationView';
import { interventionsOf, resolveShown, viewGap, withIntervention, withMode, withShown } from '../../../shared/view/viewEdits';
import type { CompositionLookup } from '../../../shared/view/viewEdits';
import { readAppChunk, readAppTile, useAgendaItem, useChunkText, useIndicators, useLayerGeoJson, useLayers, usePackage, useScenarios } from '../../data/hooks';
import {
  dropBriefingAdjustment,
  keepBriefingAdjustment,
  keepComposition,
  forgetComposition,
  useAgendaItemInterventions,
  useBriefingAdjustment,
  useCompositions,
} from '../../data/presentationHooks';
import type { AgendaItemRecord, IndicatorRecord, InterventionRecord, PackageRecord, ScenarioRecord } from '../../data/types';
import type { CompositionRecord, LocalBriefingStep } from '../../data/presentationHooks';
import { getHost } from '../../host';
import { errorMessageKey, errorCodeOf } from '../../i18n/errorMessage';
import { buildingTilesFor } from '../../map/buildingTiles';
import { LayerToggles } from '../../map/LayerToggles';
import { Legend } from '../../map/Legend';
import { MapCommands } from '../../map/MapView';
import type { MapLayerVisibility } from '../../map/MapView';
import { hrefFor } from '../../router';
import { Breadcrumbs } from '../common/Breadcrumbs';
import { PageHeading } from '../common/routeFocus';
import { Loading } from '../common/Status';
import { Tabs } from '../common/Tabs';
import { MapArea } from '../compare/MapArea';
import { createWhatIfModel, itemIndicators, numbersOf, sceneMaps, scenarioContents, viewOutcomes } from '../compare/scene';
import type { SceneIntervention } from '../compare/scene';
import { choiceKey, choiceOptions, shownForChoice, viewTitle } from '../compare/viewChoices';
import { BriefingStepsPanel } from '../present/BriefingStepsPanel';
import { presentationSession, usePresentation } from '../present/presentationSession';
import { isAdjusted, stepsFromPackage } from '../present/stepList';
import { Attachments } from './Attachments';
import type { SaveOutcome } from './Attachments';
import { Briefing } from './Briefing';
import { IndicatorTable } from './IndicatorTable';
import { InterventionList } from './InterventionList';
import type { InterventionGroup } from './InterventionList';
import { KeyboardHelp } from './KeyboardHelp';
import { PackageNotFound } from './PackageView';
import type { PrintContent, PrintSheetProps } from './PrintSheet';
import { ScenarioChooser } from './ScenarioChooser';
import { useShortcuts } from './shortcuts';
import type { ShortcutAction } from './shortcuts';
import { useWorkspaceView } from './useWorkspaceView';
import { NotesPanel } from '../notes/NotesPanel';
import { NotesOnMap } from '../notes/NotesOnMap';
import { DecisionsPanel } from '../decisions/DecisionsPanel';

const CompareIndicators = lazy(() => import('../compare/CompareIndicators').then((m) => ({ default: m.CompareIndicators })));
const PresenterPanel = lazy(() => import('../present/PresenterPanel').then((m) => ({ default: m.PresenterPanel })));

type RightTab = 'indicators' | 'briefing' | 'steps' | 'notes' | 'decisions';

/** No map could give an image to print (none is shown, or it cannot draw). */
class MapImageError extends RaadskaartError {
  constructor() {
    super('map-image', 'print: no map gave an image of itself');
  }
}

const NO_COMPOSITIONS: CompositionRecord[] = [];

function visibilityOf(layers: readonly LayerGroup[] | undefined): MapLayerVisibility {
  const on = (group: LayerGroup) => layers === undefined || layers.includes(group);
  return { buildings: on('buildings'), interventions: on('interventions'), labels: on('labels') };
}

function layersOf(visibility: MapLayerVisibility, previous: readonly LayerGroup[] | undefined): LayerGroup[] | undefined {
  const groups: LayerGroup[] = (['buildings', 'interventions', 'labels'] as const).filter((group) => visibility[group]);
  if (previous?.includes('notes')) groups.push('notes');
  // All of them is the default: the link stays short.
  return groups.length === 3 && (previous === undefined || previous.includes('notes')) ? undefined : groups;
}

export function AgendaItemView({ packageId, agendaItemId }: { packageId: string; agendaItemId: string }) {
  const { t } = useTranslation();
  const pkg = usePackage(packageId);
  const item = useAgendaItem(packageId, agendaItemId);
  const scenarios = useScenarios(packageId, agendaItemId);
  const indicators = useIndicators(packageId);
  const interventions = useAgendaItemInterventions(packageId, agendaItemId);
  const compositions = useCompositions(packageId, agendaItemId);

  if (pkg === undefined || item === undefined) return <Loading />;
  if (pkg === null) return <PackageNotFound packageId={packageId} />;
  if (item === null) {
    return (
      <>
        <Breadcrumbs
          trail={[
            { label: pkg.title, route: { kind: 'package', packageId } },
            { label: t('agendaItem.notFound'), route: { kind: 'agendaItem', packageId, agendaItemId } },
          ]}
        />
        <PageHeading title={t('agendaItem.notFound')} />
        <p>{t('agendaItem.notFoundHelp', { agendaItemId })}</p>
        <p>
          <a href={hrefFor({ kind: 'package', packageId })}>{t('agendaItem.backToPackage')}</a>
        </p>
      </>
    );
  }
  if (scenarios === undefined || indicators === undefined || interventions === undefined) return <Loading />;
  return <Workspace pkg={pkg} item={item} scenarios={scenarios} indicators={indicators} interventions={interventions} compositions={compositions ?? NO_COMPOSITIONS} />;
}

type WorkspaceProps = {
  pkg: PackageRecord;
  item: AgendaItemRecord;
  scenarios: readonly ScenarioRecord[];
  indicators: readonly IndicatorRecord[];
  interventions: readonly InterventionRecord[];
  compositions: readonly CompositionRecord[];
};

function Workspace({ pkg, item, scenarios, indicators, interventions, compositions }: WorkspaceProps) {
  const { t } = useTranslation();
  const packageId = pkg.packageId;
  const agendaItemId = item.id;
  const layers = useLayers(packageId);
  const buildingsLayer = layers?.find((layer) => layer.kind === 'buildings');
  const buildings = useLayerGeoJson(packageId, buildingsLayer?.id);
  // A large layer ships as vector tiles: the map reads them itself (useLayerGeoJson gives null).
  const buildingTiles = buildingTilesFor(packageId, pkg.version, buildingsLayer, readAppTile);
  const briefing = useChunkText(packageId, item.briefing);
  const adjustment = useBriefingAdjustment(packageId, agendaItemId);
  const presentation = usePresentation();

  const { view: linkedView, problem, update, link } = useWorkspaceView(packageId, agendaItemId, scenarios[0]?.id);
  const [commands] = useState(() => new MapCommands());
  const [selected, setSelected] = useState<{ index: number; id: string } | undefined>(undefined);
  const [unplaced, setUnplaced] = useState<readonly (readonly string[])[]>([]);
  const [leftOpen, setLeftOpen] = useState(true);
  const [rightOpen, setRightOpen] = useState(true);
  const [rightTab, setRightTab] = useState<RightTab>('indicators');
  const [helpOpen, setHelpOpen] = useState(false);
  const [status, setStatus] = useState<{ text: string; error?: boolean; link?: string } | undefined>(undefined);
  const [stepIndex, setStepIndex] = useState<number | undefined>(undefined);
  const [theme, setTheme] = useState<AudienceState['theme']>('standard');
  const [audiencePanel, setAudiencePanel] = useState<AudienceState['panel']>('table');
  const [compositionName, setCompositionName] = useState('');
  const [printing, setPrinting] = useState<{ Sheet: ComponentType<PrintSheetProps>; content: PrintContent } | undefined>(undefined);
  const mapSection = useRef<HTMLDivElement>(null);
  const showLeftButton = useRef<HTMLButtonElement>(null);
  const showRightButton = useRef<HTMLButtonElement>(null);
  // A panel hidden with its own button takes that button away: focus goes to the one that brings it back.
  const refocus = useRef<'left' | 'right' | undefined>(undefined);
  useEffect(() => {
    if (refocus.current === 'left') showLeftButton.current?.focus();
    if (refocus.current === 'right') showRightButton.current?.focus();
    refocus.current = undefined;
  }, [leftOpen, rightOpen]);
  const hidePanel = (side: 'left' | 'right') => {
    refocus.current = side;
    if (side === 'left') setLeftOpen(false);
    else setRightOpen(false);
  };

  // Package content and kept compositions, as the view edits need them.
  const contents = useMemo(() => scenarioContents(scenarios, interventions), [scenarios, interventions]);
  const lookup: CompositionLookup = useMemo(() => new Map(compositions.map((c) => [c.id, c.body.interventionIds])), [compositions]);
  const names = useMemo(() => new Map(compositions.map((c) => [c.id, c.body.name])), [compositions]);

  // A link that names what this package (or this computer) does not have shows the default view and says why.
  const gap = viewGap(linkedView, contents, lookup);
  const view: PresentationView =
    gap === undefined
      ? linkedView
      : { packageId, agendaItemId, mode: 'single', shown: [scenarios[0] ? { kind: 'scenario', scenarioId: scenarios[0].id, off: [] } : { kind: 'baseline' }] };
  const viewJson = JSON.stringify(view);
  const stableView = useMemo(() => JSON.parse(viewJson) as PresentationView, [viewJson]);

  const titles = useMemo(() => stableView.shown.map((shown) => viewTitle(shown, scenarios, names, t)), [stableView, scenarios, names, t]);
  const scene = useMemo(() => sceneMaps(stableView, titles, contents, interventions, lookup, item.bbox), [stableView, titles, contents, interventions, lookup, item.bbox]);
  const relevant = useMemo(() => itemIndicators(indicators, scenarios), [indicators, scenarios]);
  const model = useMemo(() => createWhatIfModel(relevant, contents), [relevant, contents]);
  const outcomes = useMemo(() => viewOutcomes(model, stableView, lookup), [model, stableView, lookup]);
  const visibility = visibilityOf(stableView.layers);

  const packageSteps = item.briefingSteps;
  const steps: LocalBriefingStep[] = useMemo(() => adjustment?.steps ?? stepsFromPackage(packageSteps), [adjustment, packageSteps]);

  // Edits of the view.
  const chooseShown = useCallback(
    (index: number, key: string) => {
      setSelected(undefined);
      setStepIndex(undefined);
      update((v) => {
        const current = v.shown[index] ?? { kind: 'baseline' };
        // Another scenario opens on the extent of its interventions: the camera goes.
        const { camera: _camera, ...rest } = withShown(v, index, shownForChoice(key, current, contents, lookup));
        return rest;
      });
    },
    [update, contents, lookup],
  );
  const chooseMode = useCallback(
    (mode: CompareMode) => {
      setSelected(undefined);
      update((v) => {
        const { camera: _camera, ...rest } = withMode(v, mode, contents);
        return rest;
      });
    },
    [update, contents],
  );
  const toggle = useCallback((index: number, id: string, on: boolean) => update((v) => withIntervention(v, index, id, on, lookup)), [update, lookup]);
  const onCameraChange = useCallback(
    (camera: Camera | undefined) =>
      update((v) => {
        const { camera: _old, ...rest } = v;
        return camera ? { ...rest, camera } : rest;
      }),
    [update],
  );
  const onSwipe = useCallback((position: number) => update((v) => ({ ...v, swipe: position })), [update]);
  const onSelect = useCallback((index: number, id: string | undefined) => setSelected(id === undefined ? undefined : { index, id }), []);
  const onUnplaced = useCallback(
    (index: number, ids: readonly string[]) =>
      setUnplaced((previous) => {
        const next = [...previous];
        next[index] = ids;
        return next;
      }),
    [],
  );
  const setVisibility = (next: MapLayerVisibility) => update((v) => ({ ...v, layers: layersOf(next, v.layers) }));

  // Briefing steps.
  const storeSteps = (next: LocalBriefingStep[]) => {
    const keep = isAdjusted(next, packageSteps)
      ? keepBriefingAdjustment({ packageId, agendaItemId, basedOnVersion: pkg.version }, next)
      : dropBriefingAdjustment(packageId, agendaItemId);
    keep.catch((error: unknown) => {
      console.error('The briefing steps could not be kept', error);
      setStatus({ text: t(errorMessageKey(errorCodeOf(error))), error: true });
    });
  };
  const playStep = (index: number) => {
    const step = steps[index];
    if (!step) return;
    setStepIndex(index);
    setSelected(undefined);
    update(() => viewOnItem(packageId, agendaItemId, step.view));
  };

  // Presenting.
  const describeView = (content: ViewContent) => {
    const shownTitles = content.shown.map((shown) => viewTitle(shown, scenarios, names, t));
    return content.mode === 'single' ? (shownTitles[0] ?? '') : `${shownTitles.join(' · ')} (${t(`compare.mode.${content.mode}`)})`;
  };
  const audienceState: AudienceState = useMemo(
    () => ({
      packageId,
      agendaItemId,
      view: { ...viewContentOf(stableView), shown: stableView.shown.map((shown) => resolveShown(shown, lookup)) },
      viewTitles: titles,
      ...(stepIndex !== undefined && steps[stepIndex] ? { step: { title: steps[stepIndex].title, number: stepIndex + 1, count: steps.length } } : {}),
      blank: false,
      theme,
      panel: audiencePanel,
    }),
    [packageId, agendaItemId, stableView, lookup, titles, stepIndex, steps, theme, audiencePanel],
  );
  useEffect(() => {
    if (presentation.active) presentationSession().publish(audienceState);
  }, [presentation.active, audienceState]);

  const startPresenting = () => {
    setRightOpen(true);
    presentationSession()
      .start()
      .then(
        () => setStatus({ text: t('present.started') }),
        (error: unknown) => {
          console.error('The audience window could not be opened', error);
          setStatus({ text: t(errorMessageKey(errorCodeOf(error))), error: true });
        },
      );
  };
  const endPresenting = () => {
    presentationSession()
      .end()
      .then(
        () => setStatus({ text: t('present.ended') }),
        (error: unknown) => console.error('The audience window could not be closed', error),
      );
  };

  // Copy link, print, fullscreen.
  const copyLink = () => {
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) {
      setStatus({ text: t('agendaItem.copyFailed'), link });
      return;
    }
    clipboard.writeText(link).then(
      () => setStatus({ text: t('agendaItem.copied') }),
      () => setStatus({ text: t('agendaItem.copyFailed'), link }),
    );
  };
  const print = () => {
    // The sheet's module loads on first use, while the maps draw their images.
    Promise.all([commands.captureImages(), import('./PrintSheet')])
      .then(([images, module]) => {
        if (images.length === 0) throw new MapImageError();
        setPrinting({ Sheet: module.PrintSheet, content: { images, titles, view: stableView, outcomes } });
        // Printed once the sheet is in the page and laid out (two frames on).
        return new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
      })
      .then(() => getHost().printView({ suggestedName: `${t('agendaItem.number', { number: item.number })} ${item.title}.pdf`.replace(/[\\/:*?"<>|]/g, '-') }))
      .then((result) => {
        if (result.kind === 'saved') setStatus({ text: t('print.saved', { name: result.name }) });
      })
      .catch((error: unknown) => {
        console.error('The view could not be printed', error);
        setStatus({ text: t(errorMessageKey(errorCodeOf(error))), error: true });
      })
      .finally(() => setPrinting(undefined));
  };
  const toggleFullscreen = () => {
    const section = mapSection.current;
    if (!section) return;
    if (document.fullscreenElement) {
      document.exitFullscreen().catch((error: unknown) => console.error('Could not leave fullscreen', error));
    } else {
      section.requestFullscreen().catch((error: unknown) => {
        console.error('Could not go fullscreen', error);
        setStatus({ text: t('agendaItem.fullscreenFailed'), error: true });
      });
    }
  };

  const onAction = (action: ShortcutAction) => {
    switch (action) {
      case 'help':
        setHelpOpen((open) => !open);
        break;
      case 'overview':
        commands.overview();
        break;
      case 'resetNorth':
        commands.resetNorth();
        break;
      case 'zoomIn':
        commands.zoomBy(0.5);
        break;
      case 'zoomOut':
        commands.zoomBy(-0.5);
        break;
      case 'focusMap':
        commands.focus();
        break;
      case 'fullscreen':
        toggleFullscreen();
        break;
      case 'toggleIndicators':
        setRightOpen(!(rightOpen && rightTab === 'indicators'));
        setRightTab('indicators');
        break;
      case 'toggleBriefing':
        setRightOpen(!(rightOpen && rightTab === 'briefing'));
        setRightTab('briefing');
        break;
      case 'copyLink':
        copyLink();
        break;
      case 'print':
        print();
        break;
      case 'present':
        if (presentation.active) endPresenting();
        else startPresenting();
        break;
      case 'nextStep':
        if (steps.length > 0) playStep(stepIndex === undefined ? 0 : Math.min(steps.length - 1, stepIndex + 1));
        break;
      case 'previousStep':
        if (stepIndex !== undefined) playStep(Math.max(0, stepIndex - 1));
        break;
      case 'blank':
        if (presentation.active) presentationSession().setBlank(!presentation.blank);
        break;
      case 'freeze':
        if (presentation.active) presentationSession().setFrozen(!presentation.frozen);
        break;
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
  };
  useShortcuts(presentation.active, onAction);

  const saveAttachment = async (attachment: Attachment): Promise<SaveOutcome> => {
    const data = await readAppChunk(packageId, attachment.path);
    if (data === null) throw new IntegrityError(`${attachment.path}: not stored for package "${packageId}"`, { path: attachment.path });
    const suggestedName = attachment.path.split('/').pop() ?? 'bijlage.pdf';
    return getHost().saveFile({ suggestedName, mimeType: 'application/pdf', data });
  };

  const keepCurrentComposition = (index: number, ids: readonly string[]) => {
    const name = compositionName.trim();
    if (name === '') return;
    keepComposition({ packageId, meetingId: item.meetingId, agendaItemId, name, interventionIds: ids }).then(
      (record) => {
        setCompositionName('');
        setStatus({ text: t('compositions.kept', { name }) });
        update((v) => withShown(v, index, { kind: 'composition', compositionId: record.id, interventionIds: [] }));
      },
      (error: unknown) => {
        console.error('The composition could not be kept', error);
        setStatus({ text: t(errorMessageKey(errorCodeOf(error))), error: true });
      },
    );
  };
  const removeComposition = (index: number, id: string) => {
    const ids = lookup.get(id) ?? [];
    forgetComposition(id).then(
      () => {
        setStatus({ text: t('compositions.removed') });
        update((v) => withShown(v, index, { kind: 'composition', interventionIds: [...ids] }));
      },
      (error: unknown) => console.error('The composition could not be removed', error),
    );
  };

  const options = choiceOptions(
    scenarios,
    compositions.map((c) => ({ id: c.id, name: c.body.name })),
    t,
  );
  const single = stableView.mode === 'single';
  const byScenario = (ids: readonly string[] | undefined): InterventionGroup[] =>
    scenarios
      .map((scenario) => ({ title: scenario.title, interventions: interventions.filter((iv) => iv.scenarioId === scenario.id && (ids === undefined || ids.includes(iv.id))) }))
      .filter((group) => group.interventions.length > 0);

  const mapPanel = (shown: ShownView, index: number) => {
    const active = new Set(interventionsOf(shown, contents, lookup));
    const numbers = numbersOf(shown, contents, lookup);
    const common = {
      active,
      numbers,
      unplaced: new Set(unplaced[index] ?? []),
      selectedId: selected?.index === index ? selected.id : undefined,
      indicators: relevant,
      onToggle: (id: string, on: boolean) => toggle(index, id, on),
      onSelect: (id: string | undefined) => setSelected(id === undefined ? undefined : { index, id }),
      onZoomTo: (id: string) => commands.zoomTo(id),
    };
    const scenario = shown.kind === 'scenario' ? scenarios.find((s) => s.id === shown.scenarioId) : undefined;
    return (
      <>
        {scenario ? (
          <details className="scenario-summary">
            <summary>{t('agendaItem.summary')}</summary>
            <p>{scenario.summary}</p>
          </details>
        ) : null}
        {shown.kind === 'baseline' ? <p>{t('view.baselineHelp')}</p> : null}
        {shown.kind === 'scenario' ? (
          <InterventionList
            heading={t('agendaItem.interventions')}
            groups={[{ interventions: interventions.filter((iv) => iv.scenarioId === shown.scenarioId) as SceneIntervention[] }]}
            toggleLabel={t('whatIf.toggleScenario')}
            {...common}
          />
        ) : null}
        {shown.kind === 'composition' ? (
          <>
            <InterventionList heading={t('compositions.heading')} groups={byScenario(undefined)} toggleLabel={t('whatIf.toggleComposition')} {...common} />
            {shown.compositionId === undefined ? (
              <form
                className="composition-keep"
                onSubmit={(event) => {
                  event.preventDefault();
                  keepCurrentComposition(index, [...active]);
                }}
              >
                <div className="field">
                  <label htmlFor={`composition-name-${index}`}>{t('compositions.nameLabel')}</label>
                  <input id={`composition-name-${index}`} type="text" maxLength={200} value={compositionName} onChange={(e) => setCompositionName(e.currentTarget.value)} />
                  <span className="hint">{t('compositions.localHint')}</span>
                </div>
                <button type="submit" disabled={compositionName.trim() === '' || active.size === 0}>
                  {t('compositions.keep')}
                </button>
              </form>
            ) : (
              <p className="composition-kept">
                <span className="badge badge-local">{t('compositions.local')}</span> {t('compositions.keptHelp')}{' '}
                <button type="button" className="secondary small" onClick={() => removeComposition(index, shown.compositionId ?? '')}>
                  {t('compositions.remove')}
                </button>
              </p>
            )}
          </>
        ) : null}
      </>
    );
  };

  // Notes and decisions (issue 8): about the first view on screen. Notes show on the map unless
  // the view's layers leave them out; the audience window never gets them.
  const firstShown = stableView.shown[0];
  const firstScenario = firstShown?.kind === 'scenario' ? scenarios.find((s) => s.id === firstShown.scenarioId) : undefined;
  const notesOnMap = stableView.layers === undefined || stableView.layers.includes('notes');
  const notesPanel = (
    <NotesPanel
      packageId={packageId}
      meetingId={item.meetingId}
      agendaItemId={agendaItemId}
      scenario={firstScenario ? { id: firstScenario.id, title: firstScenario.title } : undefined}
      interventions={firstScenario ? interventions.filter((iv) => iv.scenarioId === firstScenario.id) : []}
      scenarioTitles={Object.fromEntries(scenarios.map((s) => [s.id, s.title]))}
      interventionTitles={Object.fromEntries(interventions.map((iv) => [iv.id, iv.title]))}
    />
  );
  const decisionsPanel = (
    <DecisionsPanel
      packageId={packageId}
      meetingId={item.meetingId}
      agendaItemId={agendaItemId}
      scenarioId={firstScenario?.id}
      interventionIds={firstShown ? [...interventionsOf(firstShown, contents, lookup)] : []}
      view={stableView}
      shown={{ indicators: relevant, outcomes: outcomes[0] ?? [] }}
    />
  );

  const indicatorsPanel = single ? (
    <IndicatorTable
      indicators={relevant}
      scenario={{ id: stableView.shown[0]?.kind === 'scenario' ? stableView.shown[0].scenarioId : '', title: titles[0] ?? '' }}
      interventions={scene.maps[0]?.interventions ?? []}
      outcomes={new Map(relevant.map((indicator, i) => [indicator.id, outcomes[0]?.[i] ?? { kind: 'curated', value: indicator.baseline }]))}
      layout="panel"
    />
  ) : (
    <Suspense fallback={<Loading />}>
      <CompareIndicators indicators={relevant} views={scene.maps.map((map, i) => ({ key: `${map.key}-${i}`, title: map.title, outcomes: outcomes[i] ?? [] }))} show="choose" />
    </Suspense>
  );

  return (
    <div className={`workspace-screen theme-${theme}`}>
      <div className="workspace-head">
        <div className="workspace-title">
          <Breadcrumbs
            trail={[
              { label: pkg.title, route: { kind: 'package', packageId } },
              { label: t('agendaItem.number', { number: item.number }), route: { kind: 'agendaItem', packageId, agendaItemId } },
            ]}
          />
          {/* The breadcrumb's last crumb already says "Agendapunt 4"; a second one above the title would repeat it. */}
          <PageHeading title={item.title} />
        </div>
        <div className="workspace-toolbar" role="toolbar" aria-label={t('agendaItem.toolbar')}>
          <button type="button" onClick={presentation.active ? endPresenting : startPresenting} aria-pressed={presentation.active} aria-keyshortcuts="P">
            {presentation.active ? t('present.end') : t('present.start')}
          </button>
          <button type="button" className="secondary" onClick={print} aria-keyshortcuts="A">
            {t('print.button')}
          </button>
          <button type="button" className="secondary" onClick={copyLink} aria-keyshortcuts="L">
            {t('agendaItem.copyLink')}
          </button>
          <button type="button" className="secondary" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
            {t('shortcuts.button')}
          </button>
        </div>
      </div>
      <div className="workspace-status" role="status" aria-live="polite">
        {problem ? <p className="error-text">{t('agendaItem.linkProblem', { param: problem.param, message: problem.message })}</p> : null}
        {gap ? (
          <p className="error-text">
            {t(`agendaItem.gap.${gap.kind}`, {
              id: gap.kind === 'unknown-scenario' ? gap.scenarioId : gap.kind === 'unknown-composition' ? gap.compositionId : gap.interventionId,
            })}
          </p>
        ) : null}
        {status ? (
          <p className={status.error ? 'error-text' : undefined}>
            {status.text}
            {status.link ? (
              <input className="link-field" type="text" readOnly value={status.link} aria-label={t('agendaItem.linkLabel')} onFocus={(e) => e.currentTarget.select()} />
            ) : null}
          </p>
        ) : null}
      </div>

      <div className={`workspace workspace--${single ? 'single' : 'compare'}${leftOpen ? '' : ' workspace--left-closed'}${rightOpen ? '' : ' workspace--right-closed'}`}>
        <aside className="workspace-left" aria-label={t('agendaItem.viewPanel')} hidden={!leftOpen}>
          <p className="panel-close">
            <button
              type="button"
              className="secondary small icon"
              onClick={() => hidePanel('left')}
              aria-expanded={true}
              aria-label={t('agendaItem.hideLeft')}
              title={t('agendaItem.hideLeft')}
            >
              ‹
            </button>
          </p>
          <fieldset className="mode-chooser">
            <legend>{t('compare.modeLegend')}</legend>
            {COMPARE_MODES.map((mode) => (
              <label key={mode} className="mode-option">
                <input type="radio" name="compare-mode" checked={stableView.mode === mode} onChange={() => chooseMode(mode)} /> {t(`compare.mode.${mode}`)}
              </label>
            ))}
          </fieldset>
          {single ? (
            <>
              <ScenarioChooser options={options} selectedKey={choiceKey(stableView.shown[0] ?? { kind: 'baseline' })} onSelect={(key) => chooseShown(0, key)} />
              {stableView.shown[0] ? mapPanel(stableView.shown[0], 0) : null}
            </>
          ) : (
            stableView.shown.map((shown, index) => (
              <details key={index} className="compared-view" open={index === 0 || stableView.shown.length <= 2}>
                <summary>{t('compare.mapSummary', { number: index + 1, title: titles[index] ?? '' })}</summary>
                <div className="field">
                  <label htmlFor={`map-choice-${index}`}>{t('compare.mapChoice', { number: index + 1 })}</label>
                  <select id={`map-choice-${index}`} value={choiceKey(shown)} onChange={(e) => chooseShown(index, e.currentTarget.value)}>
                    {options.map((option) => (
                      <option key={option.key} value={option.key}>
                        {option.local ? `${option.title} (${t('compositions.local')})` : option.title}
                      </option>
                    ))}
                  </select>
                </div>
                {stableView.mode === 'grid' && stableView.shown.length > 2 ? (
                  <button type="button" className="secondary small" onClick={() => update((v) => ({ ...v, shown: v.shown.filter((_, i) => i !== index) }))}>
                    {t('compare.removeMap', { number: index + 1 })}
                  </button>
                ) : null}
                {mapPanel(shown, index)}
              </details>
            ))
          )}
          {stableView.mode === 'grid' && stableView.shown.length < 4 ? (
            <button type="button" className="secondary" onClick={() => update((v) => ({ ...v, shown: [...v.shown, { kind: 'baseline' }] }))}>
              {t('compare.addMap')}
            </button>
          ) : null}
        </aside>

        {/* Not a named section: MapView itself is the "Kaart" region; a second one would be noise. */}
        <div ref={mapSection} className="workspace-map">
          <h2 className="visually-hidden">{t('agendaItem.map')}</h2>
          <div className="map-stage">
            {layers !== undefined && buildingsLayer === undefined ? (
              <p>{t('agendaItem.mapUnavailable')}</p>
            ) : (
              <div className="map-frame">
                <MapArea
                  scene={{
                    mode: stableView.mode,
                    maps: scene.maps,
                    opening: scene.opening,
                    camera: stableView.camera,
                    swipe: stableView.swipe,
                    visibility,
                    buildings,
                    buildingTiles,
                    attribution: buildingsLayer?.attribution ?? '',
                    theme,
                  }}
                  commands={commands}
                  selectedId={selected?.id}
                  onCameraChange={onCameraChange}
                  onSelect={onSelect}
                  onSwipe={onSwipe}
                  onUnplacedLabels={onUnplaced}
                  overlay={notesOnMap ? <NotesOnMap packageId={packageId} agendaItemId={agendaItemId} /> : null}
                />
              </div>
            )}
            <div className="map-toolbar" role="toolbar" aria-label={t('agendaItem.mapToolbar')}>
              {leftOpen ? null : (
                <button ref={showLeftButton} type="button" className="secondary small" onClick={() => setLeftOpen(true)} aria-expanded={false}>
                  {t('agendaItem.showLeft')}
                </button>
              )}
              <button type="button" className="small" onClick={() => commands.overview()} aria-keyshortcuts="O">
                {t('agendaItem.overview')}
              </button>
              <button type="button" className="secondary small" onClick={() => commands.resetNorth()} aria-keyshortcuts="R">
                {t('agendaItem.resetNorth')}
              </button>
              <button type="button" className="secondary small" onClick={toggleFullscreen} aria-keyshortcuts="F">
                {t('agendaItem.fullscreen')}
              </button>
              {rightOpen ? null : (
                <button ref={showRightButton} type="button" className="secondary small" onClick={() => setRightOpen(true)} aria-expanded={false}>
                  {t('agendaItem.showRight')}
                </button>
              )}
            </div>
          </div>
          <div className="map-footer">
            <LayerToggles visibility={visibility} onChange={setVisibility} />
            <details className="map-legend-panel">
              <summary>{t('map.legend.title')}</summary>
              <div className="map-legend-panel__body">
                <Legend interventions={scene.maps.flatMap((map) => map.interventions).filter((iv, i, all) => all.findIndex((other) => other.id === iv.id) === i)} />
              </div>
            </details>
          </div>
        </div>

        <aside className="workspace-right" aria-label={t('agendaItem.sidePanel')} hidden={!rightOpen}>
          <p className="panel-close">
            <button
              type="button"
              className="secondary small icon"
              onClick={() => hidePanel('right')}
              aria-expanded={true}
              aria-label={t('agendaItem.hideRight')}
              title={t('agendaItem.hideRight')}
            >
              ›
            </button>
          </p>
          {presentation.active ? (
            <Suspense fallback={<Loading />}>
              <PresenterPanel
                snapshot={presentation}
                steps={steps}
                current={stepIndex}
                theme={theme}
                panel={audiencePanel}
                onPrevious={() => onAction('previousStep')}
                onNext={() => onAction('nextStep')}
                onBlank={(blank) => presentationSession().setBlank(blank)}
                onFreeze={(frozen) => presentationSession().setFrozen(frozen)}
                onTheme={setTheme}
                onPanel={setAudiencePanel}
                onEnd={endPresenting}
              />
            </Suspense>
          ) : null}
          <Tabs
            label={t('agendaItem.sidePanel')}
            selected={rightTab}
            onSelect={setRightTab}
            items={[
              {
                key: 'indicators',
                label: t('indicators.title'),
                panel: (
                  <section aria-labelledby="indicators-heading" className="indicators">
                    <h2 id="indicators-heading">{t('indicators.title')}</h2>
                    {indicatorsPanel}
                  </section>
                ),
              },
              {
                key: 'briefing',
                label: t('agendaItem.briefing'),
                panel: (
                  <>
                    <section aria-labelledby="briefing-heading" className="briefing-section">
                      <h2 id="briefing-heading">{t('agendaItem.briefing')}</h2>
                      {briefing === undefined ? <Loading /> : briefing === null ? <p>{t('agendaItem.noBriefing')}</p> : <Briefing markdown={briefing} title={item.title} />}
                    </section>
                    {item.attachments && item.attachments.length > 0 ? (
                      <section aria-labelledby="attachments-heading" className="attachments-section">
                        <h2 id="attachments-heading">{t('agendaItem.attachments')}</h2>
                        <Attachments attachments={item.attachments} onSave={saveAttachment} />
                      </section>
                    ) : null}
                  </>
                ),
              },
              { key: 'notes', label: t('notes.title'), panel: notesPanel },
              { key: 'decisions', label: t('decisions.tab'), panel: decisionsPanel },
              {
                key: 'steps',
                label: t('steps.title'),
                panel: (
                  <section aria-labelledby="steps-heading">
                    <h2 id="steps-heading">{t('steps.title')}</h2>
                    <BriefingStepsPanel
                      steps={steps}
                      adjusted={adjustment !== null && adjustment !== undefined}
                      packageMovedOn={adjustment !== null && adjustment !== undefined && adjustment.basedOnVersion !== pkg.version}
                      current={stepIndex}
                      currentView={viewContentOf(stableView)}
                      currentTitle={describeView(viewContentOf(stableView))}
                      describe={describeView}
                      onPlay={playStep}
                      onChange={storeSteps}
                      onReset={() => {
                        dropBriefingAdjustment(packageId, agendaItemId).catch((error: unknown) => console.error('The local steps could not be dropped', error));
                      }}
                    />
                  </section>
                ),
              },
            ]}
          />
        </aside>
      </div>
      <KeyboardHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      {printing ? (
        <printing.Sheet
          content={printing.content}
          pkg={pkg}
          item={item}
          indicators={relevant}
          interventions={scene.maps.flatMap((map) => map.interventions)}
          attribution={buildingsLayer?.attribution ?? ''}
        />
      ) : null}
    </div>
  );
}
