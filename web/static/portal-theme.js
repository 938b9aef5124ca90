// Loaded synchronously in <head> before the style sheet paints: applies the reader's remembered
// theme and font size, so the page never flashes the wrong theme. Without a remembered theme the
// style sheet follows the system setting (prefers-color-scheme).
(function () {
  var root = document.documentElement;
  try {
    var theme = localStorage.getItem('portal-theme');
    if (theme === 'dark' || theme === 'light') root.setAttribute('data-theme', theme);
    var font = localStorage.getItem('portal-font');
    if (font && /^[1-5]$/.test(font)) root.setAttribute('data-font', font);
  } catch (e) { /* storage disabled: defaults apply */ }
  root.classList.add('js');
})();
