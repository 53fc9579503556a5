#!/usr/bin/env node
// Launcher for @vercel/cosmosdb-server used by tools/emulators/manage.py.
//
// Why not the package's own CLI: it answers every request with
// "connection: close", so each SDK call pays a fresh TCP + TLS handshake
// (about 16 writes/s here), and it serves the certificate bundled in the
// package, which expired in 2021. Building the server through the package's
// JS API lets us turn keep-alive on and hand it a certificate we generate.
//
// Usage: node cosmos-server.js --cert PEM --key PEM [--port 8081] [--host 127.0.0.1]
// The same settings can come from COSMOS_EMULATOR_CERT, COSMOS_EMULATOR_KEY,
// COSMOS_EMULATOR_PORT and COSMOS_EMULATOR_HOST; arguments win.
"use strict";

const fs = require("fs");
const { createHttpsServer } = require("@vercel/cosmosdb-server");

// Longer than any client pool's idle timeout, so the server is never the side
// that closes an idle socket a client is about to reuse.
const KEEP_ALIVE_TIMEOUT_MS = 65000;
// Node requires headersTimeout > keepAliveTimeout, or a request arriving on a
// socket near its idle limit can be cut off mid-headers.
const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 1000;

function usage(message) {
  if (message) {
    console.error(`cosmos-server: ${message}`);
  }
  console.error(
    "Usage: node cosmos-server.js --cert PEM --key PEM [--port 8081] [--host 127.0.0.1]"
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    cert: process.env.COSMOS_EMULATOR_CERT,
    key: process.env.COSMOS_EMULATOR_KEY,
    port: process.env.COSMOS_EMULATOR_PORT || "8081",
    host: process.env.COSMOS_EMULATOR_HOST || "127.0.0.1",
  };
  const names = { "--cert": "cert", "--key": "key", "--port": "port", "--host": "host" };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      usage();
    }
    const name = names[arg];
    if (!name) {
      usage(`unknown argument ${arg}`);
    }
    if (i + 1 >= argv.length) {
      usage(`${arg} needs a value`);
    }
    options[name] = argv[i + 1];
    i += 1;
  }
  if (!options.cert || !options.key) {
    usage("a certificate and key are required (the bundled ones are expired)");
  }
  const port = Number.parseInt(options.port, 10);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    usage(`invalid port ${options.port}`);
  }
  return { ...options, port };
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const server = createHttpsServer({
    cert: fs.readFileSync(options.cert),
    key: fs.readFileSync(options.key),
    // The package reads this flag to answer "connection: keep-alive" instead
    // of "close"; this is what lifts throughput by an order of magnitude.
    keepAlive: true,
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;

  server.on("error", (err) => {
    console.error(`cosmos-server: ${err.message}`);
    process.exit(1);
  });

  server.listen(options.port, options.host, () => {
    const { address, port } = server.address();
    console.log(`Ready to accept HTTPS connections at ${address}:${port}`);
  });

  const shutdown = (signal) => {
    console.log(`cosmos-server: ${signal} received, closing`);
    server.close(() => process.exit(0));
    // Kept-alive sockets would hold close() open until they idle out.
    if (typeof server.closeAllConnections === "function") {
      server.closeAllConnections();
    }
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main();
