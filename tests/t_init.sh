#!/bin/sh
# mlpsdoc init: a skeleton with every field of the schema, each after a Chinese comment with
# its form field and options; check then lists what is left to fill in, with lines and fields.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

out=$($MLPSDOC init 2>"$TMP/err")
check "init exits 0" test $? -eq 0
printf '%s\n' "$out" >"$TMP/skel.xml"
check "skeleton is well-formed XML" xmllint --noout "$TMP/skel.xml"
check_contains "unit name field" "$out" "<!-- 表一01 单位名称 -->"
check_contains "affiliation options" "$out" "可选：1 中央、2 省(自治区、直辖市)、3 地(区、市、州、盟)、4 县(区、市、旗)、9 其他（须在元素内容中写明）"
check_contains "2.0 industry options" "$out" "1 海关、2 税务"
check_contains "optional element marked" "$out" "2.0 表一 数据安全管理部门（可不填：不用时删除此元素）"
check_contains "yes/no attribute" "$out" "done：已评审，可选：yes、no"
check_contains "paragraphs" "$out" "<description><p></p></description>"
# further damage items: labelled, with the 客体 and 程度 options (fields.xml list=)
check_contains "item labelled" "$out" "<!-- 其他受侵害客体及侵害程度（可不填：不用时删除此元素）（可重复）"
check_contains "item/@object labelled, with options" "$out" "object：受侵害客体
            可选：citizen 公民、法人和其他组织的合法权益、society 社会秩序和公共利益、nation 国家安全"
check_contains "item/@degree labelled, with options" "$out" "degree：侵害程度
            可选：general 一般损害、serious 严重损害、very-serious 特别严重损害"
case "$out" in *"object：object"*|*"degree：degree"*) fail "a field labelled by its own name" ;; *) pass ;; esac
# every element name of the schema appears in the skeleton
for e in $(grep -o '<element name="[a-z0-9-]*"' templates/schema/unit.rng | sed 's/.*="//; s/"//' | sort -u); do
    case "$out" in *"<$e"*) pass ;; *) fail "element <$e> missing from the skeleton" ;; esac
done

# check guides to completion: many problems, each with line and field path
err=$($MLPSDOC check --today 2026-01-01 "$TMP/skel.xml" 2>&1 >/dev/null)
n=$(printf '%s\n' "$err" | grep -c '^.*skel.xml:[0-9]*: unit')
check "check lists over 100 located problems (got $n)" test "$n" -gt 100
check_contains "empty name" "$err" "unit/name: <name> 的内容为空"
check_contains "empty affiliation" "$err" "unit/affiliation/@code: 未填写隶属关系代码（可选：1 中央、2 省(自治区、直辖市)、3 地(区、市、州、盟)、4 县(区、市、旗)、9 其他）"
check_contains "yes/no value" "$err" "unit/systems/system/grading/expert-review: 属性 done 未填写（可选：yes、no）"
check_contains "empty system id" "$err" "unit/systems/system: 属性 id 未填写：应为小写字母、数字和“-”，文件内唯一，如 oa（格式 [a-z0-9][a-z0-9\-]*）"
check_contains "empty catalogue" "$err" "unit/systems/system/gap-analysis: 属性 catalogue 未填写（可选：gbt22239-2019、gbt22239-2008）"
check_contains "empty control ref" "$err" "unit/systems/system/gap-analysis/control: 属性 ref 未填写：应为 templates/catalogue/ 中控制点的 id"
case "$err" in *"控制点“”"*|*"catalogue/.xml"*) fail "empty control ref looked up: $(printf '%s' "$err" | grep '控制点“”')" ;; *) pass ;; esac

# -o writes the file, never over an existing one
check "init -o" $MLPSDOC init -o "$TMP/new.xml"
check "init -o wrote the skeleton" cmp -s "$TMP/new.xml" "$TMP/skel.xml"
$MLPSDOC init -o "$TMP/new.xml" 2>"$TMP/err"
check "init -o refuses an existing file" test $? -eq 1
check_contains "existing file message" "$(cat "$TMP/err")" "已存在，未覆盖"

# a field added to the schema appears without any other change
mkdir -p "$TMP/home"
cp -R templates fonts "$TMP/home/"
sed -i 's#<element name="postcode"><text/></element>#&\n      <element name="fax"><text/></element>#' "$TMP/home/templates/schema/unit.rng"
out=$(MLPSDOC_HOME="$TMP/home" $MLPSDOC init)
check_contains "new schema field appears" "$out" "<fax></fax>"
check_contains "new field labelled by its name" "$out" "<!-- fax -->"
done_testing
