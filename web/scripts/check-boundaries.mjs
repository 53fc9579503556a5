// Features never import each other: `app` composes them; both use `components` and `lib`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
const features = join(src, "features");
const importPattern = /(?:import|export)[^'"]*from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const problems = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|tsx)$/.test(name)) check(path);
  }
}

function featureOf(path) {
  const rel = relative(features, path);
  return rel.startsWith("..") ? null : rel.split("/")[0];
}

function check(file) {
  const own = featureOf(file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(importPattern)) {
    const spec = match[1] ?? match[2];
    let target = null;
    if (spec.startsWith("@/")) target = join(src, spec.slice(2));
    else if (spec.startsWith(".")) target = resolve(dirname(file), spec);
    if (target === null) continue;
    const other = featureOf(target);
    const rel = relative(src, file);
    if (own === null && rel.startsWith("components") && other !== null)
      problems.push(`${rel}: shared components must not import a feature (${spec})`);
    if (own === null && rel.startsWith("lib") && other !== null)
      problems.push(`${rel}: lib must not import a feature (${spec})`);
    if (own !== null && other !== null && other !== own)
      problems.push(`${rel}: feature "${own}" imports feature "${other}" (${spec})`);
    if (own !== null && (target.startsWith(join(src, "app")) || spec.startsWith("@/app")))
      problems.push(`${rel}: a feature must not import the app (${spec})`);
  }
}

walk(src);
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("Feature boundaries hold.");
