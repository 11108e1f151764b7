import { translator } from '../i18n/index.ts';
import { priorityLabel } from './priority.ts';
import type { QueueRules } from './queues.ts';
import type { Ticket } from './types.ts';

/** Agent-facing texts are in the agents' language (English until a queue says otherwise). */
export const AGENT_LANGUAGE = 'en';
export const agentT = () => translator(AGENT_LANGUAGE, 'handoff');

/** Button values: `handoff:<action>:<ticketId>[:<queue>]`, the same on Slack and in tests. */
export const actionValue = (action: 'claim' | 'resolve' | 'transfer', ticketId: string, queue?: string) =>
  `handoff:${action}:${ticketId}${queue ? `:${queue}` : ''}`;

export interface HandoffAction {
  action: 'claim' | 'resolve' | 'transfer' | 'comeback';
  ticketId: string;
  queue?: string;
}

export function parseAction(value: string | undefined): HandoffAction | undefined {
  const match = /^handoff:(claim|resolve|transfer|comeback):([\w-]+)(?::([a-z0-9_-]+))?$/.exec(value ?? '');
  if (!match) return undefined;
  return { action: match[1] as HandoffAction['action'], ticketId: match[2]!, ...(match[3] ? { queue: match[3] } : {}) };
}

/** An agent as Slack shows them: a mention for a Slack user id, else the name as is. */
export const agentLabel = (agent: string | undefined) => (agent && /^[UW][A-Z0-9]{2,}$/.test(agent) ? `<@${agent}>` : (agent ?? ''));

/** A customer's words inside an agents' Slack message: no mentions or links of theirs may ping or hide anything. */
export const inert = (text: string) => text.replace(/<(?=[@!#a-z])/gi, '‹');

const CHANNEL_NAMES: Record<string, string> = { sms: 'SMS', whatsapp: 'WhatsApp', slack: 'Slack', teams: 'Teams', web: 'Web', cli: 'Terminal' };

/** Who the customer is, for people: their name if known, and where they write from. */
export function describeCustomer(ticket: Ticket): string {
  const { contact } = ticket;
  return `${contact.displayName ? `${inert(contact.displayName)}, ` : ''}${CHANNEL_NAMES[contact.channel] ?? contact.channel} ${contact.senderAddress}`;
}

/** The ticket as a Slack message: Markdown the Slack adapter turns into Block Kit sections, and buttons. */
export function ticketPost(ticket: Ticket, rules: QueueRules): { text: string; choices: { label: string; value: string }[] } {
  const t = agentT();
  const queueName = rules.queues.find((queue) => queue.id === ticket.queue)?.name ?? ticket.queue;
  const transcript = ticket.transcript
    .slice(-6)
    .map((line) => `> ${line.role === 'user' ? '👤' : '🤖'} ${inert(line.text.replace(/\s+/g, ' ').slice(0, 300))}`)
    .join('\n');
  const text = [
    `**${String(t('agent.ticket_title', { number: ticket.number, reason: ticket.reason.replaceAll('_', ' ') }))}**`,
    [
      `**${String(t('agent.field_customer'))}:** ${describeCustomer(ticket)}`,
      `**${String(t('agent.field_language'))}:** ${ticket.language} (${ticket.market})`,
      `**${String(t('agent.field_queue'))}:** ${queueName} · ${String(t(`agent.priority_${priorityLabel(ticket.priority)}`))}`,
      `**${String(t('agent.field_reason'))}:** ${ticket.reason.replaceAll('_', ' ')} · ${ticket.department}`,
    ].join('\n'),
    `**${String(t('agent.summary'))}:** ${inert(ticket.summary)}`,
    transcript ? `**${String(t('agent.transcript'))}:**\n${transcript}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const choices = [
    { label: String(t('agent.claim')), value: actionValue('claim', ticket.id) },
    { label: String(t('agent.resolve')), value: actionValue('resolve', ticket.id) },
    ...rules.queues
      .filter((queue) => queue.id !== ticket.queue)
      .map((queue) => ({ label: String(t('agent.transfer', { queue: queue.name })), value: actionValue('transfer', ticket.id, queue.id) })),
  ];
  return { text, choices };
}
