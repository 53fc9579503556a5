/** Every action says how it went: one toast per outcome, the error's words from `describeError`. */
import type { TFunction } from "i18next";
import { toast } from "sonner";
import { describeError } from "@/lib/errors";

export function toastSuccess(message: string) {
  toast.success(message);
}

export function toastError(error: unknown, t: TFunction) {
  toast.error(describeError(error, t));
}
