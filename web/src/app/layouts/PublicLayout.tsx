import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet } from "react-router";
import { Logo } from "@/components/Brand";
import { LanguageSwitch, SkipLink, ThemeSwitch } from "@/components/Preferences";
import { buttonClasses } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { useSession } from "@/lib/session";

export function PublicLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const signedIn = session.data?.authenticated === true;
  const link = ({ isActive }: { isActive: boolean }) =>
    cn("rounded-lg px-3 py-2 text-sm hover:bg-muted", isActive ? "text-fg font-medium" : "text-fg-muted");
  return (
    <div className="flex min-h-screen flex-col">
      <SkipLink />
      <header className="sticky top-0 z-30 border-b border-border bg-bg/85 backdrop-blur">
        <div className="mx-auto flex h-16 max-w-6xl items-center gap-2 px-4 sm:px-6">
          <Logo />
          <nav aria-label={t("site.nav.label")} className="ms-4 hidden items-center gap-1 md:flex">
            <NavLink to="/about" className={link}>
              {t("site.nav.about")}
            </NavLink>
            <NavLink to="/contact" className={link}>
              {t("site.nav.contact")}
            </NavLink>
          </nav>
          <div className="ms-auto flex items-center gap-1">
            <LanguageSwitch />
            <ThemeSwitch />
            {signedIn ? (
              <Link to="/app" className={buttonClasses("primary", "sm", "ms-2")}>
                {t("site.nav.openApp")}
              </Link>
            ) : (
              <>
                <span className="hidden sm:contents">
                  <Link to="/signin" className={buttonClasses("ghost", "sm", "ms-1")}>
                    {t("site.nav.signIn")}
                  </Link>
                </span>
                <Link to="/signup" className={buttonClasses("primary", "sm", "ms-1")}>
                  {t("site.nav.getStarted")}
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <div className="flex-1">
        <Outlet />
      </div>
      <footer className="border-t border-border">
        <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-fg-muted sm:flex-row sm:items-center sm:justify-between sm:px-6">
          <p>© {new Date().getFullYear()} clickKloudy</p>
          <nav aria-label={t("site.nav.footer")} className="flex flex-wrap gap-4">
            <Link to="/about" className="hover:text-fg">
              {t("site.nav.about")}
            </Link>
            <Link to="/contact" className="hover:text-fg">
              {t("site.nav.contact")}
            </Link>
            <Link to="/terms" className="hover:text-fg">
              {t("site.nav.terms")}
            </Link>
            <Link to="/privacy" className="hover:text-fg">
              {t("site.nav.privacy")}
            </Link>
          </nav>
        </div>
      </footer>
    </div>
  );
}
