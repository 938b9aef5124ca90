// A small strict XML well-formedness parser for feeds and sitemaps (no npm dependencies): checks
// the prolog, balanced and properly nested tags, quoted unique attributes, known or numeric
// entities and no stray '<' or '&'. Returns a tree {name, attrs, children, text}.
export function parseXml(src) {
  let i = 0;
  const fail = (msg) => { throw new Error(`XML error at ${i}: ${msg}: ${JSON.stringify(src.slice(i, i + 40))}`); };
  const entity = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
  const text = (s) => {
    for (let k = 0; k < s.length; k++) {
      if (s[k] === '<') fail('stray <');
      if (s[k] === '&' && !entity.test(s.slice(k))) fail('bad entity');
    }
    return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  };
  if (src.startsWith('<?xml')) { i = src.indexOf('?>') + 2; if (i < 2) fail('prolog'); }
  const name = /^[A-Za-z_][\w.:-]*/;
  const stack = [];
  let root = null;
  const skipWs = () => { while (/\s/.test(src[i] || '')) i++; };
  skipWs();
  while (i < src.length) {
    if (src.startsWith('<!--', i)) { const e = src.indexOf('-->', i); if (e < 0) fail('comment'); i = e + 3; continue; }
    if (src.startsWith('<![CDATA[', i)) {
      const e = src.indexOf(']]>', i); if (e < 0 || !stack.length) fail('cdata');
      stack.at(-1).text += src.slice(i + 9, e); i = e + 3; continue;
    }
    if (src.startsWith('</', i)) {
      i += 2; const m = name.exec(src.slice(i)); if (!m) fail('end name');
      const top = stack.pop(); if (!top || top.name !== m[0]) fail(`mismatched </${m[0]}>`);
      i += m[0].length; skipWs(); if (src[i] !== '>') fail('end >'); i++;
      if (!stack.length) { skipWs(); if (i < src.length) fail('content after root'); }
      continue;
    }
    if (src[i] === '<') {
      i++; const m = name.exec(src.slice(i)); if (!m) fail('start name');
      const el = { name: m[0], attrs: {}, children: [], text: '' };
      i += m[0].length;
      for (;;) {
        skipWs();
        if (src.startsWith('/>', i)) { i += 2; break; }
        if (src[i] === '>') { i++; stack.push(el); break; }
        const a = name.exec(src.slice(i)); if (!a) fail('attribute name');
        i += a[0].length; skipWs(); if (src[i] !== '=') fail('attribute ='); i++; skipWs();
        const q = src[i]; if (q !== '"' && q !== "'") fail('attribute quote');
        const e = src.indexOf(q, i + 1); if (e < 0) fail('attribute end');
        if (a[0] in el.attrs) fail('duplicate attribute');
        el.attrs[a[0]] = text(src.slice(i + 1, e)); i = e + 1;
      }
      if (stack.length && stack.at(-1) !== el) stack.at(-1).children.push(el);
      else if (stack.length > 1) stack.at(-2).children.push(el);
      if (!root) root = el; else if (!stack.length && root !== el) fail('two roots');
      if (!stack.length) { skipWs(); if (i < src.length) fail('content after root'); }
      continue;
    }
    const e = src.indexOf('<', i);
    const chunk = src.slice(i, e < 0 ? src.length : e);
    if (!stack.length) { if (chunk.trim()) fail('text outside root'); } else stack.at(-1).text += text(chunk);
    i = e < 0 ? src.length : e;
  }
  if (stack.length) fail(`unclosed <${stack.at(-1).name}>`);
  if (!root) fail('no root');
  return root;
}

export function findAll(el, name, out = []) {
  if (el.name === name) out.push(el);
  for (const c of el.children) findAll(c, name, out);
  return out;
}
