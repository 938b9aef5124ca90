// The area drawing of the console's alert form (/console/alerts). Plain JavaScript, no library
// and no tiles: a canvas in longitude/latitude (longitude scaled by the cosine of the latitude)
// with a grid, the centres of the regions the officer may name (the ticked ones filled), and
// what is drawn. In polygon mode each click adds a corner and the polygon field gets the closed
// ring (first point repeated last); in circle mode the first click sets the centre and the
// second the radius. Drag to pan, wheel to zoom. The form works without this file: the polygon
// and circle fields take coordinates typed by hand.
(function () {
  'use strict';
  var canvas = document.getElementById('alert-draw');
  if (!canvas || !canvas.getContext) return;
  var box = canvas.parentNode;
  box.hidden = false;
  var ctx = canvas.getContext('2d');
  var polygonField = document.getElementById('a-polygon');
  var lat = document.getElementById('a-clat'), lon = document.getElementById('a-clon'), radius = document.getElementById('a-crad');
  var regions = Array.prototype.slice.call(document.querySelectorAll('input[name="region"][data-lat]'));
  var mode = 'polygon', points = [], centre = null, km = 0;

  // The view: centre and pixels per degree of latitude.
  var view = { lat: 43.25, lon: 76.95, scale: 2000 };
  if (regions.length) {
    var sumLat = 0, sumLon = 0;
    regions.forEach(function (r) { sumLat += Number(r.dataset.lat); sumLon += Number(r.dataset.lon); });
    view.lat = sumLat / regions.length; view.lon = sumLon / regions.length;
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
    ctx.strokeStyle = '#c5ced6'; ctx.lineWidth = 1;
    var tl = toLatLon(0, 0), br = toLatLon(canvas.width, canvas.height);
    for (var a = Math.floor(br[0] / step) * step; a <= tl[0]; a += step) {
      var y = toXY([a, view.lon])[1];
      ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(canvas.width, y); ctx.stroke();
    }
    for (var o = Math.floor(tl[1] / step) * step; o <= br[1]; o += step) {
      var x = toXY([view.lat, o])[0];
      ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, canvas.height); ctx.stroke();
    }
    ctx.font = '12px sans-serif';
    regions.forEach(function (r) {
      var p = toXY([Number(r.dataset.lat), Number(r.dataset.lon)]);
      ctx.fillStyle = r.checked ? '#b00020' : '#0d4f8b';
      ctx.beginPath(); ctx.arc(p[0], p[1], r.checked ? 6 : 4, 0, 2 * Math.PI); ctx.fill();
      ctx.fillText(r.dataset.name, p[0] + 8, p[1] + 4);
    });
    ctx.strokeStyle = '#b00020'; ctx.fillStyle = 'rgba(176,0,32,0.25)'; ctx.lineWidth = 2;
    if (points.length) {
      ctx.beginPath();
      points.forEach(function (p, i) { var q = toXY(p); if (i) ctx.lineTo(q[0], q[1]); else ctx.moveTo(q[0], q[1]); });
      if (points.length > 2) { ctx.closePath(); ctx.fill(); }
      ctx.stroke();
    }
    if (centre) {
      var c = toXY(centre);
      ctx.beginPath(); ctx.arc(c[0], c[1], Math.max(3, km / 111.32 * view.scale), 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    }
  }

  function writePolygon() {
    var ring = points.length > 2 ? points.concat([points[0]]) : points;
    polygonField.value = ring.map(function (p) { return p[0] + ', ' + p[1]; }).join('\n');
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
      points.push(p);
      writePolygon();
    } else if (!centre || km) {
      centre = p; km = 0;
      lat.value = p[0]; lon.value = p[1]; radius.value = '';
    } else {
      var dLat = (p[0] - centre[0]) * 111.32, dLon = (p[1] - centre[1]) * 111.32 * Math.cos(centre[0] * Math.PI / 180);
      km = Math.round(Math.sqrt(dLat * dLat + dLon * dLon) * 100) / 100;
      radius.value = km;
    }
    draw();
  });
  Array.prototype.forEach.call(document.querySelectorAll('input[name="draw-mode"]'), function (r) {
    r.addEventListener('change', function () { if (r.checked) mode = r.value; });
  });
  document.getElementById('alert-draw-clear').addEventListener('click', function () {
    points = []; centre = null; km = 0;
    polygonField.value = ''; lat.value = ''; lon.value = ''; radius.value = '';
    draw();
  });
  regions.forEach(function (r) { r.addEventListener('change', draw); });
  draw();
})();
