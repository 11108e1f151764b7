import { translator } from './index.ts';
import { SUPPORTED_LANGUAGES } from './languages.ts';
import type { LanguageDecision } from './language.ts';

/** Each supported language by its own name ("English, svenska, Deutsch..."), as a list in `language`. */
export function supportedLanguageNames(language: string): string {
  const names = SUPPORTED_LANGUAGES.map((code) => translator(code)(`languages.${code}`));
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(names);
}

/** The offer of the supported languages, for a person we cannot answer in their language. */
export function languageOffer(language: string): string {
  const example = language === 'en' ? 'sv' : 'en';
  return translator(language)('language.offer', { languages: supportedLanguageNames(language), example });
}

/**
 * What to say about the language itself for this decision, in the decided language, or
 * undefined when nothing needs saying:
 * - a request only ("/lang sv", "på svenska tack"): the confirmation, and nothing else is needed;
 * - `/lang` alone: which language we answer in and the codes;
 * - `/lang pt`: the code is unknown, here are the codes;
 * - a message in a language we do not support: the offer, to send before (or instead of) the answer.
 */
export function languageNotice(decision: LanguageDecision): string | undefined {
  const t = translator(decision.language);
  const codes = SUPPORTED_LANGUAGES.join(', ');
  if (decision.unsupportedRequested) return t('language.unknown_code', { code: decision.unsupportedRequested, codes });
  if (decision.unsupportedDetected) return languageOffer(decision.language);
  if (decision.isRequest && decision.offerLanguages) return t('language.current', { codes });
  if (decision.isRequest) return t('language.switched');
  return undefined;
}
