#!/bin/sh
# mlpsdoc expand and blank: the doc XML an XSLT template makes from a data file or from no data,
# and the blank document typeset; a broken template is named with file:line and writes nothing.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

res=$($MLPSDOC expand -t tests/data/tmpl/basic.xsl -d samples/wenzhou-soe.xml -s oa 2>&1)
check "expand exits 0 ($res)" test "$?" -eq 0
check_contains "expand: root and title" "$res" '<document title="协同办公系统定级报告"'
check_contains "expand: computed level through f:level-name" "$res" "等级：第二级（指导保护级）"
check_contains "expand: with-param into an imported template" "$res" '<p style="title" origin="tests/data/tmpl/fragments/common.xsl:5" data="samples/wenzhou-soe.xml:49:unit/systems/system[1]/name">协同办公系统安全等级保护定级报告</p>'

res=$($MLPSDOC expand -t tests/data/tmpl/basic.xsl --blank 2>&1)
check "expand --blank exits 0 ($res)" test "$?" -eq 0
check_contains "expand --blank: empty values" "$res" ">单位：</p>"
check_contains "expand --blank: blank parameter" "$res" ">空白：1</p>"

res=$($MLPSDOC blank -t tests/data/tmpl/basic.xsl -o "$TMP/blank.pdf" 2>&1)
check "blank exits 0 ($res)" test "$?" -eq 0
check_contains "blank prints the file" "$res" "已生成 $TMP/blank.pdf"
txt=$(pdftotext "$TMP/blank.pdf" - 2>/dev/null | tr -d ' \n\f')
check_contains "blank PDF text" "$txt" "级别：1=第一级;2=第二级"

printf '<?xml version="1.0"?>\n<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n<xsl:template match="/"><document><p><xsl:value-of select="a["/></p></document></xsl:template>\n</xsl:stylesheet>\n' > "$TMP/bad.xsl"
res=$($MLPSDOC blank -t "$TMP/bad.xsl" -o "$TMP/bad.pdf" 2>&1)
check "bad template exits 1" test "$?" -eq 1
check_contains "bad template: file:line and the expression" "$res" "$TMP/bad.xsl:3: XPath 表达式错误：“a[”"
check "bad template writes nothing" test ! -e "$TMP/bad.pdf"

