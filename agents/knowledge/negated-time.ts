/**
 * "What if I don't pay on time?" asks about paying late, but its words are those of
 * the articles that promise no fees "when you pay on time". Before the search, a
 * negated "on time" becomes the language's word for late, so the late-fee article
 * is found rather than the one that shares the phrase.
 */
const NEGATED_ON_TIME: Record<string, { pattern: RegExp; late: string }> = {
  en: { pattern: /\b(?:not|never|cannot|can't|cant|don't|dont|didn't|didnt|won't|wont|miss)\b([^.?!]{0,25}?)\b(?:on time|in time)\b/giu, late: 'late' },
  de: { pattern: /\b(?:nicht|nie|kein)\b([^.?!]{0,25}?)(?:pünktlich|puenktlich|rechtzeitig)/giu, late: 'zu spät' },
  sv: { pattern: /\b(?:inte|ej|aldrig)\b([^.?!]{0,25}?)\bi tid\b/giu, late: 'sen betalning' },
  nb: { pattern: /\b(?:ikke|aldri)\b([^.?!]{0,25}?)\b(?:i tide|i tid|til tiden)\b/giu, late: 'sen betaling' },
  da: { pattern: /\b(?:ikke|aldrig)\b([^.?!]{0,25}?)\b(?:til tiden|i tide|i tid)\b/giu, late: 'sen betaling' },
  nl: { pattern: /\b(?:niet|nooit)\b([^.?!]{0,25}?)\b(?:op tijd|tijdig)\b/giu, late: 'te laat' },
  fr: { pattern: /\b(?:pas|jamais)\b([^.?!]{0,25}?)(?:à temps|a temps|à l'heure|a l'heure|dans les temps|dans les délais)/giu, late: 'en retard' },
  es: { pattern: /\bno\b([^.?!]{0,25}?)\b(?:a tiempo|puntualmente|en plazo)\b/giu, late: 'pago atrasado' },
  it: { pattern: /\bnon\b([^.?!]{0,25}?)\b(?:in tempo|puntualmente|in orario)\b/giu, late: 'in ritardo' },
  pl: { pattern: /\bnie\b([^.?!]{0,25}?)\b(?:na czas|w terminie)\b/giu, late: 'spóźniona' },
  fi: { pattern: /\b(?:en|et|ei|emme|ette|eivät|en pysty|en voi)\b([^.?!]{0,25}?)\bajoissa\b/giu, late: 'myöhässä' },
};

/** The question with a negated "on time" in `language` said as "late"; otherwise unchanged. */
export function lateForNegatedOnTime(question: string, language: string): string {
  const rule = NEGATED_ON_TIME[language];
  return rule ? question.replace(rule.pattern, (_match, between: string) => `${between} ${rule.late}`) : question;
}
