/** The way to an account's figures (followers over time, its posts' engagement, live refresh). */
import { BarChart3 } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link, useInRouterContext, useParams } from "react-router";

/** Only inside a workspace's pages (a row drawn elsewhere, e.g. on its own in a test, has none). */
export function AccountFiguresLink(props: { accountId: string; name: string }) {
  return useInRouterContext() ? <InWorkspace {...props} /> : null;
}

function InWorkspace({ accountId, name }: { accountId: string; name: string }) {
  const { t } = useTranslation();
  const { ws } = useParams();
  if (!ws) return null;
  return (
    <Link
      to={`/app/workspaces/${ws}/analytics/accounts/${accountId}`}
      className="inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-fg-muted hover:bg-muted hover:text-fg"
      aria-label={t("analytics.account.linkNamed", { name })}
      title={t("analytics.account.link")}
    >
      <BarChart3 className="size-5" aria-hidden />
    </Link>
  );
}
