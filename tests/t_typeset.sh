#!/bin/sh
# mlpsdoc typeset on the anchor report (../shared/bench/anchor-report): cjkcheck figures,
# text round trip, PDF hygiene, page numbers, reproducibility, and a bad doc's message.
. "$(dirname "$0")/lib.sh"
ANCHOR="$SHARED/bench/anchor-report"
CJK="$SHARED/tools/cjkcheck/cjkcheck.py"

python3 "$ROOT/scripts/anchor2doc.py" "$ANCHOR/data.json" "$TMP/anchor.xml" \
    --expected "$TMP/expected.txt" --reference "$ANCHOR/src/reference.txt"
check "anchor2doc text equals the anchor's reference.txt" test $? -eq 0

check "typeset anchor" $MLPSDOC typeset "$TMP/anchor.xml" -o "$TMP/out.pdf"
python3 "$CJK" "$TMP/out.pdf" --expected "$TMP/expected.txt" --just-tol 0.5 \
    --json-out "$TMP/r.json" >/dev/null 2>&1
check "cjkcheck ran" test -s "$TMP/r.json"

# j EXPR: passes when the Python expression over the report r is true
j() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
R="$TMP/r.json"
check "no line-start violations" j "$R" "r['line_breaking']['line_start_violations'] == 0"
check "no line-end violations" j "$R" "r['line_breaking']['line_end_violations'] == 0"
check "no unbreakable splits" j "$R" "r['line_breaking']['unbreakable_splits'] == 0"
check "body lines justified within 0.5 pt" j "$R" "r['justification']['lines_off_by_more_than_tol'] == 0 and r['justification']['right_edge_dev_max_pt'] <= 0.5"
check "continuation lines flush left" j "$R" "r['justification']['left_edge_dev_max_pt'] <= 0.5"
check "nothing outside the 37/26/35/28 mm text area" j "$R" "r['overflow']['words_outside_text_area'] == 0 and r['overflow']['words_outside_page'] == 0"
check "margins 28/26 mm" j "$R" "abs(r['text_block']['left_margin_mm'] - 28) <= 0.5 and abs(r['text_block']['right_margin_mm'] - 26) <= 0.5"
check "top of text 37 mm" j "$R" "abs(r['text_block']['top_of_text_mm_median'] - 37) <= 0.5"
check "grid pitch 225 mm / 22" j "$R" "abs(r['grid']['line_pitch_pt'] - 28.99) <= 0.05"
check "a full page holds 22 body lines" j "$R" "max(r['grid']['body_lines_per_page']) == 22"
check "no pdftotext warnings" j "$R" "not r['pdf']['pdftotext_warnings']"
check "qpdf clean" j "$R" "r['pdf']['qpdf_check']['clean']"
check "fonts embedded, subset, ToUnicode" j "$R" "r['pdf']['fonts']['all_embedded'] and r['pdf']['fonts']['all_subset'] and r['pdf']['fonts']['all_tounicode']"
check "no .notdef / U+FFFD / radicals" j "$R" "r['glyphs']['notdef_glyphs_shown'] == 0 and r['glyphs']['replacement_chars'] == 0 and r['glyphs']['kangxi_or_radical_chars'] == 0"
check "page numbers on every page, odd right / even left" j "$R" "r['page_numbers']['pages_with_number'] == r['pdf']['pages'] and r['page_numbers']['sequence_consistent'] and r['page_numbers']['parity_violations'] == 0"
check "page number inset 1 em, 7 mm below the block" j "$R" "all(abs(p['inset_from_text_edge_em'] - 1) < 0.1 and abs(p['top_below_text_area_mm'] - 7) < 1 for p in r['page_numbers']['details'])"

# exact round trip in content order (pdftotext -raw), minus page numbers: repeated table heads
# carry an empty /ActualText, so extraction sees each head once, as the source has it
pdftotext -raw "$TMP/out.pdf" "$TMP/raw.txt" 2>"$TMP/raw.err"
check "pdftotext -raw silent" test ! -s "$TMP/raw.err"
check "exact text round trip" python3 - "$TMP/expected.txt" "$TMP/raw.txt" <<'EOF'
import re, sys
exp = re.sub(r"\s", "", open(sys.argv[1], encoding="utf-8").read())
got = "".join(l for l in open(sys.argv[2], encoding="utf-8").read().split("\n")
              if not re.fullmatch(r"\s*— \d+ —\s*", l))
sys.exit(0 if re.sub(r"\s", "", got) == exp else 1)
EOF
check "cjkcheck text: exact round trip" j "$R" \
    "r['text_fidelity']['missing_chars'] == 0 and r['text_fidelity']['extra_chars'] == 0"
