// Service worker of the installable app.
// Pages: network first; a page that cannot be fetched comes from the cache, or else the Chinese
// offline page. The production build's files under /assets/ carry a content hash in their names,
// so they and the icons are served cache first: a repeat visit hydrates without waiting for the
// network. Other files (the dev server's modules among them) pass through.
// Never touched: the event websocket and its HTTP fallback (/_event), uploads (/_upload), private
// scans (/files/), health checks, anything not GET and anything on another origin (the dev backend).
"use strict";

var CACHE = "ata-pages-v1";
var OFFLINE_URL = "/offline.html";
var PRECACHE = [OFFLINE_URL, "/manifest.webmanifest", "/icons/icon-192.png"];
var NEVER_PREFIXES = ["/_event", "/_upload", "/files/", "/ping", "/_health", "/_all_routes", "/sw.js"];
var STATIC_PREFIXES = ["/assets/", "/icons/"];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(PRECACHE); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isHandled(request) {
  if (request.method !== "GET") return false;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  for (var i = 0; i < NEVER_PREFIXES.length; i++) {
    if (url.pathname.indexOf(NEVER_PREFIXES[i]) === 0) return false;
  }
  if (request.mode === "navigate" || PRECACHE.indexOf(url.pathname) !== -1) return true;
  for (var j = 0; j < STATIC_PREFIXES.length; j++) {
    if (url.pathname.indexOf(STATIC_PREFIXES[j]) === 0) return true;
  }
  return false;
}

function networkFirst(request, isPage) {
  return fetch(request).then(function (response) {
    // Only complete same-origin responses are cached, never a redirect or an error page.
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: isPage }).then(function (cached) {
      if (cached || !isPage) return cached || Response.error();
      // The production server redirects /login to /login/, and only the page after the
      // redirect was cached.
      var url = new URL(request.url);
      var slashed = url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname + "/";
      return caches.match(url.origin + slashed, { ignoreSearch: true }).then(function (page) {
        return page || caches.match(OFFLINE_URL);
      });
    });
  });
}

function cacheFirst(request) {
  return caches.match(request).then(function (cached) {
    if (cached) return cached;
    return fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!isHandled(request)) return;
  var isPage = request.mode === "navigate";
  event.respondWith(isPage || PRECACHE.indexOf(new URL(request.url).pathname) !== -1 ?
    networkFirst(request, isPage) : cacheFirst(request));
});
