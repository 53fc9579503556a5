/** Every call the sign-in pages make, with its query or mutation hook. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { sessionKeys, useResetSession } from "@/lib/session";
import { workspaceKeys } from "@/lib/workspace";

export type Invitation = components["schemas"]["InvitationView"];
type LoginRequest = components["schemas"]["LoginRequest"];
type RegisterRequest = components["schemas"]["RegisterRequest"];
type ResetRequest = components["schemas"]["ResetRequest"];

export const authKeys = {
  microsoft: ["auth", "microsoft"] as const,
  invitation: (token: string) => ["invitations", token] as const,
};

/**
 * Signs in with the session cookies (HttpOnly, set by the API). The tokens the API also returns in
 * the body are for other clients: they are dropped here, never kept anywhere in the browser.
 */
async function login(body: LoginRequest): Promise<void> {
  await unwrap(api.POST("/api/v1/auth/login", { body }));
}

export function useSignIn() {
  const reset = useResetSession();
  return useMutation({
    mutationFn: login,
    onSuccess: () => reset(),
  });
}

/** Creates the account, then signs in with it, so the person can go on while the email travels. */
export function useSignUp() {
  const reset = useResetSession();
  return useMutation({
    mutationFn: async (body: RegisterRequest) => {
      const created = await unwrap(api.POST("/api/v1/auth/register", { body }));
      await login({ email: body.email, password: body.password });
      return created;
    },
    onSuccess: () => reset(),
  });
}

export function useVerifyEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST("/api/v1/auth/verify-email", { body: { token } })),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKeys.me }),
  });
}

export function useResendVerification() {
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/verify-email/resend")),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST("/api/v1/auth/password/forgot", { body: { email } })),
  });
}

/** A new password ends every session, this browser's included. */
export function useResetPassword() {
  const reset = useResetSession();
  return useMutation({
    mutationFn: (body: ResetRequest) => unwrap(api.POST("/api/v1/auth/password/reset", { body })),
    onSuccess: () => reset(),
  });
}

export function useSignOut() {
  const reset = useResetSession();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout", { body: {} })),
    onSuccess: () => reset(),
  });
}

/** Whether this deployment offers Sign in with Microsoft; an older API without the route: no. */
export function useMicrosoftSignIn() {
  return useQuery({
    queryKey: authKeys.microsoft,
    queryFn: async () => {
      const { data, response } = await api.GET("/api/v1/auth/microsoft/status");
      return response.ok && data ? data.enabled : false;
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

export function useInvitation(token: string) {
  return useQuery({
    queryKey: authKeys.invitation(token),
    queryFn: () => unwrap(api.GET("/api/v1/invitations/{token}", { params: { path: { token } } })),
    enabled: token.length > 0,
    // Each look-up counts against a per-IP limit: do not ask again on every focus.
    refetchOnWindowFocus: false,
    staleTime: 5 * 60_000,
  });
}

export function useAcceptInvitation(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/invitations/{token}/accept", { params: { path: { token } } })),
    onSuccess: async () => {
      client.removeQueries({ queryKey: authKeys.invitation(token) });
      await client.invalidateQueries({ queryKey: workspaceKeys.all, exact: true });
    },
  });
}
