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
# 安全通用要求: widely cited totals (level 2 and 3) and level-3 technical families (28448 units)
for want in general/2/all=135 general/3/all=211 \
    general/3/安全物理环境=22 general/3/安全通信网络=8 general/3/安全区域边界=20 \
    general/3/安全计算环境=34 general/3/安全管理中心=12 \
    general/3/安全管理制度=7 general/3/安全管理机构=14 general/3/安全管理人员=12 \
    general/3/安全建设管理=34 general/3/安全运维管理=48 \
    general/2/安全物理环境=15 general/2/安全计算环境=23 general/2/安全运维管理=31 \
    cloud/3/all=46 cloud/3/安全计算环境=19 cloud/3/安全区域边界=8 cloud/3/安全管理中心=4 \
    mobile/3/安全区域边界=8 mobile/3/安全计算环境=5 ics/3/安全区域边界=8 ics/3/安全计算环境=5; do
    check_contains "2019 count $want" "$out" "counted $want
"
done
# no 安全管理中心 at level 1; no extension without level-3 items
check "no level-1 安全管理中心" sh -c "! printf '%s' \"\$1\" | grep -q 'counted general/1/安全管理中心'" - "$out"
out="$(python3 tests/catalogue_counts.py $C08)
"
check_contains "2008 level 3: 73 control points" "$out" "counted general/3/all=73
"
# the sources are named in the files
check "2019 names its sources" grep -q 'HummerRisk/HummerRisk-docs' $C19
check "2008 names its sources" grep -q '<source id=' $C08
# an edit that drops one item is caught by the counts
sed '0,/<at level="3" clause="8.1.1.1 a)"\/>/s///' $C19 >"$TMP/c.xml"
check "a dropped item changes the counts" sh -c "! python3 tests/catalogue_counts.py $TMP/c.xml"
done_testing
