// The printed call-up notices in real headless Chromium: the page of a unit's notices prints as
// A4 with two notices a sheet, and every QR code on it, rasterised by the browser and read by
// jsQR (the decoder a phone's page would use), is the notice's token as the API gives it, which
// verifies with the activation's Ed25519 key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium.mjs';
import { startServer, cleanup, root, makeIin } from '../api/harness.mjs';

const require = createRequire(import.meta.url);
const jsQR = require.resolve('jsqr/dist/jsQR.js');
const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser, admin, W;
const names = (n) => ({ kk: n, ru: n, en: n });
const PEOPLE = 5;  // three sheets

async function made(res) {
  assert.ok(res.status === 201, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  const region = await made(await admin.post('/api/v1/regions', { code: 'CP-A', level: 'city', name: names('Алматы') }));
  const unit = await made(await admin.post('/api/v1/units', { name: 'Медеу аумақтық қорғаныс ротасы', kind: 'territorial_troops', region_id: region.id, status: 'active' }));
  const point = await made(await admin.post('/api/v1/facilities', {
    name: '№ 25 мектеп-гимназия', kind: 'education', region_id: region.id, address: 'Достық даңғылы, 150',
    location: { lat: 43.23, lon: 76.95 }, criticality: 2,
  }));
  for (let i = 0; i < PEOPLE; i++) {
    const p = await made(await admin.post('/api/v1/people', {
      family_name: ['Әбілқасымов', 'Бекова', 'Ғалымжанов', 'Дүйсенова', 'Есенов'][i], given_name: 'Нұржан',
      birth_date: '1988-07-09', iin: makeIin(1988, 7, 9, 700 + i * 7), region_id: region.id, status: 'reservist',
    }));
    await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
  }
  const plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Медеу жиыны', region_id: region.id, messages: { kk: 'Жиын пунктіне келіңіз.' },
    units: [{ unit_id: unit.id, target: PEOPLE, assembly_facility_id: point.id }],
  }));
  const a = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }));
  assert.equal((await admin.post(`/api/v1/activation/activations/${a.id}/approve`)).status, 200);
  const notices = (await admin.get(`/api/v1/activation/activations/${a.id}/notices`)).body.items;
  const key = (await admin.get(`/api/v1/activation/activations/${a.id}/token-key`)).body.public_key;
  W = { unit, activation: a, notices, key };
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) cleanup(server);
});

// An Ed25519 signature check of a notice token ("q1.<activation>.<notice>.<code>.<signature>").
function tokenVerifies(token, publicKeyHex) {
  const dot = token.lastIndexOf('.');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyHex, 'hex')]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return verify(null, Buffer.from(token.slice(0, dot)), key, Buffer.from(token.slice(dot + 1), 'base64url'));
}

test('every QR code on the printed notices reads back as the notice\'s token, which verifies', async () => {
  const context = await browser.newContext({
    // The page's own policy allows no script; the test's decoder is added beside it.
    bypassCSP: true,
    extraHTTPHeaders: { authorization: `Bearer ${admin.token}` },
  });
  const page = await context.newPage();
  const url = `${server.base}/api/v1/activation/activations/${W.activation.id}/print?unit=${W.unit.id}&lang=kk`;
  const res = await page.goto(url);
  assert.equal(res.status(), 200);
  await page.addScriptTag({ path: jsQR });
  const read = await page.evaluate(async () => {
    const out = [];
    for (const article of document.querySelectorAll('article.notice')) {
      const svg = article.querySelector('svg.qr');
      const img = new Image();
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
      await img.decode();
      // As a phone camera would see it: about 5 pixels a module.
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 320;
      const g = canvas.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 320, 320);
      g.drawImage(img, 0, 0, 320, 320);
      const data = g.getImageData(0, 0, 320, 320);
      const code = window.jsQR(data.data, 320, 320);
      out.push({
        id: Number(article.dataset.noticeId),
        token: code ? code.data : null,
        name: article.querySelector('dd.name').textContent,
        code: article.querySelector('p.code').textContent,
        mark: article.querySelector('p.mark')?.textContent ?? null,
      });
    }
    return out;
  });
  assert.equal(read.length, PEOPLE, 'one notice per person of the unit');
  assert.deepEqual(read.map((r) => r.id).sort(), W.notices.map((n) => n.id).sort());
  for (const r of read) {
    const n = W.notices.find((x) => x.id === r.id);
    assert.equal(r.token, n.token, `the QR code of notice ${n.id} decodes to its token`);
    assert.ok(tokenVerifies(r.token, W.key), 'the token verifies with the activation\'s key');
    assert.equal(r.code, n.code);
    assert.equal(r.name, n.person_name);
    assert.equal(r.mark, 'ЖАТТЫҒУ');
  }
  // An altered token does not verify: the check can fail.
  const [first, second] = read;
  assert.ok(!tokenVerifies(first.token.replace(`.${first.id}.`, `.${second.id}.`), W.key));

  // Printed: A4, two notices a sheet.
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(artifacts, 'callup-print.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, Math.ceil(PEOPLE / 2));
  const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert.ok(box, 'the PDF names its page size');
  assert.ok(Math.abs(Number(box[1]) - 595.28) < 2 && Math.abs(Number(box[2]) - 841.89) < 2, `A4, got ${box[1]} × ${box[2]}`);
  await page.emulateMedia({ media: 'screen' });
  await page.screenshot({ path: join(artifacts, 'callup-print.png'), fullPage: true });
  await context.close();
});
