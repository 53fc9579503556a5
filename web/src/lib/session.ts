/** Who is signed in, read from the API (the session cookie is HttpOnly: only the server knows). */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Me = components["schemas"]["Me"];

export const sessionKeys = {
  session: ["session"] as const,
  me: ["me"] as const,
};

export function useSession() {
  return useQuery({
    queryKey: sessionKeys.session,
    queryFn: () => unwrap(api.GET("/api/v1/auth/session")),
    staleTime: 60_000,
  });
}

export function useMe(enabled = true) {
  return useQuery({
    queryKey: sessionKeys.me,
    queryFn: () => unwrap(api.GET("/api/v1/me")),
    enabled,
    staleTime: 60_000,
  });
}

/** After signing in or out: everything cached belonged to the previous person. */
export function useResetSession() {
  const client = useQueryClient();
  return async () => {
    client.clear();
    await client.invalidateQueries({ queryKey: sessionKeys.session });
  };
}
