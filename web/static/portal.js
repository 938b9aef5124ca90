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

  // ---- the menu of a narrow screen: sections and reading tools behind one button ----
  var menu = $('.menu-toggle');
  if (menu) {
    menu.addEventListener('click', function () {
      var open = menu.getAttribute('aria-expanded') !== 'true';
      menu.setAttribute('aria-expanded', open ? 'true' : 'false');
      $('.site-header').classList.toggle('menu-open', open);
    });
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
        fetch('/api/v1/search?prefix=1&limit=8&lang=' + encodeURIComponent(lang) + '&q=' + encodeURIComponent(q))
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
  // The next page is the same server-rendered list the "More" link opens: its cards are taken
  // as they are, so a card added here is the card the server renders (one template).
  var more = $('.more-link');
  var cards = $('ol.cards');
  if (more && cards && 'IntersectionObserver' in window && 'DOMParser' in window) {
    var busy = false;
    var label = more.textContent;
    var io = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; }) || busy || !more.href) return;
      busy = true;
      more.textContent = more.getAttribute('data-loading');
      more.setAttribute('aria-busy', 'true');
      fetch(more.href, { headers: { Accept: 'text/html' } }).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        $all('ol.cards > li', doc).forEach(function (li) { cards.appendChild(document.importNode(li, true)); });
        var next = $('.more-link', doc);
        if (next && next.getAttribute('href')) {
          more.setAttribute('href', next.getAttribute('href'));
          more.textContent = label;
        } else {
          io.disconnect();
          more.parentNode.removeChild(more);
        }
        more.removeAttribute('aria-busy');
        busy = false;
      }).catch(function () { more.textContent = label; more.removeAttribute('aria-busy'); busy = false; });
    }, { rootMargin: '400px' });
    io.observe(more);
  }

  // ---- the offline page: the articles saved on this device ----
  var saved = $('.offline-saved');
  if (saved && 'caches' in window) {
    var articlePath = /^\/(kk|ru|en)\/(?!tag\/)[^/]+\/[^/]+$/;
    caches.open('portal-v1').then(function (cache) {
      return cache.keys().then(function (requests) {
        var urls = requests.map(function (r) { return new URL(r.url); }).filter(function (u) {
          return u.origin === location.origin && !u.search && articlePath.test(u.pathname) && !/\.xml$/.test(u.pathname);
        });
        return Promise.all(urls.map(function (u) {
          return cache.match(u.href).then(function (res) { return res ? res.text() : ''; }).then(function (html) {
            var doc = new DOMParser().parseFromString(html, 'text/html');
            var h = $('article.article h1', doc);
            return h ? { url: u.pathname, title: h.textContent.trim(), lang: doc.documentElement.getAttribute('lang') } : null;
          });
        }));
      });
    }).then(function (list) {
      list = list.filter(Boolean);
      // The reader's language first, then the others; each group by title.
      list.sort(function (a, b) {
        if ((a.lang === lang) !== (b.lang === lang)) return a.lang === lang ? -1 : 1;
        return a.title.localeCompare(b.title);
      });
      saved.textContent = '';
      list.forEach(function (a) {
        var li = document.createElement('li');
        var link = document.createElement('a');
        link.href = a.url; link.textContent = a.title;
        if (a.lang && a.lang !== lang) link.setAttribute('hreflang', a.lang);
        li.appendChild(link);
        saved.appendChild(li);
      });
      if (!list.length) {
        var none = document.createElement('li');
        none.className = 'offline-none';
        none.textContent = saved.getAttribute('data-none');
        saved.appendChild(none);
      }
    }).catch(function () {});
  }

  // ---- the offline page: the last active alerts this device saw (the service worker keeps them) ----
  var offlineAlerts = $('.offline-alerts');
  if (offlineAlerts && 'caches' in window) {
    caches.open('portal-v1').then(function (cache) { return cache.match('/alerts/active.json'); })
      .then(function (res) { return res ? res.json() : { items: [] }; })
      .then(function (list) {
        (list.items || []).forEach(function (a) {
          var t = a.texts[lang] || a.texts.ru || a.texts.kk || a.texts.en;
          if (!t) return;
          var box = document.createElement('div');
          box.className = 'alert-banner severity-' + a.severity;
          box.setAttribute('role', 'alert');
          if (t.mark) {
            var mark = document.createElement('strong');
            mark.className = 'alert-mark'; mark.textContent = t.mark;
            box.appendChild(mark);
          }
          var link = document.createElement('a');
          link.className = 'alert-headline'; link.href = t.page; link.textContent = t.headline;
          box.appendChild(link);
          if (t.instruction) {
            var p = document.createElement('p');
            p.className = 'alert-instruction'; p.textContent = t.instruction;
            box.appendChild(p);
          }
          offlineAlerts.appendChild(box);
          offlineAlerts.hidden = false;
        });
      }).catch(function () {});
  }

  // ---- offline reading ----
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {});
  }
})();
