#!/bin/sh
# make bench: speed, memory and size of `mlpsdoc typeset` on the anchor report
# (../shared/bench/anchor-report), next to the figures of RESULTS.md, the page and line
# fitting figures (cjkcheck --page-checks) of every sample and the anchor, then `mlpsdoc batch`
# on generated units (scripts/bench-batch.sh). Prints figures, asserts
# nothing. RUNS (hyperfine runs, default 20) and N (warm batch size, default 100) override.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BIN="$BUILD/mlpsdoc"
ANCHOR=../shared/bench/anchor-report
RUNS=${RUNS:-20}
N=${N:-100}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

python3 scripts/anchor2doc.py "$ANCHOR/data.json" "$W/anchor.xml" --expected "$W/expected.txt" \
    --reference "$ANCHOR/src/reference.txt"
echo "== mlpsdoc $("$BIN" --version | cut -d' ' -f2), anchor report ($(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"

echo "== whole process, one document (hyperfine, 3 warm-ups, $RUNS runs)"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$W/h.json" \
    "$BIN typeset $W/anchor.xml -o $W/x.pdf" >/dev/null 2>&1 ||
    hyperfine --warmup 3 --runs "$RUNS" --export-json "$W/h.json" \
        "$BIN typeset $W/anchor.xml -o $W/x.pdf" >/dev/null
python3 - "$W/h.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
ms = lambda s: "%.1f ms" % (s * 1000)
print("  median %s  mean %s ± %s  min %s  max %s   (target < 17 ms; Typst 180 ms, XeLaTeX 1116 ms)"
      % (ms(r["median"]), ms(r["mean"]), ms(r["stddev"] or 0), ms(r["min"]), ms(r["max"])))
EOF

echo "== warm batch: one process, fonts loaded once, read + lay out + write the document $N times"
echo "  -- one thread (latency of one document):"
"$BIN" typeset "$W/anchor.xml" -o "$W/y.pdf" --repeat "$N" | sed 's/^/  /'
J=$(nproc)
echo "  -- $J threads sharing the fonts (wall_ms_per_doc = elapsed time / $N: throughput):"
"$BIN" typeset "$W/anchor.xml" -o "$W/y.pdf" --repeat "$N" --jobs "$J" | sed 's/^/  /'
echo "  (target < 4 ms/doc; Typst 44 ms/doc, one document at a time)"

if command -v valgrind >/dev/null 2>&1; then
    echo "== instructions, one document (callgrind: exact, unlike times on a shared machine)"
    valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" "$BIN" typeset "$W/anchor.xml" \
        -o "$W/x.pdf" >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$W/cg.out" 2>/dev/null | awk '
        /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
        /:mlps_layout_doc / && !lay { gsub(",", "", $1); lay = $1 }
        /:mlps_para_layout / && !para { gsub(",", "", $1); para = $1 }
        END { printf "  %.2f M in all; layout %.2f M, of which paragraphs %.2f M\n", total / 1e6, lay / 1e6, para / 1e6 }'
fi

echo "== peak RSS, one document (GNU time, median of 3)"
for i in 1 2 3; do
    /usr/bin/time -f "%M" -a -o "$W/rss.txt" "$BIN" typeset "$W/anchor.xml" -o "$W/x.pdf"
done
sort -n "$W/rss.txt" | sed -n 2p | awk '{printf "  %.1f MiB (%d KiB)   (target < 28 MiB; Typst 111 MiB)\n", $1 / 1024, $1}'
/usr/bin/time -f "%M" -o "$W/rss100.txt" "$BIN" typeset "$W/anchor.xml" -o "$W/y.pdf" --repeat "$N" >/dev/null
awk -v n="$N" '{printf "  warm process after %d documents: %.1f MiB\n", n, $1 / 1024}' "$W/rss100.txt"

