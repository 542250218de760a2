// The map's strings exist in both languages with the same keys, and registering them never
// overwrites strings the app already has.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ensureMapTranslations, mapEn, mapNl } from './i18n';

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

describe('map translations', () => {
  it('have the same keys in Dutch and English, all under map., none empty', () => {
    const nl = leaves(mapNl);
    const en = leaves(mapEn);
    expect(en.map(([key]) => key)).toEqual(nl.map(([key]) => key));
    for (const [key, text] of [...nl, ...en]) {
      expect(key).toMatch(/^map\./);
      expect(typeof text === 'string' && text.trim().length > 0, key).toBe(true);
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const en = new Map(leaves(mapEn));
    for (const [key, text] of leaves(mapNl)) expect(placeholders(en.get(key)), key).toEqual(placeholders(text));
  });

  it('are added to i18next without overwriting what the app already defines', async () => {
    const instance = i18next.createInstance();
    await instance.init({ lng: 'nl', resources: { nl: { translation: { map: { legend: { title: 'Eigen titel' } } } } } });
    ensureMapTranslations(instance);
    expect(instance.t('map.legend.title')).toBe('Eigen titel');
    expect(instance.t('map.layers.legend')).toBe('Kaartlagen');
    expect(instance.getFixedT('en')('map.layers.legend')).toBe('Map layers');
  });
});
