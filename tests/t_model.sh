#!/bin/sh
# Data model corrections of the 备案表 issue: damage items as a list (level = the highest),
# "/" where a field does not apply, 备案日期 optional before filing (notes, not errors), empty
# means empty (U+3000, no-break space).
. "$(dirname "$0")/lib.sh"
S="$ROOT/samples/wenzhou-soe.xml"
cp "$ROOT"/samples/*.png "$TMP/"

# several damage items per part: the level is the highest, and a wrong declaration says so
python3 - "$S" "$TMP/multi.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
a = '<item object="society" degree="general"/>'
assert a in s
open(sys.argv[2], "w", encoding="utf-8").write(s.replace(a, a.replace('"general"', '"serious"'), 1))
PY
out=$($MLPSDOC check "$TMP/multi.xml" 2>&1); rc=$?
check "a higher second damage item raises the computed level" test $rc -eq 1
check_contains "declared level checked against the highest item" "$out" \
    "声明的业务信息安全保护等级为第二级，但按 GB/T 22240 矩阵计算应为第三级（受侵害客体：社会秩序和公共利益；侵害程度：严重损害）"
check "the sample's two items at 第二级 pass" $MLPSDOC check "$S"

# "/" in an optional phone passes
python3 - "$S" "$TMP/prep.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("<office-phone>0577-88886601</office-phone>", "<office-phone>/</office-phone>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
check "/ in an optional phone: check passes" $MLPSDOC check "$TMP/prep.xml"
# not yet filed (no <filing>): passes with a note naming what prints blank
mkdir "$TMP/sub" && cp "$ROOT/tests/data/unfiled-level-2.xml" "$ROOT"/samples/*.png "$TMP/sub/"
out=$($MLPSDOC check "$TMP/sub/unfiled-level-2.xml" 2>&1); rc=$?
check "a 第二级 system without <filing> passes" test $rc -eq 0
check_contains "with a note on its blank filing fields" "$out" "system[2]: 提示：尚未填写，以下各项在备案表中打印为空白：封面备案日期、表三填表人、填表日期"
sed 's|<office-phone>0577-88886601</office-phone>|<office-phone>0577</office-phone>|' "$S" > "$TMP/badphone.xml"
check "a malformed phone is still refused" sh -c "! $MLPSDOC check '$TMP/badphone.xml' >/dev/null 2>&1"

# empty means empty: a name of ideographic and no-break spaces is refused
python3 - "$S" "$TMP/blankname.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("<name>协同办公系统</name>", "<name>\u3000\u00a0 </name>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
out=$($MLPSDOC check "$TMP/blankname.xml" 2>&1); rc=$?
check "a name of U+3000 / NBSP is refused" test $rc -eq 1
check_contains "as empty" "$out" "unit/systems/system[1]/name: <name> 的内容为空"

# a character no font covers: check names it with file:line and field (not only render)
python3 - "$S" "$TMP/cov.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(s.replace("<name>协同办公系统</name>", "<name>协同办公系统\U000F0000</name>", 1))
PY
out=$($MLPSDOC check "$TMP/cov.xml" 2>&1); rc=$?
check "uncovered character fails check" test $rc -eq 1
ln=$(grep -n '<name>协同办公系统' "$TMP/cov.xml" | head -n 1 | cut -d: -f1)
check_contains "named with line and field" "$out" "cov.xml:$ln: unit/systems/system[1]/name: 以下字符没有可用字体，无法印出：󰀀（U+F0000）"

# render says once, on stderr, which font roles fell back to a later family
sed 's|<role name="body" desc="正文 仿宋">|&<family>NoSuchFamily</family>|' "$ROOT/fonts/fonts.xml" > "$TMP/fonts.xml"
out=$($MLPSDOC render -d "$S" -o "$TMP/fb" --fonts "$TMP/fonts.xml" 2>&1 >/dev/null)
check_contains "fallback named with the wanted and the used family" "$out" "body（NoSuchFamily → "
check "said once" test "$(printf '%s\n' "$out" | grep -c '字体提示')" -eq 1
# ... and only when a PDF was written: not after a refused -s or a failed template
out=$($MLPSDOC render -t grading-report -d "$S" -s nosuch -o "$TMP/fb1.pdf" --fonts "$TMP/fonts.xml" 2>&1)
check "no PDF, unknown -s: exits 1" test $? -eq 1
case "$out" in *字体提示*) fail "font note with nothing written: $out" ;; *) pass ;; esac
out=$($MLPSDOC render -t grading-report -d "$S" -s oa -o "$TMP/fb2.pdf" --fonts "$TMP/fonts.xml" 2>&1)
check_contains "one PDF written: the font note" "$out" "字体提示：以下字体角色未找到首选字体"

# 表六: 不涉及 / 无交互 only alone; at most 3 数据来源单位
python3 - "$S" "$TMP/t6.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace('<personal-info code="none"/>', '<personal-info code="none"/><personal-info code="general"/>', 1)
s = s.replace('<flow-in>下属子公司</flow-in>', '<flow-in>甲</flow-in><flow-in>乙</flow-in><flow-in>丙</flow-in><flow-in>丁</flow-in>', 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
out=$($MLPSDOC check "$TMP/t6.xml" 2>&1)
check_contains "不涉及 is exclusive" "$out" "个人信息“不涉及”只能单独勾选，不能与其他选项同时选"
check_contains "at most 3 flow-in units" "$out" "数据来源单位至多填 3 个（表六只有 3 栏）"

# 行政区划代码 per form: the 2.0 form's county code must lie in the unit's prefecture
sed 's|<region-code-2.0>330302|<region-code-2.0>320302|' "$S" > "$TMP/rc.xml"
out=$($MLPSDOC check "$TMP/rc.xml" 2>&1)
check_contains "county code outside the prefecture" "$out" "2.0 表的行政区划代码“320302”不在单位所在地级行政区“330300”之内"
sed 's|<region-code-2.0>330302|<region-code-2.0>330000|' "$S" > "$TMP/rc2.xml"
out=$($MLPSDOC check "$TMP/rc2.xml" 2>&1)
check_contains "province-level code refused" "$out" "应为县级（如 330302）或地级代码"
done_testing