echo "== PDF size"
python3 - "$W/x.pdf" <<'EOF'
import json, os, subprocess, sys
pdf = sys.argv[1]
size = os.path.getsize(pdf)
out = subprocess.run(["qpdf", "--json", "--json-key=qpdf", pdf], capture_output=True, text=True).stdout
objs = json.loads(out)["qpdf"][1]
refs = set()
for o in objs.values():
    v = o.get("value")
    if isinstance(v, dict) and v.get("/Type") == "/FontDescriptor":
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in v:
                refs.add(v[key])
def length(r):
    n = objs["obj:" + r]["stream"]["dict"].get("/Length", 0)
    return int(objs["obj:" + n]["value"]) if isinstance(n, str) else int(n)  # may be indirect
total = sum(length(r) for r in refs)
print("  %d bytes; embedded font programs %d bytes (%d fonts); everything else %d bytes"
      % (size, total, len(refs), size - total))
print("  (target <= 193,896 bytes (XeLaTeX) with <= 10 KB beyond the font programs)")
EOF

echo "== cjkcheck (--just-tol 0.5)"
python3 ../shared/tools/cjkcheck/cjkcheck.py "$W/x.pdf" --expected "$W/expected.txt" --just-tol 0.5 \
    --json-out "$W/r.json" >/dev/null 2>&1 || true
python3 - "$W/r.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
g, j, lb, t = r["grid"], r["justification"], r["line_breaking"], r["text_fidelity"]
print("  pages %d, fonts embedded/subset/ToUnicode %s/%s/%s, qpdf clean %s, pdftotext warnings %d"
      % (r["pdf"]["pages"], r["pdf"]["fonts"]["all_embedded"], r["pdf"]["fonts"]["all_subset"],
         r["pdf"]["fonts"]["all_tounicode"], r["pdf"]["qpdf_check"]["clean"], len(r["pdf"]["pdftotext_warnings"] or [])))
print("  line-start %d, line-end %d, unbreakable splits %d"
      % (lb["line_start_violations"], lb["line_end_violations"], lb["unbreakable_splits"]))
print("  justified: right-edge dev max %s pt, off > tol %s; left-edge dev max %s pt"
      % (j["right_edge_dev_max_pt"], j["lines_off_by_more_than_tol"], j["left_edge_dev_max_pt"]))
print("  body lines/page %s (median %s), pitch %s pt, chars/full line %s"
      % (g["body_lines_per_page"], g["body_lines_per_page_median"], g["line_pitch_pt"], g["chars_per_full_line_median"]))
tb = r["text_block"]
print("  margins L %s / R %s mm, top %s mm; outside text area %s"
      % (tb["left_margin_mm"], tb["right_margin_mm"], tb["top_of_text_mm_median"], r["overflow"]["words_outside_text_area"]))
print("  text (pdftotext default order): missing %s, extra %s"
      % (t["missing_chars"], t["extra_chars"]))
print("  page numbers %s/%s, odd-right/even-left %s"
      % (r["page_numbers"]["pages_with_number"], r["pdf"]["pages"], r["page_numbers"]["parity_violations"] == 0))
print("  problems: %s" % (r["summary"]["problems"] or "none"))
EOF

echo "== page and line fitting (cjkcheck --page-checks): ls = letter-spaced lines (> 0.1 em), ls_max em,"
echo "   gaps = word gaps > 0.5 em, strand = stranded headings, capt = captions apart, lone = lone last"
echo "   page; start/end = line-start/line-end violations, unjust = unjustified lines, miss/extra = text"
mkdir -p "$W/samples"
for f in samples/*.xml; do
    [ -e "$f" ] && "$BIN" render -d "$f" -o "$W/samples" --text >/dev/null
done
cp "$W/expected.txt" "$W/anchor.txt"
"$BIN" typeset "$W/anchor.xml" -o "$W/anchor.pdf"
python3 scripts/fitcheck.py "$W"/samples/*.pdf "$W/anchor.pdf"
echo "  Typst on the anchor report (issue #11): 1 letter-spaced line (0.126 em), 3 wide word gaps"
BUILD="$BUILD" sh scripts/bench-batch.sh
