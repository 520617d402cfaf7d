#!/usr/bin/env bash
# Run botch (the Debian bootstrap toolchain, `apt-get install botch`) on the
# same archive indexes that strap imports, and extract the figures that
# docs/debian.md sets beside strap's.  Not run by CI: botch-native takes
# about half an hour on a 2-core machine, the stage1 graph another quarter.
#
# Usage:
#   scripts/botch-figures.sh run       # botch-native on Packages + Sources (long: nohup … &)
#   scripts/botch-figures.sh stage1    # botch's build and source graph again, with the
#                                      # stage1 build profile active in every source
#                                      # (needs a finished `run`)
#   scripts/botch-figures.sh figures   # the figures of the finished runs, as JSON
#   scripts/botch-figures.sh all       # run, stage1, figures
#
# Environment: ARCH (default amd64), DATA (default .cache/debian, holding
# Sources and Packages from scripts/fetch-debian.sh), OUT (default
# $DATA/botch).  `run` writes $OUT/native.{log,rc,time}, botch's outputs
# (buildgraph.xml, srcgraph.xml, stats.json, stats.html, remove.list,
# feedback_vertex_set.list, order1.lst, order2.lst, scc*.xml …) and keeps
# botch's intermediate files in $OUT/tmp (the available set, the sources left
# to compile).  `stage1` writes $OUT/stage1/.  `figures` writes
# $OUT/figures.json, which scripts/debian-figures.js reads.
#
# botch's graph tools do not evaluate build profiles: dose3 reads the
# restriction formulas with no profile active, i.e. a full build.  For the
# stage1 figure the Sources stanzas are rewritten with stage1 active (every
# alternative whose <…> formula is false is dropped, the formulas of the rest
# are removed), and botch-create-graph and botch-buildgraph2srcgraph run on
# that, with the same available set as the full run.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ARCH="${ARCH:-amd64}"
DATA="${DATA:-$ROOT/.cache/debian}"
OUT="${OUT:-$DATA/botch}"
MODE="${1:-all}"

need() { command -v "$1" >/dev/null || { echo "botch-figures: $1 not found (apt-get install botch)" >&2; exit 2; }; }

# `timed NAME cmd…`: run under GNU time -v (when present) into $OUT/NAME.time.
timed() {
  local name="$1"; shift
  if [ -x /usr/bin/time ]; then /usr/bin/time -v -o "$OUT/$name.time" "$@"; else "$@"; fi
}

run_native() {
  need botch-native
  [ -s "$DATA/Sources" ] && [ -s "$DATA/Packages" ] || {
    echo "botch-figures: $DATA/Sources or Packages missing; run scripts/fetch-debian.sh" >&2; exit 2; }
  mkdir -p "$OUT"
  rm -rf "$OUT/tmp"; mkdir -p "$OUT/tmp"
  rm -f "$OUT/native.rc"
  echo "botch-figures: botch-native $ARCH (log: $OUT/native.log)" >&2
  set +e
  # -T: time every step; -t: keep the intermediate files in $OUT/tmp.
  timed native botch-native -T -t "$OUT/tmp" -o "$OUT" \
    "$ARCH" "$DATA/Packages" "$DATA/Sources" >"$OUT/native.out" 2>"$OUT/native.log"
  local rc=$?
  set -e
  echo "$rc" > "$OUT/native.rc"
  echo "botch-figures: botch-native exited $rc" >&2
  return "$rc"
}

