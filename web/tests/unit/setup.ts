import "@testing-library/jest-dom/vitest";
import { i18nReady, loadLanguage } from "@/lib/i18n";

// Component tests read English strings; Arabic is loaded for the tests that switch to it.
await i18nReady;
await loadLanguage("en");
await loadLanguage("ar");
