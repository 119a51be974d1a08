#!/bin/sh
# make bench, batch part: `mlpsdoc batch` on UNITS generated units (scripts/make-units.py,
# default 1000) with the default plan: documents/s, latency per document (median, p99), peak
# RSS of the whole run, a no-change re-run, where the time goes. Prints figures, asserts
# nothing. The units are generated once into $BUILD/bench-units-UNITS.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BIN="$BUILD/mlpsdoc"
UNITS=${UNITS:-1000}
J=${JOBS:-$(nproc)}
U="$BUILD/bench-units-$UNITS"
mkdir -p "$BUILD"
# the outputs beside the units, not in /tmp: on this VM, after /tmp had seen many files deleted,
# creating a file there took 850 µs against 15 µs under build/ (BENCHMARKS.md, 16th session)
W=$(mktemp -d "$BUILD/bench-run.XXXXXX")
trap 'rm -rf "$W"' EXIT

# made again when the generator or the samples it copies systems from have changed
stale=$(find scripts/make-units.py samples -maxdepth 1 -newer "$U/.done" 2>/dev/null | head -n 1)
if [ ! -f "$U/.done" ] || [ -n "$stale" ]; then
    rm -rf "$U"
    python3 scripts/make-units.py -n "$UNITS" "$U"
    touch "$U/.done"
fi
echo "== mlpsdoc batch: $UNITS units, $(ls "$U" | grep -c '\.png$') systems, default plan, -j $J" \
     "(load average before: $(cut -d' ' -f1-3 /proc/loadavg))"

run() { # run NAME ARGS...: one batch, its report in $W/NAME.json, wall s and peak RSS in $W/NAME.time
    n=$1
    shift
    /usr/bin/time -f "%e %M %U %S" -o "$W/$n.time" "$BIN" batch --no-progress -j "$J" -o "$W/out" \
        --report "$W/$n.json" "$@" >/dev/null 2>"$W/$n.err" || tail -5 "$W/$n.err"
}

run cold "$U"
sleep 2 # files written in the last 2 s are hashed again (batch_hashes.h): let the set settle
run again "$U"
run again2 "$U"
run again3 "$U"

python3 - "$W" <<'PY'
import json, sys, statistics
w = sys.argv[1]
def load(n):
    r = json.load(open(f"{w}/{n}.json"))
    wall, rss, user, sys_ = open(f"{w}/{n}.time").read().split()
    return r, float(wall), int(rss), float(user) + float(sys_)
r, wall, rss, cpu = load("cold")
s = r["summary"]
built = [o for o in r["outputs"] if o["status"] == "built"]
ms = sorted(o["ms"] for o in built)
pages = sum(o["pages"] for o in built)
mb = sum(o["bytes"] for o in built) / 1e6
def pct(p):
    return ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))] if ms else 0
print(f"  full run: {s['built']} documents ({pages} pages, {mb:.0f} MB) in {s['seconds']:.2f} s "
      f"(process {wall:.2f} s): {s['built'] / s['seconds']:.0f} documents/s   (target >= 500 on 2 cores)")
cores = s["jobs"]
print(f"  CPU time {cpu:.1f} s = {1000 * cpu / max(1, s['built']):.1f} ms of CPU per document: on {cores} idle "
      f"cores that is about {cores * max(1, s['built']) / cpu:.0f} documents/s (the machine is shared: the "
      f"wall-clock rate above depends on the others' load, this does not)")
print(f"  failed {s['failed']}, units failed {s['units_failed']}; setup (fonts, plan entries, hashes; the model and templates load with the first unit) "
      f"{s['setup_seconds'] * 1000:.0f} ms")
print(f"  latency per document: median {statistics.median(ms):.1f} ms, p99 {pct(99):.1f} ms, "
      f"max {ms[-1]:.1f} ms (with {s['jobs']} workers sharing the cores)")
print(f"  peak RSS of the whole run: {rss / 1024:.1f} MiB   (target < 100 MiB whatever the number of units)")
ph = r["phases_ms"]
top = {k: v for k, v in ph.items() if not k.startswith("render_")}
tot = sum(top.values()) or 1
print("  where the time goes (ms summed over workers): " +
      ", ".join(f"{k} {v / 1000:.1f} s ({100 * v / tot:.0f}%)" for k, v in top.items()))
parts = {k[len("render_"):]: v for k, v in ph.items() if k.startswith("render_")}
ptot = sum(parts.values()) or 1
if parts:
    print(f"  render by part (CPU of the workers, {ptot / max(1, s['built']):.1f} ms per document): " +
          ", ".join(f"{k} {v / max(1, s['built']):.1f} ms ({100 * v / ptot:.0f}%)" for k, v in parts.items()))
kinds = {}
for o in built:
    kinds.setdefault(o["document"], []).append(o)
print("  by document (worker ms per document, median; share of the workers' time):")
for k, os_ in sorted(kinds.items(), key=lambda kv: -sum(o["ms"] for o in kv[1])):
    kms = sorted(o["ms"] for o in os_)
    print(f"    {k:<20} {len(os_):6d} documents, {sum(o['pages'] for o in os_) / len(os_):5.1f} pages, "
          f"{sum(o['bytes'] for o in os_) / len(os_) / 1024:4.0f} KB, median {statistics.median(kms):5.1f} ms, "
          f"{100 * sum(kms) / max(1e-9, sum(ms)):3.0f}%")
walls = []
for n in ("again", "again2", "again3"):
    r, wall, rss, cpu = load(n)
    s = r["summary"]
    walls.append(wall)
    print(f"  no-change re-run: {s['skipped']} skipped, {s['built']} built in {s['seconds'] * 1000:.0f} ms "
          f"(process {wall * 1000:.0f} ms wall, CPU {cpu * 1000:.0f} ms, peak RSS {rss / 1024:.1f} MiB; "
          f"setup {s['setup_seconds'] * 1000:.0f} ms, deciding {r['phases_ms']['up_to_date']:.0f} CPU-ms, "
          f"start and exit {(wall - s['seconds']) * 1000:.0f} ms)")
print(f"  no-change re-run of {s['units']} units: median {statistics.median(walls) * 1000:.0f} ms wall   (target < 1 s)")
PY
echo "  (load average after: $(cut -d' ' -f1-3 /proc/loadavg); the machine is shared: figures vary with it)"

# Instructions do not depend on the machine's load: the first CG_UNITS units, one worker,
# under callgrind (about a minute).
CG_UNITS=${CG_UNITS:-3}
if command -v valgrind >/dev/null 2>&1 && [ "$CG_UNITS" -gt 0 ]; then
    mkdir -p "$W/cg-units"
    for f in $(ls "$U" | grep '\.xml$' | head -n "$CG_UNITS"); do
        cp "$U/${f%.xml}"* "$W/cg-units/"
    done
    valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" "$BIN" batch --no-progress -j 1 \
        -o "$W/cg-out" --report "$W/cg.json" "$W/cg-units" >/dev/null 2>&1
    docs=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"]["built"])' "$W/cg.json")
    callgrind_annotate --inclusive=yes "$W/cg.out" 2>/dev/null | awk -v docs="$docs" -v units="$CG_UNITS" '
        /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
        /:mlps_render_document / && !doc { gsub(",", "", $1); doc = $1 }
        END { if (docs > 0) printf "  instructions (callgrind, %d units, %d documents, -j 1): %.1f M per document in all " \
              "(setup and the units'"'"' data included), %.1f M per document to make it\n", units, docs,
              total / docs / 1e6, doc / docs / 1e6 }'
fi
