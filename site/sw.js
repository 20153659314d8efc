// Round Two's service worker: precache every file of this build on install and serve from the cache.
// The list and the cache name come from content hashes (build.py fills in PRECACHE), so a new
// deployment means a new cache and an "updated" notice.
//
// A page runs on the build it started with until the person reloads it (the notice's Reload button,
// or the browser's): a new build's worker takes over open pages at once, but goes on serving each one
// from the cache of the build it loaded, so a view module loaded lazily, or a restarted Python worker,
// never mixes two builds. Which build each page (and each worker a page starts) loaded is recorded
// when its navigation is served; an older build's cache is deleted once no open page uses it.
//
// Files marked "lazy" (the metro wage files, one per state) are not fetched on install: the first
// request for one fetches it (checked against its hash) into the build's cache, so it works offline
// from then on, and a new build copies the lazy files an older build had already cached when their
// bytes are unchanged, so an update does not take away what worked offline.
"use strict";

const PRECACHE = null; // filled in by build.py

const BUILD_CACHE_PREFIX = "roundtwo-"; // a build's cache: "roundtwo-<digest>", this one PRECACHE.cache
// client id -> the build cache it loaded, one entry each. Kept in Cache Storage because this worker is
// stopped when idle and the next build's worker, which takes over, must read what this one wrote.
const CLIENT_BUILDS = "client-builds"; // no build prefix: it outlives builds
const clientKey = (id) => new URL(`client-builds/${encodeURIComponent(id)}`, self.registration.scope).href;
const builds = new Map(); // what this instance knows already: a worker's requests follow its script's at once

async function recordBuild(clientId, cacheName) {
  if (!clientId) return;
  builds.set(clientId, cacheName);
  try {
    await (await caches.open(CLIENT_BUILDS)).put(clientKey(clientId), new Response(cacheName));
  } catch {
    // storage full or off: this instance still knows it
  }
}

/** The build cache `clientId` loaded. A client never recorded (the first visit's page, loaded before
 *  any service worker) is on this build: what the network served it. */
async function buildOf(clientId) {
  if (!clientId) return PRECACHE.cache;
  if (!builds.has(clientId)) {
    const hit = await caches.match(clientKey(clientId), { cacheName: CLIENT_BUILDS }).catch(() => null);
    if (hit) builds.set(clientId, await hit.text());
    else await recordBuild(clientId, PRECACHE.cache);
  }
  return builds.get(clientId);
}

/** Forget closed pages that were on older builds, and delete the older builds' caches no page uses. */
async function pruneBuilds() {
  const open = new Set((await self.clients.matchAll({ includeUncontrolled: true, type: "all" })).map((c) => c.id));
  const inUse = new Set([PRECACHE.cache]);
  const records = await caches.open(CLIENT_BUILDS);
  for (const request of await records.keys()) {
    const id = decodeURIComponent(request.url.split("/").pop());
    const cacheName = await (await records.match(request))?.text();
    // A page on this build may not be listed yet while it loads: its record stays (it is small).
    if (cacheName === PRECACHE.cache) continue;
    if (open.has(id)) inUse.add(cacheName);
    else await records.delete(request);
  }
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(BUILD_CACHE_PREFIX) && !inUse.has(n)).map((n) => caches.delete(n)));
}

const LAZY = new Map(PRECACHE.files.filter((f) => f.lazy).map((f) => [new URL(f.url, self.registration.scope).href, f]));

async function sriOf(response) {
  const digest = await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer());
  return "sha256-" + btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** Lazy files an older build cached, with the same bytes as this build's: copied, not downloaded again. */
async function keepLazyFiles(cache) {
  const older = (await caches.keys()).filter((n) => n.startsWith(BUILD_CACHE_PREFIX) && n !== PRECACHE.cache);
  for (const [url, file] of LAZY) {
    for (const name of older) {
      const hit = await caches.match(url, { cacheName: name }).catch(() => null);
      if (hit && (await sriOf(hit)) === file.integrity) {
        await cache.put(url, hit);
        break;
      }
    }
  }
}

/** Lazy files fetched before this worker controlled the fetching page or its Python worker (the first
 *  visit: Python may load a state's metros while the precache is still running) went to the network
 *  straight; the browser's HTTP cache still has them, so they are taken from there (checked against
 *  their hash, never from the network) into the build's cache when a page says its Python has just loaded
 *  one ("keep-lazy"; the page sends it once this worker is active, so a file fetched before that is kept). */
