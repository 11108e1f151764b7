import { FALLBACK_LANGUAGE, supportedLanguages } from './index.ts';

export interface LanguageContext {
  text: string;
  /** What the person chose earlier (sticky), if anything. */
  chosen?: string;
  /** The language the thread was last answered in. */
  previous?: string;
  /** The channel's locale for the person (Teams activity.locale, Slack user locale). */
  locale?: string;
  /** The market's default language. */
  marketLanguage?: string;
}

export interface LanguageDecision {
  language: string;
  /** True when the person chose it (a `/lang xx` command or an explicit request). */
  chosen: boolean;
  /** True when this message was only a request to change language. */
  isRequest: boolean;
}

/**
 * Picks the language of a turn: what the person chose > the language of the message
 * > the channel's locale > the market's default.
 */
export function resolveLanguage(context: LanguageContext): LanguageDecision {
  const supported = new Set(supportedLanguages());
  const command = /^\/lang\s+([a-z]{2})\b/i.exec(context.text.trim());
  if (command?.[1] && supported.has(command[1].toLowerCase())) {
    return { language: command[1].toLowerCase(), chosen: true, isRequest: true };
  }
  if (context.chosen && supported.has(context.chosen)) return { language: context.chosen, chosen: true, isRequest: false };
  const fromLocale = context.locale?.slice(0, 2).toLowerCase();
  const candidates = [context.previous, fromLocale, context.marketLanguage];
  const language = candidates.find((candidate) => candidate && supported.has(candidate)) ?? FALLBACK_LANGUAGE;
  return { language, chosen: false, isRequest: false };
}
