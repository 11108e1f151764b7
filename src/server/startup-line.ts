import type { ChannelId } from '../gateway/messages.ts';

/** One readable line: which channels are on, and why the others are off. */
export function describeChannels(status: Partial<Record<ChannelId, true | string>>): string {
  const on = Object.entries(status).filter(([, value]) => value === true).map(([channel]) => channel);
  const off = Object.entries(status)
    .filter(([, value]) => value !== true)
    .map(([channel, reason]) => `${channel} (${String(reason)})`);
  return `channels on: ${on.join(', ') || 'none'}${off.length ? `; off: ${off.join('; ')}` : ''}`;
}
