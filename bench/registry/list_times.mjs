// Times page 1 and the next page of the 32 people lists (4 sorts both ways x a status or not x a
// skill or not) of each region given ("all": everyone), one request at a time, and prints each
// region's worst and median and the lists above 100 ms. A server signed in as
// bench/registry/signed_in_server.sh starts one.
// Usage: node bench/registry/list_times.mjs BASE_URL TOKEN REGION...
const [base, token, ...regions] = process.argv.slice(2);
const get = async (q) => {
  const t = performance.now();
  const r = await fetch(`${base}/api/v1/people?${q}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await r.json().catch(() => ({}));
  return { ms: performance.now() - t, status: r.status, next: body.next_cursor };
};
for (const region of regions) {
  const rows = [];
  for (const sort of ['name', 'birth_date', 'created_at', 'id'])
    for (const dir of ['', '-'])
      for (const status of ['', '&status=active'])
        for (const skill of ['', '&skill=medic']) {
          const q = `${region === 'all' ? '' : `region=${region}&`}limit=50&sort=${dir}${sort}${status}${skill}`;
          const a = await get(q);
          const b = a.next ? await get(`${q}&cursor=${encodeURIComponent(a.next)}`) : null;
          rows.push({ q, a, b });
        }
  const times = rows.flatMap((r) => [r.a.ms, ...(r.b ? [r.b.ms] : [])]);
  const bad = rows.filter((r) => r.a.status !== 200 || (r.b && r.b.status !== 200));
  const slow = rows.filter((r) => Math.max(r.a.ms, r.b?.ms ?? 0) > 100);
  console.log(`region ${region}: ${times.length} requests, worst ${Math.max(...times).toFixed(0)} ms, ` +
    `median ${times.sort((x, y) => x - y)[times.length >> 1].toFixed(0)} ms, ${bad.length} not 200`);
  for (const r of slow) console.log(`  ${r.q}: ${r.a.ms.toFixed(0)} / ${r.b ? r.b.ms.toFixed(0) : '-'} ms (${r.a.status}${r.b ? '/' + r.b.status : ''})`);
}
