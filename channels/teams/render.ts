import type { Activity } from 'botbuilder';
import type { OutboundMessage } from '../../src/gateway/messages.ts';
import { shortenText, splitText } from '../../src/gateway/text-fit.ts';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Teams' message size allows far more; long answers read better split (one text block each). */
export const TEAMS_TEXT_LIMIT = 4000;
/** What a notification or a chat list shows of a card. */
const SUMMARY_LIMIT = 200;

/**
 * An answer as a Bot Framework activity: Markdown text, or, when it offers choices or is longer
 * than {@link TEAMS_TEXT_LIMIT}, an Adaptive Card of text blocks whose Action.Submit buttons
 * send `{ choice, label }` back as `value`.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference#adaptive-card
 */
export function renderTeamsActivity(message: Pick<OutboundMessage, 'text' | 'choices' | 'language'>): Partial<Activity> {
  const choices = message.choices ?? [];
  const parts = splitText(message.text, TEAMS_TEXT_LIMIT);
  if (choices.length === 0 && parts.length <= 1) return { type: 'message', text: message.text, textFormat: 'markdown', locale: message.language };
  const card = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    lang: message.language,
    fallbackText: [shortenText(message.text, TEAMS_TEXT_LIMIT), ...choices.map((choice) => `• ${choice.label}`)].join('\n'),
    body: parts.map((text) => ({ type: 'TextBlock', text, wrap: true })),
    actions: choices.map((choice) => ({ type: 'Action.Submit', title: choice.label, data: { choice: choice.value, label: choice.label } })),
  };
  return {
    type: 'message',
    locale: message.language,
    summary: shortenText(message.text, SUMMARY_LIMIT),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
}
