import { z } from 'zod';
import type { Attachment, InboundMessage } from '../../src/gateway/messages.ts';
import { encodeReplyAddress, isDirectChannel } from './address.ts';

/** A Slack message as parsed, before the receiver adds the person's locale and the arrival time. */
export type ParsedSlackMessage = Omit<InboundMessage, 'locale' | 'receivedAt'>;

export type SlackEventOutcome =
  | { kind: 'url_verification'; challenge: string }
  | {
      kind: 'message';
      message: ParsedSlackMessage;
      /**
       * The channel thread this message belongs to. A mention opens (joins) the thread;
       * a plain thread reply only counts when the bot was mentioned in that thread before.
       */
      thread?: { key: string; join: boolean };
    }
  | { kind: 'ignored'; reason: string };

const slackFile = z.object({ mimetype: z.string().optional(), url_private_download: z.string().optional(), url_private: z.string().optional() });

const slackEvent = z.looseObject({
  type: z.string(),
  subtype: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  channel: z.string().optional(),
  channel_type: z.string().optional(),
  hidden: z.boolean().optional(),
  files: z.array(slackFile).optional(),
});

const envelope = z.looseObject({
  type: z.string(),
  challenge: z.string().optional(),
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  event: slackEvent.optional(),
  authorizations: z.array(z.looseObject({ user_id: z.string().optional(), is_bot: z.boolean().optional() })).optional(),
});

/** Subtypes that are still a person talking; every other subtype (edits, joins, bot posts...) is not. */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

/** Slack's `<@U123>`, `<#C1|name>`, `<https://x|label>` markup and its three HTML escapes, as plain text. */
export function slackMarkupToText(text: string, botUserId?: string): string {
  let result = text;
  if (botUserId) result = result.replaceAll(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), '');
  return result
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function attachmentsOf(files: z.infer<typeof slackFile>[] | undefined): Attachment[] | undefined {
  const attachments = (files ?? []).flatMap((file) => {
    const url = file.url_private_download ?? file.url_private;
    return url ? [{ url, contentType: file.mimetype ?? 'application/octet-stream' }] : [];
  });
  return attachments.length > 0 ? attachments : undefined;
}

/**
 * Turns one Events API request body into a message for the gateway, or says why it
 * is not one. https://docs.slack.dev/apis/events-api/
 */
export function parseSlackEvent(body: unknown): SlackEventOutcome {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return { kind: 'ignored', reason: 'unrecognized_body' };
  const { data } = parsed;
  if (data.type === 'url_verification') return data.challenge ? { kind: 'url_verification', challenge: data.challenge } : { kind: 'ignored', reason: 'no_challenge' };
  if (data.type !== 'event_callback' || !data.event) return { kind: 'ignored', reason: `envelope:${data.type}` };

  const event = data.event;
  if (event.type !== 'message' && event.type !== 'app_mention') return { kind: 'ignored', reason: `event:${event.type}` };
  if (event.subtype && !PERSON_SUBTYPES.has(event.subtype)) return { kind: 'ignored', reason: `subtype:${event.subtype}` };
  const botUserId = data.authorizations?.find((authorization) => authorization.is_bot)?.user_id;
  if (event.bot_id || !event.user || event.user === botUserId || event.hidden) return { kind: 'ignored', reason: 'not_a_person' };
  if (!event.channel || !event.ts) return { kind: 'ignored', reason: 'no_channel' };

  const channel = event.channel;
  const rawText = event.text ?? '';
  // An app_mention may come without authorizations; its leading mention is the bot's.
  const text = botUserId ? slackMarkupToText(rawText, botUserId) : slackMarkupToText(rawText.replace(/^\s*<@[A-Z0-9]+(\|[^>]*)?>/, ''));
  const attachments = attachmentsOf(event.files);
  if (!text && !attachments) return { kind: 'ignored', reason: 'empty' };

  const base = {
    channel: 'slack' as const,
    providerMessageId: data.event_id ?? `${channel}:${event.ts}`,
    senderAddress: event.user,
    text,
    role: 'staff' as const,
    ...(data.team_id ? { tenantId: data.team_id } : {}),
    ...(attachments ? { attachments } : {}),
  };

  if (event.type === 'message' && isDirectChannel(channel, event.channel_type)) {
    // A DM is the person's own thread, whatever Slack thread it is typed in.
    const threadTs = event.thread_ts;
    return { kind: 'message', message: { ...base, conversationKey: '', replyAddress: encodeReplyAddress({ channel, threadTs }) } };
  }

  const threadTs = event.thread_ts ?? event.ts;
  const key = `${channel}:${threadTs}`;
  const message = { ...base, conversationKey: key, replyAddress: encodeReplyAddress({ channel, threadTs }) };
  if (event.type === 'app_mention') return { kind: 'message', message, thread: { key, join: true } };
  // The same mention also arrives as a channel `message` event with another event_id: app_mention answers it.
  if (botUserId && rawText.includes(`<@${botUserId}`)) return { kind: 'ignored', reason: 'mention_answered_via_app_mention' };
  if (!event.thread_ts || event.thread_ts === event.ts) return { kind: 'ignored', reason: 'channel_message_without_mention' };
  return { kind: 'message', message, thread: { key, join: false } };
}

const interactionPayload = z.looseObject({
  type: z.string(),
  trigger_id: z.string().optional(),
  user: z.looseObject({ id: z.string(), name: z.string().optional() }),
  team: z.looseObject({ id: z.string() }).nullish(),
  channel: z.looseObject({ id: z.string() }).optional(),
  container: z.looseObject({ channel_id: z.string().optional(), message_ts: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  message: z.looseObject({ ts: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string(),
        action_ts: z.string().optional(),
        value: z.string().optional(),
        text: z.looseObject({ text: z.string() }).optional(),
        selected_option: z.looseObject({ value: z.string(), text: z.looseObject({ text: z.string() }).optional() }).optional(),
      }),
    )
    .optional(),
});

/**
 * Turns an interactivity request (`payload=` form field, already JSON-decoded) into a
 * message: a button click or menu choice enters the conversation as `action`.
 * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 */
export function parseSlackInteraction(payload: unknown): SlackEventOutcome {
  const parsed = interactionPayload.safeParse(payload);
  if (!parsed.success) return { kind: 'ignored', reason: 'unrecognized_payload' };
  const data = parsed.data;
  if (data.type !== 'block_actions') return { kind: 'ignored', reason: `interaction:${data.type}` };
  const action = data.actions?.[0];
  const channel = data.channel?.id ?? data.container?.channel_id;
  if (!action || !channel) return { kind: 'ignored', reason: 'no_action' };

  const value = action.value ?? action.selected_option?.value ?? action.action_id;
  const label = action.selected_option?.text?.text ?? action.text?.text ?? value;
  const threadTs = data.container?.thread_ts ?? data.message?.thread_ts;
  const messageTs = data.container?.message_ts ?? data.message?.ts;
  const direct = isDirectChannel(channel);
  const replyThread = direct ? threadTs : (threadTs ?? messageTs);
  const message: ParsedSlackMessage = {
    channel: 'slack',
    providerMessageId: data.trigger_id ?? `${channel}:${action.action_ts ?? messageTs}:${action.action_id}`,
    senderAddress: data.user.id,
    text: label,
    action: value,
    role: 'staff',
    conversationKey: direct ? '' : `${channel}:${replyThread}`,
    replyAddress: encodeReplyAddress({ channel, threadTs: replyThread }),
    ...(data.team?.id ? { tenantId: data.team.id } : {}),
    ...(data.user.name ? { displayName: data.user.name } : {}),
  };
  return { kind: 'message', message };
}
