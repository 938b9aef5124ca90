// Small comforts on top of pages that work without JavaScript: the theme switches without a
// reload (the server still remembers it in a cookie), and the error summary of a rejected form
// takes the focus so that screen readers announce it; a live muster ([data-refresh="N"]) reloads
// itself every N seconds while its activation runs.
(function () {
  'use strict';
  var root = document.documentElement;

  function effectiveTheme() {
    var t = root.getAttribute('data-theme');
    if (t === 'dark' || t === 'light') return t;
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  function label(button, theme) {
    button.value = theme === 'dark' ? 'light' : 'dark';
    button.textContent = theme === 'dark' ? button.dataset.labelLight : button.dataset.labelDark;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var button = document.querySelector('[data-theme-toggle]');
    if (button) {
      label(button, effectiveTheme());
      button.addEventListener('click', function (event) {
        event.preventDefault();
        var next = effectiveTheme() === 'dark' ? 'light' : 'dark';
        root.setAttribute('data-theme', next);
        document.cookie = 'qorgan_theme=' + next + '; Path=/; Max-Age=31536000; SameSite=Lax';
        label(button, next);
      });
    }
    var summary = document.getElementById('error-summary');
    if (summary) summary.focus();
    var live = document.querySelector('[data-refresh]');
    if (live && live.id && window.fetch && window.DOMParser) {
      var seconds = Math.max(2, Number(live.getAttribute('data-refresh')) || 5);
      var refresh = function () {
        // Not while someone fills in a form of the muster (an answer taken by phone).
        var focus = document.activeElement;
        if (focus && focus !== document.body && live.contains(focus) && focus.closest('form')) return;
        fetch(window.location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
          .then(function (res) { return res.ok ? res.text() : null; })
          .then(function (html) {
            if (!html) return;
            var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(live.id);
            if (!fresh) return;
            live.replaceWith(fresh);
            live = fresh;
            if (!live.hasAttribute('data-refresh')) window.clearInterval(timer);
          })
          .catch(function () { /* offline for a moment: the next tick tries again */ });
      };
      var timer = window.setInterval(refresh, seconds * 1000);
    }
  });
})();