# Messages name files as the user wrote them, not percent-escaped as libxml2 keeps doc->URL,
# and an unknown -s lists the ids there are.
mkdir -p "$TMP/zh"
cp samples/chongqing-institution.xml "$TMP/zh/本单位.xml"
cp samples/*.png "$TMP/zh/"
res=$($MLPSDOC expand -t grading-report -d "$TMP/zh/本单位.xml" -s nosuch 2>&1)
check "expand -s nosuch exits 1" test "$?" -eq 1
check_contains "expand: unescaped data file, the valid ids" "$res" "$TMP/zh/本单位.xml: 数据中没有 id 为“nosuch”的定级对象（可用的有：ehr、portal）"
case "$res" in *%E6*) fail "expand: escaped name in $res" ;; *) pass ;; esac
res=$($MLPSDOC expand -t grading-report -d "$TMP/zh/本单位.xml" -s ehr 2>&1)
check_contains "expand: data origins name the file as given" "$res" "data=\"$TMP/zh/本单位.xml:"
cp -r templates/fragments "$TMP/zh/"
sed 's|<xsl:value-of select="$system/name"/>描述|<xsl:value-of select="f:label('"'nosuchtable'"', '"'x'"')"/>描述|' \
    templates/grading-report.xsl > "$TMP/zh/报告.xsl"
line=$(grep -n nosuchtable "$TMP/zh/报告.xsl" | cut -d: -f1)
res=$($MLPSDOC expand -t "$TMP/zh/报告.xsl" -d "$TMP/zh/本单位.xml" -s ehr 2>&1)
check_contains "expand: runtime error names the template as given" "$res" "$TMP/zh/报告.xsl:$line: XPath 求值出错"

# expand without -s: a per-system template names the ids, as render does; a per-unit one
# expands with system-id ''.
res=$($MLPSDOC expand -t grading-report -d samples/wenzhou-soe.xml 2>&1)
check "expand per-system without -s exits 1" test $? -eq 1
check_contains "expand per-system without -s: the ids" "$res" \
    "samples/wenzhou-soe.xml: 数据中有 3 个定级对象，请用 -s 指定其一（可用的有：oa、scada、billing）"
case "$res" in *代码表*) fail "expand without -s: a template error: $res" ;; *) pass ;; esac
res=$($MLPSDOC expand -t filing-form-2007 -d samples/wenzhou-soe.xml 2>&1)
check "expand per-unit without -s exits 0" test $? -eq 0
check_contains "expand per-unit: the 备案表" "$res" '<document title="信息系统安全等级保护备案表"'

# mk NAME LINE...: a stylesheet $TMP/NAME.xsl whose lines from the 4th are the arguments
mk() {
    n=$1; shift
    printf '%s\n' '<?xml version="1.0"?>' \
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">' \
        '<xsl:param name="system-id" select="'"''"'"/>' "$@" '</xsl:stylesheet>' > "$TMP/$n.xsl"
}

# xsl:message: a note on stderr that does not fail; terminate="yes" stops, at its line
mk msg '<xsl:template match="/">' \
    '<xsl:message>调试：<xsl:value-of select="/unit/systems/system[@id = $system-id]/name"/></xsl:message>' \
    '<document><p>正文</p></document></xsl:template>'
res=$($MLPSDOC expand -t "$TMP/msg.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1)
check "xsl:message: expand exits 0 ($res)" test "$?" -eq 0
check_contains "xsl:message: the note, at its line" "$res" "模板 $TMP/msg.xsl:5 的消息：调试：协同办公系统"
check_contains "xsl:message: the document still made" "$res" ">正文</p>"
res=$($MLPSDOC render -t "$TMP/msg.xsl" -d samples/wenzhou-soe.xml -s oa -o "$TMP/msg.pdf" 2>&1)
check "xsl:message: render exits 0 ($res)" test "$?" -eq 0
check_contains "xsl:message: render prints the note" "$res" "模板 $TMP/msg.xsl:5 的消息：调试：协同办公系统"
check "xsl:message: render writes the PDF" test -s "$TMP/msg.pdf"
mk term '<xsl:template match="/">' '<document>' \
    '<xsl:message terminate="yes">停：<xsl:value-of select="/unit/name"/></xsl:message>' \
    '</document></xsl:template>'
res=$($MLPSDOC render -t "$TMP/term.xsl" -d samples/wenzhou-soe.xml -s oa -o "$TMP/term.pdf" 2>&1)
check "xsl:message terminate: exits 1" test "$?" -eq 1
check_contains "xsl:message terminate: an error at its line" "$res" "$TMP/term.xsl:6: 模板用 xsl:message terminate=\"yes\" 停止了展开：停：温州市"
check "xsl:message terminate: writes nothing" test ! -e "$TMP/term.pdf"

# libxslt's own messages, in Chinese at the template line (one probe each)
T='<xsl:template match="/"><document>'
E='</document></xsl:template>'
mk m-foreach "$T" '<xsl:for-each><p/></xsl:for-each>' "$E"
mk m-var "$T" '<p><xsl:value-of select="$sytem"/></p>' "$E"
mk m-call "$T" '<xsl:call-template name="no-such-piece"/>' "$E"
mk m-recdef '<xsl:variable name="a" select="$b"/>' '<xsl:variable name="b" select="$a"/>' "$T<p><xsl:value-of select=\"\$a\"/></p>$E"
mk m-increc '<xsl:include href="m-increc.xsl"/>' "$T$E"
mk m-frag '<xsl:template name="x"/>'
mk m-import "$T$E" '<xsl:import href="m-frag.xsl"/>'
mk m-redef "$T" '<xsl:variable name="v" select="1"/>' '<xsl:variable name="v" select="2"/>' "<p><xsl:value-of select=\"\$v\"/></p>$E"
mk m-attr "$T" '<p>文字<xsl:attribute name="style">x</xsl:attribute></p>' "$E"
mk m-sort "$T" '<xsl:sort select="name"/>' "$E"
mk m-ext "$T" '<my:document href="x"/>' "$E"
sed -i '2s|>$| xmlns:my="urn:my" extension-element-prefixes="my">|' "$TMP/m-ext.xsl"
for c in \
    "m-foreach:5: xsl:for-each 缺少 select 属性" \
    "m-var:5: 未定义的变量 \$sytem" \
    "m-call:5: 找不到命名模板“no-such-piece”" \
    "m-recdef:5: 变量 \$b 的定义引用了它自己" \
    "m-increc:4: 文件“$TMP/m-increc.xsl”被循环包含" \
    "m-import:5: xsl:import 位置不对：必须写在样式表所有其他顶层元素之前" \
    "m-redef:6: 变量 \$v 在同一范围内重复定义" \
    "m-attr:5: xsl:attribute 来得太晚：元素已经有了内容" \
    "m-sort:5: xsl:sort 不能用在这里" \
    "m-ext:5: 未知的扩展元素 document"; do
    n=${c%%:*}
    res=$($MLPSDOC expand -t "$TMP/$n.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
    check "$n: exits 1" test "$?" -eq 1
    check_contains "$n: Chinese, at the line" "$res" "$TMP/$n.xsl:${c#*:}"
    case "$res" in *[A-Za-z][a-z][a-z]' '[a-z]*[a-z]' '[a-z][a-z]*) fail "$n: English left in: $res" ;; *) pass ;; esac
done

# document() and xsl:import: a misspelt name inside the folder is "not found"; outside, the same
# words whether the file exists or not (nothing is asked about folders outside)
for c in "doc-typo:codes.xm:4: document() 找不到文件“$TMP/codes.xm”" \
    "doc-out:/etc/passwd:4: document() 读取的文件“/etc/passwd”超出了模板文件夹" \
    "doc-out2:/etc/no-such-file.xml:4: document() 读取的文件“/etc/no-such-file.xml”超出了模板文件夹" \
    "doc-up:../no-such-dir/x.xml:4: document() 读取的文件“$(dirname "$TMP")/no-such-dir/x.xml”超出了模板文件夹"; do
    n=${c%%:*}; r=${c#*:}; f=${r%%:*}; want=${r#*:}
    mk $n "$T<p><xsl:value-of select=\"count(document('$f'))\"/></p>" "$E"
    res=$($MLPSDOC expand -t "$TMP/$n.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
    check "$n: exits 1" test "$?" -eq 1
    check_contains "$n: the message, at the line" "$res" "$TMP/$n.xsl:$want"
done
for f in /etc/x.xsl /etc/passwd; do
    mk imp-out "$T$E"
    sed -i "2a <xsl:import href=\"$f\"/>" "$TMP/imp-out.xsl"
    res=$($MLPSDOC expand -t "$TMP/imp-out.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
    check_contains "import $f: outside, whether it exists or not" "$res" "$TMP/imp-out.xsl:3: 导入的文件“$f”超出了模板文件夹（只能导入模板文件夹内的文件）"
done
# a name document() cannot use (non-ASCII) is an error at the line, not an empty result
mk doc-cn "$T<p><xsl:value-of select=\"count(document(/unit/systems/system[@id = \$system-id]/name))\"/></p>" "$E"
res=$($MLPSDOC expand -t "$TMP/doc-cn.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
check "document(non-ASCII): exits 1" test "$?" -eq 1
check_contains "document(non-ASCII): at the line" "$res" "$TMP/doc-cn.xsl:4: XPath 求值出错：“count(document(/unit/systems/system[@id = \$system-id]/name))”：document() 的参数“协同办公系统”不能作为文件名"

# The XPath budget is per instruction: 1500 cheap expressions (each some 15,000 steps, 20 M in
# all) are not blamed for the sum
mk ops '<xsl:template match="/"><document><xsl:for-each select="(//node())[position() &lt;= 1500]">' \
    '<p><xsl:value-of select="count(//node()/ancestor::*)"/></p>' '</xsl:for-each></document></xsl:template>'
res=$($MLPSDOC expand -t "$TMP/ops.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1)
check "many cheap XPath expressions: exit 0 ($(echo "$res" | head -c 300))" test "$?" -eq 0
check "many cheap XPath expressions: 1500 paragraphs" test "$(echo "$res" | grep -o '<p ' | wc -l)" -eq 1500

# The shipped 备案表 expand a unit at the data limits: 1000 systems (MLPS_MAX_SYSTEMS), close to
# MLPS_MAX_XML_ELEMENTS (each the sample's 协同办公系统 with two assets, new id and name)
python3 - "$TMP/u1000.xml" <<'EOF2'
import re, sys
s = open('samples/wenzhou-soe.xml', encoding='utf-8').read()
a, b = s.index('    <system id="oa">'), s.index('  </systems>')
oa = re.findall(r'    <system id="oa">.*?</system>\n', s[a:b], re.S)[0]
lines, n = [], 0
for l in oa.split('\n'):
    n += '<asset>' in l
    if '<asset>' not in l or n <= 2:
        lines.append(l)
oa = '\n'.join(lines)
out = [oa.replace('<system id="oa">', '<system id="s%d">' % i, 1)
         .replace('<name>协同办公系统</name>', '<name>协同办公系统%d</name>' % i, 1) for i in range(1000)]
open(sys.argv[1], 'w', encoding='utf-8').write(s[:a] + ''.join(out) + s[b:])
EOF2
cp samples/topology-oa.png "$TMP/"
# plain builds only: the 5 s CPU limit is not scaled for ASan or valgrind
case "$BUILD${TEST_WRAPPER:-}" in */build) FORMS="filing-form-2.0 filing-form-2007" ;;
    *) FORMS=; echo "SKIP 1000 systems: instrumented build" ;; esac
