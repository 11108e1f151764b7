/**
 * Italian drops the article's vowel before a number spoken with a vowel: "l'8 dicembre",
 * "dall'11 novembre", not "il 8", "dal 11". Templates write "il {{date}}"; the number is only
 * known once the date is in.
 */
import type { PostProcessorModule } from 'i18next';

const ELIDED: Record<string, string> = { il: "l'", dal: "dall'", al: "all'", del: "dell'", nel: "nell'" };
// 8 (otto) and 11 (undici), and 80–89 and 800–899 (ottanta..., ottocento...): whole numbers only.
const BEFORE_VOWEL_NUMBER = /(^|[^\p{L}])(il|dal|al|del|nel) ((?:8|11|8\d|8\d\d)(?![\d.,]\d))/giu;

export function elideItalian(text: string): string {
  return text.replace(BEFORE_VOWEL_NUMBER, (_match, before: string, article: string, number: string) => {
    const elided = ELIDED[article.toLowerCase()]!;
    const cased = article[0] === article[0]!.toUpperCase() ? elided[0]!.toUpperCase() + elided.slice(1) : elided;
    return `${before}${cased}${number}`;
  });
}

export const italianElision: PostProcessorModule = {
  type: 'postProcessor',
  name: 'italianElision',
  process(value: string, _key: string | string[], options: { lng?: string }) {
    return options.lng === 'it' ? elideItalian(value) : value;
  },
};
