/**
 * WhatsApp's customer service window: free-form messages may go out only
 * within 24 hours of the customer's last message; after that, only an
 * approved template. https://www.twilio.com/docs/whatsapp/key-concepts#the-24-hour-window-or-24-hour-rule
 */

export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** True while free-form replies are allowed. An unknown last message counts as closed. */
export function isWindowOpen(lastInboundAt: Date | undefined, now: Date): boolean {
  return lastInboundAt !== undefined && now.getTime() - lastInboundAt.getTime() < WINDOW_MS;
}

/** "26 h ago" for error messages. */
export function describeAge(lastInboundAt: Date | undefined, now: Date): string {
  if (!lastInboundAt) return 'never wrote on WhatsApp';
  return `last wrote ${Math.floor((now.getTime() - lastInboundAt.getTime()) / 3_600_000)} h ago`;
}
