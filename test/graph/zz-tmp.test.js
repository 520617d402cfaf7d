// temporary: find a failing pair
const fs=require('fs');
let src=fs.readFileSync(__dirname+'/graph-patch.test.js','utf8');
src=src.replace(/for \(const withBinaries of \[false, true\]\) \{[\s\S]*$/,'');
src+=`
const { buildGraph: bg } = require('../../server/out/core/graph/build-graph.js');
for (const wb of [false,true]) {
fc.assert(fc.property(fc.tuple(...PACKAGES.map((p) => spec(p, wb))), edit, (start, e) => {
  const prev = [...start];
  reference([{name:'zzz'}]);
  bg(structuredClone(prev));
  const k = e.at % prev.length;
  const next = prev.map((s, j) => (j === k ? apply(s, e) : s));
  const g = bg(structuredClone(next));
  try { same(g, reference(next)); } catch (err) { console.log('PREV', JSON.stringify(prev)); console.log('NEXT', JSON.stringify(next)); console.log(err.message.slice(0,300)); throw err; }
}), { numRuns: 3000 });
}
`;
fs.writeFileSync('/tmp/s29/run.js', src.replace(/require\('\.\.\//g, "require('/work/wt/tail/test/").replace(/require\('\.\.\/\.\.\//g,"require('/work/wt/tail/"));
