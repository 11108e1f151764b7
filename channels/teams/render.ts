import type { Activity } from 'botbuilder';
import type { OutboundMessage } from '../../src/gateway/messages.ts';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Teams' message size allows far more; long answers read better split. */
export const TEAMS_TEXT_LIMIT = 4000;

/**
 * An answer as a Bot Framework activity: Markdown text, or, when it offers choices, an
 * Adaptive Card whose Action.Submit buttons send `{ choice, label }` back as `value`.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference#adaptive-card
 */
export function renderTeamsActivity(message: Pick<OutboundMessage, 'text' | 'choices' | 'language'>): Partial<Activity> {
  const choices = message.choices ?? [];
  if (choices.length === 0) return { type: 'message', text: message.text, textFormat: 'markdown', locale: message.language };
  const card = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    lang: message.language,
    fallbackText: [message.text, ...choices.map((choice) => `• ${choice.label}`)].join('\n'),
    body: message.text ? [{ type: 'TextBlock', text: message.text, wrap: true }] : [],
    actions: choices.map((choice) => ({ type: 'Action.Submit', title: choice.label, data: { choice: choice.value, label: choice.label } })),
  };
  return {
    type: 'message',
    locale: message.language,
    summary: message.text.slice(0, 200),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
}