# Rewrite a Sources file with the given build profiles active.
profile_sources() { # in out profiles
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys
src, dst, profiles = sys.argv[1], sys.argv[2], set(p for p in sys.argv[3].split(',') if p)
FIELDS = ('build-depends', 'build-depends-arch', 'build-depends-indep')
restr = re.compile(r'<([^<>]*)>')
paren = re.compile(r'\([^)]*\)')   # version constraints: (<< 1.0) must not look like <…>

def restrictions(alt):
    """The <…> formulas of one alternative, as (start, end, terms), outside (…)."""
    masked = paren.sub(lambda m: 'X' * len(m.group(0)), alt)
    return [(m.start(), m.end(), m.group(1).split()) for m in restr.finditer(masked)]

def applies(lists):
    if not lists:
        return True
    for _, _, terms in lists:              # <a b> <c>: (a and b) or c
        if all(((t[1:] if t.startswith('!') else t) in profiles) != t.startswith('!') for t in terms):
            return True
    return False

had = False
def rewrite(value):
    global had
    groups = []
    for g in value.split(','):
        kept = []
        for a in (x.strip() for x in g.split('|')):
            if not a:
                continue
            lists = restrictions(a)
            if lists:
                had = True
            if not applies(lists):
                continue
            for start, end, _ in reversed(lists):
                a = a[:start] + a[end:]
            kept.append(re.sub(r'\s+', ' ', a).strip())
        if kept:
            groups.append(' | '.join(kept))
    return ', '.join(groups)

out = open(dst, 'w', encoding='utf-8', errors='surrogateescape')
changed = 0
with open(src, encoding='utf-8', errors='surrogateescape') as f:
    stanza = []
    def flush():
        global changed, had
        fields = []  # (name, value-lines)
        for line in stanza:
            if line[:1] in (' ', '\t') and fields:
                fields[-1][1].append(line)
            else:
                fields.append([line.split(':', 1)[0], [line]])
        for name, lines in fields:
            if name.lower() in FIELDS:
                text = ''.join(lines)
                value = text.split(':', 1)[1].replace('\n', ' ')
                had = False
                new = rewrite(value)
                if had:
                    changed += 1
                out.write(f'{name}: {new}\n')
            else:
                out.write(''.join(lines))
    for line in f:
        if line.strip() == '':
            if stanza:
                flush(); stanza = []
            out.write('\n')
        else:
            stanza.append(line)
    if stanza:
        flush()
out.close()
print(f'profile_sources: {src} -> {dst} with {sorted(profiles)} active; {changed} fields had restrictions', file=sys.stderr)
PY
}

run_stage1() {
  need botch-create-graph
  [ -s "$OUT/buildgraph.xml" ] && [ -s "$OUT/tmp/available" ] && [ -s "$OUT/tmp/tocompile" ] || {
    echo "botch-figures: run '$0 run' first (needs $OUT/buildgraph.xml and $OUT/tmp)" >&2; exit 2; }
  local S="$OUT/stage1"
  mkdir -p "$S"
  profile_sources "$DATA/Sources" "$S/Sources" stage1
  profile_sources "$OUT/tmp/tocompile" "$S/tocompile" stage1
  local U=(--deb-native-arch="$ARCH" --bg "$S/Sources" "$DATA/Packages" "$S/tocompile")
  echo "botch-figures: stage1 build graph (log: $S/stage1.log)" >&2
  timed stage1-create-graph botch-create-graph --deb-ignore-essential --timers \
    -A "$OUT/tmp/available" "${U[@]}" > "$S/buildgraph.xml" 2> "$S/stage1.log"
  timed stage1-srcgraph botch-buildgraph2srcgraph "$S/buildgraph.xml" "${U[@]}" \
    > "$S/srcgraph.xml" 2>> "$S/stage1.log"
  echo "botch-figures: stage1 graphs written to $S" >&2
}

figures() {
  need python3
  [ -s "$OUT/srcgraph.xml" ] || { echo "botch-figures: $OUT/srcgraph.xml missing; run '$0 run' first" >&2; exit 2; }
  python3 - "$OUT" "$DATA" "$ARCH" <<'PY' | tee "$OUT/figures.json"
import json, os, re, subprocess, sys
import xml.etree.ElementTree as ET

out, data, arch = sys.argv[1], sys.argv[2], sys.argv[3]
G = '{http://graphml.graphdrawing.org/xmlns}'

def read_graphml(path):
    """Nodes (id -> attrs) and edges (src, dst, attrs) of a GraphML file, streamed."""
    keys, nodes, edges = {}, {}, []
    for ev, el in ET.iterparse(path, events=('end',)):
        tag = el.tag[len(G):] if el.tag.startswith(G) else el.tag
        if tag == 'key':
            keys[(el.get('for'), el.get('id'))] = el.get('attr.name')
        elif tag == 'node':
            attrs = {keys.get(('node', d.get('key')), d.get('key')): d.text or '' for d in el.findall(G + 'data')}
            nodes[el.get('id')] = attrs
            el.clear()
        elif tag == 'edge':
            attrs = {keys.get(('edge', d.get('key')), d.get('key')): d.text or '' for d in el.findall(G + 'data')}
            edges.append((el.get('source'), el.get('target'), attrs))
            el.clear()
    return nodes, edges

def scc(nodes, edges):
    """Iterative Tarjan. Returns the list of components (lists of node ids)."""
    adj = {v: [] for v in nodes}
    for s, t, _ in edges:
        adj[s].append(t)
    index, low, on, stack, comps = {}, {}, set(), [], []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(adj[root]))]
        index[root] = low[root] = counter; counter += 1
        stack.append(root); on.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter; counter += 1
                    stack.append(w); on.add(w)
                    work.append((w, iter(adj[w])))
                    break
                elif w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop(); on.discard(w); comp.append(w)
                        if w == v:
                            break
                    comps.append(comp)
    return comps, adj

