// The typed API client's types, generated from the backend's OpenAPI schema.
//
//   node scripts/generate-client.mjs            regenerate src/lib/api/schema.ts from the backend
//   node scripts/generate-client.mjs --check    exit 1 when schema.ts is stale against the backend
//   --spec FILE                                 read the schema from FILE instead of asking Python
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, "..");
const root = resolve(web, "..");
const target = resolve(web, "src/lib/api/schema.ts");
const args = process.argv.slice(2);
const check = args.includes("--check");
const specIndex = args.indexOf("--spec");

function loadSpec() {
  if (specIndex >= 0) return JSON.parse(readFileSync(args[specIndex + 1], "utf8"));
  const python = existsSync(resolve(root, ".venv/bin/python"))
    ? resolve(root, ".venv/bin/python")
    : "python3";
  const out = execFileSync(
    python,
    ["-c", "import json; from functions.api import create_api; print(json.dumps(create_api().openapi()))"],
    { cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ENVIRONMENT: "development" } },
  );
  return JSON.parse(out.toString());
}

const header = "// Generated from the API's OpenAPI schema by scripts/generate-client.mjs. Do not edit.\n\n";
const ast = await openapiTS(loadSpec(), { alphabetize: true, exportType: true, defaultNonNullable: false });
const generated = header + astToString(ast);

if (check) {
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (current !== generated) {
    console.error("src/lib/api/schema.ts is stale against the API: run `npm run client` in web/.");
    process.exit(1);
  }
  console.log("The API client is up to date.");
} else {
  writeFileSync(target, generated);
  console.log(`Wrote ${target}`);
}
