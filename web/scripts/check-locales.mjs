// Every string is in both languages: the same keys in en.json and ar.json, none empty, and every
// literal key the code asks for (t("a.b")) present.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
// One file per area in locales/<lang>/; an area's top-level keys must not collide with another's.
const problems = [];
function load(lang) {
  const merged = {};
  const dir = join(src, "locales", lang);
  for (const name of readdirSync(dir).sort()) {
    const data = JSON.parse(readFileSync(join(dir, name), "utf8"));
    for (const key of Object.keys(data)) {
      if (key in merged) problems.push(`${lang}/${name}: top-level key "${key}" is also in another file`);
      merged[key] = data[key];
    }
  }
  return merged;
}

function flatten(obj, prefix = "", out = new Map()) {
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object") flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

const en = flatten(load("en"));
const ar = flatten(load("ar"));
for (const key of en.keys()) if (!ar.has(key)) problems.push(`missing in ar: ${key}`);
for (const key of ar.keys()) if (!en.has(key)) problems.push(`missing in en: ${key}`);
for (const [lang, map] of [
  ["en", en],
  ["ar", ar],
])
  for (const [key, value] of map)
    if (typeof value !== "string" || value.trim() === "") problems.push(`empty in ${lang}: ${key}`);

// Plural forms (key_one, key_other, key_zero...) answer for their base key.
const plural = /_(zero|one|two|few|many|other)$/;
const known = new Set([...en.keys()].map((k) => k.replace(plural, "")));
const used = /\bt\(\s*["'`]([a-zA-Z0-9_.]+)["'`]/g;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".test.tsx") && !name.endsWith(".test.ts"))
      for (const m of readFileSync(path, "utf8").matchAll(used))
        if (!known.has(m[1]) && !en.has(m[1]))
          problems.push(`${path.slice(src.length + 1)}: unknown key ${m[1]}`);
  }
}
walk(src);
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`Locales agree: ${en.size} keys in English and Arabic.`);
