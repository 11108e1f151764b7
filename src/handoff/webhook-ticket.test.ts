import { describe, expect, it } from 'vitest';
import { webhookTicket } from './service.ts';
import type { Ticket } from './types.ts';

const ticket = {
  id: 'tk_1',
  number: 1,
  contact: { channel: 'whatsapp', senderAddress: '+46701234567', displayName: 'Astrid' },
  transcript: [{ role: 'user', text: 'I want a person' }],
  createdAt: new Date('2026-01-01T00:00:00Z'),
} as unknown as Ticket;

describe('the ticket in a handoff webhook', () => {
  it('carries the customer contact only when the receiver is configured to get it', () => {
    expect(webhookTicket(ticket, false)).toMatchObject({ id: 'tk_1', contact: { channel: 'whatsapp' }, transcript: [{ text: 'I want a person' }] });
    expect(JSON.stringify(webhookTicket(ticket, false))).not.toContain('46701234567');
    expect(webhookTicket(ticket, true)).toMatchObject({ contact: { channel: 'whatsapp', senderAddress: '+46701234567', displayName: 'Astrid' }, createdAt: '2026-01-01T00:00:00.000Z' });
  });
});
