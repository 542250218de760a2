// The sync screen's UI strings (Dutch first, English), as two plain objects under a top-level
// `sync` key so they can be merged into src/renderer/i18n/{nl,en}.json as they are. Until that
// merge, useUpdatesTranslation() adds them to the running i18next instance itself (like
// src/renderer/map/i18n.ts). Error sentences are keyed by UpdateErrorCode and written for a
// clerk: what happened, what it means for the installed version, what to do.
// Must never contain markup: every string is rendered as text.
import { useTranslation } from 'react-i18next';
import type { UpdateErrorCode } from '../../updates/updateState';

type ErrorSentences = Record<UpdateErrorCode, string>;

const nlErrors: ErrorSentences = {
  signature: 'Dit pakket is niet ondertekend door een vertrouwde uitgever. Het is niet geïnstalleerd; de vorige versie blijft in gebruik.',
  'unknown-key':
    'Dit pakket is ondertekend door een uitgever die Raadskaart (nog) niet vertrouwt. Het is niet geïnstalleerd; de vorige versie blijft in gebruik. Vraag de uitgever om zijn publieke sleutel en voeg die toe onder Uitgevers.',
  rollback: 'Er wordt een oudere versie aangeboden dan de versie die u al heeft. Die is niet geïnstalleerd; uw huidige versie blijft in gebruik.',
  expired:
    'Het pakket of de pakketlijst van de hub is verlopen. Er is niets veranderd. Controleer de datum en tijd van deze computer, of vraag de beheerder van de hub om een nieuwe versie.',
  'mix-and-match': 'Het pakket past niet bij de ondertekende pakketlijst van de hub. Het is niet geïnstalleerd; de vorige versie blijft in gebruik.',
  integrity:
    'Het pakket is beschadigd of onvolledig aangekomen. Het is niet geïnstalleerd; de vorige versie blijft in gebruik. Probeer het opnieuw: wat al goed binnen is, wordt niet opnieuw gedownload.',
  validation:
    'Het pakket bevat een fout en is niet geïnstalleerd; de vorige versie blijft in gebruik. Geef de technische details door aan de uitgever van het pakket.',
  fetch: 'De hub is niet bereikbaar. Controleer het hub-adres en de netwerkverbinding en probeer het opnieuw. Wat al binnen is, blijft bewaard.',
  unauthorized: 'De hub accepteert de toegangscode niet. Controleer de code, of vraag de beheerder van de hub om een nieuwe.',
  'unsafe-archive': 'Dit pakketbestand is beschadigd of onveilig en is niet geopend. Er is niets veranderd.',
  'hub-url': 'Het hub-adres is niet geldig. Een hub-adres begint met https:// (of http:// voor een hub op deze computer).',
  'hub-key-not-pinned': 'Raadskaart kent de sleutel van deze hub nog niet. Haal de sleutel op en controleer de sleutelcode voordat u bijwerkt. Er is niets gedownload.',
  'hub-key-mismatch':
    'De hub ondertekent met een andere sleutel dan de sleutel die u vertrouwt. Er is niets gedownload. Neem contact op met de beheerder van de hub voordat u verdergaat.',
  storage: 'Er is niet genoeg opslagruimte op deze computer. Het pakket is niet geïnstalleerd; de vorige versie blijft in gebruik.',
  'secret-storage-unavailable':
    'Deze computer kan de toegangscode niet veilig bewaren. De code is nu gebruikt maar niet opgeslagen; vul hem de volgende keer opnieuw in, of vraag de beheerder een wachtwoordkluis (GNOME Keyring of KWallet) in te stellen.',
  worker: 'Het bijwerken kon niet worden gestart. Laad Raadskaart opnieuw en probeer het nog eens.',
  unknown: 'Er ging iets mis dat Raadskaart niet herkent. De geïnstalleerde pakketten zijn niet veranderd. Geef de technische details door aan de beheerder.',
};

