// Stop words: words so common that they carry no meaning for a search. They are never indexed
// (in the fields of their language) and are dropped from queries. The Dutch list is the
// Snowball project's Dutch stop list, the English one the Snowball English list (short forms
// only), both folded (no diacritics). Pure data; never add a word a council member would
// search for on its own ("wet", "raad", "plan" are not stop words).

/** Dutch stop words (Snowball), folded. */
export const DUTCH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij ' +
    'hoe hun iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen ' +
    'tot u uit uw van veel voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou'
  ).split(' '),
);

/** English stop words (Snowball, without contractions), folded. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each ' +
    'few for from further had has have having he her here hers herself him himself his how i if in into is it its itself me more most my myself no nor not of off on once ' +
    'only or other ought our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through ' +
    'to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves'
  ).split(' '),
);
