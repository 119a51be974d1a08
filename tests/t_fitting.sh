#!/bin/sh
# Page and line fitting (issue #11): every sample PDF and the anchor report pass
# cjkcheck --page-checks with no problem (no letter-spaced line, no word gap > 0.5 em, no
# stranded heading, no caption apart from its figure, no lone last page, page numbers odd right
# and even left) and give their text back exactly (the policy reports and response plans: all
# but the text).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2
CJK="$SHARED/tools/cjkcheck/cjkcheck.py"
ANCHOR="$SHARED/bench/anchor-report"

for f in samples/*.xml; do
    [ -f "$f" ] || continue
    err=$($MLPSDOC render -d "$f" -o "$TMP/out" --text 2>&1 >/dev/null)
    check "render $f ($err)" test $? -eq 0
done
python3 scripts/anchor2doc.py "$ANCHOR/data.json" "$TMP/out/anchor.xml" --expected "$TMP/out/anchor.txt"
$MLPSDOC typeset "$TMP/out/anchor.xml" -o "$TMP/out/anchor.pdf" 2>/dev/null
n=0
r=0
for pdf in "$TMP"/out/*.pdf; do
    [ -f "$pdf" ] || continue
    case "$pdf" in *备案表.pdf) continue ;; esac # fixed-cell forms, not GB/T 9704 pages: t_filing_form.sh
    # the policy report and the response plan (#10): every page check, but not the text
    # comparison: pdftotext reads their many table cells out of row order and adds the table of
    # contents' leaders and page numbers, which the document text does not hold
    # (tests/t_reports.sh checks their content)
    expected="--expected ${pdf%.pdf}.txt"
    case "$pdf" in *安全策略报告.pdf|*预案.pdf) expected= ; r=$((r + 1)) ;; esac
    n=$((n + 1))
    # shellcheck disable=SC2086
    python3 "$CJK" "$pdf" $expected --page-checks --json-out "$TMP/r.json" >/dev/null 2>&1
    probs=$(python3 -c "import json,sys; print(', '.join(json.load(open(sys.argv[1]))['summary']['problems']))" \
        "$TMP/r.json" 2>&1)
    check "$(basename "$pdf"): cjkcheck --page-checks lists no problem ($probs)" test -z "$probs"
done
check "the anchor and every sample's PDFs were checked ($n)" test "$n" -ge 18
check "every policy report and response plan was checked ($r: 5 + 2)" test "$r" -eq 7
done_testing