for t in $FORMS; do
    $MLPSDOC expand -t $t -d "$TMP/u1000.xml" -s s0 >"$TMP/u1000-$t.xml" 2>"$TMP/u1000-$t.err"
    check "$t, 1000 systems: exit 0 ($(head -c 300 "$TMP/u1000-$t.err"))" test "$?" -eq 0
    check "$t, 1000 systems: the last one is there" grep -q '协同办公系统999<' "$TMP/u1000-$t.xml"
done

# expand and render agree: each template below is refused by both, with the template's
# file:line and the same words, and render writes nothing
agree() { # NAME TEMPLATE-BODY EXPECTED-MESSAGE
    printf '<?xml version="1.0"?>\n<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n<xsl:template match="%s">%s</xsl:template>\n</xsl:stylesheet>\n' "${4:-/}" "$2" > "$TMP/$1.xsl"
    res=$($MLPSDOC expand -t "$TMP/$1.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
    check "$1: expand exits 1" test "$?" -eq 1
    check_contains "$1: expand names it" "$res" "$TMP/$1.xsl:3: $3"
    res=$($MLPSDOC render -t "$TMP/$1.xsl" -d samples/wenzhou-soe.xml -s oa -o "$TMP/$1.pdf" 2>&1)
    check "$1: render exits 1" test "$?" -eq 1
    check_contains "$1: render names it" "$res" "$TMP/$1.xsl:3: $3"
    check "$1: render writes nothing" test ! -e "$TMP/$1.pdf"
}
agree style '<document><p style="nosuch">好</p></document>' 'document/p: 未知样式“nosuch”'
agree h5 '<document><h level="5">好</h></document>' 'document/h: 属性 level=“5”应为 1 到 4 之间的数'
agree cells '<document><table cols="1,2"><row><cell>1</cell><cell>2</cell><cell>3</cell></row></table></document>' 'document/table/row: 这一行占 3 列，表格有 2 列（cols）'
agree ref '<document><p>见<ref to="nosuch"/></p></document>' 'document/p/ref: <ref to=“nosuch”>：没有这个 id 的带标题表格或图片'
agree ns '<document><p xmlns="http://www.w3.org/1999/xhtml">好</p></document>' 'document/p: 未知元素 <p>'
agree two '<document><p>一</p></document><document><p>二</p></document>' 'document[2]: 只能有一个根元素 <document>，这里又有 <document>'
agree nomatch '<document><p>一</p></document>' 'document: <document> 之外不应有文字（模板是否缺少 match="/" 的规则？）' systems
printf '<?xml version="1.0"?>\n<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n<xsl:template match="/"><document>好<p>一</p></document></xsl:template>\n</xsl:stylesheet>\n' > "$TMP/t_expand_text.xsl"
res=$($MLPSDOC expand -t "$TMP/t_expand_text.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
check_contains "text in <document>: said where it must go" "$res" "t_expand_text.xsl:3: document: <document> 中的文字必须放在 <p> 或 <h> 里"
case "$res" in *"未知元素 <document>"*) fail "text in <document>: no 未知元素 <document> ($res)" ;; *) pass ;; esac

