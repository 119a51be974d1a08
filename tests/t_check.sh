#!/bin/sh
# mlpsdoc check: good samples pass (exit 0, summary per file), every samples/broken/*.xml fails
# (exit 1) with exactly the lines of its .expected file, usage errors exit 2.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2
TODAY="--today 2026-01-01"

# The good samples and the GB18030 copy pass, with the level counts in the summary.
out=$($MLPSDOC check $TODAY samples/wenzhou-soe.xml samples/chongqing-institution.xml 2>"$TMP/err")
rc=$?
check "good samples exit 0" test "$rc" -eq 0
check "good samples: no diagnostics" test ! -s "$TMP/err"
check_contains "wenzhou summary" "$out" "samples/wenzhou-soe.xml: 通过（3 个定级对象：第二级 1 个，第三级 2 个）"
check_contains "chongqing summary" "$out" "samples/chongqing-institution.xml: 通过（2 个定级对象：第二级 1 个，第三级 1 个）"
out=$($MLPSDOC check $TODAY tests/data/chongqing-gb18030.xml 2>&1)
check "GB18030 file passes" test $? -eq 0
check_contains "GB18030 summary" "$out" "tests/data/chongqing-gb18030.xml: 通过（2 个定级对象：第二级 1 个，第三级 1 个）"
# the real date is used without --today (the samples are in the past)
check "real today" $MLPSDOC check samples/wenzhou-soe.xml

