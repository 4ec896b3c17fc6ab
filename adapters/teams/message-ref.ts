/**
 * Message refs are `teams:<conversationId>:<activityId>`, so a message can be updated later from
 * stored state alone. Conversation ids contain colons (`a:1…`, `19:…@thread.tacv2`); activity ids
 * are escaped so that the last colon always separates the two.
 */
export function encodeMessageRef(conversationId: string, activityId: string): string {
  return `teams:${conversationId}:${encodeURIComponent(activityId)}`;
}

export function decodeMessageRef(ref: string): { conversationId: string; activityId: string } | undefined {
  if (!ref.startsWith("teams:")) return undefined;
  const rest = ref.slice("teams:".length);
  const cut = rest.lastIndexOf(":");
  if (cut <= 0 || cut === rest.length - 1) return undefined;
  try {
    return { conversationId: rest.slice(0, cut), activityId: decodeURIComponent(rest.slice(cut + 1)) };
  } catch {
    return undefined;
  }
}
