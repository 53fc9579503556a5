/** English and Arabic, bundled (no loading from anywhere at run time). `<html lang dir>` follows. */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

// One file per area (locales/en/composer.json...), merged: each area owns its strings.
type Messages = Record<string, unknown>;
function merge(files: Record<string, { default: Messages }>): Messages {
  return Object.assign({}, ...Object.values(files).map((file) => file.default));
}
const en = merge(import.meta.glob<{ default: Messages }>("../locales/en/*.json", { eager: true }));
const ar = merge(import.meta.glob<{ default: Messages }>("../locales/ar/*.json", { eager: true }));

export type Language = "en" | "ar";
export const LANGUAGES: Language[] = ["en", "ar"];
const STORAGE_KEY = "ck.lang";

export function savedLanguage(): Language {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  if (saved === "ar" || saved === "en") return saved;
  return typeof navigator !== "undefined" && navigator.language.startsWith("ar") ? "ar" : "en";
}

export function direction(language: string): "rtl" | "ltr" {
  return language === "ar" ? "rtl" : "ltr";
}

function applyToDocument(language: string) {
  document.documentElement.lang = language;
  document.documentElement.dir = direction(language);
}

export function setLanguage(language: Language) {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ar: { translation: ar } },
  lng: savedLanguage(),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  returnNull: false,
});
i18n.on("languageChanged", applyToDocument);
if (typeof document !== "undefined") applyToDocument(i18n.language);

export default i18n;
