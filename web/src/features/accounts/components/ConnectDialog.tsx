/**
 * Connecting an account: the platform catalog first (every platform, the ones this deployment has
 * not turned on shown as unavailable with the reason), then the chosen platform's form.
 */
import { ChevronRight } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Dialog } from "@/components/ui/Dialog";
import { PageSpinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { type Platform, usePlatforms } from "../api/accounts";
import { PlatformForm } from "./PlatformForm";
import { PlatformIcon } from "./PlatformIcon";

/** The feed is every workspace's own account: nothing to connect. */
export const BUILT_IN = new Set(["feed"]);

/** How a platform connects, in a few words. */
function howItConnects(platform: Platform, t: ReturnType<typeof useTranslation>["t"]) {
  if (BUILT_IN.has(platform.platform)) return t("accounts.catalog.builtIn");
  if (platform.platform === "sandbox") return t("accounts.catalog.sandbox");
  if (platform.auth === "credentials") return t("accounts.catalog.credentials");
  return t("accounts.catalog.oauth", { platform: platform.name });
}

function PlatformTitle({ platform }: { platform: Platform }) {
  const { t } = useTranslation();
  const variant = t(`accounts.catalog.variant.${platform.platform}`, { defaultValue: "" });
  return (
    <span className="block font-medium">
      {platform.name}
      {variant && <span className="ms-1.5 text-xs font-normal text-fg-muted">{variant}</span>}
    </span>
  );
}

export function Catalog({ onChoose }: { onChoose: (platform: Platform) => void }) {
  const { t } = useTranslation();
  const platforms = usePlatforms();
  if (platforms.isPending) return <PageSpinner />;
  if (platforms.error) return <ErrorState error={platforms.error} onRetry={() => platforms.refetch()} />;
  const ready = platforms.data.filter((p) => p.enabled);
  const off = platforms.data.filter((p) => !p.enabled);
  return (
    <div className="space-y-6">
      <section aria-labelledby="catalog-ready">
        <h3 id="catalog-ready" className="mb-2 text-sm font-semibold text-fg-muted">
          {t("accounts.catalog.ready")}
        </h3>
        <ul className="grid gap-2 sm:grid-cols-2">
          {ready.map((platform) => (
            <li key={platform.platform}>
              {BUILT_IN.has(platform.platform) ? (
                <div className="flex h-full items-center gap-3 rounded-lg border border-dashed border-border p-3">
                  <PlatformIcon platform={platform.platform} />
                  <span className="min-w-0 flex-1">
                    <PlatformTitle platform={platform} />
                    <span className="block text-xs text-fg-muted">{howItConnects(platform, t)}</span>
                  </span>
                </div>
              ) : (
                <button
                  type="button"
                  onClick={() => onChoose(platform)}
                  className="flex h-full w-full items-center gap-3 rounded-lg border border-border p-3 text-start hover:border-accent hover:bg-accent-soft"
                >
                  <PlatformIcon platform={platform.platform} />
                  <span className="min-w-0 flex-1">
                    <PlatformTitle platform={platform} />
                    <span className="block text-xs text-fg-muted">{howItConnects(platform, t)}</span>
                  </span>
                  <ChevronRight className="size-4 shrink-0 text-fg-muted flip-rtl" aria-hidden />
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      {off.length > 0 && (
        <section aria-labelledby="catalog-off">
          <h3 id="catalog-off" className="text-sm font-semibold text-fg-muted">
            {t("accounts.catalog.off")}
          </h3>
          <p className="mb-2 text-sm text-fg-muted">{t("accounts.catalog.offWhy")}</p>
          <ul className="grid gap-2 sm:grid-cols-2">
            {off.map((platform) => (
              <li
                key={platform.platform}
                data-unavailable={platform.platform}
                className="flex h-full items-start gap-3 rounded-lg border border-dashed border-border bg-muted/50 p-3"
              >
                <PlatformIcon platform={platform.platform} muted />
                <span className="min-w-0 flex-1">
                  <PlatformTitle platform={platform} />
                  <span className="block text-xs text-fg-muted">
                    {t("accounts.catalog.why", { platform: platform.name })}
                  </span>
                  {platform.why_disabled && (
                    <details className="mt-1 text-xs text-fg-muted">
                      <summary className="cursor-pointer">{t("accounts.catalog.forAdmin")}</summary>
                      <code className="mt-1 block break-words font-mono" dir="ltr">
                        {platform.why_disabled}
                      </code>
                    </details>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function ConnectDialog({
  ws,
  open,
  onOpenChange,
  chosen,
  onChoose,
}: {
  ws: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  chosen: Platform | null;
  onChoose: (platform: Platform | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      wide={!chosen}
      title={
        chosen ? t("accounts.connect.titlePlatform", { platform: chosen.name }) : t("accounts.connect.title")
      }
      description={chosen ? undefined : t("accounts.connect.description")}
    >
      {chosen ? (
        <PlatformForm
          key={chosen.platform}
          ws={ws}
          platform={chosen}
          onBack={() => onChoose(null)}
          onDone={() => onOpenChange(false)}
        />
      ) : (
        <Catalog onChoose={onChoose} />
      )}
    </Dialog>
  );
}
