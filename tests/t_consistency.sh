#!/bin/sh
# Every PDF of a sample unit (定级报告, policy report per system, response plan, 备案表 when the
# plan makes one) prints the same unit name, system names, levels, grading dates and contacts
# as the data file, and each policy report is dated no earlier than any date it cites.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

# make_pdf TEMPLATE DATA SYSTEM OUT: one document through expand and typeset
make_pdf() {
    $MLPSDOC expand -t "templates/$1" -d "$2" ${3:+-s "$3"} >"$TMP/doc.xml" 2>/dev/null || return 1
    $MLPSDOC typeset "$TMP/doc.xml" -o "$4" >/dev/null 2>&1
}

for u in chongqing-institution wenzhou-soe; do
    mkdir -p "$TMP/$u"
    $MLPSDOC render -d "samples/$u.xml" -o "$TMP/$u" >"$TMP/render.log" 2>&1
    rc=$?
    check "$u: all documents made" test "$rc" -eq 0
    [ "$rc" -eq 0 ] || tail -n 5 "$TMP/render.log"
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
cp samples/topology-*.png "$TMP/"
rm -f "$TMP/chongqing-institution/"*预案*.pdf
make_pdf response-plan.xsl "$TMP/other.xml" "" "$TMP/chongqing-institution/x-信息安全事件等级响应和处置预案.pdf"
out=$(python3 tests/consistency.py samples/chongqing-institution.xml "$TMP/chongqing-institution" 2>&1)
check "changed phone is caught" test $? -ne 0
check_contains "changed phone named" "$out" "023-63881020 missing"
done_testing
