import { useTranslation } from "react-i18next";
import type { Choice } from "@/components/ui/ChoiceDialog";
import type { Scope } from "../api/posts";

/** How far a change to one occurrence of a series reaches, in words. */
export function useScopeChoices(): Choice<Scope>[] {
  const { t } = useTranslation();
  return [
    { value: "this", label: t("posts.scope.this"), hint: t("posts.scope.thisHint") },
    { value: "following", label: t("posts.scope.following"), hint: t("posts.scope.followingHint") },
    { value: "all", label: t("posts.scope.all"), hint: t("posts.scope.allHint") },
  ];
}
