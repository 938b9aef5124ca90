// The evacuation plan map of the console (/console/evac/plans/{id}). Plain JavaScript, no
// libraries and no tiles: the road network and the plan come from Qorgan's own API, so the map
// works offline. It draws the roads on a canvas (drag to pan; wheel, buttons or +/- to zoom),
// the plan's routes coloured by load (peak people per step / capacity), shelters as circles
// sized by the people who have arrived and origins by the people still to leave, and replays the
// evacuation step by step from the plan's groups with a time slider and a play button. Picking a
// bottleneck in the list highlights it on the map.
//
// The page works without this file: figures, bottlenecks, shelters and downloads are rendered by
// the server. While a plan is queued or running this file only polls its status.
(function () {
  'use strict';

  var SQRT = Math.sqrt;

  function $(id) { return document.getElementById(id); }

  function fetchJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error(url + ': HTTP ' + res.status);
        return res.json();
      });
  }

  function pad2(n) { return (n < 10 ? '0' : '') + n; }

  // The page's words (data-i18n on the map, in the page's language); English when absent.
  var words = {};
  function w(key, fallback) { return words[key] || fallback; }

  // Same wording as the page and the printable orders, never a bare mm:ss that reads as hours:
  // "H+45 s", "H+28 min 30 s", "H+1 h 05 min".
  function orderTime(step, stepSeconds) {
    var s = Math.round(step * stepSeconds), out = w('after', 'H+');
    var secs = s % 60 ? ' ' + (s % 60) + ' ' + w('s', 's') : '';
    if (s >= 3600) return out + Math.floor(s / 3600) + ' ' + w('h', 'h') + ' ' + pad2(Math.floor(s / 60) % 60) + ' ' + w('min', 'min') + secs;
    if (s >= 60) return out + Math.floor(s / 60) + ' ' + w('min', 'min') + secs;
    return out + s + ' ' + w('s', 's');
  }

  function number(n) { return Math.round(n).toLocaleString('en-GB'); }

  // Green (light load) through amber to red (full).
  function loadColour(u) {
    u = Math.max(0, Math.min(1, u));
    var stops = [[0, [46, 125, 50]], [0.6, [230, 160, 0]], [1, [198, 40, 40]]];
    for (var i = 1; i < stops.length; i++) {
      if (u <= stops[i][0]) {
        var a = stops[i - 1], b = stops[i], f = (u - a[0]) / (b[0] - a[0]);
        var c = [0, 1, 2].map(function (k) { return Math.round(a[1][k] + f * (b[1][k] - a[1][k])); });
        return 'rgb(' + c.join(',') + ')';
      }
    }
    return 'rgb(198,40,40)';
  }

  function cssVar(name, fallback) {
    var v = getComputedStyle(document.documentElement).getPropertyValue(name);
    return v && v.trim() ? v.trim() : fallback;
  }

  // --- status polling while the plan is queued or running ------------------------------------

  function pollStatus(root) {
    var url = root.getAttribute('data-status-url');
    var bar = $('evac-progress'), text = $('evac-progress-text'), status = $('evac-status-text');
    function tick() {
      fetchJson(url).then(function (p) {
        if (bar && typeof p.progress === 'number') bar.value = p.progress;
        if (text && typeof p.progress === 'number') text.textContent = Math.round(p.progress * 100) + '%';
        if (status && p.status) status.textContent = w('status_' + p.status, p.status.charAt(0).toUpperCase() + p.status.slice(1));
        if (p.status === 'queued' || p.status === 'running') setTimeout(tick, 1000);
        else window.location.reload();
      }).catch(function () { setTimeout(tick, 3000); });
    }
    setTimeout(tick, 800);
  }

  // --- the model: network, routes, replay ---------------------------------------------------

  function Model(network, plan, geo) {
    var self = this;
    this.stepSeconds = plan.step_seconds || 1;
    this.egress = plan.egress_time || 0;
    this.roads = [];     // [[lon, lat], ...] per road piece
    this.routes = {};    // arc index -> {a: [lon, lat], b: [lon, lat], util, people, peak, capacity, travel, street}
    this.shelters = [];  // {at, name, capacity, received}
    this.origins = [];   // {at, name, people, unroutable}
    this.attribution = network.attribution || '';
    (network.features || []).forEach(function (f) {
      var g = f.geometry;
      if (!g) return;
      if (g.type === 'LineString') self.roads.push(g.coordinates);
      else if (g.type === 'MultiLineString') g.coordinates.forEach(function (c) { self.roads.push(c); });
    });
    (geo.features || []).forEach(function (f) {
      var p = f.properties || {}, c = f.geometry && f.geometry.coordinates;
      if (!c) return;
      if (p.kind === 'route') {
        self.routes[p.arc] = {
          a: c[0], b: c[c.length - 1], util: p.utilisation || 0, people: p.people || 0,
          peak: p.peak || 0, capacity: p.capacity || 0,
          travel: typeof p.travel_time === 'number' ? p.travel_time : null,
          street: p.street || '', saturated: p.saturated_steps || 0, now: 0,
        };
      } else if (p.kind === 'shelter') {
        self.shelters[p.shelter !== undefined ? p.shelter : self.shelters.length] =
          { at: c, name: p.name || '', capacity: p.capacity || 0, received: p.received || 0, now: 0 };
      } else if (p.kind === 'origin') {
        self.origins[p.source !== undefined ? p.source : self.origins.length] =
          { at: c, name: p.name || '', people: p.people || 0, unroutable: p.unroutable || 0, now: 0 };
      }
    });
    // Groups as intervals: [enter, leave) on each arc, waiting at junctions in between.
    this.groups = (plan.groups || []).map(function (g) {
      var steps = (g.route || []).map(function (s, i, all) {
        var r = self.routes[s.arc];
        var next = i + 1 < all.length ? all[i + 1].enter : g.arrival;
        // A road of zero steps is passed within the step it is entered (its travel time is 0).
        var travel = r && r.travel !== null ? r.travel : next - s.enter;
        return { arc: s.arc, enter: s.enter, leave: Math.min(s.enter + travel, next), next: next };
      });
      return { source: g.source, shelter: g.shelter, count: g.count, departure: g.departure, arrival: g.arrival, steps: steps };
    });
    this.unroutable = 0;
    (plan.unroutable || []).forEach(function (u) { self.unroutable += u.count; });
    this.population = plan.population || 0;
    // Bounds: the network's bbox, else the features'.
    var bb = network.bbox;
    if (!bb || bb.length < 4) {
      bb = [Infinity, Infinity, -Infinity, -Infinity];
      var grow = function (c) {
        bb[0] = Math.min(bb[0], c[0]); bb[1] = Math.min(bb[1], c[1]);
        bb[2] = Math.max(bb[2], c[0]); bb[3] = Math.max(bb[3], c[1]);
      };
      this.roads.forEach(function (line) { line.forEach(grow); });
      Object.keys(this.routes).forEach(function (k) { grow(self.routes[k].a); grow(self.routes[k].b); });
      this.shelters.forEach(function (s) { if (s) grow(s.at); });
      this.origins.forEach(function (o) { if (o) grow(o.at); });
    }
    this.bbox = bb;
  }

  // Who is where at step t: sets .now on routes (people on the arc), shelters (arrived by t),
  // origins (not left yet) and returns the totals.
  Model.prototype.at = function (t) {
    var self = this, k;
    for (k in this.routes) this.routes[k].now = 0;
    this.shelters.forEach(function (s) { if (s) s.now = 0; });
    this.origins.forEach(function (o) { if (o) o.now = o.unroutable; });
    var waiting = 0, moving = 0, junction = 0, arrived = 0;
    this.groups.forEach(function (g) {
      if (g.arrival <= t) {
        arrived += g.count;
        if (self.shelters[g.shelter]) self.shelters[g.shelter].now += g.count;
        return;
      }
      if (g.steps.length === 0 || g.departure > t) {
        waiting += g.count;
        if (self.origins[g.source]) self.origins[g.source].now += g.count;
        return;
      }
      for (var i = 0; i < g.steps.length; i++) {
        var s = g.steps[i];
        if (t < s.enter) { junction += g.count; return; }   // waiting before this arc
        if (t < s.leave) {
          moving += g.count;
          if (self.routes[s.arc]) self.routes[s.arc].now += g.count;
          return;
        }
        if (t < s.next) { junction += g.count; return; }     // at the arc's end
      }
    });
    return { waiting: waiting, moving: moving, junction: junction, arrived: arrived, unroutable: this.unroutable };
  };

  // --- drawing ------------------------------------------------------------------------------

  function MapView(root, model) {
    this.root = root;
    this.model = model;
    this.canvas = root.querySelector('canvas');
    this.ctx = this.canvas.getContext('2d');
    this.t = model.egress;
    this.highlight = null;
    var bb = model.bbox;
    this.lat0 = (bb[1] + bb[3]) / 2;
    this.kx = Math.cos(this.lat0 * Math.PI / 180);
    this.fit();
  }

  MapView.prototype.size = function () {
    var r = this.canvas.getBoundingClientRect();
    var dpr = window.devicePixelRatio || 1;
    var w = Math.max(1, Math.round(r.width)), h = Math.max(1, Math.round(r.height));
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    this.w = w; this.h = h; this.dpr = dpr;
  };

  // Map coordinates: x = lon * cos(lat0), y = lat; screen = (x - cx) * scale + w/2.
  MapView.prototype.fit = function () {
    this.size();
    var bb = this.model.bbox;
    var spanX = Math.max(1e-6, (bb[2] - bb[0]) * this.kx), spanY = Math.max(1e-6, bb[3] - bb[1]);
    this.scale = 0.92 * Math.min(this.w / spanX, this.h / spanY);
    this.cx = (bb[0] + bb[2]) / 2 * this.kx;
    this.cy = (bb[1] + bb[3]) / 2;
  };

  MapView.prototype.sx = function (lon) { return (lon * this.kx - this.cx) * this.scale + this.w / 2; };
  MapView.prototype.sy = function (lat) { return this.h / 2 - (lat - this.cy) * this.scale; };

  MapView.prototype.zoom = function (factor, px, py) {
    if (px === undefined) { px = this.w / 2; py = this.h / 2; }
    var mx = (px - this.w / 2) / this.scale + this.cx, my = (this.h / 2 - py) / this.scale + this.cy;
    var next = Math.max(1, Math.min(this.scale * factor, 1e8));
    this.scale = next;
    this.cx = mx - (px - this.w / 2) / next;
    this.cy = my - (this.h / 2 - py) / next;
    this.draw();
  };

  MapView.prototype.pan = function (dx, dy) {
    this.cx -= dx / this.scale;
    this.cy += dy / this.scale;
    this.draw();
  };

  MapView.prototype.centreOn = function (lon, lat, minScale) {
    this.cx = lon * this.kx;
    this.cy = lat;
    if (minScale && this.scale < minScale) this.scale = minScale;
    this.draw();
  };

  MapView.prototype.draw = function () {
    this.size();
    var ctx = this.ctx, m = this.model, self = this, k;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = cssVar('--map-bg', '#f3f1ea');
    ctx.fillRect(0, 0, this.w, this.h);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    // Roads.
    ctx.strokeStyle = cssVar('--map-road', '#b8b4a8');
    ctx.lineWidth = 1;
    ctx.beginPath();
    var drawn = 0;
    m.roads.forEach(function (line) {
      for (var i = 0; i < line.length; i++) {
        var x = self.sx(line[i][0]), y = self.sy(line[i][1]);
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      }
      drawn++;
    });
    ctx.stroke();
    this.drawnRoads = drawn;
    // Routes: colour by load over the whole plan, width by the people on them at step t.
    var maxNow = 1;
    for (k in m.routes) maxNow = Math.max(maxNow, m.routes[k].now);
    var routesDrawn = 0;
    for (k in m.routes) {
      var r = m.routes[k];
      ctx.strokeStyle = loadColour(r.util);
      ctx.globalAlpha = r.now > 0 ? 1 : 0.55;
      ctx.lineWidth = r.now > 0 ? 2.5 + 7 * SQRT(r.now / maxNow) : 2;
      ctx.beginPath();
      ctx.moveTo(this.sx(r.a[0]), this.sy(r.a[1]));
      ctx.lineTo(this.sx(r.b[0]), this.sy(r.b[1]));
      ctx.stroke();
      routesDrawn++;
    }
    ctx.globalAlpha = 1;
    this.drawnRoutes = routesDrawn;
    // The picked bottleneck.
    if (this.highlight !== null && m.routes[this.highlight]) {
      var h = m.routes[this.highlight];
      var hx1 = this.sx(h.a[0]), hy1 = this.sy(h.a[1]), hx2 = this.sx(h.b[0]), hy2 = this.sy(h.b[1]);
      ctx.strokeStyle = cssVar('--map-pick', '#d500f9');
      ctx.lineWidth = 14;
      ctx.globalAlpha = 0.45;
      ctx.beginPath(); ctx.moveTo(hx1, hy1); ctx.lineTo(hx2, hy2); ctx.stroke();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 3;
      ctx.beginPath(); ctx.arc((hx1 + hx2) / 2, (hy1 + hy2) / 2, 18, 0, 2 * Math.PI); ctx.stroke();
    }
    // Origins: squares sized by the people still there.
    var maxOrigin = 1;
    m.origins.forEach(function (o) { if (o) maxOrigin = Math.max(maxOrigin, o.people); });
    ctx.fillStyle = cssVar('--map-origin', '#4a148c');
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1;
    m.origins.forEach(function (o) {
      if (!o || o.now <= 0) return;
      var s = 3 + 9 * SQRT(o.now / maxOrigin);
      ctx.fillRect(self.sx(o.at[0]) - s / 2, self.sy(o.at[1]) - s / 2, s, s);
      ctx.strokeRect(self.sx(o.at[0]) - s / 2, self.sy(o.at[1]) - s / 2, s, s);
    });
    // Shelters: a ring for the capacity, a disc for the people arrived.
    var maxCap = 1;
    m.shelters.forEach(function (s) { if (s) maxCap = Math.max(maxCap, s.capacity, s.received); });
    m.shelters.forEach(function (s) {
      if (!s) return;
      var x = self.sx(s.at[0]), y = self.sy(s.at[1]);
      var ring = 4 + 12 * SQRT(Math.max(s.capacity, 1) / maxCap);
      ctx.strokeStyle = cssVar('--map-shelter', '#0d47a1');
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 2]);
      ctx.beginPath(); ctx.arc(x, y, ring, 0, 2 * Math.PI); ctx.stroke();
      ctx.setLineDash([]);
      if (s.now > 0) {
        ctx.fillStyle = cssVar('--map-shelter', '#0d47a1');
        ctx.globalAlpha = 0.8;
        ctx.beginPath(); ctx.arc(x, y, Math.max(3, ring * SQRT(s.now / Math.max(s.capacity, 1))), 0, 2 * Math.PI); ctx.fill();
        ctx.globalAlpha = 1;
      }
    });
    this.canvas.setAttribute('data-roads', String(this.drawnRoads));
    this.canvas.setAttribute('data-routes', String(this.drawnRoutes));
  };

  // --- the page -----------------------------------------------------------------------------

  function setText(id, text) { var el = $(id); if (el) el.textContent = text; }

  function start(root) {
    var status = $('evac-map-status');
    Promise.all([
      fetchJson(root.getAttribute('data-network-url')),
      fetchJson(root.getAttribute('data-plan-url')),
      fetchJson(root.getAttribute('data-geojson-url')),
    ]).then(function (data) {
      var model = new Model(data[0], data[1], data[2]);
      var view = new MapView(root, model);
      var slider = $('evac-time'), play = $('evac-play');
      if (model.attribution) setText('evac-attribution', model.attribution);
      else if ($('evac-attribution')) $('evac-attribution').hidden = true;

      function show(t) {
        view.t = t;
        var now = model.at(t);
        setText('evac-time-label', orderTime(t, model.stepSeconds) + ' (' + w('step', 'step {t} of {n}').replace('{t}', t).replace('{n}', model.egress) + ')');
        setText('evac-now-waiting', number(now.waiting));
        setText('evac-now-moving', number(now.moving));
        setText('evac-now-junction', number(now.junction));
        setText('evac-now-arrived', number(now.arrived) +
          (model.population ? ' (' + Math.round(100 * now.arrived / model.population) + '%)' : ''));
        model.shelters.forEach(function (s, i) { if (s) setText('evac-shelter-now-' + i, number(s.now)); });
        view.draw();
      }

      if (slider) {
        slider.max = String(model.egress);
        slider.value = String(model.egress);
        slider.disabled = false;
        slider.addEventListener('input', function () { stop(); show(Number(slider.value)); });
      }
      var timer = null;
      function stop() {
        if (timer) clearInterval(timer);
        timer = null;
        if (play) { play.textContent = w('play', 'Play'); play.setAttribute('aria-pressed', 'false'); }
      }
      if (play) {
        play.disabled = false;
        play.addEventListener('click', function () {
          if (timer) { stop(); return; }
          var t = Number(slider.value);
          if (t >= model.egress) t = 0;
          // The whole evacuation in about 12 seconds, at least one step per frame.
          var perTick = Math.max(1, Math.ceil(model.egress / 120));
          play.textContent = w('pause', 'Pause');
          play.setAttribute('aria-pressed', 'true');
          slider.value = String(t);
          show(t);
          timer = setInterval(function () {
            t = Math.min(model.egress, t + perTick);
            slider.value = String(t);
            show(t);
            if (t >= model.egress) stop();
          }, 100);
        });
      }

      // Pan and zoom.
      var drag = null;
      view.canvas.addEventListener('pointerdown', function (e) {
        drag = { x: e.clientX, y: e.clientY };
        view.canvas.setPointerCapture(e.pointerId);
      });
      view.canvas.addEventListener('pointermove', function (e) {
        if (!drag) return;
        view.pan(e.clientX - drag.x, e.clientY - drag.y);
        drag = { x: e.clientX, y: e.clientY };
      });
      var endDrag = function () { drag = null; };
      view.canvas.addEventListener('pointerup', endDrag);
      view.canvas.addEventListener('pointercancel', endDrag);
      view.canvas.addEventListener('wheel', function (e) {
        e.preventDefault();
        var r = view.canvas.getBoundingClientRect();
        view.zoom(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - r.left, e.clientY - r.top);
      }, { passive: false });
      view.canvas.addEventListener('keydown', function (e) {
        var step = 60, handled = true;
        if (e.key === '+' || e.key === '=') view.zoom(1.25);
        else if (e.key === '-') view.zoom(0.8);
        else if (e.key === 'ArrowLeft') view.pan(step, 0);
        else if (e.key === 'ArrowRight') view.pan(-step, 0);
        else if (e.key === 'ArrowUp') view.pan(0, step);
        else if (e.key === 'ArrowDown') view.pan(0, -step);
        else if (e.key === '0') { view.fit(); view.draw(); }
        else handled = false;
        if (handled) e.preventDefault();
      });
      root.querySelectorAll('[data-zoom]').forEach(function (b) {
        b.disabled = false;
        b.addEventListener('click', function () {
          var z = b.getAttribute('data-zoom');
          if (z === 'in') view.zoom(1.5);
          else if (z === 'out') view.zoom(1 / 1.5);
          else { view.fit(); view.draw(); }
        });
      });
      window.addEventListener('resize', function () { view.draw(); });

      // Bottlenecks: pick one to see it on the map.
      var picks = document.querySelectorAll('[data-bottleneck-arc]');
      picks.forEach(function (b) {
        b.disabled = false;
        b.addEventListener('click', function () {
          var arc = Number(b.getAttribute('data-bottleneck-arc'));
          var same = view.highlight === arc;
          picks.forEach(function (o) { o.setAttribute('aria-pressed', 'false'); });
          view.highlight = same ? null : arc;
          var r = model.routes[arc];
          if (!same) b.setAttribute('aria-pressed', 'true');
          if (!same && r) {
            var info = b.getAttribute('data-label') || ('arc ' + arc);
            setText('evac-pick', w('showing', 'Showing on the map:') + ' ' + info + '.');
            // Centred, and close enough that the road piece is at least 80 pixels long.
            var len = Math.max(1e-7, Math.hypot((r.b[0] - r.a[0]) * view.kx, r.b[1] - r.a[1]));
            view.centreOn((r.a[0] + r.b[0]) / 2, (r.a[1] + r.b[1]) / 2, Math.min(80 / len, 5e6));
          } else {
            setText('evac-pick', same ? '' : w('not_drawn', 'This bottleneck is not among the drawn routes.'));
            view.draw();
          }
        });
      });

      if (status) status.hidden = true;
      root.classList.add('is-ready');
      show(model.egress);
    }).catch(function (err) {
      if (status) {
        status.hidden = false;
        status.textContent = w('failed', 'The map could not be loaded:') + ' ' + err.message;
        status.classList.add('alert');
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var source = document.querySelector('[data-i18n]');
    if (source) { try { words = JSON.parse(source.getAttribute('data-i18n')); } catch (e) { words = {}; } }
    var root = $('evac-map');
    if (root && root.getAttribute('data-network-url')) start(root);
    var live = document.querySelector('[data-status-url][data-live]');
    if (live) pollStatus(live);
  });
})();
