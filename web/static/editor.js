// The article form's comforts; the form works without them. Preview: the body is rendered by the
// server (the public page's Markdown renderer and sanitiser) and shown under the form without
// leaving the page. Language: the category names follow the article's language, and the originals
// in that same language are not offered (an article cannot translate its own language).
(function () {
  var form = document.querySelector('form.editor-form[data-preview]');
  if (!form) return;
  var section = document.getElementById('preview');
  var target = section && section.querySelector('.preview-body');
  var button = form.querySelector('button[name="preview"]');
  if (button && target) {
    button.addEventListener('click', function (e) {
      e.preventDefault();
      var data = new URLSearchParams();
      data.set('_csrf', form.elements._csrf.value);
      data.set('body', form.elements.body.value);
      fetch(form.getAttribute('data-preview'), {
        method: 'POST', credentials: 'same-origin', body: data,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }).then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.text();
      }).then(function (html) {
        // The server's sanitised rendering, the same the public page shows.
        target.innerHTML = html;
        section.hidden = false;
        section.scrollIntoView({ block: 'nearest' });
      }).catch(function () { form.requestSubmit(button); });
    });
  }
  var lang = form.elements.lang;
  var category = form.elements.category;
  var original = form.elements.translation_of;
  function follow() {
    var l = lang.value;
    if (category) {
      category.setAttribute('lang', l);
      Array.prototype.forEach.call(category.options, function (o) {
        var name = o.getAttribute('data-' + l);
        if (name) o.textContent = name;
      });
    }
    if (original) {
      Array.prototype.forEach.call(original.querySelectorAll('option[lang]'), function (o) {
        o.disabled = o.getAttribute('lang') === l;
        if (o.disabled && o.selected) original.value = '';
      });
    }
  }
  if (lang && lang.tagName === 'SELECT') { lang.addEventListener('change', follow); follow(); }
})();
