/**
 * English and Arabic, served with the app (nothing from anywhere else): each language is one chunk,
 * loaded when it is first used, so a page carries only the strings of the language it shows.
 * `<html lang dir>` follows the language.
 */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

const BUNDLES = {
  en: () => import("@/locales/en"),
  ar: () => import("@/locales/ar"),
} as const;

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

/** The language's strings, once: later calls find them already there. */
export async function loadLanguage(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, "translation")) return;
  const { default: messages } = await BUNDLES[language]();
  i18n.addResourceBundle(language, "translation", messages, true, true);
}

export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await loadLanguage(language);
  await i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: {},
  partialBundledLanguages: true,
  lng: savedLanguage(),
  // Both languages hold every key (scripts/check-locales.mjs): there is nothing to fall back to.
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
i18n.on("languageChanged", applyToDocument);
if (typeof document !== "undefined") applyToDocument(i18n.language);

/** Resolves once the saved language's strings are in: the app renders after it. */
export const i18nReady: Promise<void> = loadLanguage(savedLanguage()).then(async () => {
  await i18n.changeLanguage(savedLanguage());
});

export default i18n;
