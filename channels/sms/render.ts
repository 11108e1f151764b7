/**
 * A reply as an SMS: plain text (no formatting survives SMS), choices as a
 * numbered list, typographic punctuation swapped for GSM-7 lookalikes, and at
 * most `maxSegments` segments, cut between words.
 */
import { fitToSegments, toGsmLookalikes } from '../twilio/segments.ts';

export interface SmsDraft {
  text: string;
  choices?: { label: string; value: string }[];
  /** "Reply with a number:" in the reply's language. */
  choicesHeading?: string;
}

/** Drops Markdown marks a model may write; SMS shows them literally. */
export function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\((\S+?)\)/g, '$1: $2')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_match, bold: string | undefined, underline: string | undefined) => bold ?? underline ?? '')
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?=[^\w*]|$)/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*[*+]\s+/gm, '- ');
}

/** The SMS body for a draft. */
export function renderSms(draft: SmsDraft, maxSegments: number): string {
  let text = stripMarkdown(draft.text).trim();
  if (draft.choices && draft.choices.length > 0) {
    const list = draft.choices.map((choice, index) => `${index + 1}. ${choice.label}`).join('\n');
    text = `${text}\n\n${draft.choicesHeading ?? 'Reply with a number:'}\n${list}`;
  }
  return fitToSegments(toGsmLookalikes(text), maxSegments);
}
