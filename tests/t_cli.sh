#!/bin/sh
# The CLI's own surface: help, version, unknown commands, and the font-role report.
. "$(dirname "$0")/lib.sh"

out=$($MLPSDOC --help 2>&1); rc=$?
check "--help exits 0" test "$rc" -eq 0
check_contains "--help lists render" "$out" "render -t TEMPLATE -d DATA"
check_contains "--help lists fonts" "$out" "fonts [--fonts FONTS.xml]"

out=$($MLPSDOC --version 2>&1)
check_contains "--version" "$out" "mlpsdoc 0."

# The release binary allocates through mimalloc (Makefile MALLOC_LIB: linked although nothing
# names it); the sanitizer and valgrind builds keep glibc's malloc, which their tools replace.
mi=$(MIMALLOC_VERBOSE=1 $MLPSDOC --version 2>&1 >/dev/null)
case "$(basename "$BUILD")" in
build-asan | build-tsan | build-valgrind)
    check "no mimalloc in the $(basename "$BUILD") build" test -z "$(printf '%s' "$mi" | grep 'mimalloc:')" ;;
*) check_contains "mimalloc serves the binary's allocations" "$mi" "mimalloc: process init" ;;
esac

out=$($MLPSDOC frobnicate 2>&1); rc=$?
check "unknown command exits 2" test "$rc" -eq 2
check_contains "unknown command message" "$out" "未知命令“frobnicate”"

out=$($MLPSDOC fonts 2>&1); rc=$?
check "fonts exits 0" test "$rc" -eq 0
check_contains "body role resolved to the free 宋 stand-in" "$out" "body (正文 仿宋): AR PL UMing CN"
check_contains "Ext-B fallback at the end of the body chain" "$out" "→ BabelStone Han"
check_contains "h1 黑体 stand-in" "$out" "h1 (一级标题 黑体): WenQuanYi Zen Hei"
# fontconfig gets only fonts.conf's folders unless FONTCONFIG_* is set: the same faces either way
full=$(FONTCONFIG_FILE=/etc/fonts/fonts.conf $MLPSDOC fonts 2>&1)
check "short fontconfig setup resolves every role as the full one" test "$out" = "$full"

out=$($MLPSDOC fonts --fonts "$TMP/none.xml" 2>&1); rc=$?
check "fonts with a missing configuration fails" test "$rc" -eq 1
check_contains "missing configuration message" "$out" "none.xml"