const enErrors: ErrorSentences = {
  signature: 'This package is not signed by a trusted publisher. It was not installed; the previous version stays in use.',
  'unknown-key':
    "This package is signed by a publisher Raadskaart does not trust (yet). It was not installed; the previous version stays in use. Ask the publisher for their public key and add it under Publishers.",
  rollback: 'An older version is offered than the one you already have. It was not installed; your current version stays in use.',
  expired: "The package or the hub's package list has expired. Nothing was changed. Check this computer's date and time, or ask the hub's administrator for a new version.",
  'mix-and-match': "The package does not match the hub's signed package list. It was not installed; the previous version stays in use.",
  integrity:
    'The package arrived damaged or incomplete. It was not installed; the previous version stays in use. Try again: what already arrived correctly is not downloaded again.',
  validation: 'The package contains an error and was not installed; the previous version stays in use. Pass the technical details on to the package publisher.',
  fetch: 'The hub cannot be reached. Check the hub address and the network connection and try again. What already arrived is kept.',
  unauthorized: "The hub does not accept the access code. Check the code, or ask the hub's administrator for a new one.",
  'unsafe-archive': 'This package file is damaged or unsafe and was not opened. Nothing was changed.',
  'hub-url': 'The hub address is not valid. A hub address starts with https:// (or http:// for a hub on this computer).',
  'hub-key-not-pinned': "Raadskaart does not know this hub's key yet. Fetch the key and check its key code before you update. Nothing was downloaded.",
  'hub-key-mismatch': "The hub signs with a different key than the one you trust. Nothing was downloaded. Contact the hub's administrator before you continue.",
  storage: 'There is not enough storage space on this computer. The package was not installed; the previous version stays in use.',
  'secret-storage-unavailable':
    'This computer cannot store the access code safely. It was used now but not saved; enter it again next time, or ask your administrator to set up a password store (GNOME Keyring or KWallet).',
  worker: 'Updating could not be started. Reload Raadskaart and try again.',
  unknown: 'Something went wrong that Raadskaart does not recognise. The installed packages were not changed. Pass the technical details on to the administrator.',
};

