#!/bin/sh
# mlpsdoc render end to end: every system of every sample
# with both default templates; the PDFs hold each system's name, its level as computed here
# from the GB/T 22240 matrix, and the unit's name; cjkcheck finds no line-breaking or PDF
# problems and gets back exactly the text `--text` wrote; every other document (policy report,
# response plan, both 备案表) holds each character of that text and nothing more; a bad template
# and broken data fail with file:line and write nothing.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

# "pdf-suffix<TAB>unit<TAB>system name<TAB>level name" per system of a data file, the level
# computed independently of the engine: max of the two matrix cells.
expected() {
    python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
M = {("citizen","general"):1, ("citizen","serious"):2, ("citizen","very-serious"):2,
     ("society","general"):2, ("society","serious"):3, ("society","very-serious"):4,
     ("nation","general"):3, ("nation","serious"):4, ("nation","very-serious"):5}
N = "零一二三四五"
u = ET.parse(sys.argv[1]).getroot()
unit = u.findtext("name").strip()
for s in u.iter("system"):
    g = s.find("grading")
    lv = max(M[(g.find(p + "/object").get("code"), g.find(p + "/degree").get("code"))]
             for p in ("business-info", "system-service"))
    print("\t".join([unit, s.findtext("name").strip(), "第%s级" % N[lv]]))
PY
}

flat() { pdftotext "$1" - 2>/dev/null | tr -d ' \n\f'; }

