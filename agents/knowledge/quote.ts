/** A brief quote of a section: whole sentences, at most about `maxChars` characters. */
export function briefQuote(text: string, maxChars = 320): string {
  const flat = text.replace(/\s*\n+\s*/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  const sentences = flat.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [];
  let quote = '';
  for (const sentence of sentences) {
    if ((quote + sentence).trim().length > maxChars) break;
    quote += sentence;
  }
  // One long sentence: cut at a word and mark the cut.
  return quote.trim() || `${flat.slice(0, maxChars).replace(/\s+\S*$/, '')}…`;
}
