import { describe, expect, it } from "vitest";
import ar from "@/locales/ar";
import en from "@/locales/en";

function keys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

function leaf(node: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((at, part) => (at as Record<string, unknown>)?.[part], node);
}

describe("every string is in both languages", () => {
  it("has the same keys in English and Arabic, none empty", () => {
    const english = keys(en).sort();
    const arabic = keys(ar).sort();
    expect(english.length).toBeGreaterThan(500);
    expect(arabic.filter((key) => !english.includes(key))).toEqual([]);
    expect(english.filter((key) => !arabic.includes(key))).toEqual([]);
    const empty = english.filter((key) => !String(leaf(en, key)).trim() || !String(leaf(ar, key)).trim());
    expect(empty).toEqual([]);
  });

  it("writes Arabic in Arabic", () => {
    const arabicLetters = /[\u0600-\u06FF]/;
    const untranslated = keys(ar).filter((key) => {
      const text = String(leaf(ar, key));
      // Names, codes, formats and placeholders alone may stay as they are.
      const words = text
        .replace(/\{\{[^}]+\}\}|<[^>]+>|https?:\S+/g, "")
        .replace(/[^A-Za-z]+/g, " ")
        .trim();
      return words.split(" ").length > 3 && !arabicLetters.test(text);
    });
    expect(untranslated).toEqual([]);
  });
});
