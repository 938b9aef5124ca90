// The service worker of the offline check-in pages (/muster/{facility}; served at /muster/sw.js,
// so its scope is /muster/). A point's page is answered from the network while there is one and
// saved each time; without the network the saved copy is answered, so that a reload keeps the
// page working (its data lives in IndexedDB, written by web/static/muster.js). The scripts, the
// style sheet and the icon are saved when the worker installs. The API is never answered from
// here: the page decides what to do when it cannot be reached.
'use strict';
var CACHE = 'qorgan-muster-v1';
var SHELL = ['/static/console.css', '/static/console.js', '/static/favicon.svg', '/static/jsqr.js', '/static/muster.js'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) {
    return c.addAll(SHELL.map(function (u) { return new Request(u, { cache: 'reload' }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('qorgan-muster-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// Network first, the saved copy when the network fails; what the network answered well is saved.
function networkFirst(req, key) {
  return fetch(req).then(function (res) {
    if (res.ok && res.type === 'basic' && !res.redirected) {
      var copy = res.clone();
      caches.open(CACHE).then(function (c) { c.put(key, copy); });
    }
    return res;
  }).catch(function () {
    return caches.match(key).then(function (hit) { return hit || Response.error(); });
  });
}

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (/^\/muster\/\d+$/.test(url.pathname)) {
    event.respondWith(networkFirst(req, url.pathname));
  } else if (SHELL.indexOf(url.pathname) >= 0) {
    event.respondWith(networkFirst(req, url.pathname));
  }
});
