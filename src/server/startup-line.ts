import type { ChannelId } from '../gateway/messages.ts';

/**
 * One readable line: which channels are on, and why the others are off, each reason once
 * ("sms, whatsapp (TWILIO_ACCOUNT_SID is not set ...)": the two share one Twilio account).
 */
export function describeChannels(status: Partial<Record<ChannelId, true | string>>): string {
  const on = Object.entries(status).filter(([, value]) => value === true).map(([channel]) => channel);
  const offByReason = new Map<string, string[]>();
  for (const [channel, value] of Object.entries(status)) {
    if (value === true) continue;
    const reason = String(value);
    offByReason.set(reason, [...(offByReason.get(reason) ?? []), channel]);
  }
  const off = [...offByReason].map(([reason, channels]) => `${channels.join(', ')} (${reason})`);
  return `channels on: ${on.join(', ') || 'none'}${off.length ? `; off: ${off.join('; ')}` : ''}`;
}
