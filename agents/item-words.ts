/**
 * Which of a customer's orders a message names by its items ("the jacket",
 * "die Kopfhörer", "hörlurarna"). Item names come from the shop, usually in
 * English; a customer writes them in their own language, often inflected. A
 * word of the message names an item when it shares a stem with a word of the
 * item's name, or with one of that word's translations below (the everyday
 * goods of the demo shops; a real catalogue brings its own names).
 */
import type { Order } from './commerce/types.ts';
import { normalizeText } from './models/offline/normalize.ts';

const SHOES = ['shoe', 'skor', 'sko', 'skoene', 'skorna', 'schuhe', 'schuh', 'schoenen', 'chaussures', 'zapatos', 'zapatillas', 'scarpe', 'buty', 'kengat', 'kenka'];

// English head noun → how the other ten languages say it (normalized: lowercase, no accents).
const TRANSLATIONS: Record<string, string[]> = {
  jacket: ['jacka', 'jacke', 'jas', 'jasje', 'veste', 'blouson', 'doudoune', 'chaqueta', 'chamarra', 'abrigo', 'giacca', 'giubbotto', 'piumino', 'kurtka', 'kurtke', 'takki', 'jakke', 'dunjakke', 'dunjacka', 'daunenjacke', 'coat'],
  shoes: [...SHOES, 'lenkkarit', 'lobesko', 'loparsko', 'laufschuhe', 'hardloopschoenen'],
  sneakers: [...SHOES, 'shoes', 'sneaker', 'turnschuhe', 'baskets', 'tenis', 'deportivas', 'tenisowki', 'trampki', 'lenkkarit', 'tennarit', 'joggesko', 'gympaskor', 'sneakersy'],
  headphones: ['headphone', 'earphones', 'earbuds', 'horlurar', 'horlurarna', 'kopfhorer', 'koptelefoon', 'oordopjes', 'ecouteurs', 'casque', 'auriculares', 'cascos', 'cuffie', 'auricolari', 'sluchawki', 'kuulokkeet', 'hodetelefoner', 'horetelefoner', 'horetelefonerne'],
  television: ['tv', 'telly', 'fernseher', 'fernsehgerat', 'televisie', 'televisor', 'televisore', 'televizor', 'telewizor', 'televisio', 'televisiot', 'tvn', 'tven', 'fjernsyn', 'teve', 'tele'],
  keyboard: ['tangentbord', 'tastatur', 'toetsenbord', 'clavier', 'teclado', 'tastiera', 'klawiatura', 'nappaimisto'],
  watch: ['smartwatch', 'klocka', 'klockan', 'uhr', 'horloge', 'montre', 'reloj', 'orologio', 'zegarek', 'kello', 'klokke', 'klokken', 'uret'],
  backpack: ['rucksack', 'ryggsack', 'ryggsekk', 'ryggsekken', 'sekk', 'sekken', 'rygsak', 'rygsaekken', 'rugzak', 'sac', 'mochila', 'zaino', 'plecak', 'reppu'],
  case: ['etui', 'fodral', 'hulle', 'custodia', 'funda', 'kotelo', 'deksel', 'cover'],
};

/** Words too common to name an item. */
const IGNORED = new Set(['the', 'and', 'with', 'for', 'der', 'die', 'das', 'den', 'det', 'les', 'las', 'los', 'una', 'uno', 'een', 'het', 'charging', 'wireless', 'leather', 'canvas', 'smart', 'mechanical', 'hiking', 'trail', 'running', 'down']);

const MIN_STEM = 4;

function words(text: string): string[] {
  return normalizeText(text).split(' ').filter((word) => word.length >= 2 && !IGNORED.has(word));
}

/** A word cut short of an item word ("jacke" of "jacket") is this long at least: "back" is no "backpack". */
const MIN_CUT_SHORT = 5;

/**
 * Whether a word of the message names an item word: the same, inflected from it ("horlurarna" from "horlurar"),
 * or cut short of it ("jacke" of "jacket"), the shared part long enough.
 */
function namesWord(word: string, name: string): boolean {
  if (word === name) return true;
  return word.length > name.length ? name.length >= MIN_STEM && word.startsWith(name) : word.length >= MIN_CUT_SHORT && name.startsWith(word);
}

/** The words that name an item: its own and their translations. */
function namesOf(itemName: string): string[] {
  const own = words(itemName.replace(/\d+"?/g, ' '));
  return [...own, ...own.flatMap((word) => TRANSLATIONS[word] ?? TRANSLATIONS[word.replace(/s$/, '')] ?? [])];
}

/** Whether the message names one of the order's items. */
export function namesAnItemOf(text: string, order: Order): boolean {
  const said = words(text);
  if (said.length === 0) return false;
  return order.items.some((item) => namesOf(item.name).some((name) => said.some((word) => namesWord(word, name))));
}

/** The orders among `orders` whose items the message names. */
export function ordersNamedByItem(text: string, orders: readonly Order[]): Order[] {
  return orders.filter((order) => namesAnItemOf(text, order));
}

/** Item words that are also everyday words ("in that case", "watch out", "um 5 Uhr", "klockan är tre"): never taken alone as naming an item. */
const AMBIGUOUS = new Set(['case', 'cover', 'watch', 'montre', 'uhr', 'kello', 'klocka', 'klockan', 'klokke', 'klokken', 'uret', 'sac', 'tele', 'teve', 'etui', 'custodia', 'tenis']);

/** Garments customers name that the demo shops do not sell: enough to notice "the sweater" is in none of the orders. */
const OTHER_GOODS = ['sweater', 'jumper', 'pullover', 'hoodie', 'trui', 'troja', 'trøje', 'troje', 'genser', 'neule', 'maglione', 'sweter', 'jersey'];

const ITEM_WORDS = [...Object.keys(TRANSLATIONS), ...Object.values(TRANSLATIONS).flat(), ...OTHER_GOODS].filter((word) => !AMBIGUOUS.has(word));

/** Whether the message names an item of a shop at all ("my headphones", "die Jacke"), whether or not the customer bought one. */
export function namesSomeItem(text: string): boolean {
  return words(text).some((word) => ITEM_WORDS.some((name) => namesWord(word, name)));
}

