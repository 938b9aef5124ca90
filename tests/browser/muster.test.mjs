// The offline check-in page of an assembly point in real headless Chromium (Debian's chromium
// driven by playwright-core) with a fake camera: the camera is a .y4m video that this test makes
// from the QR code of a real notice token. One person is checked in by camera while online; then
// the browser goes offline, two people are checked in by typed code and queued, the page is
// reloaded offline and still works (its service worker), and when the network returns the queue
// is sent: the server's muster shows all three with the times they were taken. A person already
// checked in at another point comes back as a conflict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { launchChromium, watchedPage } from './chromium.mjs';
import { startServer, cleanup, ADMIN_PASSWORD, root, makeIin } from '../api/harness.mjs';

const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });
const names = (n) => ({ kk: n, ru: n, en: n });
let server, admin, browser, dir, W, link;

// A y4m video (YUV 4:2:0, 640×480) whose every frame shows `text` as a QR code, black on white.
function qrVideo(text, file) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size, width = 640, height = 480, quiet = 4;
  const scale = Math.floor(Math.min(width, height) / (n + 2 * quiet));
  assert.ok(scale >= 4, `the QR code (${n} modules) is large enough to read`);
  const left = Math.floor((width - n * scale) / 2), top = Math.floor((height - n * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c))
        for (let y = 0; y < scale; y++) luma.fill(16, (top + r * scale + y) * width + left + c * scale, (top + r * scale + y) * width + left + (c + 1) * scale);
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array(10).fill(frame)]));
}

async function made(res) {
  assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  server = await startServer();
  admin = await server.login();
  const city = await made(await admin.post('/api/v1/regions', { code: 'MB-CITY', level: 'city', name: names('Алматы') }));
  const region = await made(await admin.post('/api/v1/regions', { code: 'MB-1', level: 'district', parent_id: city.id, name: names('Медеу ауданы') }));
  const unit = await made(await admin.post('/api/v1/units', { name: 'Медеу жасағы', kind: 'territorial_troops', region_id: region.id, status: 'active' }));
  const point = await made(await admin.post('/api/v1/facilities', { name: '№ 25 мектеп', kind: 'education', region_id: region.id, location: { lat: 43.24, lon: 76.95 }, criticality: 2 }));
  const other = await made(await admin.post('/api/v1/facilities', { name: 'Медеу стадионы', kind: 'other', region_id: region.id, location: { lat: 43.16, lon: 77.06 }, criticality: 3 }));
  let k = 0;
  for (const [family, given] of [['Ахметов', 'Бауыржан'], ['Жұмабаева', 'Гүлнар'], ['Серіков', 'Данияр'], ['Тоқтарова', 'Мадина']]) {
    const p = await made(await admin.post('/api/v1/people', {
      family_name: family, given_name: given, birth_date: '1992-07-07', iin: makeIin(1992, 7, 7, 700 + ++k),
      region_id: region.id, status: 'reservist',
    }));
    await made(await admin.post(`/api/v1/people/${p.id}/memberships`, { unit_id: unit.id, position: 'rifleman', from: '2024-01-01' }));
  }
  const plan = await made(await admin.post('/api/v1/activation/plans', {
    name: 'Медеу жиыны', region_id: region.id, deadline_minutes: 360, messages: { kk: 'Жиын орнына келіңіз.' },
    units: [{ unit_id: unit.id, target: 4, assembly_facility_id: point.id }],
  }));
  const proposed = await made(await admin.post(`/api/v1/activation/plans/${plan.id}/activations`, { kind: 'exercise' }));
  const activation = await made(await admin.post(`/api/v1/activation/activations/${proposed.id}/approve`));
  const notices = (await admin.get(`/api/v1/activation/activations/${activation.id}/notices`)).body.items;
  assert.equal(notices.length, 4);
  W = { point, other, activation, notices };

  dir = mkdtempSync(join(tmpdir(), 'qorgan-muster-'));
  const video = join(dir, 'notice-qr.y4m');
  qrVideo(notices[0].token, video);
  link = await relay(server.port);
  browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`]);
});

after(async () => {
  await browser?.close();
  await link?.close();
  await server?.stop();
  if (server) cleanup(server);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The browser reaches the server through this relay, so that an outage can be real: `cut()`
// resets every open connection and refuses new ones until `mend()`. (Chromium's offline
// emulation alone, which the test also uses for navigator.onLine, has let a request of the
// service-worker-controlled page through under load.)
async function relay(port) {
  const open = new Set();
  let down = false;
  const r = net.createServer((inbound) => {
    if (down) { inbound.resetAndDestroy(); return; }
    const outbound = net.connect(port, '127.0.0.1');
    open.add(inbound).add(outbound);
    const drop = () => { open.delete(inbound); open.delete(outbound); inbound.destroy(); outbound.destroy(); };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise((ok) => r.listen(0, '127.0.0.1', ok));
  return {
    base: `http://127.0.0.1:${r.address().port}`,
    cut() { down = true; for (const s of open) s.resetAndDestroy(); open.clear(); },
    mend() { down = false; },
    close: () => new Promise((ok) => { for (const s of open) s.destroy(); r.close(ok); }),
  };
}

const text = async (page, id) => (await page.locator(`#${id}`).textContent()).trim();
async function waitText(page, id, expected) {
  await page.waitForFunction(([i, e]) => document.getElementById(i)?.textContent.trim() === e, [id, expected], { timeout: 20000 });
}

