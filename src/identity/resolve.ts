import type { ChannelId, InboundMessage, Role } from '../gateway/messages.ts';
import type { IdentityKey, ResolvedIdentity } from '../store/types.ts';

const DEFAULT_ROLE: Record<ChannelId, Role> = {
  sms: 'customer',
  whatsapp: 'customer',
  web: 'customer',
  cli: 'customer',
  slack: 'staff',
  teams: 'merchant',
};

/**
 * Anonymous web visitors live in a namespace of their own, so a guest's address can never
 * be taken for a phone number, an e-mail or a signed-in visitor's id.
 */
export const GUEST_NAMESPACE = 'web-guest';

/**
 * Maps a message's verified sender to an identity key. With `mergePhoneChannels`, SMS and
 * WhatsApp share the `phone` namespace, so one E.164 number is one customer with one thread.
 * A signed-in web visitor whose site vouched for their phone number joins that number's thread
 * (one conversation across SMS, WhatsApp and the web); one vouched for by e-mail only, the
 * e-mail's thread.
 */
export function resolveIdentity(message: InboundMessage, options: { mergePhoneChannels: boolean }): ResolvedIdentity {
  return {
    key: identityKey(message, options.mergePhoneChannels),
    role: message.role ?? DEFAULT_ROLE[message.channel],
    tenantId: message.tenantId,
    displayName: message.displayName,
    conversationKey: message.conversationKey ?? '',
  };
}

function identityKey(message: InboundMessage, mergePhoneChannels: boolean): IdentityKey {
  const phoneNamespace = mergePhoneChannels ? 'phone' : 'sms';
  if (message.guest) return { namespace: GUEST_NAMESPACE, address: message.senderAddress };
  if (message.claims?.phone) return { namespace: phoneNamespace, address: message.claims.phone };
  if (message.claims?.email) return { namespace: 'email', address: message.claims.email };
  const phone = message.channel === 'sms' || message.channel === 'whatsapp';
  return { namespace: phone ? (mergePhoneChannels ? 'phone' : message.channel) : message.channel, address: message.senderAddress };
}
