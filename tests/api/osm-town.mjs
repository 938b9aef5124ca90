// A hand-made OpenStreetMap town for the evacuation tests: no extract needed.

// A town of n x n junctions 100 m apart in Almaty: residential streets, a block of flats beside
// every other junction, a school in the north-east corner.
export function osmTown(n) {
  const lat0 = 43.24, lon0 = 76.90, dlat = 0.0009, dlon = 0.00123;
  const id = (i, j) => 1000 + j * n + i;
  const out = ["<?xml version='1.0' encoding='UTF-8'?>", '<osm version="0.6">'];
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) out.push(`<node id="${id(i, j)}" lat="${(lat0 + j * dlat).toFixed(7)}" lon="${(lon0 + i * dlon).toFixed(7)}"/>`);
  let way = 1, node = 900000;
  for (let j = 0; j < n; j++)
    out.push(`<way id="${way++}">${Array.from({ length: n }, (_, i) => `<nd ref="${id(i, j)}"/>`).join('')}<tag k="highway" v="residential"/><tag k="name" v="Row ${j}"/></way>`);
  for (let i = 0; i < n; i++)
    out.push(`<way id="${way++}">${Array.from({ length: n }, (_, j) => `<nd ref="${id(i, j)}"/>`).join('')}<tag k="highway" v="residential"/></way>`);
  for (let j = 0; j < n; j += 2)
    for (let i = 0; i < n; i += 2) {
      const la = lat0 + j * dlat + 0.0002, lo = lon0 + i * dlon + 0.0002, first = node;
      for (const [a, b] of [[0, 0], [0.00018, 0], [0.00018, 0.00025], [0, 0.00025]])
        out.push(`<node id="${node++}" lat="${(la + a).toFixed(7)}" lon="${(lo + b).toFixed(7)}"/>`);
      out.push(`<way id="${way++}">${[0, 1, 2, 3, 0].map((k) => `<nd ref="${first + k}"/>`).join('')}<tag k="building" v="apartments"/></way>`);
    }
  out.push(`<node id="${node++}" lat="${(lat0 + (n - 1) * dlat + 0.0001).toFixed(7)}" lon="${(lon0 + (n - 1) * dlon).toFixed(7)}"><tag k="amenity" v="school"/><tag k="name" v="School 7"/></node>`);
  out.push('</osm>');
  return out.join('\n');
}
