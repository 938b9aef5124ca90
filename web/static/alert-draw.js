// The area drawing of the console's alert form (/console/alerts, and an update's form). Plain
// JavaScript, no library and no tiles: a canvas in longitude/latitude (longitude scaled by the
// cosine of the latitude) with real streets (the OpenStreetMap road networks the evacuation
// pages draw, from /api/v1/evac/street-maps: the one covering the view),
// a grid, the centres of the regions the officer may name (the ticked ones filled), and every
// polygon and circle of the area. In polygon mode each click adds a corner to the polygon being
// drawn (the polygon field gets its closed ring, first point repeated last, after the others);
// in circle mode the first click sets a new circle's centre and the second its radius (a line of
// the circles field). "Start another shape" ends the one being drawn. Drag to pan, wheel to zoom.
// The shapes already in the fields (an update's whole area) are shown and kept; what is typed
// into the fields is drawn. The form works without this file: the fields take coordinates typed
// by hand.
(function () {
  'use strict';
  var canvas = document.getElementById('alert-draw');
  if (!canvas || !canvas.getContext) return;
  var box = canvas.parentNode;
  box.hidden = false;
  var ctx = canvas.getContext('2d');
  var polygonField = document.getElementById('a-polygon');
  var circleField = document.getElementById('a-circles');
  var regions = Array.prototype.slice.call(document.querySelectorAll('input[name="region"][data-lat]'));
  var mode = 'polygon';
  // rings: polygons as lists of [lat, lon] (open: the closing point is written, not kept);
  // circles: [lat, lon, km]; drawing: the shape the next click changes (null: a new one).
  var rings = [], circles = [], drawing = null;
  var roads = [], credit = document.getElementById('alert-draw-credit');
  function numbers(line) {
    var parts = line.split(',').map(function (x) { return x.trim(); });
    return parts.every(function (x) { return x !== '' && isFinite(Number(x)); }) ? parts.map(Number) : null;
  }
  function readFields() {
    rings = polygonField.value.split(/\n\s*\n/).map(function (block) {
      var ring = [];
      block.split(/[\n;]/).forEach(function (line) {
        var n = numbers(line);
        if (n && n.length === 2) ring.push(n);
      });
      var last = ring[ring.length - 1];
      if (ring.length > 3 && ring[0][0] === last[0] && ring[0][1] === last[1]) ring.pop();
      return ring;
    }).filter(function (ring) { return ring.length; });
    circles = [];
    circleField.value.split(/[\n;]/).forEach(function (line) {
      var n = numbers(line);
      if (n && n.length === 3) circles.push(n);
    });
    drawing = null;
  }
  readFields();

  // The view: centre and pixels per degree of latitude.
  var view = { lat: 43.25, lon: 76.95, scale: 2000 };
  if (regions.length) {
    var sumLat = 0, sumLon = 0;
    regions.forEach(function (r) { sumLat += Number(r.dataset.lat); sumLon += Number(r.dataset.lon); });
    view.lat = sumLat / regions.length; view.lon = sumLon / regions.length;
  }
  var placedPoints = [];
  rings.forEach(function (ring) { placedPoints = placedPoints.concat(ring); });
  circles.forEach(function (c) { placedPoints.push(c); });
  if (placedPoints.length) {
    var la = 0, lo = 0;
    placedPoints.forEach(function (p) { la += p[0]; lo += p[1]; });
    view.lat = la / placedPoints.length; view.lon = lo / placedPoints.length;
  }
  function k() { return Math.cos(view.lat * Math.PI / 180); }
  function toXY(p) { return [canvas.width / 2 + (p[1] - view.lon) * k() * view.scale, canvas.height / 2 - (p[0] - view.lat) * view.scale]; }
  function toLatLon(x, y) {
    var la = view.lat - (y - canvas.height / 2) / view.scale;
    var lo = view.lon + (x - canvas.width / 2) / (k() * view.scale);
    return [Math.round(la * 1e5) / 1e5, Math.round(lo * 1e5) / 1e5];
  }
  function cssVar(name, fallback) {
    var v = getComputedStyle(document.documentElement).getPropertyValue(name);
    return v && v.trim() ? v.trim() : fallback;
  }

  function draw() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = cssVar('--surface', '#eef2f5');
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    // A grid every 0.01, 0.1 or 1 degree, whichever is 40 px or more apart.
    var step = [0.01, 0.1, 1, 10].find(function (s) { return s * view.scale >= 40; }) || 10;
    // Faint under streets, so that the streets stand out.
    ctx.strokeStyle = roads.length ? '#e3e8ec' : '#c5ced6'; ctx.lineWidth = 1;
    var tl = toLatLon(0, 0), br = toLatLon(canvas.width, canvas.height);
    for (var a = Math.floor(br[0] / step) * step; a <= tl[0]; a += step) {
      var y = toXY([a, view.lon])[1];
      ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(canvas.width, y); ctx.stroke();
    }
    for (var o = Math.floor(tl[1] / step) * step; o <= br[1]; o += step) {
      var x = toXY([view.lat, o])[0];
      ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, canvas.height); ctx.stroke();
    }
    // The streets, under everything else.
    if (roads.length) {
      ctx.strokeStyle = '#8a96a3'; ctx.lineWidth = 1;
      ctx.beginPath();
      roads.forEach(function (line) {
        line.forEach(function (c, i) {
          var q = toXY([c[1], c[0]]);
          if (i) ctx.lineTo(q[0], q[1]); else ctx.moveTo(q[0], q[1]);
        });
      });
      ctx.stroke();
    }
    ctx.font = '12px sans-serif';
    regions.forEach(function (r) {
      var p = toXY([Number(r.dataset.lat), Number(r.dataset.lon)]);
      ctx.fillStyle = r.checked ? '#b00020' : '#0d4f8b';
      ctx.beginPath(); ctx.arc(p[0], p[1], r.checked ? 6 : 4, 0, 2 * Math.PI); ctx.fill();
      ctx.fillText(r.dataset.name, p[0] + 8, p[1] + 4);
    });
    ctx.strokeStyle = '#b00020'; ctx.fillStyle = 'rgba(176,0,32,0.25)'; ctx.lineWidth = 2;
    rings.forEach(function (ring) {
      ctx.beginPath();
      ring.forEach(function (p, i) { var q = toXY(p); if (i) ctx.lineTo(q[0], q[1]); else ctx.moveTo(q[0], q[1]); });
      if (ring.length > 2) { ctx.closePath(); ctx.fill(); }
      ctx.stroke();
    });
    circles.forEach(function (c) {
      var q = toXY(c);
      ctx.beginPath(); ctx.arc(q[0], q[1], Math.max(3, c[2] / 111.32 * view.scale), 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    });
  }

  function writeFields() {
    polygonField.value = rings.map(function (ring) {
      var closed = ring.length > 2 ? ring.concat([ring[0]]) : ring;
      return closed.map(function (p) { return p[0] + ', ' + p[1]; }).join('\n');
    }).join('\n\n');
    circleField.value = circles.map(function (c) { return c[0] + ', ' + c[1] + ', ' + c[2]; }).join('\n');
  }

  // The street map covering the view's centre (else the nearest one), drawn once loaded.
  function loadStreets(url) {
    function get(u) {
      return fetch(u, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (res) { if (!res.ok) throw new Error(u + ': HTTP ' + res.status); return res.json(); });
    }
    get(url).then(function (list) {
      var best = null, bestD = Infinity;
      (list.items || []).forEach(function (m) {
        var b = m.bbox, inside = view.lon >= b[0] && view.lon <= b[2] && view.lat >= b[1] && view.lat <= b[3];
        var d = inside ? -1 : Math.pow((b[0] + b[2]) / 2 - view.lon, 2) + Math.pow((b[1] + b[3]) / 2 - view.lat, 2);
        if (d < bestD) { bestD = d; best = m; }
      });
      if (!best) return null;
      if (!regions.length && !rings.length && !circles.length) {
        view.lon = (best.bbox[0] + best.bbox[2]) / 2; view.lat = (best.bbox[1] + best.bbox[3]) / 2;
      }
      return get(url + '/' + best.id).then(function (geo) {
        (geo.features || []).forEach(function (f) {
          var g = f.geometry || {};
          if (g.type === 'LineString') roads.push(g.coordinates);
          else if (g.type === 'MultiLineString') g.coordinates.forEach(function (c) { roads.push(c); });
        });
        canvas.setAttribute('data-roads', String(roads.length));
        if (credit && (best.attribution || geo.attribution)) {
          credit.textContent = best.attribution || geo.attribution;
          credit.hidden = false;
        }
        draw();
      });
    }).catch(function (e) { canvas.setAttribute('data-roads-error', String(e.message || e)); });
  }

  var drag = null, moved = false;
  canvas.addEventListener('mousedown', function (e) { drag = [e.offsetX, e.offsetY, view.lat, view.lon]; moved = false; });
  window.addEventListener('mouseup', function () { drag = null; });
  canvas.addEventListener('mousemove', function (e) {
    if (!drag) return;
    var dx = e.offsetX - drag[0], dy = e.offsetY - drag[1];
    if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
    if (!moved) return;
    view.lat = drag[2] + dy / view.scale; view.lon = drag[3] - dx / (k() * view.scale);
    draw();
  });
  canvas.addEventListener('wheel', function (e) {
    e.preventDefault();
    view.scale = Math.min(2e6, Math.max(5, view.scale * (e.deltaY < 0 ? 1.25 : 0.8)));
    draw();
  }, { passive: false });
  canvas.addEventListener('click', function (e) {
    if (moved) return;
    var p = toLatLon(e.offsetX, e.offsetY);
    if (mode === 'polygon') {
      if (!drawing || drawing.type !== 'polygon') {
        rings.push([]);
        drawing = { type: 'polygon', shape: rings[rings.length - 1] };
      }
      drawing.shape.push(p);
    } else if (drawing && drawing.type === 'circle') {
      var c = drawing.shape;
      var dLat = (p[0] - c[0]) * 111.32, dLon = (p[1] - c[1]) * 111.32 * Math.cos(c[0] * Math.PI / 180);
      c[2] = Math.round(Math.sqrt(dLat * dLat + dLon * dLon) * 100) / 100;
      drawing = null;
    } else {
      circles.push([p[0], p[1], 0]);
      drawing = { type: 'circle', shape: circles[circles.length - 1] };
    }
    writeFields();
    draw();
  });
  Array.prototype.forEach.call(document.querySelectorAll('input[name="draw-mode"]'), function (r) {
    r.addEventListener('change', function () { if (r.checked) { mode = r.value; drawing = null; } });
  });
  document.getElementById('alert-draw-next').addEventListener('click', function () { drawing = null; });
  document.getElementById('alert-draw-clear').addEventListener('click', function () {
    rings = []; circles = []; drawing = null;
    writeFields();
    draw();
  });
  [polygonField, circleField].forEach(function (f) { f.addEventListener('input', function () { readFields(); draw(); }); });
  regions.forEach(function (r) { r.addEventListener('change', draw); });
  draw();
  if (canvas.getAttribute('data-street-maps')) loadStreets(canvas.getAttribute('data-street-maps'));
})();
