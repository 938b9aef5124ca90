// Small comforts on top of pages that work without JavaScript: the theme switches without a
// reload (the server still remembers it in a cookie), and the error summary of a rejected form
// takes the focus so that screen readers announce it.
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
  });
})();
