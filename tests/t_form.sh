#!/bin/sh
# Fixed-cell forms (<form>, form.c): ticks read back as ☐/☑, digit boxes, write-in lines,
# page masters, a cell that cannot fit names its data field; PDF hygiene.
. "$(dirname "$0")/lib.sh"
D="$ROOT/tests/data"

check "typeset a form" $MLPSDOC typeset "$D/form-basic.xml" -o "$TMP/f.pdf"
pdftotext -raw "$TMP/f.pdf" "$TMP/f.txt" 2>"$TMP/err"
check "pdftotext silent" test ! -s "$TMP/err"
T=$(cat "$TMP/f.txt")
check_contains "ticks read back with their codes" "$T" "☐1 中央 ☐2 省(自治区、直辖市) ☑3 地(区、市、州、盟)"
check_contains "write-in line keeps its text" "$T" "其他"
flat=$(printf '%s' "$T" | tr -d ' \n　')
check_contains "postcode digit boxes" "$flat" "03邮政编码325000"
check_contains "record number boxes 6+5" "$flat" "备案表编号：12345678901"
check_contains "date write-in lines" "$flat" "投入运行2020年3月1日"
check "qpdf --check clean" qpdf --check "$TMP/f.pdf"
qpdf --qdf --object-streams=disable "$TMP/f.pdf" "$TMP/qdf.pdf"
check "one ☑ and four ☐ as /ActualText" test "$(grep -aic 'ActualText<FEFF2611>' "$TMP/qdf.pdf")" -eq 1 -a \
    "$(grep -aic 'ActualText<FEFF2610>' "$TMP/qdf.pdf")" -eq 4
check "no page number on a page-numbers=none section" sh -c "! grep -q '— 1 —' '$TMP/f.txt'"
# page master: the form's text block starts 25 mm from the left (default 28)
python3 "$SHARED/tools/cjkcheck/cjkcheck.py" "$TMP/f.pdf" --json-out "$TMP/r.json" >/dev/null 2>&1
check "cjkcheck ran" test -s "$TMP/r.json"
check "cjkcheck: no .notdef, no U+FFFD" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); g=r['glyphs']; sys.exit(0 if g['notdef_glyphs_shown']==0 and g['replacement_chars']==0 else 1)" "$TMP/r.json"
check "same input, same bytes" sh -c "$MLPSDOC typeset '$D/form-basic.xml' -o '$TMP/g.pdf' && cmp '$TMP/f.pdf' '$TMP/g.pdf'"
# a word joiner in a write-in (f:nobr) prints nothing and takes no room: the same PDF
sed 's|<blank w="6">集团</blank>|<blank w="6">集\xe2\x81\xa0团</blank>|' "$D/form-basic.xml" > "$TMP/wj.xml"
check "a word joiner in a blank changes nothing printed" sh -c "grep -q '集.*团' '$TMP/wj.xml' && $MLPSDOC typeset '$TMP/wj.xml' -o '$TMP/wj.pdf' && cmp '$TMP/f.pdf' '$TMP/wj.pdf'"

# a cell whose text cannot fit even at the floor size: error naming the field and its line
sed 's|<row h="12"><cell colspan="15" field="/unit/name">|<row h="6"><cell colspan="15" field="/unit/name" origin="unit.xml:7">|' \
    "$D/form-basic.xml" > "$TMP/over.xml"
out=$($MLPSDOC typeset "$TMP/over.xml" -o "$TMP/over.pdf" 2>&1); rc=$?
check "overfull cell fails" test $rc -ne 0
check_contains "error names the data file, line and field, says what to do" "$out" "unit.xml:7: /unit/name: 内容太长，表格单元格放不下（约可容纳 52 个字，现有 88 个字）；请缩短（模板 unit.xml:7）"
check "overfull cell said once" test "$(printf '%s\n' "$out" | grep -c '内容太长')" -eq 1
# word joiners between the characters (f:nobr) print nothing: not counted as characters
python3 -c 'import re,sys; s=open(sys.argv[1]).read(); print(re.sub("(这是一段很长很长的文字)+", lambda m: "\u2060".join(m.group(0)), s), end="")' \
    "$TMP/over.xml" > "$TMP/over-wj.xml"
out=$($MLPSDOC typeset "$TMP/over-wj.xml" -o "$TMP/over-wj.pdf" 2>&1)
check_contains "word joiners not counted in the message" "$out" "（约可容纳 52 个字，现有 88 个字）"
check "nothing written on error" test ! -e "$TMP/over.pdf"
# too many digits for the boxes
sed 's|>330300<|>3303001<|' "$D/form-basic.xml" > "$TMP/dig.xml"
out=$($MLPSDOC typeset "$TMP/dig.xml" -o "$TMP/dig.pdf" 2>&1)
check_contains "digits overflow names the boxes" "$out" "表格只有 6 个数字格"
# grid errors at load
printf '<document><form cols="10,10"><row h="5"><cell colspan="3">x</cell></row><row h="5"><cell>y</cell></row></form></document>' > "$TMP/grid.xml"
out=$($MLPSDOC typeset "$TMP/grid.xml" -o "$TMP/grid.pdf" 2>&1)
check_contains "cell beyond the grid" "$out" "超出表格"
check_contains "row not filled" "$out" "没有填满"

# paragraph styles defined by the document
cat > "$TMP/st.xml" <<'XML'
<document>
  <style name="big-note" base="note" size="20" align="center" space-before="6"/>
  <style name="cellx" base="form" size="12" role="fill"/>
  <p style="big-note">样式定义</p>
  <form cols="40"><row h="10"><cell style="cellx">Times 12</cell></row></form>
</document>
XML
check "a defined style is used" $MLPSDOC typeset "$TMP/st.xml" -o "$TMP/st.pdf"
fonts=$(pdffonts "$TMP/st.pdf" 2>/dev/null)
check_contains "the cell style's role (fill: a Times-like face)" "$fonts" "Liberation"
check "the paragraph at 20 pt" sh -c "pdftotext -bbox '$TMP/st.pdf' - | grep '样式定义' | python3 -c \"import sys,re; l=sys.stdin.read(); m=re.search(r'yMin=\\\"([0-9.]+)\\\" xMax=\\\"[0-9.]+\\\" yMax=\\\"([0-9.]+)', l); sys.exit(0 if m and abs(float(m.group(2))-float(m.group(1))-20)<3 else 1)\""
# <p>s in a styled cell take the cell's style (its name was read after being freed: make asan)
cat >"$TMP/stp.xml" <<'XML'
<document>
  <style name="cellx" base="form" size="12" role="fill"/>
  <form cols="40"><row h="10"><cell style="cellx"><p>Times 12</p></cell></row></form>
</document>
XML
check "a styled cell's <p>" $MLPSDOC typeset "$TMP/stp.xml" -o "$TMP/stp.pdf"
check_contains "its paragraph in the cell's style (fill: a Times-like face)" "$(pdffonts "$TMP/stp.pdf" 2>/dev/null)" "Liberation"
printf '<document><style name="body"/><style name="x" base="nope"/><p style="y">z</p></document>' > "$TMP/st2.xml"
out=$($MLPSDOC typeset "$TMP/st2.xml" -o "$TMP/st2.pdf" 2>&1)
check_contains "redefining a style refused" "$out" "样式“body”已经存在"
check_contains "unknown base refused" "$out" "未知的基础样式“nope”"
check_contains "undefined style refused" "$out" "未知样式“y”"
done_testing
