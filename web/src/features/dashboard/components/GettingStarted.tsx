/** An empty workspace's first steps: connect accounts, then write a post. */
import { CheckCircle2, Circle } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";

export function GettingStarted({
  ws,
  hasAccounts,
  canWrite,
}: {
  ws: string;
  hasAccounts: boolean;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const steps = [
    {
      key: "connect",
      done: hasAccounts,
      title: t("dashboard.start.connectTitle"),
      body: t("dashboard.start.connectBody"),
      to: `/app/workspaces/${ws}/accounts`,
      action: t("dashboard.start.connect"),
    },
    {
      key: "write",
      done: false,
      title: t("dashboard.start.writeTitle"),
      body: t("dashboard.start.writeBody"),
      to: `/app/workspaces/${ws}/compose`,
      action: t("dashboard.start.write"),
    },
  ];
  const next = steps.find((step) => !step.done);
  return (
    <Card className="mb-6 p-5 sm:p-6">
      <h2 className="text-lg font-semibold">{t("dashboard.start.title")}</h2>
      <p className="mt-1 text-sm text-fg-muted">
        {canWrite ? t("dashboard.start.body") : t("dashboard.start.viewerBody")}
      </p>
      {canWrite && (
        <ol className="mt-5 space-y-4">
          {steps.map((step, index) => (
            <li key={step.key} className="flex gap-3">
              {step.done ? (
                <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-success" aria-hidden />
              ) : (
                <Circle className="mt-0.5 size-5 shrink-0 text-fg-muted" aria-hidden />
              )}
              <div className="min-w-0 flex-1">
                <p className="font-medium">
                  <span className="sr-only">{t("dashboard.start.step", { number: index + 1 })} </span>
                  {step.title}
                  {step.done && <span className="sr-only"> ({t("dashboard.start.done")})</span>}
                </p>
                <p className="text-sm text-fg-muted">{step.body}</p>
                {step === next && (
                  <Link to={step.to} className={buttonClasses("primary", "sm", "mt-3")}>
                    {step.action}
                  </Link>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
