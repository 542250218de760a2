// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from './db';
import { useChunkText, useInterventions, useLayerGeoJson, useMeetings, usePackage, usePackages } from './hooks';
import { installPackage } from './install/installPackage';
import { makePackage, memorySource, testTrust } from '../../../tests/helpers/dexie';

const clock = () => new Date('2026-12-01T12:00:00Z');

afterAll(async () => {
  await getDb().delete();
});

describe('data hooks', () => {
  it('show an install as it lands and answer null for what does not exist', async () => {
    const packages = renderHook(() => usePackages());
    const missing = renderHook(() => usePackage('test.delfshaven'));
    await waitFor(() => expect(packages.result.current).toEqual([]));
    await waitFor(() => expect(missing.result.current).toBeNull());

    await act(async () => {
      await installPackage(getDb(), memorySource(await makePackage()), { now: clock, trusted: await testTrust() });
    });

    await waitFor(() => expect(packages.result.current?.map((p) => p.packageId)).toEqual(['test.delfshaven']));
    await waitFor(() => expect(missing.result.current?.version).toBe(1));
  });

  it('read meetings, interventions, briefing text and a layer of the installed package', async () => {
    // Installed by the test above when run in order; upToDate then.
    await installPackage(getDb(), memorySource(await makePackage()), { now: clock, trusted: await testTrust() });
    const meetings = renderHook(() => useMeetings('test.delfshaven'));
    const interventions = renderHook(({ id }: { id: string | undefined }) => useInterventions('test.delfshaven', id), { initialProps: { id: undefined as string | undefined } });
    const briefing = renderHook(() => useChunkText('test.delfshaven', 'briefings/herinrichting.md'));
    const layer = renderHook(() => useLayerGeoJson('test.delfshaven', 'buildings'));

    await waitFor(() => expect(meetings.result.current?.[0]?.agendaItems.map((a) => a.number)).toEqual(['2', '10']));
    await waitFor(() => expect(interventions.result.current).toEqual([]));
    interventions.rerender({ id: 's-housing' });
    await waitFor(() => expect(interventions.result.current?.map((i) => i.id)).toEqual(['i-housing', 'i-trees']));
    await waitFor(() => expect(briefing.result.current).toContain('# Herinrichting Delfshaven'));
    await waitFor(() => expect(layer.result.current?.features).toHaveLength(2));
    const parsed = layer.result.current;
    layer.rerender();
    expect(layer.result.current).toBe(parsed);
  });
});
