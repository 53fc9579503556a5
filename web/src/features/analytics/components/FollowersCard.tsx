/** Followers over the period: all the accounts in scope summed, or each account's own line; by day or week. */
import { Download } from "lucide-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { buttonClasses } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { ChartFigure } from "@/components/ui/ChartFigure";
import { DownloadLink } from "@/components/ui/DownloadLink";
import { ErrorState } from "@/components/ui/States";
import { followersByAccountSpec, followersSpec } from "@/lib/analytics";
import { formatNumber } from "@/lib/format";
import { csvUrl, type Scope, useFollowers } from "../api/analytics";
import { Segmented } from "./Segmented";

/** Beyond this many accounts, lines per account are no longer readable: the total only. */
const MAX_LINES = 5;

export function FollowersCard({
  ws,
  scope,
  accountCount,
  platformName,
  title,
  className,
}: {
  ws: string;
  scope: Scope;
  accountCount: number;
  platformName: (platform: string) => string;
  title?: string;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<"day" | "week">("day");
  const [split, setSplit] = useState<"total" | "each">("total");
  const canSplit = !scope.account && accountCount > 1 && accountCount <= MAX_LINES;
  const each = canSplit && split === "each";
  const followers = useFollowers(ws, scope, by, each);
  const heading = title ?? t("analytics.followers.title");
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const spec = useMemo(() => {
    if (!followers.data) return null;
    return each
      ? followersByAccountSpec(followers.data, (a) =>
          a.handle ? `@${a.handle} · ${platformName(a.platform)}` : t("analytics.top.removed"),
        )
      : followersSpec(followers.data.total, t("analytics.followers.total"));
  }, [followers.data, each, platformName, t, i18n.language]);
  const found = followers.data;
  return (
    <Card className={className}>
      <ChartFigure
        title={heading}
        description={
          !found || found.end === null
            ? undefined
            : found.change === null
              ? t("analytics.followers.now", { value: formatNumber(found.end) })
              : t("analytics.followers.change", {
                  value: formatNumber(found.end),
                  change: `${found.change >= 0 ? "+" : "−"}${formatNumber(Math.abs(found.change))}`,
                })
        }
        actions={
          <>
            {canSplit && (
              <Segmented
                label={t("analytics.followers.split")}
                value={split}
                onChange={setSplit}
                options={[
                  { value: "total", label: t("analytics.followers.total") },
                  { value: "each", label: t("analytics.followers.each") },
                ]}
              />
            )}
            <Segmented
              label={t("analytics.followers.by")}
              value={by}
              onChange={setBy}
              options={[
                { value: "day", label: t("analytics.followers.day") },
                { value: "week", label: t("analytics.followers.week") },
              ]}
            />
            <DownloadLink
              href={csvUrl(ws, "followers", scope, { by })}
              className={buttonClasses("ghost", "sm", "h-7 px-2 text-xs")}
              aria-label={t("analytics.export.csvOf", { view: heading })}
            >
              <Download className="size-3.5" aria-hidden />
              CSV
            </DownloadLink>
          </>
        }
        spec={spec}
        problem={
          followers.error ? <ErrorState error={followers.error} onRetry={() => followers.refetch()} /> : null
        }
        xLabel={by === "day" ? t("analytics.followers.day") : t("analytics.followers.weekOf")}
        empty={t("analytics.followers.empty")}
        height={260}
      />
    </Card>
  );
}