export const updatesNl = {
  updates: {
    title: 'Pakketten bijwerken',
    intro: 'Haal nieuwe versies van scenariopakketten op bij de hub van uw gemeente, of open een pakketbestand. Tot een nieuwe versie helemaal binnen is, blijft de huidige in gebruik.',
    hubUrl: 'Hub-adres',
    hubUrlHint: 'Bijvoorbeeld https://raadskaart.gemeente.nl',
    token: 'Toegangscode',
    tokenHint: 'De code die u van de beheerder van de hub kreeg. Laat dit leeg als de hub geen code vraagt.',
    update: 'Pakketten bijwerken',
    importLabel: 'Importeer pakketbestand',
    importHint: 'Een .rkp-bestand, bijvoorbeeld van een USB-stick. Het wordt net zo gecontroleerd als een pakket van de hub.',
    urlError: {
      empty: 'Vul het adres van de hub in.',
      invalid: 'Dit is geen geldig webadres. Een hub-adres begint met https://',
      scheme: 'Het adres moet beginnen met https:// (of http:// voor een hub op deze computer).',
      credentials: 'Zet geen gebruikersnaam of wachtwoord in het adres; de toegangscode hoort in het veld Toegangscode.',
      insecure:
        'Gebruik https:// voor een hub op een andere computer. Met http:// zou de toegangscode onversleuteld over het netwerk gaan; http:// kan alleen voor een hub op deze computer.',
    },
    status: {
      checking: 'Controleren of er nieuwe versies zijn…',
      downloading: 'Pakket {{title}}: {{done}} van {{total}} MB ({{percent}}%)',
      installing: 'Pakket {{title}} wordt geïnstalleerd…',
      nothingNew: 'Alle pakketten zijn al bijgewerkt.',
      installed: 'Pakket {{title}} is bijgewerkt naar versie {{version}}.',
      failed: 'Pakket {{title}}: {{reason}}',
    },
    hubKey: {
      notPinned: 'Raadskaart kent de sleutel van deze hub nog niet. Haal de sleutel op en vergelijk de sleutelcode met de code die de beheerder van de hub u gaf.',
      fetch: 'Sleutel van de hub ophalen',
      fetching: 'De sleutel van de hub wordt opgehaald…',
      shown: 'Sleutelcode van de hub:',
      question: 'Is dit precies de code die de beheerder u gaf?',
      confirm: 'Ja, deze sleutel vertrouwen',
      cancel: 'Nee, niet vertrouwen',
      pinned: 'De sleutel van de hub is vastgezet. U kunt nu bijwerken.',
      trusted: 'Vertrouwde sleutel van de hub:',
    },
    publishers: {
      title: 'Uitgevers',
      intro: 'Raadskaart installeert alleen pakketten die zijn ondertekend door een uitgever die u vertrouwt. Een nieuwe uitgever voegt u toe met de publieke sleutel die u van die uitgever kreeg.',
      keyid: 'Sleutelcode:',
      scope: 'Voor: {{scope}}',
      allPackages: 'alle pakketten',
      add: 'Sleutel van een uitgever toevoegen',
      addHint: 'Het .json-bestand met de publieke sleutel van de uitgever (gemaakt met raadskaart keygen).',
      shown: 'Sleutelcode van deze uitgever:',
      question: 'Is dit precies de sleutelcode die de uitgever u gaf?',
      label: 'Naam van de uitgever',
      scopeLabel: 'Alleen voor deze pakketten (niet verplicht)',
      scopeHint: "Pakketcodes, gescheiden door komma's, bijvoorbeeld nl.rotterdam.delfshaven. Laat leeg om deze uitgever voor alle pakketten te vertrouwen.",
      scopeError: '"{{id}}" is geen geldige pakketcode: gebruik kleine letters, cijfers, punten of streepjes.',
      confirm: 'Ja, deze uitgever vertrouwen',
      cancel: 'Nee, niet toevoegen',
      added: 'Uitgever {{label}} wordt nu vertrouwd. Kies Pakketten bijwerken of importeer het pakketbestand opnieuw.',
      invalidFile: 'Dit bestand is geen publieke sleutel van Raadskaart. Kies het .json-bestand met de publieke sleutel dat de uitgever u gaf. Er is niets toegevoegd.',
      privateKey:
        'Dit is een privésleutel, geen publieke sleutel. Een privésleutel blijft bij de uitgever; vraag om de publieke sleutel. Er is niets toegevoegd.',
      failed: 'De uitgever kon niet worden opgeslagen. Er is niets veranderd.',
      remove: 'Verwijderen',
      removeName: '{{label}} verwijderen',
      removeQuestion: 'Wilt u {{label}} niet meer vertrouwen? Nieuwe versies van pakketten die alleen deze uitgever ondertekent, worden dan niet meer geïnstalleerd.',
      removeConfirm: 'Ja, niet meer vertrouwen',
      removeCancel: 'Nee, behouden',
    },
    technicalDetails: 'Technische details',
    errors: nlErrors,
  },
};

