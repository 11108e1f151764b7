// Putting a conversation back together after a reload, without the DOM (unit-tested in Node).

/**
 * The conversation in order: the gateway's replies, and the person's own messages (kept in the
 * browser) each placed just before the first reply that answers it, else by the time it was
 * sent. When the replies were cut to the newest `keep`, own messages older than them are left out.
 * Returns `{ reply }` and `{ entry }` items.
 */
export function mergeHistory(replies, sent, keep = Infinity) {
  const firstAnswer = new Map();
  for (const reply of replies) {
    if (reply.replyTo && !firstAnswer.has(reply.replyTo)) firstAnswer.set(reply.replyTo, Date.parse(reply.createdAt));
  }
  const oldest = replies.length ? Date.parse(replies[0].createdAt) : -Infinity;
  const cut = replies.length >= keep;
  const items = [
    ...replies.map((reply, index) => ({ at: Date.parse(reply.createdAt), order: 1, index, reply })),
    ...sent
      .filter((entry) => !cut || entry.at >= oldest || firstAnswer.has(entry.id))
      .map((entry, index) => ({ at: Math.min(entry.at, (firstAnswer.get(entry.id) ?? Infinity) - 1), order: 0, index, entry })),
  ];
  items.sort((a, b) => a.at - b.at || a.order - b.order || a.index - b.index);
  return items.map(({ reply, entry }) => (reply ? { reply } : { entry }));
}
