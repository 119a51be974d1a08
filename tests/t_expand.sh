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
printf '<?xml version="1.0"?>\n<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n<xsl:template match="/"><document>好<p>一</p></document></xsl:template>\n</xsl:stylesheet>\n' > templates/t_expand_text.xsl
res=$($MLPSDOC expand -t templates/t_expand_text.xsl -d samples/wenzhou-soe.xml -s oa 2>&1 >/dev/null)
rm -f templates/t_expand_text.xsl
check_contains "text in <document>: the schema's words" "$res" "t_expand_text.xsl:3: document: 元素 <document> 中不应有文字"
case "$res" in *"未知元素 <document>"*) fail "text in <document>: no 未知元素 <document> ($res)" ;; *) pass ;; esac

done_testing