test('check-in by camera online, by typed code offline, a reload offline, the queue sent when back online', async () => {
  const { context, page, problems } = await watchedPage(browser, { locale: 'en-US', timezoneId: 'Asia/Almaty' });
  await context.grantPermissions(['camera'], { origin: link.base });
  // Signed out, the page asks for sign-in and comes back; the facility's page links to it.
  await page.goto(`${link.base}/muster/${W.point.id}`);
  assert.match(page.url(), /\/console\/login\?next=%2Fmuster%2F/);
  await page.getByLabel('Login').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(new RegExp(`/muster/${W.point.id}$`));
  await page.goto(`${link.base}/console/facilities/${W.point.id}`);
  await page.getByRole('link', { name: 'Check-in page (works offline)' }).click();
  await page.waitForURL(new RegExp(`/muster/${W.point.id}$`));
  await page.locator('#muster[data-ready="yes"][data-offline-ready="yes"]').waitFor({ timeout: 20000 });
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Check-in at the assembly point: № 25 мектеп');
  assert.equal(await text(page, 'muster-expected'), '4');
  assert.equal(await text(page, 'muster-arrived'), '0');
  const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
  assert.equal((await (await fetch(server.base + manifest)).json()).scope, '/muster/');

  // The camera shows the first notice's QR code: checked in and sent at once.
  await page.getByRole('button', { name: 'Scan the QR code' }).click();
  await waitText(page, 'muster-arrived', '1');
  await waitText(page, 'muster-queued', '0');
  const first = W.notices[0];
  await page.getByRole('row', { name: new RegExp(first.person_name) }).getByText('Checked in').waitFor();
  await page.getByRole('button', { name: 'Stop the camera' }).click();
  let server1 = (await admin.get(`/api/v1/activation/activations/${W.activation.id}/notices?status=arrived`)).body.items;
  assert.deepEqual(server1.map((n) => n.id), [first.id]);
  assert.equal(server1[0].arrived_facility_id, W.point.id);
  await page.screenshot({ path: join(artifacts, 'muster-online.png'), fullPage: true });

  // Offline: two people by typed code, queued on the device with the time they were taken.
  link.cut();
  await context.setOffline(true);
  await page.getByText('Offline: check-ins are kept on this device').waitFor();
  const taken = {};
  const code = page.getByLabel('Code from the notice');
  for (const n of W.notices.slice(1, 3)) {
    const from = Date.now();
    await code.fill(n.code.toLowerCase());
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByText(`${n.person_name} checked in at`).waitFor();
    taken[n.id] = [from, Date.now()];
    await page.waitForTimeout(1100);
  }
  await waitText(page, 'muster-queued', '2');
  await waitText(page, 'muster-arrived', '3');
  // A mistyped code is refused on the device and not queued.
  await code.fill('ABC');
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await page.getByText('A code is 8 letters and digits').waitFor();
  assert.equal(await text(page, 'muster-queued'), '2');

  // Meanwhile the fourth person is checked in at the other point; this device does not know.
  const fourth = W.notices[3];
  await made(await admin.post(`/api/v1/activation/activations/${W.activation.id}/check-ins`, { code: fourth.code, facility_id: W.other.id }));
  await code.fill(fourth.code);
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await waitText(page, 'muster-queued', '3');

  // Reloaded offline: the service worker answers the page, IndexedDB keeps the list and the queue.
  await page.reload();
  await page.locator('#muster[data-ready="yes"]').waitFor({ timeout: 20000 });
  assert.equal(await text(page, 'muster-expected'), '4');
  assert.equal(await text(page, 'muster-queued'), '3');
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null && performance.getEntriesByType('navigation')[0].workerStart > 0),
    'the service worker answered the reload');
  await page.getByRole('row', { name: new RegExp(W.notices[1].person_name) }).getByText('Arrived, not sent yet').waitFor();
  assert.equal((await admin.get(`/api/v1/activation/activations/${W.activation.id}/notices?status=arrived`)).body.items.length, 2,
    'nothing reached the server while offline');
  await page.screenshot({ path: join(artifacts, 'muster-offline.png'), fullPage: true });
  await page.waitForTimeout(1500);
  const online = Date.now();

  // Back online: the queue is sent; the conflict is shown.
  link.mend();
  await context.setOffline(false);
  await waitText(page, 'muster-queued', '0');
  const conflict = page.locator('#muster-problems li[data-outcome="conflict"]');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), new RegExp(`${fourth.person_name}.*conflict: already checked in at another point`));
  await page.getByRole('row', { name: new RegExp(fourth.person_name) }).getByText('Checked in at another point').waitFor();
  assert.equal(await text(page, 'muster-arrived'), '3');
  await page.screenshot({ path: join(artifacts, 'muster-sent.png'), fullPage: true });

  const muster = (await admin.get(`/api/v1/activation/muster/${W.point.id}`)).body;
  const here = muster.activations[0].people.filter((p) => p.arrived_facility_id === W.point.id);
  assert.deepEqual(here.map((p) => p.notice_id).sort(), W.notices.slice(0, 3).map((n) => n.id).sort());
  for (const n of W.notices.slice(1, 3)) {
    const p = here.find((x) => x.notice_id === n.id);
    const at = Date.parse(p.arrived_at);
    assert.ok(at >= taken[n.id][0] - 1000 && at <= taken[n.id][1] + 1000 && at < online,
      `${n.person_name}: arrived at ${p.arrived_at}, taken between ${new Date(taken[n.id][0]).toISOString()} and ${new Date(taken[n.id][1]).toISOString()}, sent after ${new Date(online).toISOString()}`);
  }
  const fourthNow = muster.activations[0].people.find((p) => p.notice_id === fourth.id);
  assert.equal(fourthNow.arrived_facility_id, W.other.id, 'the first check-in stands');
  assert.deepEqual(problems, []);
  await context.close();
});
