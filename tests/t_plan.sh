#!/bin/sh
# Render plans (templates/plans/, docs/plans.md): the default plan writes every document of a
# unit whose name is 60 characters long, each file name within 255 bytes with its temporary
# suffix; two systems of the same name are refused by check; names that still collide are
# refused before anything is written; a custom plan with a renamed output and a level condition
# writes exactly its files; plan errors name the plan's line; a failed document is named, the
# run exits 1, and a re-run completes the set.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2
TODAY="--today 2026-01-01"
flat() { pdftotext "$1" - 2>/dev/null | tr -d ' \n\f'; }
count() { ls "$1"/*.pdf 2>/dev/null | wc -l; }

# 1. A 60-character unit name: every document of the default plan, names fit, text intact.
data=tests/data/long-unit-name.xml
unit=$(sed -n 's|^  <name>\(.*\)</name>|\1|p' "$data" | head -n 1)
check "the unit name has 60 characters" test "$(printf '%s' "$unit" | python3 -c 'import sys; print(len(sys.stdin.read()))')" -eq 60
res=$($MLPSDOC render -d "$data" -o "$TMP/long" --text 2>&1)
check "long unit name: render exits 0 ($res)" test $? -eq 0
check "long unit name: 12 PDFs (3 systems x 3 documents + 3 per unit)" test "$(count "$TMP/long")" -eq 12
check "long unit name: 12 texts" test "$(ls "$TMP/long"/*.txt | wc -l)" -eq 12
for f in "$TMP/long"/*; do
    n=$(basename "$f" | wc -c)
    check "$(basename "$f"): $n bytes <= 231 (255 less the temporary suffix)" test "$n" -le 232
done
for sys in 协同办公系统 供水生产调度系统 营业收费系统; do
    for suffix in 定级报告 网络安全等级保护定级报告; do
        pdf=$(ls "$TMP/long"/*"-$sys-$suffix.pdf" 2>/dev/null | head -n 1)
        check "long: $sys $suffix written" test -f "$pdf"
        [ -f "$pdf" ] && check_contains "long: $sys $suffix holds the whole unit name" "$(flat "$pdf")" "$unit"
    done
done
# shortened the documented way: the first 71 bytes at a character boundary, "~", 8 hex digits
short=$(basename "$(ls "$TMP/long"/*-协同办公系统-定级报告.pdf)")
check_contains "long: name cut and hashed" "$short" "温州市瓯江流域城乡供水一体化投资建设运营管理集~"
case "$short" in *~[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-协同办公系统-定级报告.pdf) pass ;;
    *) fail "long: hash of 8 hex digits in $short" ;; esac
# stable: a second run writes the same names
$MLPSDOC render -d "$data" -o "$TMP/long2" >/dev/null 2>&1
check "long: same names on a second run" test "$(ls "$TMP/long" | grep 'pdf$')" = "$(ls "$TMP/long2")"

# 2. Two systems with the same name: check refuses at the second one's name.
cp samples/*.png "$TMP/"
sed 's|<name>供水生产调度系统</name>|<name>协同办公系统</name>|' samples/wenzhou-soe.xml > "$TMP/dup.xml"
line=$(grep -n '<name>协同办公系统</name>' "$TMP/dup.xml" | sed -n 2p | cut -d: -f1)
err=$($MLPSDOC check $TODAY "$TMP/dup.xml" 2>&1 >/dev/null)
$MLPSDOC check $TODAY "$TMP/dup.xml" >/dev/null 2>&1
check "duplicate names: check exit status 1" test $? -eq 1
check "duplicate names: exactly the message" test "$err" = \
    "$TMP/dup.xml:$line: unit/systems/system[2]/name: 定级对象名称“协同办公系统”重复（第 1 个定级对象已使用）；各定级对象的名称须互不相同"
res=$($MLPSDOC render -d "$TMP/dup.xml" -o "$TMP/out-dup" 2>&1)
check "duplicate names: render exits 1" test $? -eq 1
check_contains "duplicate names: render says why" "$res" "定级对象名称“协同办公系统”重复"
check "duplicate names: nothing written" test -z "$(ls "$TMP/out-dup" 2>/dev/null)"

# 3. Names distinct in the data but equal as file names ('/' becomes '_'): refused before writing.
sed -e 's|<name>协同办公系统</name>|<name>调度/办公</name>|' -e 's|<name>供水生产调度系统</name>|<name>调度_办公</name>|' \
    samples/wenzhou-soe.xml > "$TMP/clash.xml"
line=$(grep -n '<name>调度_办公</name>' "$TMP/clash.xml" | cut -d: -f1)
line1=$(grep -n '<system id="oa">' "$TMP/clash.xml" | cut -d: -f1)
$MLPSDOC check $TODAY "$TMP/clash.xml" >/dev/null 2>&1
check "clash: check passes (the names differ)" test $? -eq 0
res=$($MLPSDOC render -d "$TMP/clash.xml" -o "$TMP/out-clash" 2>&1)
check "clash: render exits 1" test $? -eq 1
check_contains "clash: named at the second system" "$res" \
    "$TMP/clash.xml:$line: unit/systems/system[2]/name: 输出文件“$TMP/out-clash/温州市瓯江水务集团有限公司-调度_办公-定级报告.pdf”与定级对象“调度/办公”（第 $line1 行）的文件重名"
check "clash: nothing written" test -z "$(ls "$TMP/out-clash" 2>/dev/null)"

# 4. A custom plan: only systems of level 3 and above, files renamed by system id.
cat > "$TMP/plan.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<plan version="1">
  <document template="grading-report-2.0" for="system" min-level="3"
            output="{系统标识}-第三级以上定级报告.pdf"/>
</plan>
EOF
res=$($MLPSDOC render -d samples/wenzhou-soe.xml -p "$TMP/plan.xml" -o "$TMP/custom" 2>&1)
check "custom plan exits 0 ($res)" test $? -eq 0
check "custom plan: exactly the level-3 systems" test "$(ls "$TMP/custom" | tr '\n' ' ')" = \
    "billing-第三级以上定级报告.pdf scada-第三级以上定级报告.pdf "
check_contains "custom plan: the scada report" "$(flat "$TMP/custom/scada-第三级以上定级报告.pdf")" \
    "最终确定供水生产调度系统的安全保护等级为第三级"
# --form keeps the documents of one form version
res=$($MLPSDOC render -d samples/wenzhou-soe.xml --form 1.0 -o "$TMP/form" 2>&1)
check "--form 1.0 exits 0" test $? -eq 0
check "--form 1.0: the three 1.0 定级报告, no 2.0 one" test "$(ls "$TMP/form" | grep -c -- '-定级报告.pdf$')" -eq 3 -a "$(ls "$TMP/form" | grep -c -- '网络安全等级保护定级报告')" -eq 0
check "--form 1.0: plus the 2007 备案表 and the form-free policy reports and plan" test "$(count "$TMP/form")" -eq 8 -a -f "$TMP/form/温州市瓯江水务集团有限公司-信息系统安全等级保护备案表.pdf"

# -p takes a plan name of templates/plans as batch -p does
res=$($MLPSDOC render -d samples/wenzhou-soe.xml -p default --form 1.0 -o "$TMP/byname" 2>&1)
check "render -p default (a name) exits 0 ($res)" test $? -eq 0
check "render -p default writes what the default plan writes" test "$(ls "$TMP/byname")" = "$(ls "$TMP/form")"
res=$($MLPSDOC render -d samples/wenzhou-soe.xml -p no-such-plan -o "$TMP/byname2" 2>&1)
check_contains "render -p unknown name: the file looked for" "$res" "$ROOT/templates/plans/no-such-plan.xml: 无法打开文件"

# 5. Plan errors: at the plan's line, in Chinese, nothing written.
plan_err() { # NAME BODY EXPECTED
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<plan version="1">\n%s\n</plan>\n' "$2" > "$TMP/bad-plan.xml"
    res=$($MLPSDOC render -d samples/wenzhou-soe.xml -p "$TMP/bad-plan.xml" -o "$TMP/out-bad" 2>&1)
    check "$1: exits 1" test $? -eq 1
    check_contains "$1: message" "$res" "$3"
    check "$1: nothing written" test -z "$(ls "$TMP/out-bad" 2>/dev/null)"
}
plan_err "per-unit with {系统}" '  <document template="grading-report" for="unit" output="{系统}.pdf"/>' \
    "$TMP/bad-plan.xml:3: plan/document/@output: 每个单位一份的文档（for=\"unit\"）不能使用 {系统}"
plan_err "unknown placeholder" '  <document template="grading-report" for="system" output="{名称}.pdf"/>' \
    "$TMP/bad-plan.xml:3: plan/document/@output: 输出文件名“{名称}.pdf”中有未知的占位符"
plan_err "unknown template" '  <document template="no-such" for="system" output="{系统}.pdf"/>' \
    "$TMP/bad-plan.xml:3: plan/document/@template: 模板目录“$ROOT/templates”中没有名为“no-such”的模板（.xsl 或 .xml）"
plan_err "same output twice" '  <document template="grading-report" for="system" output="{系统}.pdf"/>
  <document template="grading-report-2.0" for="system" output="{系统}.pdf"/>' \
    "$TMP/bad-plan.xml:4: plan/document[2]: 输出文件“$TMP/out-bad/供水生产调度系统.pdf”与计划第 3 行的文档重名，会互相覆盖"
plan_err "schema: bad attribute value" '  <document template="grading-report" for="everyone" output="{系统}.pdf"/>' \
    "$TMP/bad-plan.xml:3: plan/document"
plan_err "schema: a slash in the output" '  <document template="grading-report" for="system" output="../{系统}.pdf"/>' \
    "$TMP/bad-plan.xml:3: plan/document"
plan_err "bad for: named with its rule" '  <document template="grading-report" for="everyone" output="{系统}.pdf"/>' \
    "$TMP/bad-plan.xml:3: plan/document/@for: for=“everyone”只能是 unit（每个单位一份）或 system（每个定级对象一份）"
plan_err "output without .pdf: named with its rule" '  <document template="grading-report" for="system" output="{单位}-{系统}-报告"/>' \
    "$TMP/bad-plan.xml:3: plan/document/@output: output=“{单位}-{系统}-报告”是文件名，须以 .pdf 结尾（见 docs/plans.md）"
plan_err "template with a path: named with its rule" '  <document template="../x" for="system" output="{系统}.pdf"/>' \
    "$TMP/bad-plan.xml:3: plan/document/@template: template=“../x”应为模板目录中模板的名称，不带扩展名和路径"
plan_err "misspelled <documnet>: points to docs/plans.md" '  <documnet template="grading-report" for="system" output="{系统}.pdf"/>' \
    "$TMP/bad-plan.xml:3: plan/documnet: 未知元素 <documnet>：<plan> 中只能有 <document>（见 docs/plans.md）"
case "$res" in *data-model*) fail "misspelled <documnet>: no data-model.md hint ($res)" ;; *) pass ;; esac
plan_err "unknown attribute and missing one" '  <document template="grading-report" output="{系统}.pdf" level="2"/>' \
    "$TMP/bad-plan.xml:3: plan/document/@level: <document> 没有属性 level"
check_contains "missing for named" "$res" "$TMP/bad-plan.xml:3: plan/document: <document> 缺少必需的属性 for（见 docs/plans.md）"
plan_err "for=system without a per-system placeholder: refused at load, at the plan's line" \
    '  <document template="grading-report" for="system" output="{单位}.pdf"/>' \
    "$TMP/bad-plan.xml:3: plan/document/@output: 每个定级对象一份的文档（for=\"system\"）的文件名“{单位}.pdf”须含 {系统} 或 {系统标识}"
case "$res" in *wenzhou-soe.xml*) fail "per-system placeholder: not blamed on the data ($res)" ;; *) pass ;; esac
long=$(python3 -c 'print("长" * 30)')
plan_err "literal text too long" "  <document template=\"grading-report\" for=\"system\" output=\"{单位}-{系统}-$long.pdf\"/>" \
    "输出文件名中占位符以外的文字过长（上限 71 字节）"

# 6. Whole sets: a document that cannot be written is named, the run exits 1, the others are
#    written; a re-run completes the set.
mkdir -p "$TMP/set/温州市瓯江水务集团有限公司-供水生产调度系统-定级报告.pdf"
res=$($MLPSDOC render -d samples/wenzhou-soe.xml -o "$TMP/set" 2>&1)
check "set: exits 1" test $? -eq 1
check_contains "set: names the failed document" "$res" \
    "$TMP/set/温州市瓯江水务集团有限公司-供水生产调度系统-定级报告.pdf: 未能生成此文档"
check_contains "set: counts" "$res" "计划中的 12 份文档有 1 份未能生成"
check "set: the other 11 written" test "$(find "$TMP/set" -name '*.pdf' -type f | wc -l)" -eq 11
rmdir "$TMP/set/温州市瓯江水务集团有限公司-供水生产调度系统-定级报告.pdf"
res=$($MLPSDOC render -d samples/wenzhou-soe.xml -o "$TMP/set" 2>&1)
check "set: re-run exits 0" test $? -eq 0
check "set: complete after the re-run" test "$(find "$TMP/set" -name '*.pdf' -type f | wc -l)" -eq 12

done_testing
