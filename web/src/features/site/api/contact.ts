import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type ContactRequest = components["schemas"]["ContactRequest"];

/** The limits the API checks (shared/services/contact.py), shown as hints before sending. */
export const CONTACT_LIMITS = { name: 100, subject: 200, minMessage: 10, maxMessage: 5000 } as const;

export function useSendContact() {
  return useMutation({
    mutationFn: (body: ContactRequest) => unwrap(api.POST("/api/v1/contact", { body })),
  });
}