# Each broken file: exit 1, exactly the expected lines on stderr, a failure summary on stdout.
n=0
for f in samples/broken/*.xml; do
    n=$((n + 1))
    exp="${f%.xml}.expected"
    if [ ! -f "$exp" ]; then fail "$f: no $exp"; continue; fi
    out=$($MLPSDOC check $TODAY "$f" 2>"$TMP/err")
    rc=$?
    if [ "$rc" -eq 1 ]; then pass; else fail "$f: exit $rc, want 1"; fi
    if cmp -s "$TMP/err" "$exp"; then pass; else
        fail "$f: diagnostics differ from $exp:"; diff "$exp" "$TMP/err" | head -n 10
    fi
    lines=$(wc -l <"$exp")
    check_contains "$f summary" "$out" "$f: 未通过（$lines 个错误）"
done
check "at least 10 broken samples" test "$n" -ge 10

# Every problem of a file is reported, not just the first; several files in one run.
sed -e 's#<postcode>400010</postcode>#<postcode>4000</postcode>#' \
    -e 's#heyu@eling-health.example.cn#heyu@#' \
    -e 's#<level>3</level>\(.*\)#<level>2</level>\1#' \
    -e 's#src="topology-#src="'"$ROOT"'/samples/topology-#' \
    samples/chongqing-institution.xml >"$TMP/multi.xml"
out=$($MLPSDOC check $TODAY "$TMP/multi.xml" samples/wenzhou-soe.xml 2>"$TMP/err")
rc=$?
err=$(cat "$TMP/err")
check "multi: exit 1" test "$rc" -eq 1
check_contains "multi: postcode" "$err" "multi.xml:13: unit/postcode: 邮政编码应为 6 位数字，实际为“4000”"
check_contains "multi: email" "$err" "unit/security-contact/email: 电子邮件地址“heyu@”格式不正确"
check_contains "multi: level" "$err" "unit/systems/system[1]/grading/level: 声明的安全保护等级为第二级"
check_contains "multi: second file still checked" "$out" "samples/wenzhou-soe.xml: 通过"

# Every missing element and attribute in one run (RELAX NG alone names one per parent).
sed -e '/<postcode>/d' -e '/<security-dept>/d' -e 's/ done="[a-z]*"//' \
    -e '0,/<in-service>/{/<in-service>/d}' -e '0,/<graded-on>/{/<graded-on>/d}' \
    samples/chongqing-institution.xml >"$TMP/missing.xml"
cp samples/topology-*.png "$TMP/"   # images must lie in the data file's folder
out=$($MLPSDOC check $TODAY "$TMP/missing.xml" 2>"$TMP/err")
err=$(cat "$TMP/err")
check_contains "all missing: summary" "$out" "未通过（6 个错误）"
check_contains "all missing: security-dept" "$err" "missing.xml:4: unit: 缺少必需的元素 <security-dept>"
check_contains "all missing: postcode" "$err" "unit: 缺少必需的元素 <postcode>"
check_contains "all missing: in-service" "$err" "unit/systems/system[1]: 缺少必需的元素 <in-service>"
check_contains "all missing: graded-on" "$err" "unit/systems/system[1]/grading: 缺少必需的元素 <graded-on>"
check_contains "all missing: attribute 1" "$err" "unit/systems/system[1]/grading/expert-review: 元素 <expert-review> 缺少必需的属性 done"
check_contains "all missing: attribute 2" "$err" "unit/systems/system[2]/grading/expert-review: 元素 <expert-review> 缺少必需的属性 done"

# Pasted spaces around a date, an option code and a level: check, the grading and the
# documents see the trimmed values (the same levels, the same ticks, the same text).
mkdir -p "$TMP/sp/plain"
cp samples/topology-*.png "$TMP/sp/"; cp samples/topology-*.png "$TMP/sp/plain/"
cp samples/chongqing-institution.xml "$TMP/sp/plain/cq.xml"
sed -e 's#<graded-on>2025-03-18</graded-on>#<graded-on>2025-03-18 </graded-on>#' \
    -e 's#<object code="society"/>#<object code=" society "/>#' \
    -e 's#<unit-type code="3"/>#<unit-type code="3 "/>#' \
    -e 's#^        <level>3</level>#        <level>\n 3 </level>#' \
    samples/chongqing-institution.xml >"$TMP/sp/cq.xml"
check "spaces: the file has them" grep -q '<graded-on>2025-03-18 </graded-on>' "$TMP/sp/cq.xml"
out=$($MLPSDOC check $TODAY "$TMP/sp/cq.xml" 2>&1)
check_contains "spaces: levels counted" "$out" "cq.xml: 通过（2 个定级对象：第二级 1 个，第三级 1 个）"
for d in sp sp/plain; do
    for t in filing-form-2007 grading-report; do
        (cd "$TMP/$d" && SOURCE_DATE_EPOCH=1 $MLPSDOC render -t $t -d cq.xml -s ehr -o $t.pdf --text >/dev/null 2>&1)
    done
done
for t in filing-form-2007 grading-report; do
    check "spaces: $t text as without them" cmp "$TMP/sp/$t.txt" "$TMP/sp/plain/$t.txt"
done
txt=$(cat "$TMP/sp/filing-form-2007.txt")
check_contains "spaces: unit type ticked" "$txt" "☑3事业单位"
txt=$(cat "$TMP/sp/grading-report.txt")
check_contains "spaces: date" "$txt" "日　　期：2025年3月18日"
check_contains "spaces: level" "$txt" "业务信息安全等级为第三级"

# Full-width digits and punctuation (a Chinese input method's) are named in the message.
sed -e 's#<postcode>400010</postcode>#<postcode>４０００１０</postcode>#' \
    -e '0,/<office-phone>[^<]*</s#<office-phone>[^<]*</#<office-phone>023－63800000</#' \
    -e '0,/<mobile>[^<]*</s#<mobile>[^<]*</#<mobile>138　57712345</#' \
    -e 's#<graded-on>2025-03-18</graded-on>#<graded-on>2025－03－18</graded-on>#' \
    -e 's#<unit-type code="3"/>#<unit-type code="３"/>#' \
    -e '0,/<level>2<\/level>/s#<level>2</level>#<level>２</level>#' \
    -e '0,/<filed-on>2025-04-08/s#<filed-on>2025-04-08#<filed-on>2025-4-08#' \
    samples/chongqing-institution.xml >"$TMP/fw.xml"
$MLPSDOC check $TODAY "$TMP/fw.xml" 2>"$TMP/fw.err" >/dev/null
err=$(cat "$TMP/fw.err")
check_contains "full-width postcode" "$err" "fw.xml:13: unit/postcode: 邮政编码应为 6 位数字，实际为“４０００１０”（含全角字符“４”，请改用半角）"
check_contains "full-width phone" "$err" "unit/leader/office-phone: 办公电话“023－63800000”格式不正确：固定电话须带区号并用“-”分隔（如 0577-88886666），或填 11 位手机号码（含全角字符“－”，请改用半角）"
check_contains "full-width space" "$err" "unit/leader/mobile: 移动电话“138　57712345”格式不正确：应为 11 位手机号码，以 13–19 开头（如 13857712345）（含全角空格“　”，请改用半角或删去）"
check_contains "full-width code" "$err" "unit/unit-type/@code: 未知的单位类型代码“３”（可选：1 党委机关、2 政府机关、3 事业单位、4 企业、9 其他）（含全角字符“３”，请改用半角）"
check_contains "full-width level" "$err" "grading/system-service/level: 系统服务安全保护等级应为 1 到 5 的数字，实际为“２”（含全角字符“２”，请改用半角）"
check_contains "full-width date" "$err" "unit/systems/system[1]/grading/graded-on: 定级时间“2025－03－18”不是有效日期（应为 YYYY-MM-DD 格式的真实日期，如 2024-05-20）（含全角字符“－”，请改用半角）"
# a half-width mistake gets no hint (the line ends at the value's message)
check "half-width: no hint" grep -Fxq "$TMP/fw.xml:194: unit/systems/system[1]/filing/filed-on: 备案日期“2025-4-08”不是有效日期（应为 YYYY-MM-DD 格式的真实日期，如 2024-05-20）" "$TMP/fw.err"

# A missing topology image is reported: where it was looked for, a name differing in case, a "\".
sed 's#src="topology-ehr.png"#src="no-such.png"#' samples/chongqing-institution.xml >"$TMP/img.xml"
err=$($MLPSDOC check $TODAY "$TMP/img.xml" 2>&1 >/dev/null)
check_contains "missing image" "$err" "img.xml:88: unit/systems/system[1]/topology/@src: 拓扑图文件“no-such.png”不存在（在 $(cd "$TMP" && pwd -P) 中查找）"
sed 's#src="topology-ehr.png"#src="Topology-EHR.png"#' samples/chongqing-institution.xml >"$TMP/img.xml"
err=$($MLPSDOC check $TODAY "$TMP/img.xml" 2>&1 >/dev/null)
check_contains "image name case" "$err" "拓扑图文件“Topology-EHR.png”不存在（在 $(cd "$TMP" && pwd -P) 中查找）；那里有“topology-ehr.png”：文件名的大小写须一致"
sed 's#src="topology-ehr.png"#src="图片\\topology-ehr.png"#' samples/chongqing-institution.xml >"$TMP/img.xml"
err=$($MLPSDOC check $TODAY "$TMP/img.xml" 2>&1 >/dev/null)
check_contains "image backslash" "$err" "拓扑图文件“图片\\topology-ehr.png”的路径请用“/”分隔，不能用“\\”（应写作“图片/topology-ehr.png”）"

# 行政区划代码: a 省级 code is named as such; a prefix that is not the address's province is an
# error; a system id that breaks its pattern names the attribute and the pattern.
sed 's#<region-code>500100</region-code>#<region-code>500000</region-code>#' samples/chongqing-institution.xml >"$TMP/rc.xml"
err=$($MLPSDOC check $TODAY "$TMP/rc.xml" 2>&1 >/dev/null)
check_contains "province-level region code" "$err" "rc.xml:14: unit/region-code: 行政区划代码“500000”是省级代码：应填单位所在地（区、市、州、盟）的地级代码（如 500100，后两位为 00，中间两位不为 00）"
sed -e 's#<region-code>500100</region-code>#<region-code>110100</region-code>#' -e 's#<province>重庆市</province>#<province>重庆</province>#' \
    samples/chongqing-institution.xml >"$TMP/rc.xml"
err=$($MLPSDOC check $TODAY "$TMP/rc.xml" 2>&1 >/dev/null)
check_contains "region code of another province" "$err" "rc.xml:14: unit/region-code: 行政区划代码“110100”的前两位“11”是北京市，与单位地址的省份“重庆”（代码前两位应为 50）不符"
sed 's#<system id="ehr">#<system id="Web_1">#' samples/chongqing-institution.xml >"$TMP/id.xml"
err=$($MLPSDOC check $TODAY "$TMP/id.xml" 2>&1 >/dev/null)
check_contains "system id pattern" "$err" "id.xml:46: unit/systems/system[1]: 属性 id 的取值“Web_1”无效：应为小写字母、数字和“-”，文件内唯一，如 oa（格式 [a-z0-9][a-z0-9\-]*）"

# An empty topology (as init writes it) passes with a warning naming the field and line.
sed 's#src="topology-ehr.png"#src=""#' samples/chongqing-institution.xml >"$TMP/notopo.xml"
out=$($MLPSDOC check $TODAY "$TMP/notopo.xml" 2>"$TMP/err")
check "empty topology: exit 0" test $? -eq 0
check_contains "empty topology: summary" "$out" "notopo.xml: 通过（2 个定级对象：第二级 1 个，第三级 1 个；1 个警告）"
check_contains "empty topology: warning" "$(cat "$TMP/err")" "notopo.xml:88: 警告: unit/systems/system[1]/topology/@src: 未提供网络拓扑图：src 为空，报告中将没有拓扑图（请把 PNG 或 JPEG 图片放在数据文件所在的文件夹，在 src 中写文件名）"

# UTF-16 is refused with the Chinese message.
printf '\377\376<\000u\000/\000>\000' >"$TMP/u16.xml"
err=$($MLPSDOC check "$TMP/u16.xml" 2>&1 >/dev/null)
check_contains "utf-16 refused" "$err" "不支持的文件编码（UTF-16）"

# GBK is read as GB18030; a .docx given as the data file is named.
sed 's/encoding="GB18030"/encoding="GBK"/' tests/data/chongqing-gb18030.xml >"$TMP/gbk.xml"
out=$($MLPSDOC check $TODAY "$TMP/gbk.xml" 2>&1)
check_contains "GBK read as GB18030" "$out" "gbk.xml: 通过（2 个定级对象：第二级 1 个，第三级 1 个）"
printf 'PK\003\004\024\000\006\000' >"$TMP/unit.docx"
err=$($MLPSDOC check "$TMP/unit.docx" 2>&1 >/dev/null)
check_contains "docx named" "$err" "unit.docx: 这是 Word/Excel（.docx/.xlsx）文件，不是单位数据文件："

# Usage errors exit 2.
$MLPSDOC check >/dev/null 2>&1
check "no file: exit 2" test $? -eq 2
$MLPSDOC check --bogus samples/wenzhou-soe.xml >/dev/null 2>&1
check "unknown option: exit 2" test $? -eq 2
$MLPSDOC check --today 2026-02-30 samples/wenzhou-soe.xml >/dev/null 2>&1
check "bad --today: exit 2" test $? -eq 2
# --today pins the date: the samples' dates are in the future of 2020
$MLPSDOC check --today 2020-01-01 samples/wenzhou-soe.xml >/dev/null 2>&1
check "--today 2020 makes sample dates future" test $? -eq 1

# A code codes.xml has retired (<retired>): refused with what to write instead, not as unknown
mkdir -p "$TMP/gov"
sed 's#<deployment code="other">政务云</deployment>#<deployment code="government"/>#' \
    samples/chongqing-institution.xml >"$TMP/gov/cq.xml"
cp samples/*.png "$TMP/gov/"
out=$($MLPSDOC check $TODAY "$TMP/gov/cq.xml" 2>&1)
check "retired code: exit 1" test $? -eq 1
check_contains "retired code: what to write instead" "$out" \
    "unit/systems/system[1]/new-tech/cloud/deployment/@code: 部署模式代码“government”已不再使用：2.0 备案表的部署模式只有私有云、公有云、混合云和其他；政务云请写作 <deployment code=\"other\">政务云</deployment>"

# A bare < or & in text: the XML message says how to write them
for c in '<' '\&'; do
    sed "0,/<name>重庆/s#<name>重庆#<name>a $c b 重庆#" samples/chongqing-institution.xml >"$TMP/gov/bare.xml"
    out=$($MLPSDOC check $TODAY "$TMP/gov/bare.xml" 2>&1)
    check_contains "bare $c: how to write it" "$out" "XML 格式错误：此处应为元素或属性名称（文字中的“<”请写作 &lt;，“&”请写作 &amp;）"
done

done_testing
