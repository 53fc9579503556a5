import { copyFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// `make web-dev`: hot reload here, the API (and everything else under /api) from the dev host.
const devHost = process.env.CK_DEV_HOST ?? "http://127.0.0.1:7071";

/** Static Web Apps reads its rules from the deployed folder: ship staticwebapp.config.json in dist. */
function staticWebAppConfig(): Plugin {
  let outDir = "";
  return {
    name: "staticwebapp-config",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      copyFileSync(
        fileURLToPath(new URL("./staticwebapp.config.json", import.meta.url)),
        resolve(outDir, "staticwebapp.config.json"),
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), staticWebAppConfig()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { "/api": { target: devHost, changeOrigin: false } },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    reportCompressedSize: true,
  },
});
