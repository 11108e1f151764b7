import type { ChannelId, InboundMessage, Role } from '../gateway/messages.ts';
import type { ResolvedIdentity } from '../store/types.ts';

const DEFAULT_ROLE: Record<ChannelId, Role> = {
  sms: 'customer',
  whatsapp: 'customer',
  web: 'customer',
  cli: 'customer',
  slack: 'staff',
  teams: 'merchant',
};

/**
 * Maps a message's verified sender to an identity key. With `mergePhoneChannels`, SMS and
 * WhatsApp share the `phone` namespace, so one E.164 number is one customer with one thread.
 */
export function resolveIdentity(message: InboundMessage, options: { mergePhoneChannels: boolean }): ResolvedIdentity {
  const phone = message.channel === 'sms' || message.channel === 'whatsapp';
  return {
    key: { namespace: phone && options.mergePhoneChannels ? 'phone' : message.channel, address: message.senderAddress },
    role: message.role ?? DEFAULT_ROLE[message.channel],
    tenantId: message.tenantId,
    displayName: message.displayName,
    conversationKey: message.conversationKey ?? '',
  };
}
