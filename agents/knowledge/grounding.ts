/**
 * The grounding check of a model-written answer: every figure it states (an
 * amount, a fee, a number of days, a percentage) must appear in a section it
 * cites, and it must cite at least one of the sections it was given. A model
 * that makes up a fee fails it; the assistant then quotes the article instead,
 * and the evals count it as unfaithful.
 */

/** A number as written in either convention ("2,50", "2.50", "1 000") reduced to one form. */
function canonical(number: string): string {
  let value = number.replace(/[\s\u00a0\u202f']/g, '');
  // "1.000" / "1,000": a separator followed by exactly three digits is a thousands separator.
  value = value.replace(/[.,](?=\d{3}(?!\d))/g, '');
  value = value.replace(',', '.');
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

const NUMBER = /\d+(?:[\s\u00a0\u202f.,']\d+)*/g;

/** The figures of a text, canonical. */
export function figures(text: string): string[] {
  return [...new Set((text.match(NUMBER) ?? []).map((raw) => canonical(raw.trim())))];
}

export interface GroundingVerdict {
  grounded: boolean;
  /** Figures of the answer found in no cited section. */
  unsupported: string[];
  /** Why it is not grounded, in words. */
  problems: string[];
}

/** Checks an answer against the texts of the sections it cites. */
export function checkGrounding(answer: string, cited: readonly string[]): GroundingVerdict {
  const problems: string[] = [];
  if (!cited.length) problems.push('cites no section');
  const known = new Set(cited.flatMap((text) => figures(text)));
  // Citation markers ([1]) are not claims.
  const unsupported = figures(answer.replace(/\[\d+\]/g, '')).filter((figure) => !known.has(figure));
  if (unsupported.length) problems.push(`states ${unsupported.join(', ')}, which no cited section says`);
  return { grounded: problems.length === 0, unsupported, problems };
}
