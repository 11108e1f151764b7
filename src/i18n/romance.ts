/**
 * Spanish or Italian? Their short messages share most n-grams ("con un agente", "la mia/mi
 * cuenta"), and the detector splits them almost evenly. Their accents do not overlap: Spanish
 * writes the acute (á í ó ú), ñ and the opening ¿ ¡; Italian writes the grave (à è ì ò ù).
 * Used only when the detector's best two languages are these two.
 */
const SPANISH = /[ñ¿¡áíóú]/iu;
const ITALIAN = /[àèìòù]/iu;

/** "es" or "it" when the message's marks lean one way, undefined when they do not tell. */
export function spanishOrItalian(text: string): 'es' | 'it' | undefined {
  const spanish = SPANISH.test(text);
  const italian = ITALIAN.test(text);
  if (spanish === italian) return undefined;
  return spanish ? 'es' : 'it';
}
