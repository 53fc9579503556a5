/** Light, dark or the system's choice; saved, applied to <html class="dark">. */
import { useSyncExternalStore } from "react";

export type Theme = "light" | "dark" | "system";
const STORAGE_KEY = "ck.theme";
const listeners = new Set<() => void>();
const media = typeof window === "undefined" ? null : window.matchMedia("(prefers-color-scheme: dark)");

export function savedTheme(): Theme {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  return saved === "light" || saved === "dark" ? saved : "system";
}

function apply() {
  const theme = savedTheme();
  const dark = theme === "dark" || (theme === "system" && Boolean(media?.matches));
  document.documentElement.classList.toggle("dark", dark);
  for (const listener of listeners) listener();
}

export function setTheme(theme: Theme) {
  localStorage.setItem(STORAGE_KEY, theme);
  apply();
}

media?.addEventListener("change", apply);

export function useTheme(): Theme {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    savedTheme,
    () => "system" as Theme,
  );
}