async function adoptLazyFiles(only) {
  const cache = await caches.open(PRECACHE.cache);
  for (const [url, file] of LAZY) {
    if (url !== only) continue;
    if (await cache.match(url)) continue;
    try {
      const response = await fetch(new Request(url, { cache: "only-if-cached", mode: "same-origin", integrity: file.integrity }));
      if (response.ok) await cache.put(url, response);
    } catch {
      // not in the HTTP cache: nothing to keep
    }
  }
}

// Each build's cache keeps its own list of lazy files, so the worker of a later build can still fetch
// one for a page that runs on the older build (checked against the older build's hash).
const LAZY_LIST = new URL("sw-lazy-files", self.registration.scope).href;

/** The lazy file at `url` of the build cached as `cacheName`, or undefined. */
async function lazyEntry(cacheName, url) {
  if (cacheName === PRECACHE.cache) return LAZY.get(url);
  const list = await caches.match(LAZY_LIST, { cacheName }).catch(() => null);
  if (!list) return undefined;
  return (await list.json().catch(() => [])).find((f) => new URL(f.url, self.registration.scope).href === url);
}

/** A lazy file: from the network the first time (checked against its build's hash), then cached. */
async function fetchLazy(file, cacheName) {
  let response;
  try {
    response = await fetch(new Request(file.url, { integrity: file.integrity, cache: "no-cache" }));
  } catch {
    // Offline, or the network has other bytes (a newer build changed the file): not this build's file.
    return Response.error();
  }
  if (response.ok) {
    try {
      await (await caches.open(cacheName)).put(new URL(file.url, self.registration.scope).href, response.clone());
    } catch {
      // storage full: served now, fetched again next time
    }
  }
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PRECACHE.cache);
    // integrity: what is cached must be exactly what this build lists; no-cache: skip stale HTTP caches.
    await cache.addAll(PRECACHE.files.filter((f) => !f.lazy).map((f) => new Request(f.url, { integrity: f.integrity, cache: "no-cache" })));
    await cache.put(LAZY_LIST, new Response(JSON.stringify([...LAZY.values()]), { headers: { "Content-Type": "application/json" } }));
    await keepLazyFiles(cache).catch(() => {});
    await self.skipWaiting(); // safe: pages of older builds are still served their own build
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    await self.clients.claim();
    // buildOf records a page (or its worker) never seen before as this build's: on the first visit the
    // network served it, before any service worker. A page on an older build hears there is a newer one.
    for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: "all" })) {
      const build = await buildOf(client.id);
      if (client.type === "window" && build !== PRECACHE.cache) client.postMessage({ type: "updated", version: PRECACHE.version });
    }
    await pruneBuilds();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "version") {
    event.source.postMessage({ type: "version", version: PRECACHE.version });
  }
  // Python has loaded a lazy file, maybe before this worker controlled it.
  if (event.data && event.data.type === "keep-lazy" && typeof event.data.url === "string") {
    event.waitUntil(adoptLazyFiles(new URL(event.data.url, self.registration.scope).href).catch(() => {}));
  }
  // Any message means a page has started: one that reloaded has closed meanwhile, so prune now.
  event.waitUntil(pruneBuilds().catch(() => {}));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    let cacheName;
    let key = request;
    if (request.mode === "navigate") {
      // A page that starts now starts on this build; navigations (any query or hash) get the shell.
      cacheName = PRECACHE.cache;
      key = new URL("index.html", self.registration.scope).href;
      event.waitUntil(recordBuild(event.resultingClientId, cacheName).then(pruneBuilds).catch(() => {}));
    } else {
      cacheName = await buildOf(event.clientId);
      // A worker the page starts (Python's) runs on the page's build, and so do its own requests.
      if (request.destination === "worker") event.waitUntil(recordBuild(event.resultingClientId, cacheName));
    }
    const hit = await caches.match(key, { cacheName, ignoreSearch: true }).catch(() => null);
    if (hit) return hit;
    const url = new URL(request.url);
    const lazy = await lazyEntry(cacheName, url.origin + url.pathname);
    if (lazy) return fetchLazy(lazy, cacheName);
    // Not in the page's build: the network has only the newest build, which this page must not mix in.
    if (cacheName !== PRECACHE.cache) {
      return new Response("This file belongs to another version of Round Two. Reload the page.", {
        status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    return fetch(request);
  })());
});
