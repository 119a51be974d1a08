#!/bin/sh
# Every PDF of a sample unit (定级报告, policy report per system, response plan, 备案表 when the
# plan makes one) prints the same unit name, system names, levels, grading dates and contacts
# as the data file. Documents the render plan does not make yet are made from their templates.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

# all_pdfs DATA DIR: every document of the unit into DIR
all_pdfs() {
    $MLPSDOC render -d "$1" -o "$2" >/dev/null 2>&1 || return 1
    unit=$(python3 -c "import sys,xml.etree.ElementTree as E; print(E.parse(sys.argv[1]).getroot().findtext('name').strip())" "$1")
    for id in $(python3 -c "import sys,xml.etree.ElementTree as E; print(' '.join(s.get('id') for s in E.parse(sys.argv[1]).getroot().iter('system')))" "$1"); do
        name=$(python3 -c "import sys,xml.etree.ElementTree as E; print([s for s in E.parse(sys.argv[1]).getroot().iter('system') if s.get('id')==sys.argv[2]][0].findtext('name').strip())" "$1" "$id")
        out="$2/$unit-$name-安全需求分析及安全策略报告.pdf"
        ls "$2" | grep -q -- "-$name-.*安全策略报告" || make_pdf policy-report.xsl "$1" "$id" "$out" || return 1
    done
    ls "$2" | grep -q "预案" || make_pdf response-plan.xsl "$1" "" "$2/$unit-信息安全事件等级响应和处置预案.pdf"
}
# make_pdf TEMPLATE DATA SYSTEM OUT (engine expansion, or xsltproc before it exists)
make_pdf() {
    if $MLPSDOC expand -t "templates/$1" -d "$2" ${3:+-s "$3"} >"$TMP/doc.xml" 2>/dev/null; then :
    else xsltproc --stringparam system-id "$3" "templates/$1" "$2" >"$TMP/doc.xml" || return 1; fi
    sed -i "s#src=\"\\([^/\"][^\"]*\\)\"#src=\"$(dirname "$ROOT/$2")/\\1\"#" "$TMP/doc.xml"
    $MLPSDOC typeset "$TMP/doc.xml" -o "$4" >/dev/null 2>&1
}

for u in chongqing-institution wenzhou-soe; do
    mkdir -p "$TMP/$u"
    check "$u: all documents made" all_pdfs "samples/$u.xml" "$TMP/$u"
    out=$(python3 tests/consistency.py "samples/$u.xml" "$TMP/$u" 2>&1)
    check "$u: consistent" test $? -eq 0
    check_contains "$u: policy reports and plan read back" "$out" "plan 1"
    printf '%s\n' "$out" | grep -v '^checked' | head -n 5
done
check_contains "chongqing: 2 policy reports" "$(python3 tests/consistency.py samples/chongqing-institution.xml "$TMP/chongqing-institution")" "policy 2"
check_contains "wenzhou: 3 policy reports" "$(python3 tests/consistency.py samples/wenzhou-soe.xml "$TMP/wenzhou-soe")" "policy 3"

# a plan made from data with another contact phone is caught
sed 's#<office-phone>023-63881020</office-phone>#<office-phone>023-63889999</office-phone>#' \
    samples/chongqing-institution.xml >"$TMP/other.xml"
rm -f "$TMP/chongqing-institution/"*预案*.pdf
make_pdf response-plan.xsl "$TMP/other.xml" "" "$TMP/chongqing-institution/x-信息安全事件等级响应和处置预案.pdf"
out=$(python3 tests/consistency.py samples/chongqing-institution.xml "$TMP/chongqing-institution" 2>&1)
check "changed phone is caught" test $? -ne 0
check_contains "changed phone named" "$out" "023-63881020 missing"
done_testing
