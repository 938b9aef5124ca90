// Comfort on top of pages that work without JavaScript: theme toggle, font size, search overlay,
// copy link, Web Share, print, loading more articles on scroll, view counting, language memory
// and the service worker for offline reading.
(function () {
  'use strict';
  var root = document.documentElement;
  var lang = root.getAttribute('lang') || 'en';
  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) {} }
  function $(sel, el) { return (el || document).querySelector(sel); }
  function $all(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }

  // The remembered language for "/" (a cookie the server reads; no tracking value in it).
  document.cookie = 'portal_lang=' + lang + '; path=/; max-age=31536000; SameSite=Lax';

  // ---- night theme ----
  var toggle = $('.theme-toggle');
  function isDark() {
    var t = root.getAttribute('data-theme');
    if (t) return t === 'dark';
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  }
  function paintToggle() {
    if (!toggle) return;
    var dark = isDark();
    toggle.setAttribute('aria-pressed', dark ? 'true' : 'false');
    toggle.textContent = dark ? toggle.getAttribute('data-day') : toggle.getAttribute('data-night');
  }
  if (toggle) {
    toggle.addEventListener('click', function () {
      var next = isDark() ? 'light' : 'dark';
      root.setAttribute('data-theme', next);
      store('portal-theme', next);
      paintToggle();
    });
    paintToggle();
  }

  // ---- font size A+ / A- ----
  function font() { return parseInt(root.getAttribute('data-font') || '3', 10); }
  function setFont(n) {
    n = Math.max(1, Math.min(5, n));
    root.setAttribute('data-font', String(n));
    store('portal-font', String(n));
  }
  var larger = $('.font-larger'), smaller = $('.font-smaller');
  if (larger) larger.addEventListener('click', function () { setFont(font() + 1); });
  if (smaller) smaller.addEventListener('click', function () { setFont(font() - 1); });

  // ---- notices ----
  var notice = $('.notice');
  var noticeTimer;
  function say(text) {
    if (!notice) return;
    notice.textContent = text;
    notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(function () { notice.hidden = true; }, 2500);
  }

  // ---- search overlay ----
  var overlay = $('.search-overlay');
  var opener = $('.search-open');
  if (overlay && opener && typeof overlay.showModal === 'function') {
    var input = $('input[name=q]', overlay);
    var live = $('.search-live', overlay);
    var timer;
    opener.addEventListener('click', function (e) {
      e.preventDefault();
      overlay.showModal();
      input.focus();
    });
    $('.search-close', overlay).addEventListener('click', function () { overlay.close(); opener.focus(); });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { live.textContent = ''; return; }
      timer = setTimeout(function () {
        fetch('/api/v1/search?limit=8&lang=' + encodeURIComponent(lang) + '&q=' + encodeURIComponent(q))
          .then(function (r) { return r.json(); })
          .then(function (data) {
            live.textContent = '';
            (data.items || []).forEach(function (a) {
              var li = document.createElement('li');
              var link = document.createElement('a');
              link.href = a.url;
              link.textContent = a.title;
              li.appendChild(link);
              live.appendChild(li);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }

  // ---- share block ----
  var copy = $('.copy-link');
  if (copy) {
    copy.addEventListener('click', function () {
      var url = copy.getAttribute('data-url') || location.href;
      var done = function () { say(copy.getAttribute('data-copied')); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, function () { fallbackCopy(url); done(); });
      } else { fallbackCopy(url); done(); }
    });
  }
  function fallbackCopy(text) {
    var ta = document.createElement('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); } catch (e) {}
    document.body.removeChild(ta);
  }
  var share = $('.share-native');
  if (share && navigator.share) {
    share.hidden = false;
    share.addEventListener('click', function () {
      navigator.share({ title: document.title, url: copy ? copy.getAttribute('data-url') : location.href }).catch(function () {});
    });
  }
  var printButton = $('.print-page');
  if (printButton) printButton.addEventListener('click', function () { window.print(); });

  // ---- views: a separate request, so cached pages still count ----
  var article = $('article.article[data-id]');
  if (article && navigator.onLine !== false) {
    fetch('/api/v1/articles/' + article.getAttribute('data-id') + '/view', { method: 'POST' }).catch(function () {});
  }

  // ---- load more on scroll ----
  var more = $('.more-link');
  var cards = $('ol.cards[data-more-api]');
  if (more && cards && more.getAttribute('data-api') && 'IntersectionObserver' in window) {
    var api = more.getAttribute('data-api');
    var busy = false;
    var label = more.textContent;
    var io = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; }) || busy || !api) return;
      busy = true;
      more.textContent = more.getAttribute('data-loading');
      more.setAttribute('aria-busy', 'true');
      fetch(api).then(function (r) { return r.json(); }).then(function (data) {
        (data.items || []).forEach(function (a) { cards.appendChild(card(a)); });
        if (data.next_cursor) {
          api = api.replace(/cursor=[^&]*/, 'cursor=' + encodeURIComponent(data.next_cursor));
          more.href = more.href.replace(/cursor=[^&]*/, 'cursor=' + encodeURIComponent(data.next_cursor));
          more.textContent = label;
        } else {
          api = null;
          io.disconnect();
          more.parentNode.removeChild(more);
        }
        more.removeAttribute('aria-busy');
        busy = false;
      }).catch(function () { more.textContent = label; busy = false; });
    }, { rootMargin: '400px' });
    io.observe(more);
  }
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(lang === 'kk' ? 'kk-KZ' : lang, { timeZone: 'Asia/Almaty', day: '2-digit', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  } catch (e) { fmt = null; }
  function card(a) {
    var li = document.createElement('li');
    li.className = 'card';
    if (a.images && a.images[0]) {
      var img = document.createElement('img');
      img.src = a.images[0].src; img.alt = a.images[0].alt; img.loading = 'lazy';
      li.appendChild(img);
    }
    var div = document.createElement('div');
    var h = document.createElement('h3');
    var link = document.createElement('a');
    link.href = a.url; link.textContent = a.title;
    h.appendChild(link); div.appendChild(h);
    if (a.published_at && fmt) {
      var t = document.createElement('time');
      t.dateTime = a.published_at; t.textContent = fmt.format(new Date(a.published_at));
      div.appendChild(t);
    }
    if (a.lead) { var p = document.createElement('p'); p.textContent = a.lead; div.appendChild(p); }
    li.appendChild(div);
    return li;
  }

  // ---- offline reading ----
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {});
  }
})();