check "cjkcheck: no problems" j "$R" "not r['summary']['problems']"
check "asset table head extracted once" test "$(grep -c '序号 资产名称' "$TMP/raw.txt")" -eq 1
# ...but drawn on each of the table's pages: marked in the dump and in the content streams
$MLPSDOC typeset "$TMP/anchor.xml" --dump > "$TMP/dump.txt" 2>&1
check "asset table head repeated on the table's two later pages" \
    test "$(grep -c 'repeated |序号资产名称型号/版本部署位置用途说明|' "$TMP/dump.txt")" -eq 2
qpdf --qdf --object-streams=disable "$TMP/out.pdf" "$TMP/qdf.pdf"
check "repeated heads wrapped in an empty /ActualText span" \
    test "$(grep -ac '/Span<</ActualText()>>BDC' "$TMP/qdf.pdf")" -eq 2

# text-only variant: every full page on the 22-line grid except where a heading or widow moves
python3 "$ROOT/scripts/anchor2doc.py" "$ANCHOR/data.json" "$TMP/text.xml" --expected "$TMP/text.txt" --no-tables
$MLPSDOC typeset "$TMP/text.xml" -o "$TMP/text.pdf" 2>/dev/null
python3 "$CJK" "$TMP/text.pdf" --expected "$TMP/text.txt" --just-tol 0.5 --json-out "$TMP/t.json" >/dev/null 2>&1
check "text-only: exact round trip (cjkcheck)" j "$TMP/t.json" "r['text_fidelity']['missing_chars'] == 0 and r['text_fidelity']['extra_chars'] == 0"
check "text-only: no problems" j "$TMP/t.json" "not r['summary']['problems']"
# (a heading keeps with all three lines of a three-line paragraph, so a page may end 2 lines short)
check "text-only: 20–22 body lines per full page" j "$TMP/t.json" "r['grid']['body_lines_per_page_median'] >= 20 and max(r['grid']['body_lines_per_page']) == 22"

# reproducible
SOURCE_DATE_EPOCH=1716163200 $MLPSDOC typeset "$TMP/anchor.xml" -o "$TMP/a1.pdf" 2>/dev/null
SOURCE_DATE_EPOCH=1716163200 $MLPSDOC typeset "$TMP/anchor.xml" -o "$TMP/a2.pdf" 2>/dev/null
check "byte-identical second render" cmp -s "$TMP/a1.pdf" "$TMP/a2.pdf"

# warm batch in two threads sharing the fonts: same bytes as a single render, figures printed
out=$(SOURCE_DATE_EPOCH=1716163200 $MLPSDOC typeset "$TMP/anchor.xml" -o "$TMP/a3.pdf" --repeat 6 --jobs 2 2>&1)
check "warm batch, 2 threads: exit 0" test $? -eq 0
check_contains "warm batch reports its threads" "$out" "jobs 2"
check_contains "warm batch reports time per document" "$out" "wall_ms_per_doc "
check "warm batch output byte-identical to a single render" cmp -s "$TMP/a1.pdf" "$TMP/a3.pdf"
out=$($MLPSDOC typeset "$TMP/anchor.xml" -o "$TMP/a4.pdf" --repeat 2 --jobs 0 2>&1)
check "--jobs 0 refused" test $? -eq 2
check_contains "--jobs range message" "$out" "--jobs 应为 1 到 64 之间的整数"

# a doc with an unknown element fails with file:line and writes nothing
printf '<document>\n<p>好</p>\n<para>坏</para>\n</document>\n' > "$TMP/bad.xml"
out=$($MLPSDOC typeset "$TMP/bad.xml" -o "$TMP/bad.pdf" 2>&1)
rc=$?
check "bad doc exits 1" test "$rc" -eq 1
check_contains "bad doc message" "$out" "bad.xml:3: document/para: 未知元素 <para>"
check "bad doc: no PDF" test ! -e "$TMP/bad.pdf"

# cells: a 》 or ） that ends a line, a （ or 《 that begins one, keeps its whole box between the
# cell's rules (nothing hangs across them); the rules from --dump, the boxes from pdftotext
cat > "$TMP/cell.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<document>
<form cols="40,60">
<row h="30"><cell>附件名称</cell><cell>附件名称《鹅岭健康信息中心-中心门户网站-定级报告》（跳转至 HTTPS）和其他材料（附件）以及《说明》《鹅岭健康信息中心-中心门户网站-定级报告》</cell></row>
<row h="30"><cell>主要协议</cell><cell>HTTPS/443, HTTP/80（跳转至 HTTPS）以及《鹅岭健康信息中心-居民健康档案管理系统-定级报告》</cell></row>
EOF
# 《报告》 after 8 to 17 characters: in some rows the 》 ends the first line
pre="甲甲甲甲甲甲甲"
for k in 8 9 10 11 12 13 14 15 16 17; do
    pre="${pre}甲"
    printf '<row h="12"><cell>%s</cell><cell>%s《报告》（附件）其他</cell></row>\n' "$k" "$pre" >> "$TMP/cell.xml"
