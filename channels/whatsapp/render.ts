/**
 * A reply in WhatsApp's own formatting: `*bold*`, `_italic_`, `~strike~`,
 * lists with `- ` and `1. `. Models write Markdown (`**bold**`, `# Title`,
 * `[label](url)`), which WhatsApp would show literally.
 * https://faq.whatsapp.com/539178204879377
 */

/** Twilio's limit for a WhatsApp message body. */
export const WHATSAPP_MAX_LENGTH = 1600;

export interface WhatsAppDraft {
  text: string;
  choices?: { label: string; value: string }[];
  choicesHeading?: string;
}

const BOLD = '\u0000';

/** Markdown → WhatsApp formatting. */
export function toWhatsAppFormatting(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\((\S+?)\)/g, '$1: $2')
    .replace(/^#{1,6}\s+(.+)$/gm, `${BOLD}$1${BOLD}`)
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_match, bold: string | undefined, underline: string | undefined) => `${BOLD}${bold ?? underline ?? ''}${BOLD}`)
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?=[^\w*]|$)/g, '$1_$2_')
    .replace(/~~(.+?)~~/g, '~$1~')
    .replace(/^(\s*)[*+]\s+/gm, '$1- ')
    .replaceAll(BOLD, '*');
}

/** Cuts at the last line break or space before `max`, never inside a surrogate pair. */
function fitLength(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const cut = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(' '));
  let kept = cut > max / 2 ? head.slice(0, cut) : head;
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

/** The WhatsApp body for a draft. */
export function renderWhatsApp(draft: WhatsAppDraft): string {
  let text = toWhatsAppFormatting(draft.text).trim();
  if (draft.choices && draft.choices.length > 0) {
    const list = draft.choices.map((choice, index) => `${index + 1}. ${choice.label}`).join('\n');
    text = `${text}\n\n${draft.choicesHeading ?? 'Reply with a number:'}\n${list}`;
  }
  return fitLength(text, WHATSAPP_MAX_LENGTH);
}

/**
 * A reply as one template variable: WhatsApp refuses newlines, tabs and runs
 * of spaces inside variables, and long ones.
 */
export function toTemplateVariable(text: string, max = 900): string {
  const flat = toWhatsAppFormatting(text).replace(/\s*\n+\s*/g, ' ').replace(/\s{2,}/g, ' ').trim();
  return fitLength(flat, max);
}