# -o is refused, with nothing written, when it is an input, a file that is not a PDF, or not
# named *.pdf; the same for render, blank and typeset; a folder -o that is a file is refused too.
mkdir -p "$TMP/o"
cp "$ROOT/samples/chongqing-institution.xml" "$TMP/o/x.xml"
cp "$ROOT/samples/"*.png "$TMP/o/"
sum0=$(cksum < "$TMP/o/x.xml")
png0=$(cksum < "$TMP/o/topology-oa.png")
out=$($MLPSDOC render -t grading-report -d "$TMP/o/x.xml" -s ehr -o "$TMP/o/x.xml" 2>&1); rc=$?
check "render -o DATA exits 1" test "$rc" -eq 1
check_contains "render -o DATA message" "$out" "$TMP/o/x.xml: 输出文件（-o）与输入文件“$TMP/o/x.xml”是同一个文件，拒绝覆盖；请另给一个 .pdf 文件名"
check "render -o DATA leaves the data byte-identical" test "$(cksum < "$TMP/o/x.xml")" = "$sum0"
case "$out" in *已生成*|*字体提示*) fail "render -o DATA claims output: $out" ;; *) pass ;; esac
out=$($MLPSDOC render -t grading-report -d "$TMP/o/x.xml" -s ehr -o "$TMP/o/topology-oa.png" 2>&1); rc=$?
check "render -o PNG exits 1" test "$rc" -eq 1
check_contains "render -o PNG message" "$out" "$TMP/o/topology-oa.png: 输出文件名须以 .pdf 结尾（-o），拒绝写入；请另给一个 .pdf 文件名"
check "render -o PNG leaves the picture" test "$(cksum < "$TMP/o/topology-oa.png")" = "$png0"
printf 'notes\n' > "$TMP/o/notes.pdf"
out=$($MLPSDOC render -t grading-report -d "$TMP/o/x.xml" -s ehr -o "$TMP/o/notes.pdf" 2>&1); rc=$?
check "render -o existing non-PDF exits 1" test "$rc" -eq 1
check_contains "render -o existing non-PDF message" "$out" "$TMP/o/notes.pdf: 文件已存在且不是 PDF，拒绝覆盖（-o）"
check "existing non-PDF kept" test "$(cat "$TMP/o/notes.pdf")" = notes
out=$($MLPSDOC render -t grading-report -d "$TMP/o/x.xml" -s ehr -o "$TMP/o/new.txt" 2>&1); rc=$?
check "render -o new.txt exits 1" test "$rc" -eq 1
check "render -o new.txt writes nothing" test ! -e "$TMP/o/new.txt"
out=$($MLPSDOC render -t grading-report -d "$TMP/o/x.xml" -s ehr -o "$TMP/o/R.PDF" 2>&1); rc=$?
check "render -o R.PDF (any case) exits 0 ($out)" test "$rc" -eq 0
out=$($MLPSDOC render -t grading-report -d "$TMP/o/x.xml" -s ehr -o "$TMP/o/R.PDF" 2>&1); rc=$?
check "render -o over its own earlier PDF exits 0 ($out)" test "$rc" -eq 0
check_contains "the PDF was written" "$(head -c 4 "$TMP/o/R.PDF")" "%PDF"
out=$($MLPSDOC blank -t grading-report -o "$TMP/o/x.xml" 2>&1); rc=$?
check "blank -o DATA exits 1" test "$rc" -eq 1
check_contains "blank -o message" "$out" "$TMP/o/x.xml: 输出文件名须以 .pdf 结尾（-o），拒绝写入"
check "blank -o leaves the data" test "$(cksum < "$TMP/o/x.xml")" = "$sum0"
$MLPSDOC expand -t grading-report -d "$TMP/o/x.xml" -s ehr > "$TMP/o/doc.xml" 2>/dev/null
doc0=$(cksum < "$TMP/o/doc.xml")
out=$($MLPSDOC typeset "$TMP/o/doc.xml" -o "$TMP/o/doc.xml" 2>&1); rc=$?
check "typeset -o IN exits 1" test "$rc" -eq 1
check_contains "typeset -o IN message" "$out" "与输入文件“$TMP/o/doc.xml”是同一个文件"
check "typeset -o IN leaves the doc XML" test "$(cksum < "$TMP/o/doc.xml")" = "$doc0"
out=$($MLPSDOC render -d "$TMP/o/x.xml" -o "$TMP/o/topology-oa.png" 2>&1); rc=$?
check "render -o FILE as a folder exits 1" test "$rc" -eq 1
check_contains "render -o FILE as a folder message" "$out" "$TMP/o/topology-oa.png: 已存在且不是目录，不能作为输出目录（-o）"
check "render -o FILE as a folder leaves it" test "$(cksum < "$TMP/o/topology-oa.png")" = "$png0"

# MLPSDOC_HOME with a copy of templates/ only: the installed fonts/ are used
mkdir -p "$TMP/home"
cp -r "$ROOT/templates" "$TMP/home/"
out=$(MLPSDOC_HOME="$TMP/home" $MLPSDOC render -t grading-report -d "$TMP/o/x.xml" -s ehr -o "$TMP/o/home.pdf" 2>&1); rc=$?
check "MLPSDOC_HOME without fonts/: render exits 0 ($out)" test "$rc" -eq 0
out=$(MLPSDOC_HOME="$TMP/home" $MLPSDOC fonts 2>&1)
check_contains "MLPSDOC_HOME without fonts/: the installed fonts.xml" "$out" "字体配置：$ROOT/fonts/fonts.xml"
# ... but a fonts/ of its own is that copy's, even when broken
mkdir "$TMP/home/fonts"
out=$(MLPSDOC_HOME="$TMP/home" $MLPSDOC render -t grading-report -d "$TMP/o/x.xml" -s ehr -o "$TMP/o/home2.pdf" 2>&1); rc=$?
check "MLPSDOC_HOME with an empty fonts/ fails" test "$rc" -eq 1
check_contains "MLPSDOC_HOME with an empty fonts/: names its fonts.xml" "$out" "$TMP/home/fonts/fonts.xml: 无法打开文件"

# --form with another value says which values there are
res=$($MLPSDOC render -d samples/wenzhou-soe.xml --form 3.0 -o "$TMP/form3" 2>&1)
check "render --form 3.0 exits 2" test $? -eq 2
check_contains "render --form 3.0: the values" "$res" "--form 只能是 1.0 或 2.0（实际为“3.0”）"
check "render --form 3.0 writes nothing" test ! -e "$TMP/form3"

done_testing