# f:memo: the body made once per key and copied where the key comes back; output with a data
# origin never copied; refused without extension-element-prefixes or key, at its line
memo() { # memo NAME ROOT-ATTRS BODY: a per-unit template looping over the systems
    printf '%s\n' '<?xml version="1.0"?>' \
        "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" xmlns:f=\"urn:mlpsdoc:fn\" exclude-result-prefixes=\"f\" $2>" \
        '<xsl:template match="/"><document><xsl:for-each select="/unit/systems/system">' \
        "$3" '</xsl:for-each></document></xsl:template>' '</xsl:stylesheet>' > "$TMP/$1.xsl"
}
memo memo 'extension-element-prefixes="f"' \
    '<f:memo key="'"'same'"'"><p>甲<xsl:value-of select="string(name)"/></p></f:memo>
<f:memo key="string(name)"><p>乙<xsl:value-of select="string(name)"/></p></f:memo>
<f:memo key="'"''"'" data="name"><p>丙<xsl:value-of select="string(name)"/></p></f:memo>
<f:memo key="'"'same'"'"><p>丁<xsl:value-of select="name"/></p></f:memo>
<p><f:memo key="position()"><xsl:attribute name="align">center</xsl:attribute>戊<xsl:value-of select="position()"/></f:memo></p>'
res=$($MLPSDOC expand -t "$TMP/memo.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1)
check "f:memo: expand exits 0 ($res)" test $? -eq 0
p=$(printf '%s\n' "$res" | grep -o '<p[^>]*>[^<]*</p>' | sed 's/ origin="[^"]*"//; s/ data="[^"]*:\([^":]*\)"/ data="\1"/')
check_contains "f:memo: a key that leaves the name out copies the first" "$p" "$(printf '<p>甲协同办公系统</p>\n<p>乙协同办公系统</p>\n<p>丙协同办公系统</p>\n<p data="unit/systems/system[1]/name">丁协同办公系统</p>\n<p align="center">戊1</p>\n<p>甲协同办公系统</p>\n<p>乙供水生产调度系统</p>\n<p>丙供水生产调度系统</p>\n<p data="unit/systems/system[2]/name">丁供水生产调度系统</p>\n<p align="center">戊2</p>\n<p>甲协同办公系统</p>\n<p>乙营业收费系统</p>')"
check_contains "f:memo: output with a data origin is made each time" "$p" '<p data="unit/systems/system[3]/name">丁营业收费系统</p>'
check_contains "f:memo: an attribute for the element around reaches it" "$p" '<p align="center">戊3</p>'
# output too large to keep (over MLPS_TEMPLATE_MEMO_BYTES) is made each time, not copied
memo memo-big 'extension-element-prefixes="f" xmlns:str="http://exslt.org/strings"' \
    '<f:memo key="'"'same'"'"><p>大<xsl:value-of select="string(name)"/></p><xsl:for-each select="str:tokenize(str:padding(40, '"'a'"'), '"''"')"><p><xsl:value-of select="str:padding(60000, '"'x'"')"/></p></xsl:for-each></f:memo>'
n=$($MLPSDOC expand -t "$TMP/memo-big.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 | grep -o '<p[^>]*>大[^<]*' | sed 's/.*>大//' | tr '\n' ' ')
check_contains "f:memo: output too large to keep is made each time ($n)" "$n" "协同办公系统 供水生产调度系统 营业收费系统"
memo memo-noext '' '<f:memo key="1"><p>甲</p></f:memo>'
memo memo-nokey 'extension-element-prefixes="f"' '<f:memo><p>甲</p></f:memo>'
memo memo-badkey 'extension-element-prefixes="f"' '<f:memo key="f:nosuch(1)"><p>甲</p></f:memo>'
memo memo-baddata 'extension-element-prefixes="f"' '<f:memo key="1" data="name["><p>甲</p></f:memo>'
for c in \
    'memo-noext.xsl:4: f:memo 要作为扩展元素使用：请在这个文件的 xsl:stylesheet 上声明 extension-element-prefixes="f"' \
    'memo-nokey.xsl:4: 模板错误：f:memo 缺少 key 属性' \
    'memo-badkey.xsl:4: XPath 表达式错误：“f:nosuch(1)”：未知函数 f:nosuch()' \
    'memo-baddata.xsl:4: XPath 表达式错误：“name[”'; do
    n=${c%%.xsl:*}
    res=$($MLPSDOC expand -t "$TMP/$n.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
    check "$n: exits 1" test "$?" -eq 1
    check_contains "$n: file:line and why" "$res" "$TMP/$c"
done

# f:distinct: the first node of each combination of fields, in order, a missing field as ''
fdist() { # fdist NAME BODY
    printf '%s\n' '<?xml version="1.0"?>' \
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:f="urn:mlpsdoc:fn" exclude-result-prefixes="f">' \
        '<xsl:variable name="r" select="/unit/systems/system/response/roles/role"/>' \
        "<xsl:template match=\"/\"><document>$2</document></xsl:template>" '</xsl:stylesheet>' > "$TMP/$1.xsl"
}
fdist distinct '<p><xsl:for-each select="f:distinct($r, '"'@code', 'person'"')"><xsl:value-of select="concat(@code, person, '"' '"')"/></xsl:for-each></p><p><xsl:for-each select="f:distinct($r, '"'@code'"')"><xsl:value-of select="concat(@code, '"' '"')"/></xsl:for-each></p><p><xsl:value-of select="count(f:distinct($r, '"'nosuch'"'))"/>/<xsl:value-of select="count($r)"/></p>'
res=$($MLPSDOC expand -t "$TMP/distinct.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 | sed 's/ origin="[^"]*"//g')
check_contains "f:distinct: each duty and person once, in order" "$res" '<p>leader林建华 deputy吴志强 office陈晓东 technical潘俊杰 communication王海燕 technical郑国平 support黄伟 expert李明 communication赵敏 </p>'
check_contains "f:distinct: each duty once" "$res" '<p>leader deputy office technical communication support expert </p>'
check_contains "f:distinct: a missing field is empty for all" "$res" '<p>1/16</p>'
fdist distinct-field '<p><xsl:value-of select="count(f:distinct($r, '"'@'"'))"/></p>'
res=$($MLPSDOC expand -t "$TMP/distinct-field.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
check "f:distinct: a field that is no name: exits 1" test $? -eq 1
check_contains "f:distinct: a field that is no name: said" "$res" "f:distinct 的字段应为属性名（如 '@code'）或子元素名（如 'person'），这里是“@”"
fdist distinct-arity '<p><xsl:value-of select="count(f:distinct($r))"/></p>'
res=$($MLPSDOC expand -t "$TMP/distinct-arity.xsl" -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
check_contains "f:distinct: one argument refused at its line" "$res" "distinct-arity.xsl:4:"

# the shipped templates' f:memo elements change nothing: every document of the samples and of
# three generated units, byte for byte, with them and without them; and they were used
mkdir -p "$TMP/nomemo" "$TMP/units"
cp -r templates fonts "$TMP/nomemo/"
n=$(grep -l 'f:memo' "$TMP"/nomemo/templates/*.xsl "$TMP"/nomemo/templates/fragments/*.xsl | wc -l)
check "f:memo: used by 5 template files ($n)" test "$n" -eq 5
sed -i '/^ *<f:memo [^>]*>$/d; /^ *<\/f:memo>$/d' "$TMP"/nomemo/templates/*.xsl "$TMP"/nomemo/templates/fragments/*.xsl
left=$(grep -c 'f:memo' "$TMP"/nomemo/templates/*.xsl "$TMP"/nomemo/templates/fragments/*.xsl | grep -vc ':0$')
check "f:memo: every one taken out of the copy ($left files left)" test "$left" -eq 0
cp samples/*.xml samples/*.png "$TMP/units/"
python3 scripts/make-units.py -n 3 --seed 5 "$TMP/units" >/dev/null
res=$($MLPSDOC batch --no-progress -j 2 -o "$TMP/memo-out" "$TMP/units" 2>&1)
check "f:memo: batch with exits 0" test $? -eq 0
check_contains "f:memo: reused" "$res" "模板片段（f:memo）：复用"
res=$(MLPSDOC_HOME="$TMP/nomemo" $MLPSDOC batch --no-progress -j 2 -o "$TMP/nomemo-out" "$TMP/units" 2>&1)
check "f:memo: batch without exits 0" test $? -eq 0
case "$res" in *f:memo*) fail "f:memo: the copy still has some ($res)" ;; *) pass ;; esac
n=0; same=0
for f in "$TMP"/memo-out/*.pdf; do
    n=$((n + 1))
    cmp -s "$f" "$TMP/nomemo-out/${f##*/}" && same=$((same + 1))
done
check "f:memo: $same of $n PDFs the same bytes (>= 40)" test "$same" -eq "$n" -a "$n" -ge 40

# MLPS_XSLT_PROFILE: libxslt's counters live on the shared stylesheet; every expansion of a
# batch on two threads (each template several times) appends a report, and the last 备案表
# report counts the option lists of every unit so far
rm -f "$TMP/prof.txt"
MLPS_XSLT_PROFILE="$TMP/prof.txt" $MLPSDOC batch --no-progress --force -j 2 -o "$TMP/memo-out" "$TMP/units" >/dev/null 2>&1
check "MLPS_XSLT_PROFILE: batch exits 0" test $? -eq 0
n=$(grep -c '^ *Total' "$TMP/prof.txt" 2>/dev/null)
docs=$(ls "$TMP"/memo-out/*.pdf | wc -l)
check "MLPS_XSLT_PROFILE: one report per document ($n of $docs)" test "${n:-0}" -eq "$docs"
check_contains "MLPS_XSLT_PROFILE: named templates with their file" "$(cat "$TMP/prof.txt")" "] options ("

# templates in a folder with a Chinese name: imports and document() files are found (libxslt
# hands them over %-escaped)
mkdir -p "$TMP/等保模板"
cp -r templates fonts "$TMP/等保模板/"
res=$(MLPSDOC_HOME="$TMP/等保模板" $MLPSDOC expand -t policy-report -d samples/wenzhou-soe.xml -s oa 2>&1)
check "Chinese folder: expand exits 0" test $? -eq 0
check_contains "Chinese folder: a catalogue row read with document()" "$res" "应在网络边界"
case "$res" in *%E7*) fail "Chinese folder: escaped name in $res" ;; *) pass ;; esac

# a data file in a folder with a Chinese name: its images are found by expand's checks
mkdir -p "$TMP/单位数据"
cp samples/wenzhou-soe.xml samples/*.png "$TMP/单位数据/"
res=$($MLPSDOC expand -t policy-report -d "$TMP/单位数据/wenzhou-soe.xml" -s oa 2>&1 >/dev/null)
check "Chinese data folder: expand exits 0 ($res)" test $? -eq 0
check "Chinese data folder: no message" test -z "$res"

done_testing
