import { useTranslation } from "react-i18next";
import { buttonClasses } from "@/components/ui/Button";
import { API_BASE } from "@/lib/api/client";
import { useMicrosoftSignIn } from "../api/auth";

function MicrosoftLogo() {
  return (
    <svg viewBox="0 0 21 21" className="size-4" aria-hidden>
      <rect x="1" y="1" width="9" height="9" fill="#f25022" />
      <rect x="11" y="1" width="9" height="9" fill="#7fba00" />
      <rect x="1" y="11" width="9" height="9" fill="#00a4ef" />
      <rect x="11" y="11" width="9" height="9" fill="#ffb900" />
    </svg>
  );
}

/**
 * Sign in with Microsoft, when this deployment offers it: a plain link (the API redirects to
 * Microsoft and back, then to `next`), with "or" between it and the form below.
 */
export function MicrosoftSignIn({ next }: { next: string }) {
  const { t } = useTranslation();
  const enabled = useMicrosoftSignIn();
  if (!enabled.data) return null;
  const href = `${API_BASE}/api/v1/auth/microsoft/login?next=${encodeURIComponent(next)}`;
  return (
    <div className="mb-6">
      <a href={href} className={buttonClasses("secondary", "md", "w-full")}>
        <MicrosoftLogo />
        {t("auth.microsoft.button")}
      </a>
      <div className="mt-6 flex items-center gap-3 text-xs uppercase tracking-wide text-fg-muted">
        <span className="h-px flex-1 bg-border" />
        {t("auth.microsoft.or")}
        <span className="h-px flex-1 bg-border" />
      </div>
    </div>
  );
}