DATA=""
for f in samples/*.xml; do [ -f "$f" ] && DATA="$DATA $f"; done

for data in $DATA; do
    name=$(basename "$data" .xml)
    out="$TMP/out-$name"
    res=$($MLPSDOC render -d "$data" -o "$out" --text 2>&1)
    rc=$?
    check "render $data exits 0 ($res)" test "$rc" -eq 0
    nsys=$(expected "$data" | wc -l)
    npdf=$(ls "$out"/*.pdf 2>/dev/null | wc -l)
    check "$data: 3 PDFs per system and 3 per unit ($npdf for $nsys)" test "$npdf" -eq $((nsys * 3 + 3))
    nlines=$(printf '%s\n' "$res" | grep -c '^已生成 ')
    check "$data: one line per PDF" test "$nlines" -eq "$npdf"
    expected "$data" > "$TMP/exp"
    while IFS="$(printf '\t')" read -r unit sys level; do
        for suffix in 定级报告 网络安全等级保护定级报告; do
            pdf=$(ls "$out"/*"-$sys-$suffix.pdf" 2>/dev/null | head -n 1)
            # file names carry the unit's name too ('/' etc. replaced)
            check "$data: $sys $suffix written" test -f "$pdf"
            [ -f "$pdf" ] || continue
            txt=$(flat "$pdf")
            u=$(printf '%s' "$unit" | tr -d ' ')
            s=$(printf '%s' "$sys" | tr -d ' ')
            check_contains "$pdf unit" "$txt" "$u"
            check_contains "$pdf system" "$txt" "$s"
            check_contains "$pdf level" "$txt" "最终确定${s}的安全保护等级为${level}"
            # the data's reasons agree with its grading items: no "不涉及社会秩序" once a 客体
            # sentence names 社会秩序和公共利益
            clash=$(printf '%s' "$txt" | python3 -c "import re,sys; t=sys.stdin.read(); print(int(bool(re.search('所侵害的客体是[^。]*社会秩序', t)) and '不涉及社会秩序' in t))")
            check "$pdf: 客体 and reasons agree on 社会秩序" test "$clash" = 0
            check "$pdf: text written beside it" test -s "${pdf%.pdf}.txt"
            # each matrix (caption …矩阵表) has its note on its own page, after its last row
            n=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
            bad=""
            for i in $(seq 1 "$n"); do
                pg=$(pdftotext -f "$i" -l "$i" -raw "$pdf" - 2>/dev/null | tr -d ' \n')
                nm=$(printf '%s' "$pg" | grep -o '矩阵表' | wc -l)
                nn=$(printf '%s' "$pg" | grep -o '第三级第四级第五级注：灰底并标“√”的单元格为本定级对象的确定结果' | wc -l)
                [ "$nm" -eq "$nn" ] || bad="$bad p$i($nm tables, $nn notes)"
            done
            check "$pdf: matrix notes with their tables$bad" test -z "$bad"
            python3 "$SHARED/tools/cjkcheck/cjkcheck.py" "$pdf" --expected "${pdf%.pdf}.txt" \
                --json-out "$TMP/r.json" >/dev/null 2>&1
            sum=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); s=r['summary']; t=r['text_fidelity']; print(s['line_start_violations'], s['line_end_violations'], s['pdftotext_warnings'], s['qpdf_clean'], s['notdef_glyphs'], t['missing_chars'], t['extra_chars'], t['expected_chars'] > 1000, s['problems'])" "$TMP/r.json" 2>&1)
            check_contains "$pdf cjkcheck (start end warnings qpdf notdef missing extra text problems)" \
                "$sum" "0 0 0 True 0 0 0 True []"
        done
    done < "$TMP/exp"
    # every document, tables and forms included: the PDF holds each character of its text
    # once, and nothing more (pdftotext may read a multi-line table cell in another order);
    # the table of contents with its leader dots and page numbers as laid out
    for pdf in "$out"/*.pdf; do
        r=$(python3 tests/same_chars.py "$pdf" "${pdf%.pdf}.txt" 2>&1)
        check "$(basename "$pdf"): the text's characters, no more (missing extra of total: $r)" \
            python3 -c "import sys; m, e, n = map(int, sys.argv[1].split()); sys.exit(not (m == 0 and e == 0 and n > 1000))" "$r"
    done
    toc=$(ls "$out"/*-信息安全事件等级响应和处置预案.txt | head -n 1)
    check_contains "$data: the response plan's contents line ends with its dots and page number" \
        "$(tr -d '\n' < "$toc")" "一、总则........"
done

# -t with a bare template name and -s: one file at the given path
one="$TMP/one.pdf"
res=$($MLPSDOC render -t grading-report -d samples/wenzhou-soe.xml -s oa -o "$one" 2>&1)
check "render -t NAME -s ID ($res)" test -f "$one"
check_contains "render -t prints the file" "$res" "已生成 $one"
check_contains "render -t 1.0 title" "$(flat "$one")" "协同办公系统描述"
check "render -t without --text writes no text" test ! -e "$TMP/one.txt"
res=$($MLPSDOC render -t grading-report -d samples/wenzhou-soe.xml -s oa -o "$one" --text 2>&1)
check "render -t --text: OUT.txt beside OUT.pdf" test -s "$TMP/one.txt"
check_contains "the text holds the computed level" "$(tr -d ' \n' < "$TMP/one.txt")" "最终确定协同办公系统的安全保护等级为第二级"
$MLPSDOC render -t grading-report -d samples/wenzhou-soe.xml -s oa -o "$TMP/UP.PDF" --text >/dev/null 2>&1
check "render --text: UP.PDF gives UP.txt (the extension in any case, as -o takes it)" test -s "$TMP/UP.txt" -a ! -e "$TMP/UP.PDF.txt"

# a template with a bad XPath: its file:line and the expression, nothing written
bad="$TMP/bad.pdf"
res=$($MLPSDOC render -t tests/data/tmpl/bad-xpath.xsl -d samples/wenzhou-soe.xml -s oa -o "$bad" 2>&1)
rc=$?
check "bad template exits 1" test "$rc" -eq 1
check_contains "bad template message" "$res" "tests/data/tmpl/bad-xpath.xsl:4: XPath 表达式错误：“systems/system[”"
check "bad template writes nothing" test ! -e "$bad"

# a problem found in layout names the template file and line that wrote the paragraph, an
# imported fragment's too (documents are made without template lines, and made again with them
# when there is something to report; batch makes them the same way, mlps_render_document)
mkdir -p "$TMP/lt/fragments"
printf '%s\n' '<?xml version="1.0"?>' \
    '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">' \
    '<xsl:template name="bad">' '<p><span role="nosuch">乙</span></p>' '</xsl:template>' \
    '</xsl:stylesheet>' > "$TMP/lt/fragments/f.xsl"
printf '%s\n' '<?xml version="1.0"?>' \
    '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">' \
    '<xsl:import href="fragments/f.xsl"/><xsl:param name="system-id"/>' \
    '<xsl:template match="/"><document><p>甲</p><xsl:call-template name="bad"/></document></xsl:template>' \
    '</xsl:stylesheet>' > "$TMP/lt/role.xsl"
res=$($MLPSDOC render -t "$TMP/lt/role.xsl" -d samples/wenzhou-soe.xml -s oa -o "$TMP/role.pdf" 2>&1)
check "layout problem: exits 1" test $? -eq 1
check_contains "layout problem: at the fragment's line" "$res" "$TMP/lt/fragments/f.xsl:4: 字体角色“nosuch”未在字体配置中定义"
check "layout problem: nothing written" test ! -e "$TMP/role.pdf"

# an unknown system id
res=$($MLPSDOC render -t grading-report -d samples/wenzhou-soe.xml -s nope -o "$bad" 2>&1)
check_contains "unknown system" "$res" "没有 id 为“nope”的定级对象"
check "unknown system writes nothing" test ! -e "$bad"

# broken data: errors printed, exit 1, no output folder content
printf '<?xml version="1.0" encoding="UTF-8"?>\n<unit version="1">\n  <name>坏数据</name>\n  <systems>\n</unit>\n' > "$TMP/broken.xml"
res=$($MLPSDOC render -d "$TMP/broken.xml" -o "$TMP/out-broken" 2>&1)
rc=$?
check "broken data exits 1" test "$rc" -eq 1
check_contains "broken data message names the file" "$res" "$TMP/broken.xml:"
check "broken data writes nothing" test -z "$(ls "$TMP/out-broken" 2>/dev/null)"
for f in samples/broken/*.xml; do
    [ -f "$f" ] || continue
    res=$($MLPSDOC render -d "$f" -o "$TMP/out-b" 2>&1)
    check "$f exits 1" test "$?" -eq 1
    check_contains "$f message" "$res" "$f:"
    check "$f writes nothing" test -z "$(ls "$TMP/out-b" 2>/dev/null)"
done

# A character no font has (U+10FFFD) is named with the data file's line and field, and nothing
# is written.
sed 's|<name>温州市瓯江水务集团有限公司</name>|<name>温州市瓯江水务集团有限公司\xf4\x8f\xbf\xbd</name>|' \
    samples/wenzhou-soe.xml > "$TMP/uncovered.xml"
cp samples/*.png "$TMP/"
res=$($MLPSDOC render -d "$TMP/uncovered.xml" -o "$TMP/out-unc" 2>&1)
check "uncovered character exits 1" test "$?" -eq 1
line=$(grep -n '<name>温州市瓯江水务集团有限公司' "$TMP/uncovered.xml" | head -1 | cut -d: -f1)
check_contains "uncovered character names the field" "$res" \
    "$TMP/uncovered.xml:$line: unit/name: 以下字符没有可用字体，无法印出："
check_contains "uncovered character names the code point" "$res" "（U+10FFFD）"
check "uncovered character writes nothing" test -z "$(ls "$TMP/out-unc" 2>/dev/null)"

# A per-unit template (the default plan's for="unit") needs no -s, whatever the number of
# systems; its PDF is the one the plan writes. A per-system one without -s names the ids.
export SOURCE_DATE_EPOCH=1700000000
$MLPSDOC render -d samples/wenzhou-soe.xml -o "$TMP/unitdocs" >/dev/null 2>&1
for t in filing-form-2007:信息系统安全等级保护备案表 filing-form-2.0:网络安全等级保护备案表 \
         response-plan:信息安全事件等级响应和处置预案; do
    res=$($MLPSDOC render -t "${t%%:*}" -d samples/wenzhou-soe.xml -o "$TMP/unit-${t%%:*}.pdf" 2>&1)
    check "render -t ${t%%:*} without -s exits 0 ($res)" test $? -eq 0
    check "render -t ${t%%:*} = the plan's PDF" cmp "$TMP/unit-${t%%:*}.pdf" "$TMP/unitdocs/温州市瓯江水务集团有限公司-${t#*:}.pdf"
done
res=$($MLPSDOC render -t grading-report -d samples/wenzhou-soe.xml -o "$TMP/nos.pdf" 2>&1)
check "per-system template without -s exits 1" test $? -eq 1
check_contains "per-system template without -s: the ids" "$res" \
    "samples/wenzhou-soe.xml: 数据中有 3 个定级对象，请用 -s 指定其一（可用的有：oa、scada、billing）"
check "per-system template without -s writes nothing" test ! -e "$TMP/nos.pdf"
case "$res" in *字体提示*) fail "font note after an error: $res" ;; *) pass ;; esac

done_testing
