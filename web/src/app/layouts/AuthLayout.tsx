import { Outlet } from "react-router";
import { Logo } from "@/components/Brand";
import { LanguageSwitch, SkipLink, ThemeSwitch } from "@/components/Preferences";

/** Sign-in pages: one centred card, nothing to wander off to. */
export function AuthLayout() {
  return (
    <div className="flex min-h-screen flex-col">
      <SkipLink />
      <header className="mx-auto flex h-16 w-full max-w-6xl items-center justify-between px-4 sm:px-6">
        <Logo />
        <div className="flex items-center gap-1">
          <LanguageSwitch />
          <ThemeSwitch />
        </div>
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pb-16 pt-6 sm:pt-12">
        <div className="w-full max-w-md">
          <Outlet />
        </div>
      </main>
    </div>
  );
}
