/**
 * Bokmål or Danish? Short messages in the two share most words, and n-gram detectors split
 * them almost at random. Their spelling still differs in everyday words ("nå"/"nu",
 * "meg"/"mig", "takk"/"tak", "hjelp"/"hjælp", "ble"/"blev"), so counting those decides most
 * ties. Used only when the detector's best two languages are these two.
 */

// Everyday words spelt one way in Bokmål and another in Danish (each list: only that language).
const BOKMAL = new Set([
  'nå', 'meg', 'deg', 'seg', 'ble', 'mye', 'fortsatt', 'ennå', 'hjelp', 'hjelpe', 'takk', 'noen', 'etter', 'gjøre', 'gjør',
  'trenger', 'veldig', 'fått', 'mitt', 'ditt', 'sitt', 'kjøp', 'kjøpe', 'kjøpet', 'hei', 'sjekk', 'sjekke', 'skjedd', 'skjer',
  'snakke', 'forfalt', 'feil', 'feilet', 'kjenner', 'igjen', 'kanskje', 'penger', 'aldri', 'veske', 'lommebok', 'lommeboka',
  'avslutt', 'passord', 'tilbakestill', 'endre', 'endrer', 'oppdater', 'hva', 'av', 'avvist', 'sperr', 'sperre', 'refusjon',
  'refusjonen', 'innlogging', 'innloggingen', 'meldingen', 'ikkje', 'tilbakebetaling', 'krasjer', 'avdrag', 'kansellere',
  // inflected and paired forms: Bokmål p/t/k where Danish has b/d/g, "opp"/"op", "ganger"/"gange"
  'opp', 'ganger', 'passordet', 'beløp', 'beløpet', 'kjøpt', 'kjøpte', 'hjelpen', 'feilen', 'refusjoner', 'lommeboken',
  'vipps', 'epost', 'bankid', 'spørsmål', 'spørsmålet', 'forsinkelsesgebyr', 'purring', 'purringen', 'mottatt',
  // Bokmål t/v/kj/gj where Danish writes d/f/k/g, and everyday forms of their own
  'sier', 'levert', 'utsatt', 'utsette', 'ut', 'utbetaling', 'utbetalt', 'tilbake', 'uke', 'uker', 'uka', 'spørre', 'avbestille',
  'avslutte', 'avgift', 'lukk', 'trygg', 'åpne', 'åpen', 'nei', 'vet', 'vite', 'gi', 'gir', 'ta', 'tar', 'fikk', 'nytt',
  'tilbakebetalt', 'refundert', 'bekreftet', 'bekreftelse', 'dager', 'neste', 'siste', 'sperret', 'noe', 'dere', 'inn', 'inne',
  'ute', 'enda', 'alltid', 'lenge', 'lenger', 'blitt', 'gjenkjenne', 'trekk', 'trekket', 'gjennom', 'fortelle', 'prate',
  'gjerne', 'mottok', 'avtalegiro', 'avtalegiroen', 'utløpt', 'oppdatere', 'forfaller', 'forfalte',
]);
const DANISH = new Set([
  'nu', 'mig', 'dig', 'sig', 'blev', 'meget', 'stadig', 'endnu', 'hjælp', 'hjælpe', 'tak', 'nogen', 'nogle', 'efter', 'gøre',
  'gør', 'brug', 'fået', 'mit', 'dit', 'sit', 'køb', 'købe', 'købet', 'hej', 'tjek', 'tjekke', 'sket', 'sker', 'tale',
  'forfalden', 'fejl', 'fejlede', 'kender', 'igen', 'måske', 'penge', 'aldrig', 'taske', 'pung', 'luk', 'adgangskode',
  'nulstil', 'ændre', 'ændrer', 'opdater', 'hvad', 'hvornår', 'af', 'afvist', 'spær', 'spærre', 'refusion', 'beskeden',
  'besked', 'tilbagebetaling', 'tilbagebetalingen', 'crasher', 'afdrag', 'annullere', 'forkert',
  'op', 'gange', 'adgangskoden', 'beløb', 'beløbet', 'købt', 'købte', 'hjælpen', 'fejlen', 'pungen', 'mobilepay', 'mitid',
  'spørgsmål', 'spørgsmålet', 'rykker', 'rykkeren', 'rykkergebyr', 'modtaget', 'mails',
  'siger', 'leveret', 'udsat', 'udsætte', 'ud', 'udbetaling', 'udbetalt', 'tilbage', 'uge', 'uger', 'ugen', 'spørge', 'afbestille',
  'afslutte', 'afgift', 'luk', 'tryg', 'åbne', 'åben', 'nej', 'ved', 'vide', 'give', 'giver', 'tage', 'tager', 'fik', 'nyt',
  'tilbagebetalt', 'refunderet', 'bekræftet', 'bekræftelse', 'dage', 'næste', 'sidste', 'spærret', 'noget', 'jer', 'ind', 'inde',
  'ude', 'altid', 'længe', 'længere', 'blevet', 'genkende', 'træk', 'trækket', 'trækning', 'gennem', 'fortælle',
  'gerne', 'modtog', 'betalingsservice', 'udløbet', 'opdatere', 'forfalder',
]);
const WORD = /\p{L}+/gu;
// Danish points with "det her" / "den her" where Bokmål writes "dette" / "denne".
const DANISH_DEMONSTRATIVE = /(?:^|[^\p{L}])(?:det|den) her(?=$|[^\p{L}])/gu;
// Bokmål puts the possessive after a definite noun ("kortet mitt", "pengene mine"); Danish before it ("mit kort").
const POSTPOSED_POSSESSIVE = /\p{L}+(?:en|et|a|ene|ne)\s+(?:min|mitt|mine|din|ditt|dine|sin|sitt|sine)(?=$|[^\p{L}])/gu;

/** "nb" or "da" when the message's spelling leans one way, undefined when it does not tell. */
export function bokmalOrDanish(text: string): 'nb' | 'da' | undefined {
  let bokmal = 0;
  let danish = 0;
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    if (BOKMAL.has(word)) bokmal += 1;
    if (DANISH.has(word)) danish += 1;
  }
  bokmal += text.toLowerCase().match(POSTPOSED_POSSESSIVE)?.length ?? 0;
  danish += text.toLowerCase().match(DANISH_DEMONSTRATIVE)?.length ?? 0;
  if (bokmal === danish) return undefined;
  return bokmal > danish ? 'nb' : 'da';
}
