import { Compass, ServerCrash } from "lucide-react";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { buttonClasses } from "@/components/ui/Button";
import { ApiError } from "@/lib/api/client";
import { usePageTitle } from "@/lib/title";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("errors.notFound.title"));
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col items-center px-6 py-24 text-center">
      <Compass className="size-14 text-accent" aria-hidden />
      <p className="mt-6 text-sm font-semibold uppercase tracking-widest text-accent">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">{t("errors.notFound.title")}</h1>
      <p className="mt-3 text-fg-muted">{t("errors.notFound.body")}</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link to="/" className={buttonClasses("primary")}>
          {t("errors.notFound.home")}
        </Link>
        <Link to="/app" className={buttonClasses("secondary")}>
          {t("errors.notFound.app")}
        </Link>
      </div>
    </main>
  );
}

/** The 500 page: shown by the router's error boundary, with the request id when the API gave one. */
export function ErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  // A page whose API answered 404 (a profile or post that does not exist) is the 404 page too.
  if ((isRouteErrorResponse(error) || error instanceof ApiError) && error.status === 404)
    return <NotFoundPage />;
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <main
      id="main"
      className="mx-auto flex min-h-screen max-w-xl flex-col items-center justify-center px-6 text-center"
    >
      <ServerCrash className="size-14 text-danger" aria-hidden />
      <p className="mt-6 text-sm font-semibold uppercase tracking-widest text-danger">500</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">{t("errors.crash.title")}</h1>
      <p className="mt-3 text-fg-muted">{t("errors.crash.body")}</p>
      {requestId && (
        <p className="mt-4 text-sm text-fg-muted">
          {t("errors.requestId")}{" "}
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono">{requestId}</code>
        </p>
      )}
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <button type="button" className={buttonClasses("primary")} onClick={() => window.location.reload()}>
          {t("common.tryAgain")}
        </button>
        <a href="/" className={buttonClasses("secondary")}>
          {t("errors.notFound.home")}
        </a>
      </div>
    </main>
  );
}
