import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router/dom";
import { resumeSession } from "./api/session";
import { LanguageProvider } from "./i18n/i18n";
import { applyToDocument, savedLanguage } from "./i18n/languages";
import { router } from "./router";
import "./styles.css";

const saved = savedLanguage();
if (saved) applyToDocument(saved); // lang and dir before the first paint: no flash of a mirrored layout

void resumeSession(); // a reload keeps the member signed in: the refresh cookie, traded once

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <LanguageProvider>
      <RouterProvider router={router} />
    </LanguageProvider>
  </StrictMode>,
);
