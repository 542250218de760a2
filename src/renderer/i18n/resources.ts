// Every UI string, one JSON file per area and language (src/renderer/i18n/{nl,en}/<area>.json),
// joined here into one tree per language. Each area file holds its own top-level groups (no two
// files share one; i18n.test.ts checks it). `en` is typed as `typeof nl`, so a key missing in
// English, or in Dutch, is a type error as well as a test failure. A new area: add its two files
// below and to AREAS.
// Must never contain markup: every string is rendered as text.
import enAccount from './en/account.json';
import enCommon from './en/common.json';
import enDecisions from './en/decisions.json';
import enNotes from './en/notes.json';
import enCompare from './en/compare.json';
import enErrors from './en/errors.json';
import enLibrary from './en/library.json';
import enMap from './en/map.json';
import enMeeting from './en/meeting.json';
import enPresent from './en/present.json';
import enUpdates from './en/updates.json';
import nlAccount from './nl/account.json';
import nlCommon from './nl/common.json';
import nlDecisions from './nl/decisions.json';
import nlNotes from './nl/notes.json';
import nlCompare from './nl/compare.json';
import nlErrors from './nl/errors.json';
import nlLibrary from './nl/library.json';
import nlMap from './nl/map.json';
import nlMeeting from './nl/meeting.json';
import nlPresent from './nl/present.json';
import nlUpdates from './nl/updates.json';

/** The area files of each language, by area name (the file name). */
export const AREAS = {
  nl: {
    common: nlCommon,
    library: nlLibrary,
    meeting: nlMeeting,
    map: nlMap,
    updates: nlUpdates,
    errors: nlErrors,
    compare: nlCompare,
    present: nlPresent,
    account: nlAccount,
    notes: nlNotes,
    decisions: nlDecisions,
  },
  en: {
    common: enCommon,
    library: enLibrary,
    meeting: enMeeting,
    map: enMap,
    updates: enUpdates,
    errors: enErrors,
    compare: enCompare,
    present: enPresent,
    account: enAccount,
    notes: enNotes,
    decisions: enDecisions,
  },
} as const;

/** All Dutch strings: the tree `t` is typed against. */
export const nl = { ...nlCommon, ...nlLibrary, ...nlMeeting, ...nlMap, ...nlUpdates, ...nlErrors, ...nlCompare, ...nlPresent, ...nlAccount, ...nlNotes, ...nlDecisions };
export const en: typeof nl = { ...enCommon, ...enLibrary, ...enMeeting, ...enMap, ...enUpdates, ...enErrors, ...enCompare, ...enPresent, ...enAccount, ...enNotes, ...enDecisions };

export type TranslationTree = typeof nl;

export const resources = { nl: { translation: nl }, en: { translation: en } } as const;
