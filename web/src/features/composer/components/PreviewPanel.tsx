/** Previews, one tab per network the post goes to, for the account chosen in that tab. */
import * as Tabs from "@radix-ui/react-tabs";
import { Eye } from "lucide-react";
import { memo, useState } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/Field";
import type { Account, Media, Platform } from "../api/queries";
import type { Override } from "../lib/state";
import { PostPreview } from "./PostPreview";

export const PreviewPanel = memo(function PreviewPanel({
  groups,
  accountsById,
  platforms,
  overrides,
  text,
  mediaIds,
  media,
  when,
}: {
  groups: [string, string[]][];
  accountsById: Map<string, Account>;
  platforms: Record<string, Platform>;
  overrides: Record<string, Override>;
  text: string;
  mediaIds: string[];
  media: Record<string, Media>;
  when: string;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string>("");
  const [chosen, setChosen] = useState<Record<string, string>>({});
  if (!groups.length)
    return (
      <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed border-border px-6 py-10 text-center text-sm text-fg-muted">
        <Eye className="size-6" aria-hidden />
        {t("composer.preview.empty")}
      </div>
    );
  const active = groups.some(([p]) => p === tab) ? tab : (groups[0]?.[0] ?? "");
  return (
    <Tabs.Root value={active} onValueChange={setTab}>
      <Tabs.List aria-label={t("composer.preview.tabs")} className="mb-3 flex flex-wrap gap-1">
        {groups.map(([platform, ids]) => (
          <Tabs.Trigger
            key={platform}
            value={platform}
            className={cn(
              "rounded-full border px-3 py-1 text-xs font-medium",
              "data-[state=active]:border-accent data-[state=active]:bg-accent data-[state=active]:text-accent-fg",
              "data-[state=inactive]:border-border data-[state=inactive]:bg-surface data-[state=inactive]:text-fg-muted data-[state=inactive]:hover:bg-muted",
            )}
          >
            {platforms[platform]?.name ?? platform}
            {ids.length > 1 && <span className="ms-1 opacity-80">×{ids.length}</span>}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      {groups.map(([platform, ids]) => {
        const accountId = ids.includes(chosen[platform] ?? "")
          ? (chosen[platform] as string)
          : (ids[0] as string);
        const account = accountsById.get(accountId);
        const own = overrides[accountId];
        const files = (own?.mediaIds ?? mediaIds)
          .map((id) => media[id])
          .filter((m): m is Media => Boolean(m));
        return (
          <Tabs.Content key={platform} value={platform} className="space-y-2 outline-none">
            {ids.length > 1 && (
              <Select
                aria-label={t("composer.preview.asAccount")}
                value={accountId}
                className="h-9 text-sm"
                onChange={(e) => setChosen((c) => ({ ...c, [platform]: e.target.value }))}
              >
                {ids.slice(0, 200).map((id) => (
                  <option key={id} value={id}>
                    @{accountsById.get(id)?.handle}
                  </option>
                ))}
              </Select>
            )}
            <figure
              className="overflow-hidden rounded-xl border border-border shadow-sm"
              data-testid={`preview-${platform}`}
              aria-label={t("composer.preview.figure", { platform: platforms[platform]?.name ?? platform })}
            >
              <PostPreview
                platform={platform}
                platformName={platforms[platform]?.name ?? platform}
                displayName={account?.display_name || account?.handle || ""}
                handle={account?.handle ?? ""}
                avatarUrl={account?.avatar_url}
                text={own?.text ?? text}
                media={files}
                options={own?.options ?? {}}
                when={when}
              />
            </figure>
          </Tabs.Content>
        );
      })}
    </Tabs.Root>
  );
});
