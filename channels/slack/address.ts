/** Where a Slack reply goes: a channel (DM or channel id) and, when it answers in a thread, the thread's ts. */
export interface SlackReplyAddress {
  channel: string;
  threadTs?: string;
}

/** `channel|thread_ts` (thread part empty for a top-level DM answer): the opaque `replyAddress` of a Slack message. */
export function encodeReplyAddress(address: SlackReplyAddress): string {
  return `${address.channel}|${address.threadTs ?? ''}`;
}

export function decodeReplyAddress(value: string): SlackReplyAddress {
  const [channel = '', threadTs = ''] = value.split('|');
  return threadTs ? { channel, threadTs } : { channel };
}

/** A DM channel id starts with `D`; Slack also says `channel_type: im`. */
export function isDirectChannel(channel: string, channelType?: string): boolean {
  return channelType === 'im' || (channelType === undefined && channel.startsWith('D'));
}
