// The portal's service worker: pages the reader opened stay readable offline (network first,
// the saved copy when the network is cut); style sheets and scripts are served from the cache.
// A page never saved is answered, offline, with the offline page in the page's language (saved
// at install for each language), which lists the saved articles: never with another page.
// The list of active public alerts (/alerts/active.json) is fetched again whenever a page is
// opened online and kept, so that the offline page shows the last alerts known.
'use strict';
var CACHE = 'portal-v1';
var LANGS = ['kk', 'ru', 'en'];
var OFFLINE = LANGS.map(function (l) { return '/' + l + '/offline'; });
var ALERTS = '/alerts/active.json';
var SHELL = ['/static/portal.css', '/static/portal-print.css', '/static/portal.js', '/static/portal-theme.js', '/static/portal-icon.svg'].concat(OFFLINE);

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) {
    return c.addAll(SHELL.map(function (u) { return new Request(u, { cache: 'reload' }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// The language of a page: its first path segment, else the browser's, else Russian.
function languageOf(url) {
  var first = url.pathname.split('/')[1];
  if (LANGS.indexOf(first) >= 0) return first;
  var nav = ((self.navigator && self.navigator.language) || '').slice(0, 2).toLowerCase();
  return LANGS.indexOf(nav) >= 0 ? nav : 'ru';
}

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.indexOf('/api/') === 0 || url.pathname.indexOf('/console') === 0 || url.pathname.indexOf('/editor') === 0) return;
  if (url.pathname.indexOf('/static/') === 0) {
    event.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
    return;
  }
  if (url.pathname === ALERTS) {
    event.respondWith(fetch(req).then(function (res) {
      if (res.ok) { var copy = res.clone(); caches.open(CACHE).then(function (c) { c.put(ALERTS, copy); }); }
      return res;
    }).catch(function () {
      return caches.match(ALERTS).then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  var navigation = req.mode === 'navigate';
  if (navigation) {
    event.waitUntil(fetch(ALERTS, { cache: 'no-store' }).then(function (res) {
      if (res.ok) return caches.open(CACHE).then(function (c) { return c.put(ALERTS, res); });
    }).catch(function () {}));
  }
  if (navigation || url.pathname.indexOf('/media/') === 0) {
    event.respondWith(fetch(req).then(function (res) {
      if (res.ok && res.type === 'basic' && !res.redirected) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { c.put(req, copy); });
      }
      return res;
    }).catch(function () {
      return caches.match(req).then(function (hit) {
        if (hit) return hit;
        if (!navigation) return Response.error();
        return caches.match('/' + languageOf(url) + '/offline').then(function (page) {
          return page || Response.error();
        });
      });
    }));
  }
});
