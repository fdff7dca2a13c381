import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The gateway's first path segments (docs/api/openapi.json): `npm run dev` sends them to `make run`. */
const API_PREFIXES = ["auth", "calendar", "duos", "health", "incubator", "members", "staff", "venues", "workshops"];
const GATEWAY = "http://localhost:8000";

export default defineConfig({
  plugins: [react()],
  build: {
    // web/dist/.vite/manifest.json: the entry chunk and its static imports (the JavaScript budget test reads it).
    manifest: true,
    // Never inline an asset as a data: URI: the Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [`/${prefix}`, GATEWAY])),
  },
});
