import { createHmac } from 'node:crypto';
import type { ChannelStateStore } from '../gateway/channel.ts';
import type { ChannelId } from '../gateway/messages.ts';

/**
 * An opt-out that outlives the erasure of its number: the channel-state key `opt-out:<number>`
 * becomes `opt-out:#<HMAC-SHA256 of the number>` under a random per-channel salt kept beside it,
 * so a STOP stays honoured without the number being stored.
 */
export const OPT_OUT_SALT_KEY = 'opt-out-salt';

export function hashedOptOutKey(salt: string, address: string): string {
  return `opt-out:#${createHmac('sha256', salt).update(address).digest('hex')}`;
}

/** The hashed key of an erased number's opt-out, or undefined when nothing was ever erased on the channel. */
export async function erasedOptOutKey(state: ChannelStateStore, channel: ChannelId, address: string): Promise<string | undefined> {
  const salt = await state.get<string>(channel, OPT_OUT_SALT_KEY);
  return salt ? hashedOptOutKey(salt, address) : undefined;
}
