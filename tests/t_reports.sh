#!/bin/sh
# The policy report and the response plan (templates/policy-report.xsl, response-plan.xsl):
# requirement rows follow the catalogue by level and by the extensions 表四 declares, the gap
# analysis or its absence, and both documents typeset clean (cjkcheck, qpdf).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2
CJK="$SHARED/tools/cjkcheck/cjkcheck.py"
W=samples/wenzhou-soe.xml
C=samples/chongqing-institution.xml

# expand TEMPLATE DATA SYSTEM OUT: the template's doc XML (its images copied beside it)
cp samples/topology-*.png "$TMP/"
expand() {
    $MLPSDOC expand -t "templates/$1" -d "$2" ${3:+-s "$3"} >"$4" 2>"$TMP/expand.err" || fail "expand $1 $2 $3"
}
expand policy-report.xsl $W oa "$TMP/oa.xml"
expand policy-report.xsl $W billing "$TMP/billing.xml"
expand policy-report.xsl $W scada "$TMP/scada.xml"
expand policy-report.xsl $C ehr "$TMP/ehr.xml"
expand policy-report.xsl $C portal "$TMP/portal.xml"
R="python3 tests/reports_rows.py"

# a 第二级 and a 第三级 system: all of their level's general items, differing as the catalogue says
check "oa (第二级): the 135 general items" $R same "$TMP/oa.xml" 安全通用要求 2
check "billing (第三级): the 211 general items" $R same "$TMP/billing.xml" 安全通用要求 3
check "第二级 vs 第三级 rows differ exactly as the catalogue" $R diff "$TMP/oa.xml" "$TMP/billing.xml"
check_contains "135 rows counted" "$($R rows "$TMP/oa.xml" 安全通用要求)" "135"
# the extensions 表四 declares, and only those
check "billing uses cloud: the cloud extension rows" $R same "$TMP/billing.xml" 云计算安全扩展要求 3
check "billing uses mobile: the mobile extension rows" $R same "$TMP/billing.xml" 移动互联安全扩展要求 3
check_contains "oa uses no cloud: no cloud rows" "$($R rows "$TMP/oa.xml" 云计算安全扩展要求)" "0"
check_contains "scada: no cloud rows" "$($R rows "$TMP/scada.xml" 云计算安全扩展要求)" "0"
check "scada uses ICS: its rows" $R same "$TMP/scada.xml" 工业控制系统安全扩展要求 3
check "scada uses IoT: its rows" $R same "$TMP/scada.xml" 物联网安全扩展要求 3
# every requirement row names its 控制点 (no row spans, so a continuation page never starts
# with an unlabelled row)
check_contains "oa: every row labelled" "$($R unlabelled "$TMP/oa.xml")" "0"
check_contains "billing: every row labelled" "$($R unlabelled "$TMP/billing.xml")" "0"
check_contains "portal (1.0): every row names its 层面" "$($R unlabelled "$TMP/portal.xml")" "0"
# a 1.0 system lists the 2008 control points
check_contains "portal (1.0) cites GB/T 22239-2008" "$(cat "$TMP/portal.xml")" "依据 GB/T 22239-2008"

# typeset: text of the gap analysis (chongqing ehr has one) or its absence (wenzhou)
for s in oa ehr; do
    check "typeset $s policy report" $MLPSDOC typeset "$TMP/$s.xml" -o "$TMP/$s.pdf"
    pdftotext -raw "$TMP/$s.pdf" "$TMP/$s.txt"
done
t=$(tr -d ' \n' <"$TMP/oa.txt")
check_contains "no gap analysis: done with the 等级测评" "$t" "本系统的现状差距分析结合等级测评开展：温州市瓯江水务集团有限公司委托具备资质的等级测评机构"
check_contains "no gap analysis: the steps that follow" "$t" "制定整改方案：针对部分满足和未满足的控制点"
check_contains "no gap analysis: 第二级 tested periodically" "$t" "此后定期开展等级测评和自查"
case "$t" in *数据文件*|*尚未开展*) fail "no gap analysis: the report speaks of the tool's data" ;; *) pass ;; esac
check_contains "2.0 strategy" "$t" "一个中心、三重防护"
check "oa: a group's second row names its 控制点" grep -q "^2 身份鉴别 应具有登录失败处理功能" "$TMP/oa.txt"
# the gap and plan tables: headings, conclusions, names and dates each on one line
for l in "序号 安全类 控制点 结论 现状及整改措施 计划完成" "3 安全计算环境 身份鉴别 部分满足" \
         "2025 年 9 月 30 日" "2025 年 12 月 31 日" "2 应急预案管理 每半年组织一次" "高 2025 年 8 月 31 日"; do
    check "ehr: '$l' on one line" grep -q "$l" "$TMP/ehr.txt"
done
t=$(tr -d ' \n' <"$TMP/ehr.txt")
check_contains "gap counts" "$t" "已满足6个，部分满足4个，未满足1个"
check_contains "gap coverage" "$t" "适用的87个控制点中的11个"
check_contains "plan: 未满足 first" "$t" "1数据保密性对身份证号"
check_contains "toc lists the plan chapter" "$t" "五、安全建设规划"

# the response plan, per unit
expand response-plan.xsl $C "" "$TMP/plan-c.xml"
expand response-plan.xsl $W "" "$TMP/plan-w.xml"
for u in c w; do
    check "typeset response plan $u" $MLPSDOC typeset "$TMP/plan-$u.xml" -o "$TMP/plan-$u.pdf"
