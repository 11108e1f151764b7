import type { OutboundMessage } from '../../src/gateway/messages.ts';
import { shortenText, splitText } from '../../src/gateway/text-fit.ts';

/** Slack's section text limit, which the adapter declares: a longer answer takes several sections. */
export const SLACK_SECTION_LIMIT = 3000;
const BUTTON_TEXT_LIMIT = 75;
const BUTTONS_PER_BLOCK = 25;

/** What `chat.postMessage` needs besides the channel and thread. */
export interface SlackRendered {
  /** Plain fallback shown in notifications and by clients that cannot draw blocks. */
  text: string;
  blocks: Record<string, unknown>[];
}

const escapeMrkdwn = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * Common Markdown (what models and templates write) as Slack mrkdwn: `**b**` → `*b*`,
 * `[label](url)` → `<url|label>`, headings → bold lines.
 * https://docs.slack.dev/messaging/formatting-message-text
 */
export function markdownToMrkdwn(markdown: string): string {
  const links: string[] = [];
  const withPlaceholders = markdown.replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_, label: string, url: string) => {
    links.push(`<${url}|${escapeMrkdwn(label)}>`);
    return `\u0000${links.length - 1}\u0000`;
  });
  // Mentions (`<@U123>`, `<!here>`) are Slack markup already: keep them out of the escaping.
  const withMentions = withPlaceholders.replace(/<(@[UW][A-Z0-9]+|!here|!channel|!subteam\^[A-Z0-9]+)>/g, (mention) => {
    links.push(mention);
    return `\u0000${links.length - 1}\u0000`;
  });
  return escapeMrkdwn(withMentions)
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/__(.+?)__/g, '*$1*')
    .replace(/~~(.+?)~~/g, '~$1~')
    .replace(/^\s*[-*]\s+/gm, '• ')
    .replace(/\u0000(\d+)\u0000/g, (_, index: string) => links[Number(index)] ?? '');
}

/**
 * Common Markdown as the plain `text` Slack shows in notifications and previews, where
 * formatting characters would appear literally: `**b**` → `b`, `[label](url)` → `label (url)`,
 * headings and quotes without their markers. Mentions stay markup, so they still notify.
 */
export function markdownToPlainText(markdown: string): string {
  const mentions: string[] = [];
  const withPlaceholders = markdown.replace(/<(@[UW][A-Z0-9]+|!here|!channel|!subteam\^[A-Z0-9]+)>/g, (mention) => {
    mentions.push(mention);
    return `\u0000${mentions.length - 1}\u0000`;
  });
  return escapeMrkdwn(
    withPlaceholders
      .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '$1 ($2)')
      .replace(/^#{1,6}\s+/gm, '')
      .replace(/^>\s?/gm, '')
      .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_match, bold: string | undefined, underline: string | undefined) => bold ?? underline ?? '')
      .replace(/~~(.+?)~~/g, '$1')
      .replace(/^\s*[-*]\s+/gm, '• '),
  ).replace(/\u0000(\d+)\u0000/g, (_, index: string) => mentions[Number(index)] ?? '');
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** Splits mrkdwn at line breaks so each section stays within Slack's limit; a longer line is cut between words. */
function sections(mrkdwn: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of mrkdwn.split('\n')) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length <= SLACK_SECTION_LIMIT) current = next;
    else {
      if (current) parts.push(current);
      const pieces = splitText(line, SLACK_SECTION_LIMIT);
      current = pieces.pop() ?? '';
      parts.push(...pieces);
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** An answer as Block Kit: mrkdwn sections, then one button per choice (its value comes back as the action). */
export function renderSlackMessage(message: Pick<OutboundMessage, 'text' | 'choices'>): SlackRendered {
  const mrkdwn = markdownToMrkdwn(message.text);
  const blocks: Record<string, unknown>[] = sections(mrkdwn).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
  const choices = message.choices ?? [];
  chunk(choices, BUTTONS_PER_BLOCK).forEach((group, groupIndex) => {
    blocks.push({
      type: 'actions',
      block_id: `switchboard_choices_${groupIndex}`,
      elements: group.map((choice, index) => ({
        type: 'button',
        action_id: `choice_${groupIndex * BUTTONS_PER_BLOCK + index}`,
        text: { type: 'plain_text', text: shortenText(choice.label, BUTTON_TEXT_LIMIT), emoji: true },
        value: choice.value,
      })),
    });
  });
  // Notifications show only the start; the blocks carry the whole answer.
  const fallback = shortenText(markdownToPlainText(message.text), SLACK_SECTION_LIMIT) || choices.map((choice) => choice.label).join(' / ');
  return { text: fallback, blocks };
}
