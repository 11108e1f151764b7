// Types of history.js for the Node tests (the page itself runs it as plain JavaScript).

export interface HistoryReply {
  id: string;
  replyTo?: string | null;
  createdAt: string;
}

/** A message the visitor sent, as the browser remembers it; `at` in epoch milliseconds. */
export interface SentEntry {
  id: string;
  text: string;
  at: number;
  action?: string;
}

export function mergeHistory<R extends HistoryReply>(replies: R[], sent: SentEntry[], keep?: number): ({ reply: R; entry?: undefined } | { entry: SentEntry; reply?: undefined })[];
