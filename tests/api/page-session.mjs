// A signed-in visitor of the staff pages (console and editor), as a browser would be: signed in
// through /console/login, cookies kept between requests, redirects not followed.
import assert from 'node:assert/strict';

// `home`: the page signed in to, whose form gives the CSRF token (the session's own).
export async function pageSession(base, login, password, headers = {}, home = '/editor') {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq), value = pair.slice(eq + 1);
      if (/Max-Age=0/.test(c) || value === '') jar.delete(name); else jar.set(name, value);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const answer = async (res) => ({ status: res.status, headers: res.headers, text: await res.text() });
  const get = async (path, h = {}) => {
    const res = await fetch(base + path, { redirect: 'manual', headers: { ...headers, cookie: cookie(), ...h } });
    keep(res);
    return answer(res);
  };
  const post = async (path, fields, h = {}) => {
    const res = await fetch(base + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
      headers: { ...headers, cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', ...h },
    });
    keep(res);
    return answer(res);
  };
  const page = await get('/console/login');
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const signed = await post('/console/login', { _csrf: token, login, password, next: home });
  assert.equal(signed.status, 303, `sign-in of ${login}`);
  const csrf = (await get(home)).text.match(/name="_csrf" value="([^"]+)"/)?.[1];
  return { get, post, csrf, jar };
}
