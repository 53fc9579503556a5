import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@/index.css";
import { App } from "@/app/App";
import { i18nReady } from "@/lib/i18n";

const root = document.getElementById("root");
if (!root) throw new Error("no #root element");
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