def is_src(attrs):
    return attrs.get('kind') == 'SrcPkg' or attrs.get('type') == 'src'

def name_of(attrs):
    n = attrs.get('name') or attrs.get('cudfname') or '?'
    return n.split(':')[0] if ':' in n and not n.startswith('src:') else n.replace('src:', '')

def graph_figures(path, with_hubs=False):
    nodes, edges = read_graphml(path)
    comps, adj = scc(nodes, edges)
    nt = [c for c in comps if len(c) > 1 or c[0] in adj[c[0]]]
    src_sizes = sorted((sum(1 for v in c if is_src(nodes[v])) for c in nt), reverse=True)
    largest = max(nt, key=len) if nt else []
    largest_src = sorted(name_of(nodes[v]) for v in largest if is_src(nodes[v]))
    f = {
        'vertices': len(nodes),
        'sourceVertices': sum(1 for a in nodes.values() if is_src(a)),
        'edges': len(edges),
        'nonTrivial': len(nt),
        'selfLoopsOnly': sum(1 for c in nt if len(c) == 1),
        'largest': len(largest),
        'largestSources': len(largest_src),
        'sourcesInCycles': sum(src_sizes),
        'topSizes': src_sizes[:10],
        'kinds': {},
    }
    for a in nodes.values():
        k = a.get('kind') or a.get('type') or '?'
        f['kinds'][k] = f['kinds'].get(k, 0) + 1
    ek = {}
    for _, _, a in edges:
        k = a.get('kind', 'builddep')
        ek[k] = ek.get(k, 0) + 1
    f['edgeKinds'] = ek
    if with_hubs and largest:
        inside = set(largest)
        indeg = {v: 0 for v in largest}
        outdeg = {v: 0 for v in largest}
        for s, t, _ in edges:
            if s in inside and t in inside and s != t:
                outdeg[s] += 1; indeg[t] += 1
        key = lambda d: lambda v: (-d[v], name_of(nodes[v]))
        f['hubs'] = {
            'byIn': [{'name': name_of(nodes[v]), 'in': indeg[v]} for v in sorted(largest, key=key(indeg))[:15]],
            'byOut': [{'name': name_of(nodes[v]), 'out': outdeg[v]} for v in sorted(largest, key=key(outdeg))[:15]],
        }
        f['largestSourcesList'] = largest_src
    return f

def deb_names(path, field='Package'):
    if not os.path.exists(path):
        return None
    names = set()
    with open(path, encoding='utf-8', errors='replace') as fh:
        for line in fh:
            if line.startswith(field + ':'):
                names.add(line.split(':', 1)[1].strip())
    return sorted(names)

def count_arch_all(path):
    n = 0
    with open(path, encoding='utf-8', errors='replace') as fh:
        for line in fh:
            if line.startswith('Architecture: all'):
                n += 1
    return n

def time_of(name):
    p = os.path.join(out, name + '.time')
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        return None, None
    t = open(p).read()
    wall = re.search(r'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)', t)
    rss = re.search(r'Maximum resident set size \(kbytes\): (\d+)', t)
    secs = None
    if wall:
        parts = [float(x) for x in wall.group(1).split(':')]
        secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return secs, (int(rss.group(1)) / 1024 if rss else None)

def cpu_of(name):
    p = os.path.join(out, name + '.time')
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        return None
    t = open(p).read()
    u = re.search(r'User time \(seconds\): ([\d.]+)', t)
    s = re.search(r'System time \(seconds\): ([\d.]+)', t)
    return (float(u.group(1)) + float(s.group(1))) if u and s else None

def lines(path):
    if not os.path.exists(path):
        return []
    return [l.strip() for l in open(path, encoding='utf-8', errors='replace') if l.strip()]

tmp = os.path.join(out, 'tmp')
F = {'arch': arch}
try:
    F['version'] = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'botch'], capture_output=True, text=True).stdout.strip() or '?'
except Exception:
    F['version'] = '?'
