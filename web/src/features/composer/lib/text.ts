/** Post text as people will see it: links, hashtags and mentions found the way linkify finds them. */
import * as linkify from "linkifyjs";
import "linkify-plugin-hashtag";
import "linkify-plugin-mention";

export type Segment = { kind: "text" | "url" | "hashtag" | "mention" | "email"; value: string };

export function segments(text: string): Segment[] {
  return linkify.tokenize(text).map((token) => {
    const kind = token.t as Segment["kind"];
    return {
      kind: ["url", "hashtag", "mention", "email"].includes(kind) ? kind : "text",
      value: token.toString(),
    };
  });
}

/** The first `limit` characters (code points, so an emoji or Arabic letter is never cut in half). */
export function truncate(text: string, limit: number): { text: string; cut: boolean } {
  const chars = Array.from(text);
  if (chars.length <= limit) return { text, cut: false };
  return { text: chars.slice(0, limit).join("").trimEnd(), cut: true };
}
