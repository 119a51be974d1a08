#!/bin/sh
# The 备案表 (templates/filing-form-2007.xsl, filing-form-2.0.xsl) as a liaison makes them:
# `render -d` (the default plan writes both forms per unit) on both samples, `blank -t` for the
# blank forms. Every field is read back from the PDF and compared with the data file
# (tests/formread.py: text, option codes, ticks ☐/☑, digit boxes); qpdf and cjkcheck are clean
# on every form; a cell that cannot fit names the data field and its line.
. "$(dirname "$0")/lib.sh"
CJK="$SHARED/tools/cjkcheck/cjkcheck.py"

clean() { # FORM PDF NAME
    check "$3: qpdf --check" qpdf --check "$2"
    python3 "$CJK" "$2" --json-out "$TMP/r.json" >/dev/null 2>&1
    check "$3: cjkcheck: no .notdef, U+FFFD, radicals; qpdf clean; fonts embedded" python3 -c "
import json,sys; r=json.load(open(sys.argv[1])); g=r['glyphs']
sys.exit(0 if g['notdef_glyphs_shown']==0 and g['replacement_chars']==0 and g['kangxi_or_radical_chars']==0 and r['pdf']['qpdf_check']['clean'] and r['pdf']['fonts']['all_embedded'] else 1)" "$TMP/r.json"
}