rc = os.path.join(out, 'native.rc')
F['exitCode'] = int(open(rc).read().strip()) if os.path.exists(rc) else None
F['wallSeconds'], F['maxRssMB'] = time_of('native')
F['cpuSeconds'] = cpu_of('native')
F['sourcesInArchive'] = len(deb_names(os.path.join(data, 'Sources')) or [])
avail = os.path.join(tmp, 'available')
F['availableBinaries'] = len(deb_names(avail) or [])
F['availableArchAll'] = count_arch_all(os.path.join(tmp, 'available-all')) if os.path.exists(os.path.join(tmp, 'available-all')) else None
F['minimalSources'] = len(deb_names(os.path.join(tmp, 'minimal-src')) or [])
F['minimalBinaries'] = len(deb_names(os.path.join(tmp, 'minimal-' + arch)) or [])
comp = deb_names(os.path.join(tmp, 'compilable-src'))
left = deb_names(os.path.join(tmp, 'tocompile'))
if comp is not None and left is not None:
    total = F['sourcesInArchive']
    F['compilableByFixpoint'] = len(comp)
    F['fixpoint'] = {
        'toCompile': len(comp) + len(left),
        'compilable': len(comp),
        'notCompilable': len(left),
        # sources whose binaries are all available, or built by the fixpoint
        'percent': 100.0 * (total - len(left)) / total if total else None,
    }
F['buildgraph'] = graph_figures(os.path.join(out, 'buildgraph.xml'))
F['srcgraph'] = graph_figures(os.path.join(out, 'srcgraph.xml'), with_hubs=True)
F['hubs'] = F['srcgraph'].pop('hubs', None)
F['largestSourcesList'] = F['srcgraph'].pop('largestSourcesList', [])
st1 = os.path.join(out, 'stage1', 'srcgraph.xml')
if os.path.exists(st1) and os.path.getsize(st1) > 0:
    F['stage1'] = graph_figures(st1)
    F['stage1']['wallSeconds'] = sum(x for x in (time_of('stage1-create-graph')[0], time_of('stage1-srcgraph')[0]) if x)
# remove.list: "src:NAME dep1 dep2 …", the build dependencies to drop per source.
F['feedbackArcSet'] = lines(os.path.join(out, 'remove.list'))
F['feedbackArcSetEdges'] = sum(len(l.split()) - 1 for l in F['feedbackArcSet'])
F['feedbackVertexSet'] = sorted(set(re.sub(r'^src:', '', l.split()[0]) for l in lines(os.path.join(out, 'feedback_vertex_set.list'))))
F['sccFiles'] = lines(os.path.join(out, 'fas'))
stats = os.path.join(out, 'stats.json')
if os.path.exists(stats):
    try:
        s = json.load(open(stats))
        sccs = s['buildgraph']['sccs']
        big = max(sccs, key=lambda c: c['sg_vertex'])
        vname = lambda v: v[1][0] if v[0] == 'SrcPkg' else v[1][0][0]
        F['stats'] = {
            # print-stats works on the build graph minus botch's droppable lists
            'sccs': len(sccs),
            'largestVertices': big['sg_vertex'],
            'largestEdges': big['sg_edges'],
            'cyclesEnumerated': len(big['cycles']),
            'fasEdgesInLargest': sum(len(f[1]) for f in big['fas']),
            'type3SelfCycles': len(s['srcgraph'].get('type3cycles', [])),
            # edges on the most enumerated cycles: source -> installation set of a binary
            'cycleEdges': [{'source': vname(e[0][0]), 'needs': vname(e[0][1]), 'cycles': e[1]} for e in big['cycleedge'][:15]],
            # sources / binaries whose removal from a build dependency breaks the most cycles
            'ratioSource': [{'name': r[0][0], 'cycles': r[1], 'binaries': [b[0] for b in r[2]], 'neededBy': [x[0] for x in r[3]]} for r in big['ratio_source'][:15]],
            'ratioBinary': [{'name': r[0][0], 'cycles': r[1], 'neededBy': [x[0] for x in r[2]]} for r in big['ratio_binary'][:15]],
        }
    except Exception as e:
        F['stats'] = {'error': 'unreadable: %s' % e}
json.dump(F, sys.stdout, indent=1)
print()
PY
}

case "$MODE" in
  run) run_native ;;
  stage1) run_stage1 ;;
  figures) figures ;;
  all) run_native; run_stage1; figures ;;
  *) echo "usage: $0 run|stage1|figures|all" >&2; exit 2 ;;
esac
