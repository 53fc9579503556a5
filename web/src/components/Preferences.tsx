/** Language and theme switches: in every header, saved in this browser. */
import { Languages, Monitor, Moon, Sun } from "lucide-react";
import { useTranslation } from "react-i18next";
import { type Language, setLanguage } from "@/lib/i18n";
import { setTheme, type Theme, useTheme } from "@/lib/theme";

const iconButton =
  "inline-flex size-9 items-center justify-center rounded-lg text-fg-muted hover:bg-muted hover:text-fg";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other: Language = i18n.language === "ar" ? "en" : "ar";
  return (
    <button
      type="button"
      className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2.5 text-sm text-fg-muted hover:bg-muted hover:text-fg"
      onClick={() => void setLanguage(other)}
      aria-label={t("preferences.switchLanguage")}
      lang={other}
    >
      <Languages className="size-4" aria-hidden />
      <span className="hidden sm:inline">{other === "ar" ? "العربية" : "English"}</span>
    </button>
  );
}

const NEXT_THEME: Record<Theme, Theme> = { light: "dark", dark: "system", system: "light" };

/** One button that steps light → dark → system; its label says the current choice and the next. */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const theme = useTheme();
  const Icon = theme === "dark" ? Moon : theme === "light" ? Sun : Monitor;
  const next = NEXT_THEME[theme];
  return (
    <button
      type="button"
      className={iconButton}
      onClick={() => setTheme(next)}
      aria-label={t("preferences.themeNow", {
        now: t(`preferences.${theme}`),
        next: t(`preferences.${next}`),
      })}
      title={t("preferences.themeNow", { now: t(`preferences.${theme}`), next: t(`preferences.${next}`) })}
    >
      <Icon className="size-4" aria-hidden />
    </button>
  );
}

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a
      href="#main"
      className="sr-only-focusable fixed start-3 top-3 z-[60] rounded-lg bg-accent px-4 py-2 font-medium text-accent-fg"
    >
      {t("common.skipToContent")}
    </a>
  );
}
