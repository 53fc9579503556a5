import { useMe, useSession } from "@/lib/session";

/**
 * The zone a visitor reads times in: their own (from their profile) when signed in, else UTC. Never
 * the browser's, silently: the page always names the zone next to the time.
 */
export function useViewerZone(): string {
  const session = useSession();
  const me = useMe(session.data?.authenticated === true);
  return me.data?.timezone ?? "UTC";
}
