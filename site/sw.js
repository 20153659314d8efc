// Round Two's service worker: precache every file of this build on install, serve from that cache
// first, delete older builds' caches on activate. The list and the cache name come from content hashes
// (build.py fills in PRECACHE), so a new deployment means a new cache and an "updated" notice.
"use strict";

const PRECACHE = null; // filled in by build.py

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PRECACHE.cache);
    // integrity: what is cached must be exactly what this build lists; no-cache: skip stale HTTP caches.
    await cache.addAll(PRECACHE.files.map((f) => new Request(f.url, { integrity: f.integrity, cache: "no-cache" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = names.filter((n) => n.startsWith("roundtwo-") && n !== PRECACHE.cache);
    await Promise.all(old.map((n) => caches.delete(n)));
    await self.clients.claim();
    if (old.length) {
      const clients = await self.clients.matchAll({ type: "window" });
      for (const client of clients) client.postMessage({ type: "updated", version: PRECACHE.version });
    }
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "version") {
    event.source.postMessage({ type: "version", version: PRECACHE.version });
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(PRECACHE.cache);
    // Navigations (any query or hash) get the shell; everything else matches by path.
    const key = request.mode === "navigate" ? new URL("index.html", self.registration.scope).href : request;
    const hit = await cache.match(key, { ignoreSearch: true });
    return hit || fetch(request);
  })());
});
