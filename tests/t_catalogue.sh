#!/bin/sh
# The requirement catalogues (templates/catalogue/): valid against their schema, their own
# <counts> agree with their items, and the verified figures hold (sources named in each file).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2
C19=templates/catalogue/gbt22239-2019.xml
C08=templates/catalogue/gbt22239-2008.xml

for f in $C19 $C08; do
    check "$f valid" xmllint --noout --relaxng templates/schema/catalogue.rng "$f"
    check "$f counts agree with items" python3 tests/catalogue_counts.py "$f"
done
out="$(python3 tests/catalogue_counts.py $C19)
"
# 安全通用要求 per level and family: the figures of both full transcriptions (sources D and E of
# the file; 55 and 228, not the often cited 59 and 232), and the extensions per level
for want in general/1/all=55 general/2/all=135 general/3/all=211 general/4/all=228 \
    general/1/安全物理环境=7 general/1/安全通信网络=2 general/1/安全区域边界=5 general/1/安全计算环境=11 \
    general/1/安全管理制度=1 general/1/安全管理机构=3 general/1/安全管理人员=4 general/1/安全建设管理=9 \
    general/1/安全运维管理=13 \
    general/2/安全物理环境=15 general/2/安全通信网络=4 general/2/安全区域边界=11 general/2/安全计算环境=23 \
    general/2/安全管理中心=4 general/2/安全管理制度=6 general/2/安全管理机构=9 general/2/安全管理人员=7 \
    general/2/安全建设管理=25 general/2/安全运维管理=31 \
    general/3/安全物理环境=22 general/3/安全通信网络=8 general/3/安全区域边界=20 general/3/安全计算环境=34 \
    general/3/安全管理中心=12 general/3/安全管理制度=7 general/3/安全管理机构=14 general/3/安全管理人员=12 \
    general/3/安全建设管理=34 general/3/安全运维管理=48 \
    general/4/安全物理环境=24 general/4/安全通信网络=11 general/4/安全区域边界=21 general/4/安全计算环境=36 \
    general/4/安全管理中心=13 general/4/安全管理制度=7 general/4/安全管理机构=15 general/4/安全管理人员=14 \
    general/4/安全建设管理=35 general/4/安全运维管理=52 \
    cloud/1/all=11 cloud/2/all=29 cloud/3/all=46 cloud/4/all=49 \
    mobile/1/all=5 mobile/2/all=14 mobile/3/all=19 mobile/4/all=21 \
    iot/1/all=4 iot/2/all=7 iot/3/all=20 iot/4/all=21 \
    ics/1/all=9 ics/2/all=15 ics/3/all=21 ics/4/all=22 \
    cloud/3/安全计算环境=19 cloud/3/安全区域边界=8 cloud/3/安全管理中心=4 \
    mobile/3/安全区域边界=8 mobile/3/安全计算环境=5 ics/3/安全区域边界=8 ics/3/安全计算环境=5 \
    iot/3/安全计算环境=10 bigdata/1/all=3 bigdata/2/all=12 bigdata/3/all=24 bigdata/4/all=25; do
    check_contains "2019 count $want" "$out" "counted $want
"
done
# every 安全通用要求 item of levels 2 and 3 is verified in two transcriptions but the one 8.1.10.1 b)
# whose wording D and E dispute; each item names its sources and at least one <at clause>
check "2019: unverified general items of levels 2-3 are only general-om-01-5" sh -c '
    test "$(xmllint --xpath "//part[@id=\"general\"]//item[@verified=\"no\"][at/@level=2 or at/@level=3]/@id" "$1" | tr -d " ")" = "id=\"general-om-01-5\""' - $C19
# a report lists a control point's items in file order: at every level they keep the standard's a), b), …
check "2019: items in the standard's letter order at every level" python3 -c '
import sys, xml.etree.ElementTree as ET
for c in ET.parse(sys.argv[1]).getroot().iter("control"):
    for lv in "1234":
        ls = [a.get("clause").split(" ")[-1] for a in c.iter("at") if a.get("level") == lv and " " in a.get("clause", "")]
        if ls != sorted(ls): sys.exit("%s level %s: %s" % (c.get("id"), lv, ls))' $C19
check "2019: every item has a clause" sh -c '
    test "$(xmllint --xpath "count(//part[@id!=\"bigdata\"]//item/at[not(@clause)])" "$1")" = 0' - $C19
# no 安全管理中心 at level 1; no extension without level-3 items
check "no level-1 安全管理中心" sh -c "! printf '%s' \"\$1\" | grep -q 'counted general/1/安全管理中心'" - "$out"
out="$(python3 tests/catalogue_counts.py $C08)
"
check_contains "2008 level 3: 73 control points" "$out" "counted general/3/all=73
"
# the sources are named in the files
check "2019 names its sources" grep -q 'HummerRisk/HummerRisk-docs' $C19
check "2019 names the full transcription" grep -q 'Yyyy03/dengbao_llm_interface, demo/markdowns/GB/22239-new.md' $C19
check "2008 names its sources" grep -q '<source id=' $C08
# an edit that drops one item is caught by the counts
sed '0,/<at level="3" clause="8.1.1.1 a)"\/>/s///' $C19 >"$TMP/c.xml"
check "a dropped item changes the counts" sh -c "! python3 tests/catalogue_counts.py $TMP/c.xml"
done_testing