for unit in wenzhou-soe chongqing-institution; do
    out="$TMP/out-$unit"
    check "$unit: render -d" $MLPSDOC render -d "$ROOT/samples/$unit.xml" -o "$out"
    for form in "2007 信息系统安全等级保护备案表" "2.0 网络安全等级保护备案表"; do
        v=${form%% *} title=${form#* }
        pdf=$(ls "$out"/*"-$title.pdf" 2>/dev/null | head -n 1)
        check "$unit $v: one form per unit written" test -f "$pdf"
        [ -f "$pdf" ] || continue
        res=$(python3 "$ROOT/tests/formread.py" $v "$ROOT/samples/$unit.xml" "$pdf" 2>&1)
        check "$unit $v: every field read back: $res" test -z "$res"
        clean $v "$pdf" "$unit $v"
    done
done
for v in 2007 2.0; do
    check "blank $v: mlpsdoc blank" $MLPSDOC blank -t filing-form-$v -o "$TMP/blank-$v.pdf"
    check "blank $v: every field empty, every option unticked" \
        python3 "$ROOT/tests/formread.py" $v none "$TMP/blank-$v.pdf" --blank
    clean $v "$TMP/blank-$v.pdf" "blank $v"
done
# the cover's （盖章） stays on one line after the write-in, on both forms, filled and blank
for pdf in "$TMP"/out-chongqing-institution/*备案表.pdf "$TMP"/blank-*.pdf; do
    n=$(pdftotext -f 1 -l 1 "$pdf" - 2>/dev/null | grep -c '（盖章）')
    check "${pdf##*/}: cover's （盖章） twice on one line each ($n)" test "$n" -eq 2
done
# the 2007 form of a unit with three systems (two at 第三级): 表二/表三 ×3, 表四 ×2, 14 pages
check "2007 wenzhou: 14 pages" test "$(pdfinfo "$TMP/out-wenzhou-soe/温州市瓯江水务集团有限公司-信息系统安全等级保护备案表.pdf" | sed -n 's/^Pages: *//p')" -eq 14

# 2007 表二08's header: 服务类型 spans the label and the 有/无 columns (no empty cell above □有□无)
$MLPSDOC expand -t filing-form-2007 -d "$ROOT/samples/wenzhou-soe.xml" > "$TMP/e07.xml" 2>/dev/null
check "2007 表二08 header: 08 label, 序号, 服务类型 (span 5), 服务责任方类型" python3 -c "
import sys, xml.etree.ElementTree as ET
for row in ET.parse(sys.argv[1]).getroot().iter('row'):
    cells = row.findall('cell')
    if any(''.join(c.itertext()).strip() == '服务类型' for c in cells):
        sys.exit(0 if [(''.join(c.itertext()).strip(), c.get('colspan')) for c in cells] ==
                 [('08系统采用服务情况', '2'), ('序号', None), ('服务类型', '5'), ('服务责任方类型', '6')] else 1)
sys.exit(1)" "$TMP/e07.xml"

# 填表说明: the run-in heads are bold (h1 face), item 四, which has none, only its number
check "2007 填表说明: bold run-in heads, item 四 bold only in 四、" python3 -c "
import sys, xml.etree.ElementTree as ET
heads = {}
for p in ET.parse(sys.argv[1]).getroot().iter('p'):
    sp = p.find('span')
    if p.get('style') == 'note' and sp is not None and sp.get('role') == 'h1':
        heads[sp.text[:2]] = sp.text
sys.exit(0 if heads.get('一、') == '一、制表依据。' and heads.get('四、') == '四、' else 1)" "$TMP/e07.xml"

# a cell that cannot hold its value names the data field and its line in the data file (the
# cover's write-in cell, 90 by 16 mm at 10 pt at least: about 72 characters)
mkdir "$TMP/long" && cp "$ROOT"/samples/*.png "$TMP/long/"
sed 's|<name>温州市瓯江水务集团有限公司</name>|<name>温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司</name>|' \
    "$ROOT/samples/wenzhou-soe.xml" > "$TMP/long/unit.xml"
out=$($MLPSDOC render -t filing-form-2007 -d "$TMP/long/unit.xml" -s oa -o "$TMP/long/f.pdf" 2>&1); rc=$?
check "overlong unit name fails" test $rc -ne 0
check_contains "the error names the data file, line and field" "$out" "$TMP/long/unit.xml:5: /unit/name: 内容太长，表格单元格放不下（约可容纳 72 个字，现有 104 个字）；请缩短（模板 $ROOT/templates/fragments/form.xsl:"
check "the error said once" test "$(printf '%s\n' "$out" | grep -c '内容太长')" -eq 1
check "nothing written" test ! -e "$TMP/long/f.pdf"
# the whole plan: both 备案表 fail on the cell of their shared fragment; said once, both named
out=$($MLPSDOC render -d "$TMP/long/unit.xml" -o "$TMP/long/all" 2>&1)
check "plan run: the overflow said once" test "$(printf '%s\n' "$out" | grep -c '/unit/name: 内容太长')" -eq 1
check "plan run: both forms named as not written" test "$(printf '%s\n' "$out" | grep -c '备案表.pdf: 未能生成此文档（原因见上）')" -eq 2
# a system field: the line of that system's element, through the indexed field path
python3 - "$ROOT/samples/wenzhou-soe.xml" "$TMP/long/sys.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("<evaluator>浙江瓯信网络安全测评有限公司</evaluator>", "<evaluator>" + "浙江瓯信网络安全测评有限公司" * 12 + "</evaluator>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
ln=$(grep -n '<evaluator>' "$TMP/long/sys.xml" | head -n 1 | cut -d: -f1)
out=$($MLPSDOC render -t filing-form-2007 -d "$TMP/long/sys.xml" -s oa -o "$TMP/long/g.pdf" 2>&1)
check_contains "a system's field: its own line and indexed path" "$out" "sys.xml:$ln: /unit/systems/system[1]/evaluator: 内容太长，表格单元格放不下（约可容纳 150 个字，现有 168 个字）；请缩短（模板 "
# the capacity is what fits: a system name of 30 characters fits the 2.0 表二 cell, 32 do not
for n in 30 32; do
    python3 - "$ROOT/samples/chongqing-institution.xml" "$TMP/long/n$n.xml" "$n" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index("<system ", s.index("<system ") + 1); j = s.index("<name>", i); k = s.index("</name>", j)
s = s[:j] + "<name>" + ("门户网站中心" * 20)[:int(sys.argv[3])] + s[k:]
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
done
out=$($MLPSDOC render -t filing-form-2.0 -d "$TMP/long/n30.xml" -o "$TMP/long/n30.pdf" 2>&1)
check "30 characters fit the cell that says it holds 30 ($out)" test -s "$TMP/long/n30.pdf"
out=$($MLPSDOC render -t filing-form-2.0 -d "$TMP/long/n32.xml" -o "$TMP/long/n32.pdf" 2>&1)
check_contains "32 do not: system[2], the capacity, once, the template last" "$out" "n32.xml:273: /unit/systems/system[2]/name: 内容太长，表格单元格放不下（约可容纳 30 个字，现有 32 个字）；请缩短（模板 $ROOT/templates/filing-form-2.0.xsl:"
case "$out" in *"filing-form-2.0.xsl:"[0-9]*"）") pass ;; *) fail "32 do not: the template line ends the message: $out" ;; esac
check "32 characters: said once" test "$(printf '%s\n' "$out" | grep -c '内容太长')" -eq 1
done_testing
