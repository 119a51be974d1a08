#!/bin/sh
# Long-document features of doc XML: <toc/> with the headings' printed page numbers, captioned
# tables and figures numbered 表N / 图N, <ref to> resolved (forward too), and the errors.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2
DOC=tests/data/longdoc.xml

check "typeset longdoc" $MLPSDOC typeset $DOC -o "$TMP/l.pdf"
pdftotext -layout "$TMP/l.pdf" "$TMP/l.txt"
t=$(tr -d ' ' <"$TMP/l.txt")
# the TOC: each listed heading with its page number after the leader
check_contains "toc title" "$t" "目录"
check "toc: 概述 on page 1, after a leader" sh -c "printf '%s\n' \"\$1\" | grep -Eq '^一、概述\.{10,}1$'" - "$t"
check_contains "toc: 编制目的 on page 1" "$t" "（一）编制目的"
check_contains "toc: wrapped heading, page 2" "$t" "换行情况是否正确处理好"
# the page number a TOC line gives is the page the heading is printed on
check "toc page = heading page" python3 - "$TMP/l.pdf" <<'PY'
import re, subprocess, sys
pages = subprocess.run(["pdftotext", "-layout", sys.argv[1], "-"], capture_output=True,
                       text=True).stdout.split("\f")
toc = re.sub(r"\s", "", pages[1])
want = {"一、概述": None, "（一）小结": None}
for i, p in enumerate(pages[2:]):
    num = re.search(r"—\s*(\d+)\s*—", p)
    for h in want:
        if h in re.sub(r"\s", "", p) and num:
            want[h] = num.group(1)
ok = all(v and re.search(re.escape(h) + r"\.+" + v + r"(?!\d)", toc) for h, v in want.items())
sys.exit(0 if ok else 1)
PY
# the leader runs on to the number: between the entry, the dots and the number at most a
# word space (0.2-0.45 em), so that nothing reads as a column gap or the number as a lone figure
check "toc leader: gaps to the entry and the number below 0.5 em" python3 - "$TMP/l.pdf" <<'PY'
import re, subprocess, sys
xml = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", sys.argv[1], "-"],
                     capture_output=True, text=True).stdout
words = [(float(a), float(b), float(y), w) for a, y, b, w in
         re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', xml)]
rows = {}
for w in words:
    rows.setdefault(round(w[2]), []).append(w)
gaps = []
for r in rows.values():
    r.sort()
    dots = [i for i, w in enumerate(r) if set(w[3]) == {"."}]
    if not dots or dots[-1] + 1 >= len(r):
        continue
    lead, num = r[dots[0] - 1], r[dots[-1] + 1]
    gaps += [r[dots[0]][0] - lead[1], num[0] - r[dots[-1]][1]]
sys.exit(0 if len(gaps) >= 4 and 0.15 * 16 <= min(gaps) and max(gaps) < 0.5 * 16 else 1)
PY
# numbering and references
check_contains "refs resolved, forward ones too" "$t" "本报告见表1和图1，另见表2。"
check_contains "table caption numbered" "$t" "表1基本要求"
check_contains "second table numbered" "$t" "表2差距分析"
check_contains "figure caption numbered" "$t" "图1网络拓扑"
# number and title one 汉字 space (U+3000) apart, as the 定级报告 templates have always printed
dump=$($MLPSDOC typeset $DOC --dump)
check_contains "table caption: 表1　title" "$dump" "|表1　基本要求|"
check_contains "figure caption: 图1　title" "$dump" "|图1　网络拓扑|"
# errors: an unknown reference and a duplicate id, both reported with file:line
sed -e 's#<ref to="gap"/>#<ref to="nosuch"/>#' -e 's#id="gap"#id="req"#' $DOC >"$TMP/bad.xml"
out=$($MLPSDOC typeset "$TMP/bad.xml" -o "$TMP/bad.pdf" 2>&1)
check "bad refs fail" test $? -ne 0
check "nothing written" test ! -e "$TMP/bad.pdf"
check_contains "unknown ref named" "$out" "bad.xml:7: "
check_contains "unknown ref message" "$out" "<ref to=“nosuch”>：没有这个 id 的带标题表格或图片"
check_contains "duplicate id message" "$out" "id=“req”重复"
done_testing
