// The offline check-in page of an assembly point (/muster/{facility}, console/muster_pages.cpp).
// While online it downloads the point's muster (/api/v1/activation/muster/{facility}) into
// IndexedDB; online or not, it checks a typed short code against the digests of the expected
// people's codes and a scanned QR token against its activation's Ed25519 key (WebCrypto), keeps
// each check-in in IndexedDB with the time it was taken, and sends the queue when the network is
// there, showing what headquarters answered (conflicts, refusals). The camera is read with the
// BarcodeDetector API where the browser has one, else with jsQR (npm, web/node_modules, served as /static/jsqr.js).
(function () {
  'use strict';
  var root = document.getElementById('muster');
  if (!root) return;
  var facility = Number(root.dataset.facility);
  var words = JSON.parse(root.dataset.i18n || '{}');
  var csrf = root.dataset.csrf;
  var zone = root.dataset.zone || 'Asia/Almaty';
  var lang = root.dataset.lang || 'ru';
  var api = '/api/v1/activation/muster/' + facility;
  var ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
  var $ = function (id) { return document.getElementById(id); };

  function say(key) {
    var text = words[key] || key;
    for (var i = 1; i < arguments.length; i++) text = text.replace('{}', arguments[i]);
    return text;
  }

  // --- storage: one IndexedDB database per browser profile -------------------------------------
  // points: the downloaded muster of each facility (key: facility id);
  // checkins: every check-in taken on this device (key: client_id), `sent` once answered.
  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open('qorgan-muster', 1);
      req.onupgradeneeded = function () {
        var db = req.result;
        db.createObjectStore('points', { keyPath: 'facility_id' });
        var s = db.createObjectStore('checkins', { keyPath: 'client_id' });
        s.createIndex('facility', 'facility_id');
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  var dbReady = openDb();

  function tx(store, mode, fn) {
    return dbReady.then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode);
        var result = fn(t.objectStore(store));
        t.oncomplete = function () { resolve(result && 'result' in result ? result.result : result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }
  var getPoint = function () { return tx('points', 'readonly', function (s) { return s.get(facility); }); };
  var putPoint = function (p) { return tx('points', 'readwrite', function (s) { s.put(p); }); };
  var allCheckins = function () {
    return tx('checkins', 'readonly', function (s) { return s.index('facility').getAll(facility); });
  };
  var putCheckin = function (c) { return tx('checkins', 'readwrite', function (s) { s.put(c); }); };

  // --- codes and tokens -------------------------------------------------------------------------
  function canonicalCode(typed) {
    var code = String(typed).toUpperCase().replace(/[\s-]/g, '');
    if (code.length !== 8) return null;
    for (var i = 0; i < code.length; i++) if (ALPHABET.indexOf(code[i]) < 0) return null;
    return code;
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return (b < 16 ? '0' : '') + b.toString(16);
    }).join('');
  }
  function sha256(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(hex);
  }
  function fromHex(h) {
    var out = new Uint8Array(h.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
    return out;
  }
  function fromBase64url(s) {
    var b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
    var out = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
    return out;
  }
  // "q1.<activation>.<notice>.<code>.<signature>": the parts, or null.
  function parseToken(text) {
    var m = /^q1\.([1-9]\d*)\.([1-9]\d*)\.([2-9A-HJKMNP-TW-Z]{8})\.([A-Za-z0-9_-]{80,90})$/.exec(String(text).trim());
    if (!m) return null;
    return { activation: Number(m[1]), notice: Number(m[2]), code: m[3], signature: m[4],
      message: 'q1.' + m[1] + '.' + m[2] + '.' + m[3], token: String(text).trim() };
  }
  // true / false, or null when this browser has no Ed25519 in WebCrypto.
  function verifyToken(t, publicKeyHex) {
    if (!crypto.subtle) return Promise.resolve(null);
    return crypto.subtle.importKey('raw', fromHex(publicKeyHex), { name: 'Ed25519' }, false, ['verify'])
      .then(function (key) {
        return crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64url(t.signature), new TextEncoder().encode(t.message));
      }, function () { return null; });
  }

  // --- state and drawing --------------------------------------------------------------------------
  var point = null;     // the downloaded muster
  var checkins = [];    // this device's check-ins at this point
  var sending = false;

  function timeOf(iso) {
    if (!iso) return '';
    return new Intl.DateTimeFormat(lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB', {
      timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).format(new Date(iso));
  }
  // The zone's offset as the console writes it ("UTC+5").
  function zoneLabel() {
    try {
      var part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'shortOffset' })
        .formatToParts(new Date()).filter(function (x) { return x.type === 'timeZoneName'; })[0];
      return part ? part.value.replace('GMT', 'UTC') : '';
    } catch (e) { return ''; }
  }
  function people() {
    var out = [];
    (point ? point.activations : []).forEach(function (a) {
      a.people.forEach(function (p) { out.push({ person: p, activation: a }); });
    });
    return out;
  }
  // The local check-in that names this notice and headquarters has not refused, if any.
  function localFor(noticeId) {
    for (var i = 0; i < checkins.length; i++) {
      var c = checkins[i];
      if (c.notice_id === noticeId && c.outcome !== 'rejected' && c.outcome !== 'conflict') return c;
    }
    return null;
  }

  function draw() {
    var list = people();
    var expected = list.filter(function (x) { return x.person.assembly_facility_id === facility; });
    var arrived = list.filter(function (x) {
      return (x.person.status === 'arrived' && x.person.arrived_facility_id === facility) || localFor(x.person.notice_id);
    });
    $('muster-expected').textContent = String(expected.length);
    $('muster-arrived').textContent = String(arrived.length);
    $('muster-queued').textContent = String(checkins.filter(function (c) { return !c.sent; }).length);

    var body = $('muster-people');
    body.textContent = '';
    if (!list.length) {
      var tr = body.insertRow();
      var td = tr.insertCell();
      td.colSpan = 4;
      td.textContent = point ? say('none') : say('never');
    }
    list.forEach(function (x) {
      var p = x.person, local = localFor(p.notice_id);
      var tr = body.insertRow();
      tr.dataset.notice = p.notice_id;
      var here = p.status === 'arrived' && p.arrived_facility_id === facility;
      var away = p.status === 'arrived' && !here;
      var status = here ? 'status_arrived' : local ? (local.sent ? 'status_arrived' : 'status_queued')
        : away ? 'status_arrived_elsewhere' : 'status_' + p.status;
      var name = p.person_name + (x.activation.kind === 'exercise' ? ' · ' + say('exercise') : '');
      [name, p.unit_name, say(status), timeOf(here || (away && !local) ? p.arrived_at : local ? local.at : null)].forEach(function (text, i) {
        var cell = i === 0 ? document.createElement('th') : document.createElement('td');
        if (i === 0) cell.scope = 'row';
        cell.textContent = text;
        tr.appendChild(cell);
      });
      tr.className = here || local ? 'muster-arrived' : '';
    });

    var problems = checkins.filter(function (c) {
      return c.outcome === 'conflict' || c.outcome === 'rejected' || c.outcome === 'elsewhere';
    });
    $('muster-problems-card').hidden = !problems.length;
    var ul = $('muster-problems');
    ul.textContent = '';
    problems.forEach(function (c) {
      var li = document.createElement('li');
      li.dataset.outcome = c.outcome;
      var who = c.name || c.code_shown || '?';
      var text = who + ' (' + timeOf(c.at) + '): ' + say('outcome_' + c.outcome);
      if (c.reason) text += ' — ' + say('reason_' + c.reason);
      if (c.earlier_at) text += ' — ' + timeOf(c.earlier_at) + (c.earlier_by ? ', ' + say('by', c.earlier_by) : '');
      li.textContent = text;
      ul.appendChild(li);
    });
  }

  function showNetwork() {
    var text = navigator.onLine ? say('online') : say('offline');
    if (point && point.fetched_at) text += ' ' + say('downloaded', timeOf(point.fetched_at) + ' ' + zoneLabel());
    $('muster-network').textContent = text;
  }
  function result(text, kind) {
    var el = $('muster-result');
    el.textContent = text;
    el.dataset.kind = kind || '';
  }

  // --- network ---------------------------------------------------------------------------------
  function download() {
    return fetch(api, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (body) {
        body.facility_id = facility;
        body.fetched_at = new Date().toISOString();
        point = body;
        return putPoint(body);
      })
      .catch(function () { /* offline or signed out: the saved copy stands */ })
      .then(function () { showNetwork(); draw(); });
  }

  function flush() {
    var queue = checkins.filter(function (c) { return !c.sent; });
    if (sending || !queue.length || !navigator.onLine) return Promise.resolve();
    sending = true;
    var items = queue.map(function (c) {
      var item = { client_id: c.client_id, at: c.at };
      if (c.token) item.token = c.token; else item.code = c.code;
      return item;
    });
    return fetch(api + '/check-ins', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
      body: JSON.stringify({ items: items }),
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    }).then(function (body) {
      var byId = {};
      queue.forEach(function (c) { byId[c.client_id] = c; });
      return Promise.all(body.items.map(function (r) {
        var c = byId[r.client_id];
        if (!c) return null;
        c.sent = true;
        c.outcome = r.outcome;
        c.reason = r.reason;
        if (r.notice) {
          c.notice_id = r.notice.notice_id;
          c.name = r.notice.person_name;
          if (r.outcome === 'already' || r.outcome === 'conflict') {
            c.earlier_at = r.notice.arrived_at;
            c.earlier_by = r.notice.checked_in_by;
          }
        }
        return putCheckin(c);
      })).then(function () {
        result(say('sent', body.items.length), 'sent');
      });
    }).catch(function () { /* kept for the next try */ })
      .then(function () { sending = false; return download(); });
  }

  // --- taking a check-in -------------------------------------------------------------------------
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return hex(crypto.getRandomValues(new Uint8Array(16)));
  }

  function record(entry, name) {
    entry.client_id = uuid();
    entry.facility_id = facility;
    entry.at = new Date().toISOString();
    entry.sent = false;
    entry.name = name || '';
    checkins.push(entry);
    return putCheckin(entry).then(function () {
      result(name ? say('queued', name, timeOf(entry.at)) : say('queued_unknown'), name ? 'ok' : 'unknown');
      draw();
      return flush();
    });
  }

  // Someone on the list already arrived (here, as headquarters said, or on this device).
  function alreadyHere(p) {
    var local = localFor(p.notice_id);
    if (local) return local.at;
    if (p.status === 'arrived' && p.arrived_facility_id === facility) return p.arrived_at;
    return null;
  }

  function byCode(typed) {
    var code = canonicalCode(typed);
    if (!code) { result(say('not_a_code'), 'error'); return Promise.resolve(false); }
    var list = people();
    return Promise.all(list.map(function (x) { return sha256(x.activation.id + ':' + code); }))
      .then(function (digests) {
        for (var i = 0; i < list.length; i++) {
          if (digests[i] !== list[i].person.code_sha256) continue;
          var p = list[i].person, when = alreadyHere(p);
          if (when) { result(say('already', p.person_name, timeOf(when)), 'already'); return true; }
          return record({ code: code, notice_id: p.notice_id, code_shown: code.slice(0, 4) + '-' + code.slice(4) }, p.person_name).then(function () { return true; });
        }
        return record({ code: code, code_shown: code.slice(0, 4) + '-' + code.slice(4) }, '').then(function () { return true; });
      });
  }

  function byToken(text) {
    var t = parseToken(text);
    if (!t) { result(say('not_a_notice'), 'error'); return Promise.resolve(false); }
    var activation = null;
    (point ? point.activations : []).forEach(function (a) { if (a.id === t.activation) activation = a; });
    if (!activation) return record({ token: t.token }, '').then(function () { return true; });
    return verifyToken(t, activation.token_key.public_key).then(function (ok) {
      if (ok === false) { result(say('forged'), 'error'); return false; }
      var p = null;
      activation.people.forEach(function (x) { if (x.notice_id === t.notice) p = x; });
      if (p) {
        var when = alreadyHere(p);
        if (when) { result(say('already', p.person_name, timeOf(when)), 'already'); return true; }
      }
      var entry = { token: t.token, notice_id: p ? p.notice_id : undefined };
      return record(entry, p ? p.person_name : '').then(function () {
        if (ok === null) result(say('unverified'), 'unknown');
        return true;
      });
    });
  }

  // --- the camera ----------------------------------------------------------------------------------
  var stream = null, scanning = false, lastText = '', lastAt = 0;
  function stopCamera() {
    scanning = false;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    $('muster-video').hidden = true;
    $('muster-scan').textContent = say('scan');
  }
  // How a video frame is read: jsQR over a canvas, or the browser's BarcodeDetector when it
  // reads QR codes (it does not on every platform, so the formats are asked first).
  function detector() {
    var fallback = null;
    if (typeof window.jsQR === 'function') {
      var canvas = document.createElement('canvas');
      var ctx = canvas.getContext('2d', { willReadFrequently: true });
      fallback = function (video) {
        var w = video.videoWidth, h = video.videoHeight;
        if (!w || !h) return Promise.resolve(null);
        canvas.width = w; canvas.height = h;
        ctx.drawImage(video, 0, 0, w, h);
        var found = window.jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'attemptBoth' });
        return Promise.resolve(found ? found.data : null);
      };
    }
    var BD = window.BarcodeDetector;
    if (!BD || !BD.getSupportedFormats) return Promise.resolve(fallback);
    return BD.getSupportedFormats().then(function (formats) {
      if (formats.indexOf('qr_code') < 0) return fallback;
      var d = new BD({ formats: ['qr_code'] });
      return function (video) {
        return d.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : (fallback ? fallback(video) : null);
        }, function () { return fallback ? fallback(video) : null; });
      };
    }, function () { return fallback; });
  }
  function startCamera() {
    if (!navigator.mediaDevices) { result(say('camera_none'), 'error'); return; }
    detector().then(function (detect) {
      if (!detect) throw new Error('no QR reader');
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
        stream = s;
        var video = $('muster-video');
        video.srcObject = s;
        video.hidden = false;
        return video.play().then(function () {
          scanning = true;
          $('muster-scan').textContent = say('stop');
          result(say('scanning'), 'info');
          var tick = function () {
            if (!scanning) return;
            detect(video).then(function (text) {
              // The same code held in front of the camera is read once, not at every frame.
              if (text && (text !== lastText || Date.now() - lastAt > 5000)) {
                lastText = text; lastAt = Date.now();
                return byToken(text);
              }
            }).catch(function () {}).then(function () { if (scanning) setTimeout(tick, 200); });
          };
          tick();
        });
      });
    }).catch(function () { stopCamera(); result(say('camera_none'), 'error'); });
  }

  // --- start -------------------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', function () {
    $('muster-code-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var input = $('muster-code');
      byCode(input.value).then(function (done) { if (done) input.value = ''; input.focus(); });
    });
    var header = $('muster-arrived-at');
    if (header && zoneLabel()) header.textContent += ' (' + zoneLabel() + ')';
    var scan = $('muster-scan');
    scan.hidden = !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
    scan.textContent = say('scan');
    scan.addEventListener('click', function () { if (scanning) stopCamera(); else startCamera(); });
    window.addEventListener('online', function () { showNetwork(); flush(); });
    window.addEventListener('offline', showNetwork);
    setInterval(function () { if (navigator.onLine) flush(); }, 15000);

    Promise.all([getPoint(), allCheckins()]).then(function (saved) {
      point = saved[0] || null;
      checkins = (saved[1] || []).sort(function (a, b) { return a.at < b.at ? -1 : 1; });
      showNetwork();
      draw();
      root.dataset.ready = 'saved';
      return navigator.onLine ? download().then(flush) : null;
    }).then(function () { root.dataset.ready = 'yes'; });

    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/muster/sw.js', { scope: '/muster/' }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function () {
        // This page itself was loaded before the worker ran: keep a copy for offline reloads.
        return caches.open('qorgan-muster-v1').then(function (c) {
          return c.add(new Request(location.pathname, { credentials: 'same-origin' }));
        });
      }).then(function () { root.dataset.offlineReady = 'yes'; }).catch(function () {});
    }
  });
})();
