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

done_testing
