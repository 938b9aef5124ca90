// What a reader of a Kazakh or Russian staff page would see left in English: the page's visible
// text (outside tags, scripts and <code>, plus the words of labelling attributes) and the Latin
// words in it that are not names, formats or data the tests store.

// What a reader sees: text outside tags, scripts and <code>, and the words of labelling
// attributes; entities decoded.
export function visibleText(html) {
  const attrs = [...html.matchAll(/\s(?:aria-label|title|placeholder|alt|data-label-light|data-label-dark)="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<script\b[\s\S]*?<\/script>/g, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    // Stored data, not interface: an audit entry's values before and after, and account logins.
    .replace(/<(del|ins)>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<td class="actor">[\s\S]*?<\/td>/g, ' ')
    // An alert's own texts in each of its languages (its review page shows all three).
    .replace(/<section class="alert-preview" lang="[a-z]{2}">[\s\S]*?<\/section>/g, ' ')
    // and the texts an update's form is prefilled with.
    .replace(/<textarea [^>]*name="(?:description|instruction)_[a-z]{2}"[^>]*>[\s\S]*?<\/textarea>/g, ' ')
    .replace(/<title>[\s\S]*?<\/title>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return [body, ...attrs].join(' ').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

// Latin words allowed on a Kazakh or Russian page: the product's name, formats, the zone label
// "UTC+5", the signed-in login, and data the tests themselves store (the town's street names, the
// region's English name), and the language switch's own "English".
export const allowed = new Set(['Qorgan', 'CSV', 'JSON', 'GeoJSON', 'HTML', 'UTF', 'API', 'OpenStreetMap', 'CCRP', 'JavaScript',
  'UTC', 'admin', 'English', 'Row', 'Zhetysu', 'Region', 'OSM', 'contributors', 'QR', 'SMS', 'CAP',
  'JPEG', 'PNG', 'WebP']);
export const latinWords = (text) => (text.match(/[A-Za-z][A-Za-z']*/g) || []).filter((w) => w.length > 1 && !allowed.has(w));
export const englishLeft = (html) => [...new Set(latinWords(visibleText(html)))];