done
printf '</form>\n</document>\n' >> "$TMP/cell.xml"
$MLPSDOC typeset "$TMP/cell.xml" -o "$TMP/cell.pdf" --dump >"$TMP/cell.dump" 2>&1
check "cell doc typeset" test -s "$TMP/cell.pdf"
pdftotext -bbox "$TMP/cell.pdf" "$TMP/cell.html" 2>/dev/null
out=$(python3 - "$TMP/cell.dump" "$TMP/cell.html" <<'EOF'
import re, sys
dump = open(sys.argv[1]).read()
xs = sorted({float(a) for a, b in re.findall(r"rule ([\d.]+),[\d.]+ ([\d.]+),", dump) if a == b})
words = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<',
                   open(sys.argv[2]).read())
marks = bad = 0
for x0, x1, t in words:
    x0, x1 = float(x0), float(x1)
    mid = (x0 + x1) / 2
    left = max([x for x in xs if x <= mid], default=None)
    right = min([x for x in xs if x > mid], default=None)
    if left is None or right is None:
        continue  # the page number
    marks += t[-1] in "》）" and x1 > right - 12
    if x0 < left or x1 > right:
        bad += 1
        print("crosses", t, x0, x1, left, right)
print("marks %d bad %d" % (marks, bad))
EOF
)
check "cells: some lines end with a bracket at the cell's edge ($out)" sh -c "printf '%s' '$out' | grep -q 'marks [1-9]'"
check_contains "cells: no word box crosses a cell's rule" "$out" " bad 0"

# a tick never ends a line apart from its label: after 9 to 24 characters one of these rows
# brought the tick to the end of the cell's first line
{ printf '<?xml version="1.0" encoding="UTF-8"?>\n<document>\n<form cols="30,70">\n'
  pre="甲甲甲甲甲甲甲甲"
  for k in $(seq 9 24); do
      pre="${pre}甲"
      printf '<row h="12"><cell>%s</cell><cell>%s<tick/>乙乙乙乙</cell></row>\n' "$k" "$pre"
  done
  printf '</form>\n</document>\n'; } > "$TMP/tick.xml"
$MLPSDOC typeset "$TMP/tick.xml" -o "$TMP/tick.pdf" >/dev/null 2>&1
txt=$(pdftotext "$TMP/tick.pdf" - 2>/dev/null)
check "ticks: all 16 in the text" test "$(printf '%s' "$txt" | grep -o '☐' | wc -l)" -eq 16
check "ticks: no line ends with one" test "$(printf '%s\n' "$txt" | grep -c '[☐☑] *$')" -eq 0

# typeset refuses what expand refuses, in the same words (doc.rng, then the layout's checks)
bad_doc() { # NAME BODY EXPECTED
    printf '<document>\n%s\n</document>\n' "$2" > "$TMP/$1.xml"
    out=$($MLPSDOC typeset "$TMP/$1.xml" -o "$TMP/$1.pdf" 2>&1)
    check "$1: exits 1" test "$?" -eq 1
    check_contains "$1: message" "$out" "$TMP/$1.xml:2: $3"
    check "$1: no PDF" test ! -e "$TMP/$1.pdf"
}
bad_doc style '<p style="nosuch">好</p>' 'document/p: 未知样式“nosuch”'
bad_doc h5 '<h level="5">好</h>' 'document/h: '
bad_doc cells '<table cols="1,2"><row><cell>1</cell><cell>2</cell><cell>3</cell></row></table>' 'document/table/row: 这一行占 3 列，表格有 2 列（cols）'
bad_doc ref '<p>见<ref to="nosuch"/></p>' 'document/p/ref: <ref to=“nosuch”>：没有这个 id 的带标题表格或图片'
bad_doc ns '<p xmlns="http://www.w3.org/1999/xhtml">好</p>' 'document/p: 未知元素 <p>'
printf '<document>\n好\n<p>一</p>\n</document>\n' > "$TMP/text.xml"
out=$($MLPSDOC typeset "$TMP/text.xml" -o "$TMP/text.pdf" 2>&1)
check "text in <document>: exits 1" test "$?" -eq 1
check_contains "text in <document>: message" "$out" "text.xml:1: document: 元素 <document> 中不应有文字"
case "$out" in *"未知元素 <document>"*) fail "text in <document>: no 未知元素 <document> ($out)" ;; *) pass ;; esac

# --dump prints the layout
out=$($MLPSDOC typeset "$TMP/anchor.xml" --dump 2>&1)
check_contains "dump" "$out" "outline 1 page=1"
done_testing
