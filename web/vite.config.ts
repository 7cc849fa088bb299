import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// The build lands in web/dist; `rattvag serve --web web/dist` serves it (no Node.js at run time).
// `npm run dev` proxies the API to a server on 127.0.0.1:8080.
export default defineConfig({
    plugins: [vue()],
    build: {
        outDir: "dist",
        emptyOutDir: true,
        sourcemap: false,
        // Our CSP allows no inline script: keep every module an external file.
        modulePreload: { polyfill: false },
        assetsInlineLimit: 0,
        reportCompressedSize: true,
        chunkSizeWarningLimit: 400,
    },
    server: {
        proxy: { "/api": "http://127.0.0.1:8080" },
    },
});