done
# each outside contact (org and phone) and each role (duty and person) once, the first of each
# in data order, numbered on (wenzhou: 9 contacts, 6 different; 16 roles, 9 different)
once() {
    python3 - "$1" "$2" <<'PY'
import sys, xml.etree.ElementTree as ET
data, doc = ET.parse(sys.argv[1]).getroot(), ET.parse(sys.argv[2]).getroot()
def firsts(keys):
    seen, out = set(), []
    for k in keys:
        if k not in seen:
            seen.add(k)
            out.append(k)
    return out
def rows(table_id):
    t = [t for t in doc.iter('table') if t.get('id') == table_id][0]
    return [[''.join(c.itertext()) for c in r.findall('cell')] for r in t.findall('row')[1:]]
want = firsts((c.findtext('org'), c.findtext('phone')) for c in data.iter('contact'))
got = rows('contacts')
assert len(want) < len(list(data.iter('contact'))), 'no duplicate contacts to drop'
assert [(r[1], r[3]) for r in got[:-1]] == want, got
assert [r[0] for r in got] == [str(i + 1) for i in range(len(want) + 1)], got
want = firsts((r.get('code'), r.findtext('person')) for r in data.iter('role'))
assert len(want) < len(list(data.iter('role'))), 'no duplicate roles to drop'
assert [r[1] for r in rows('roles')] == [p for _, p in want], rows('roles')
PY
}
check "plan-w: each contact and role once, in data order" once $W "$TMP/plan-w.xml"
check "plan-c: each contact and role once, in data order" once $C "$TMP/plan-c.xml"
pdftotext -raw "$TMP/plan-c.pdf" "$TMP/plan-c.txt"
t=$(tr -d ' \n' <"$TMP/plan-c.txt")
check_contains "plan: leader from the data" "$t" "应急领导小组组长刘文静中心主任"
check_contains "plan: outside contact with phone" "$t" "重庆市公安局渝中区分局网络安全保卫支队"
check_contains "plan: 2023 classes for a 2.0 unit" "$t" "GB/T20986-2023"
check_contains "plan: four grades" "$t" "特别重大事件（Ⅰ级）"
check_contains "plan: warning colours" "$t" "橙色Ⅱ级"
check_contains "plan: reporting deadline" "$t" "发现后2小时内报告"
check_contains "plan: backup from the data" "$t" "健康档案数据库每日全量备份"
check_contains "plan: drills for a 第三级 unit" "$t" "每年至少组织一次应急演练"

# a unit-wide plan: every system's own arrangements under 应急组织, each under its name
pdftotext -raw "$TMP/plan-w.pdf" "$TMP/plan-w.txt"
t=$(tr -d ' \n' <"$TMP/plan-w.txt")
org=${t#*（一）应急组织}
org=${org%%（二）人员及职责*}
check_contains "plan: SCADA under its name" "$org" "2.供水生产调度系统"
check_contains "plan: OA's paper fallback" "$org" "办公室负责启用纸质公文流转"
check_contains "plan: SCADA's local control" "$org" "立即切换至各水厂就地控制模式"
check_contains "plan: billing's offline fees" "$org" "启用离线收费和延期缴费措施"
check_contains "plan: billing's personal-data leak report" "$org" "发生个人信息泄露事件时，须在规定时限内向公安机关和网信部门报告"
check_contains "plan: each system under its name" "$org" "3.营业收费系统营业收费系统安全事件"
# grading by the 2023 standard's 事件影响对象; the 1.0 note only where a system is graded 1.0
check_contains "plan: 2023 grading factors" "$t" "根据事件影响对象（受事件影响的网络和信息系统、数据及其承载的业务）的重要程度"
check_contains "plan: 2023 grade condition" "$t" "特别重要的事件影响对象遭受特别严重的损失"
for u in w c; do
    for l in "特别重大事件（Ⅰ级）" "重大事件（Ⅱ级）" "较大事件（Ⅲ级）" "一般事件（Ⅳ级）"; do
        check "plan-$u: '$l' on one line" sh -c 'tr -d "\f" <"$1" | grep -q "^$2 "' sh "$TMP/plan-$u.txt" "$l"
    done
done
case "$t" in *信息系统的重要程度*|*等保1.0定级*|*本单位有第三级及以上信息系统。*) fail "plan-w: 2007 factors, a 1.0 note or a bare sentence in a 2.0 unit's plan" ;; *) pass ;; esac
check_contains "plan-c: 1.0 classes noted (portal is 1.0)" "$(tr -d ' \n' <"$TMP/plan-c.txt")" "按等保1.0定级的系统沿用的旧分类"
check_contains "plan: drills name the 第三级 systems" "$t" "八、培训和演练本单位供水生产调度系统、营业收费系统的安全保护等级为第三级，按其要求，每半年至少组织一次应急预案培训"

# cjkcheck and qpdf on both documents
j() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
for f in ehr plan-c; do
    python3 "$CJK" "$TMP/$f.pdf" --json-out "$TMP/$f.json" >/dev/null 2>&1
    check "$f: cjkcheck ran" test -s "$TMP/$f.json"
    check "$f: qpdf clean" j "$TMP/$f.json" "r['pdf']['qpdf_check']['clean']"
    check "$f: no line-breaking violations" j "$TMP/$f.json" "r['line_breaking']['line_start_violations'] == 0 and r['line_breaking']['line_end_violations'] == 0"
    check "$f: fonts embedded with ToUnicode" j "$TMP/$f.json" "r['pdf']['fonts']['all_embedded'] and r['pdf']['fonts']['all_tounicode']"
    check "$f: nothing outside the text area" j "$TMP/$f.json" "r['overflow']['words_outside_text_area'] == 0"
    check "$f: no missing glyphs" j "$TMP/$f.json" "r['glyphs']['notdef_glyphs_shown'] == 0 and r['glyphs']['replacement_chars'] == 0"
done
done_testing