export const updatesEn: typeof updatesNl = {
  updates: {
    title: 'Update packages',
    intro: "Fetch new versions of scenario packages from your municipality's hub, or open a package file. Until a new version has fully arrived, the current one stays in use.",
    hubUrl: 'Hub address',
    hubUrlHint: 'For example https://raadskaart.gemeente.nl',
    token: 'Access code',
    tokenHint: "The code you received from the hub's administrator. Leave it empty if the hub does not ask for one.",
    update: 'Update packages',
    importLabel: 'Import package file',
    importHint: 'A .rkp file, for example from a USB stick. It is checked just like a package from the hub.',
    urlError: {
      empty: 'Enter the address of the hub.',
      invalid: 'This is not a valid web address. A hub address starts with https://',
      scheme: 'The address must start with https:// (or http:// for a hub on this computer).',
      credentials: 'Do not put a user name or password in the address; the access code goes in the Access code field.',
      insecure: 'Use https:// for a hub on another computer. With http:// the access code would cross the network unencrypted; http:// only works for a hub on this computer.',
    },
    status: {
      checking: 'Checking for new versions…',
      downloading: 'Package {{title}}: {{done}} of {{total}} MB ({{percent}}%)',
      installing: 'Installing package {{title}}…',
      nothingNew: 'All packages are up to date.',
      installed: 'Package {{title}} was updated to version {{version}}.',
      failed: 'Package {{title}}: {{reason}}',
    },
    hubKey: {
      notPinned: "Raadskaart does not know this hub's key yet. Fetch the key and compare its key code with the code the hub's administrator gave you.",
      fetch: "Fetch the hub's key",
      fetching: "Fetching the hub's key…",
      shown: "The hub's key code:",
      question: 'Is this exactly the code the administrator gave you?',
      confirm: 'Yes, trust this key',
      cancel: 'No, do not trust it',
      pinned: "The hub's key is pinned. You can update now.",
      trusted: "Trusted key of the hub:",
    },
    publishers: {
      title: 'Publishers',
      intro: 'Raadskaart installs only packages signed by a publisher you trust. Add a new publisher with the public key you received from that publisher.',
      keyid: 'Key code:',
      scope: 'For: {{scope}}',
      allPackages: 'all packages',
      add: "Add a publisher's key",
      addHint: "The publisher's public key file (.json, made with raadskaart keygen).",
      shown: "This publisher's key code:",
      question: 'Is this exactly the key code the publisher gave you?',
      label: 'Name of the publisher',
      scopeLabel: 'Only for these packages (optional)',
      scopeHint: 'Package codes separated by commas, for example nl.rotterdam.delfshaven. Leave empty to trust this publisher for all packages.',
      scopeError: '"{{id}}" is not a valid package code: use lowercase letters, digits, dots or dashes.',
      confirm: 'Yes, trust this publisher',
      cancel: 'No, do not add',
      added: 'Publisher {{label}} is now trusted. Choose Update packages or import the package file again.',
      invalidFile: 'This file is not a Raadskaart public key. Choose the .json file with the public key the publisher gave you. Nothing was added.',
      privateKey: 'This is a private key, not a public key. A private key stays with the publisher; ask for the public key. Nothing was added.',
      failed: 'The publisher could not be saved. Nothing was changed.',
      remove: 'Remove',
      removeName: 'Remove {{label}}',
      removeQuestion: 'Stop trusting {{label}}? New versions of packages signed only by this publisher will then no longer be installed.',
      removeConfirm: 'Yes, stop trusting',
      removeCancel: 'No, keep',
    },
    technicalDetails: 'Technical details',
    errors: enErrors,
  },
};

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every translation key of the sync screen, e.g. `updates.status.downloading`. */
export type UpdatesKey = Leaves<typeof updatesNl>;

type I18nLike = {
  getResource(lng: string, ns: string, key: string): unknown;
  addResourceBundle(lng: string, ns: string, resources: object, deep?: boolean, overwrite?: boolean): unknown;
};

/**
 * Adds the sync strings to `i18n` unless they are there already (merged into the app's JSON,
 * or added before). Never overwrites: the app's JSON wins.
 */
export function ensureUpdatesTranslations(i18n: I18nLike): void {
  for (const [lng, bundle] of [
    ['nl', updatesNl],
    ['en', updatesEn],
  ] as const) {
    if (i18n.getResource(lng, 'translation', 'updates.title') === undefined) i18n.addResourceBundle(lng, 'translation', bundle, true, false);
  }
}

/**
 * react-i18next's `useTranslation()` plus `ts`, a translator for the sync screen's own keys
 * (the app types `t` against nl.json, which does not hold them until they are merged).
 */
export function useUpdatesTranslation() {
  const translation = useTranslation();
  const { i18n, t } = translation;
  // addResourceBundle is synchronous, so the strings are there for this very render.
  if (typeof i18n?.addResourceBundle === 'function') ensureUpdatesTranslations(i18n);
  const translate = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const ts = (key: UpdatesKey, values?: Record<string, string | number>): string => translate(key, values);
  return { ...translation, ts };
}
