import { z } from 'zod';
import type { Attachment, InboundMessage } from '../../src/gateway/messages.ts';

/** A Teams activity as parsed, before the receiver adds the arrival time. */
export type ParsedTeamsMessage = Omit<InboundMessage, 'receivedAt'>;

export type TeamsActivityOutcome = { kind: 'message'; message: ParsedTeamsMessage } | { kind: 'ignored'; reason: string };

/**
 * The action a welcome turn carries: the greeting chosen as if by a button (`intent:<name>`,
 * which the assistant answers on every channel), so the person is greeted, not asked to rephrase.
 */
export const WELCOME_ACTION = 'intent:greeting';

const account = z.looseObject({ id: z.string(), name: z.string().optional(), aadObjectId: z.string().optional() });

/** The fields of a Bot Framework activity this channel reads. https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object */
export const teamsActivitySchema = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  text: z.string().optional(),
  locale: z.string().optional(),
  serviceUrl: z.string(),
  channelId: z.string(),
  from: account,
  recipient: account,
  conversation: z.looseObject({ id: z.string(), conversationType: z.string().optional(), tenantId: z.string().optional() }),
  membersAdded: z.array(account).optional(),
  value: z.unknown().optional(),
  entities: z.array(z.looseObject({ type: z.string().optional(), text: z.string().optional(), locale: z.string().optional(), mentioned: account.optional() })).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string(), contentUrl: z.string().optional(), name: z.string().optional() })).optional(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string() }).optional() }).optional(),
});

export type TeamsActivity = z.infer<typeof teamsActivitySchema>;

const decodeEntities = (text: string) =>
  text.replaceAll('&nbsp;', ' ').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');

/** The text without the bot's @mention (other mentions keep the person's name) and without HTML. */
export function teamsText(activity: TeamsActivity): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    if (entity.type === 'mention' && entity.mentioned?.id === activity.recipient.id && entity.text) text = text.replaceAll(entity.text, '');
  }
  if (activity.recipient.name) text = text.replaceAll(`<at>${activity.recipient.name}</at>`, '');
  return decodeEntities(text.replace(/<at>([^<]*)<\/at>/g, '$1').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The person's locale: the activity's own, else what the Teams client reports. */
function localeOf(activity: TeamsActivity): string | undefined {
  return activity.locale ?? activity.entities?.find((entity) => entity.type === 'clientInfo' && entity.locale)?.locale;
}

/**
 * A card submit's `value` as the conversation's action: our own buttons carry the
 * choice value in `choice`; any other card's data is passed on as JSON.
 */
export function actionOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && typeof (value as { choice?: unknown }).choice === 'string') return (value as { choice: string }).choice;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function attachmentsOf(activity: TeamsActivity): Attachment[] | undefined {
  const files = (activity.attachments ?? []).flatMap((attachment) =>
    attachment.contentUrl && !attachment.contentType.startsWith('text/') ? [{ url: attachment.contentUrl, contentType: attachment.contentType }] : [],
  );
  return files.length > 0 ? files : undefined;
}

/**
 * Turns a Teams activity into a message: personal chats and channel messages (the bot's
 * @mention stripped), card submits, and the welcome when the bot is added.
 */
export function parseTeamsActivity(input: unknown): TeamsActivityOutcome {
  const parsed = teamsActivitySchema.safeParse(input);
  if (!parsed.success) return { kind: 'ignored', reason: 'unrecognized_activity' };
  const activity = parsed.data;
  if (!activity.id) return { kind: 'ignored', reason: 'no_activity_id' };
  if (activity.from.id === activity.recipient.id) return { kind: 'ignored', reason: 'own_activity' };

  const personal = activity.conversation.conversationType === 'personal';
  const locale = localeOf(activity);
  const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
  const base = {
    channel: 'teams' as const,
    providerMessageId: activity.id,
    senderAddress: activity.from.aadObjectId ?? activity.from.id,
    replyAddress: activity.conversation.id,
    // A personal chat is the person's own thread; each channel thread is a conversation of its own.
    conversationKey: personal ? '' : activity.conversation.id,
    role: 'merchant' as const,
    ...(tenantId ? { tenantId } : {}),
    ...(locale ? { locale } : {}),
    ...(activity.from.name ? { displayName: activity.from.name } : {}),
  };

  if (activity.type === 'conversationUpdate') {
    const botAdded = activity.membersAdded?.some((member) => member.id === activity.recipient.id);
    if (!botAdded) return { kind: 'ignored', reason: 'conversation_update' };
    return { kind: 'message', message: { ...base, text: '', action: WELCOME_ACTION } };
  }
  if (activity.type !== 'message') return { kind: 'ignored', reason: `activity:${activity.type}` };

  const action = actionOf(activity.value);
  const label = typeof (activity.value as { label?: unknown } | undefined)?.label === 'string' ? (activity.value as { label: string }).label : '';
  const text = teamsText(activity) || label;
  const attachments = attachmentsOf(activity);
  if (!text && !action && !attachments) return { kind: 'ignored', reason: 'empty' };
  return { kind: 'message', message: { ...base, text, ...(action ? { action } : {}), ...(attachments ? { attachments } : {}) } };
}
