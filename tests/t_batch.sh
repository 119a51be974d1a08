#!/bin/sh
# mlpsdoc batch on generated units (scripts/make-units.py): a no-change run skips everything;
# a data, template, fragment, font-configuration or image change rebuilds exactly the documents
# that depend on it (compared with the set computed here from the data files); a bad file among
# good ones fails alone; a run killed mid-way leaves only complete PDFs and the re-run finishes;
# two concurrent runs on one folder build each output once between them; --shard K/N lists
# every output exactly once for N = 1, 2, 3, 7; the report validates against its JSON Schema;
# a dry run (-n) names exactly what the real run then builds, with its reason, and writes nothing;
# the PDFs of a renamed system, or of a deleted data file (of a folder given, in this shard), are
# listed as stale on every run until --prune deletes them (never one changed by hand since).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

PY=python3
$PY -c 'import jsonschema' 2>/dev/null || PY=/usr/bin/python3

# A copy of templates/ and fonts/ that the test may change (MLPSDOC_HOME).
HOME_DIR="$TMP/home"
mkdir -p "$HOME_DIR"
cp -R templates fonts "$HOME_DIR/"
# the two 定级报告 per system: the expectations below are computed for them
cat > "$HOME_DIR/templates/plans/default.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<plan version="1" title="定级报告">
  <document template="grading-report" for="system" form="1.0" output="{单位}-{系统}-定级报告.pdf"/>
  <document template="grading-report-2.0" for="system" form="2.0" output="{单位}-{系统}-网络安全等级保护定级报告.pdf"/>
</plan>
EOF
export MLPSDOC_HOME="$HOME_DIR"
U="$TMP/units"
OUT="$TMP/out"
python3 scripts/make-units.py -n 5 --seed 7 "$U" 2>/dev/null
check "generated units pass check" $MLPSDOC check "$U"/unit-0001.xml "$U"/unit-0002.xml \
    "$U"/unit-0003.xml "$U"/unit-0004.xml "$U"/unit-0005.xml

# "unit-file<TAB>system-id" per system, independently of the engine.
SYSTEMS=$(python3 - "$U" <<'PY'
import sys, os, xml.etree.ElementTree as ET
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    if f.endswith(".xml"):
        for s in ET.parse(os.path.join(d, f)).getroot().iter("system"):
            print(f"{f}\t{s.get('id')}")
PY
)
NSYS=$(printf '%s\n' "$SYSTEMS" | wc -l)
NDOCS=$((NSYS * 2))

# q REPORT WHAT: figures from a report
q() {
    $PY - "$@" <<'PY'
import json, sys, os
r = json.load(open(sys.argv[1]))
w = sys.argv[2]
outs = r["outputs"]
if w == "built":
    print(r["summary"]["built"])
elif w == "skipped":
    print(r["summary"]["skipped"])
elif w == "failed":
    print(r["summary"]["failed"])
elif w == "built-set":  # "unit-file<TAB>system<TAB>document" of every built output, sorted
    for o in sorted(outs, key=lambda o: (o["data"], o["system"], o["document"])):
        if o["status"] == "built":
            print(f'{os.path.basename(o["data"])}\t{o["system"]}\t{o["document"]}')
elif w == "to-build-set":  # the same for a dry run's outputs to build
    for o in sorted(outs, key=lambda o: (o["data"], o["system"], o["document"])):
        if o["status"] == "to-build":
            print(f'{os.path.basename(o["data"])}\t{o["system"]}\t{o["document"]}')
elif w == "stale":  # "file-name|removed|changed" of every stale output
    for x in r.get("stale", []):
        print(f'{os.path.basename(x["path"])}|{x["removed"]}|{x["changed"]}')
elif w == "reasons":  # the distinct reasons of outputs built or to build
    print(" ".join(sorted({o["reason"] for o in outs if o["status"] != "skipped"})))
elif w == "paths":
    for o in outs:
        print(o["path"])
elif w == "outputs-of":  # the paths of the outputs of the data file named sys.argv[3], sorted
    for p in sorted(o["path"] for o in outs if o["data"].endswith("/" + sys.argv[3])):
        print(p)
elif w == "stale-paths":  # "path|data-file-name|removed|changed" of every stale output, sorted
    for x in sorted(r.get("stale", []), key=lambda x: x["path"]):
        print(f'{x["path"]}|{os.path.basename(x["data"])}|{x["removed"]}|{x["changed"]}')
elif w == "failures":
    for f in r["failures"]:
        print(f'{os.path.basename(f["data"])}|{f["line"]}|{f["field"]}|{f["code"]}|{f["message"]}')
PY
}
# run_out NAME: a batch run on $OUT with report $TMP/NAME.json; its exit status and messages are
# kept in $TMP/NAME.log so that a failed expectation can show them
run_out() {
    $MLPSDOC batch --no-progress -o "$OUT" --report "$TMP/$1.json" "$U" >"$TMP/$1.log" 2>&1
    echo "exit $?" >>"$TMP/$1.log"
}
# expect_built NAME REPORT FILTER: the built set equals the systems matching FILTER (grep -E on
# "file<TAB>system"), each with DOCS (default both documents)
expect_built() {
    want=$(printf '%s\n' "$SYSTEMS" | grep -E "$3" | while IFS="$(printf '\t')" read -r f s; do
        for doc in ${4:-grading-report grading-report-2.0}; do printf '%s\t%s\t%s\n' "$f" "$s" "$doc"; done
    done | sort)
    got=$(q "$2" built-set | sort)
    if [ "$want" = "$got" ]; then pass; else
        fail "$1: built [$(echo $got)] expected [$(echo $want)]; the run said: $(tail -n 5 "${2%.json}.log" 2>/dev/null)"
    fi
}
# dry NAME REASONS: a dry run (-n, report $TMP/NAME-dry.json) before run_out NAME; it leaves
# $OUT and its records as they were, and its outputs to build have exactly REASONS
dry() {
    ls -lAR --time-style=+%s.%N "$OUT" > "$TMP/$1-ls1"
    $MLPSDOC batch -n -o "$OUT" --report "$TMP/$1-dry.json" "$U" >"$TMP/$1-dry.log" 2>&1
    check "$1: the dry run exits 0" test $? -eq 0
    ls -lAR --time-style=+%s.%N "$OUT" > "$TMP/$1-ls2"
    check "$1: the dry run wrote nothing in $OUT or its records" cmp -s "$TMP/$1-ls1" "$TMP/$1-ls2"
    check "$1: dry run reasons [$(q "$TMP/$1-dry.json" reasons)] = [$2]" \
        test "$(q "$TMP/$1-dry.json" reasons)" = "$2"
}
# dry_matches NAME: the dry run named exactly the outputs the real run then built
dry_matches() {
    if [ "$(q "$TMP/$1-dry.json" to-build-set)" = "$(q "$TMP/$1.json" built-set)" ] &&
        [ -n "$(q "$TMP/$1.json" built-set)" ]; then pass; else
        fail "$1: dry run [$(q "$TMP/$1-dry.json" to-build-set | wc -l)] differs from the run [$(q "$TMP/$1.json" built-set | wc -l)]"
    fi
}
valid_pdfs() { # every *.pdf in $1 is whole (qpdf --check), no temporary file is left
    for f in "$1"/*.pdf; do qpdf --check "$f" >/dev/null 2>&1 || { echo "bad $f"; return 1; }; done
    [ -z "$(ls "$1" | grep -a '\.tmp$')" ]
}

# 1. first run builds everything; the report validates
res=$($MLPSDOC batch --no-progress -j 2 -o "$OUT" --report "$TMP/r1.json" "$U" 2>&1)
check "first run exits 0 ($res)" test $? -eq 0
check_contains "first run says what it did" "$res" "生成 $NDOCS 份，跳过 0 份"
check "first run built $NDOCS" test "$(q "$TMP/r1.json" built)" -eq "$NDOCS"
check "plain lines name each PDF" test "$(printf '%s\n' "$res" | grep -c '^已生成 .*\.pdf$')" -eq "$NDOCS"
check "report validates against docs/batch-report.schema.json" $PY -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                    cls=jsonschema.Draft202012Validator)' "$TMP/r1.json" docs/batch-report.schema.json
first=$(q "$TMP/r1.json" paths | sed -n 1p)
unit1=$($PY -c 'import json,sys; o=json.load(open(sys.argv[1]))["outputs"][0]; print(o["unit"], o["system_name"], sep="")' "$TMP/r1.json")
check_contains "a PDF holds its unit and system" "$(pdftotext "$first" - 2>/dev/null | tr -d ' \n\f')" \
    "$(printf '%s' "$unit1" | cut -c1-6)"
check "every PDF is whole" valid_pdfs "$OUT"

# 2. no change: everything skipped, nothing written
before=$(ls -l --time-style=+%s.%N "$OUT" | md5sum)
res=$($MLPSDOC batch --no-progress -o "$OUT" --report "$TMP/r2.json" "$U" 2>&1)
check "no-change run exits 0" test $? -eq 0
check_contains "no-change run says it skipped all" "$res" "生成 0 份，跳过 $NDOCS 份"
check "no-change run touched no file" test "$before" = "$(ls -l --time-style=+%s.%N "$OUT" | md5sum)"

# 3. one unit's data → exactly that unit's documents
sed -i 's|<number>U0002-01</number>|<number>U0002-01X</number>|' "$U/unit-0002.xml"
dry r3 data
run_out r3
expect_built "data change" "$TMP/r3.json" '^unit-0002.xml'
dry_matches r3
res=$(cat "$TMP/r3-dry.log")
check_contains "the dry run says what it would do" "$res" "将生成 $(q "$TMP/r3-dry.json" to-build-set | wc -l) 份，跳过"
check "the dry run names each PDF with its reason" \
    test "$(printf '%s\n' "$res" | grep -c '^将生成 .*\.pdf（数据文件或 mlpsdoc 已变）$')" -eq "$(q "$TMP/r3.json" built)"
check "the dry run's report validates" $PY -c '
import json, sys, jsonschema
r = json.load(open(sys.argv[1]))
jsonschema.validate(r, json.load(open(sys.argv[2])), cls=jsonschema.Draft202012Validator)
assert r["dry_run"] is True' "$TMP/r3-dry.json" docs/batch-report.schema.json
check "the real run's report gives each built output its reason" test "$(q "$TMP/r3.json" reasons)" = "data"

# 4. one template → exactly the documents made with it
printf '<!-- changed -->\n' >> "$HOME_DIR/templates/grading-report-2.0.xsl"
dry r4 template
run_out r4
expect_built "template change" "$TMP/r4.json" '.' grading-report-2.0
dry_matches r4

# 4b. a file the template reads with document('literal') → exactly that template's documents
printf '<extra>1</extra>\n' > "$HOME_DIR/templates/fragments/extra.xml"
sed -i '/<xsl:param name="blank"/a <xsl:variable name="extra" select="document('"'fragments/extra.xml'"')/extra"/>' \
    "$HOME_DIR/templates/grading-report-2.0.xsl"
check "the 2.0 report now reads fragments/extra.xml" grep -q "document('fragments/extra.xml')" \
    "$HOME_DIR/templates/grading-report-2.0.xsl"
run_out r4a
expect_built "template reading a file" "$TMP/r4a.json" '.' grading-report-2.0
printf '<extra>2</extra>\n' > "$HOME_DIR/templates/fragments/extra.xml"
dry r4b template
run_out r4b
expect_built "a file read by document() changed" "$TMP/r4b.json" '.' grading-report-2.0
dry_matches r4b

# 4c. the template's shared glyph sets (NAME.glyphs) → exactly that template's documents
check "the 2.0 report has a glyph sets file" test -s "$HOME_DIR/templates/grading-report-2.0.glyphs"
printf '# changed\n' >> "$HOME_DIR/templates/grading-report-2.0.glyphs"
dry r4c template
run_out r4c
expect_built "glyph sets change" "$TMP/r4c.json" '.' grading-report-2.0
dry_matches r4c

# 5. a fragment both templates import → every document
printf '<!-- changed -->\n' >> "$HOME_DIR/templates/fragments/report.xsl"
dry r5 template
run_out r5
expect_built "fragment change" "$TMP/r5.json" '.'
dry_matches r5

# 6. one system's topology image → that system's documents only
python3 - "$U/unit-0003-s1.png" <<'PY'
import sys, zlib, struct
p = sys.argv[1]
b = open(p, "rb").read()
t = b"tEXtComment\x00changed"   # an ancillary chunk before IEND: same picture, new bytes
chunk = struct.pack(">I", len(t) - 4) + t + struct.pack(">I", zlib.crc32(t) & 0xFFFFFFFF)
open(p, "wb").write(b[:-12] + chunk + b[-12:])
PY
dry r6 inputs
run_out r6
expect_built "image change" "$TMP/r6.json" '^unit-0003.xml	s1$'
dry_matches r6

# 7. the font configuration (which face each role uses) → every document
printf '<!-- changed -->\n' >> "$HOME_DIR/fonts/fonts.xml"
run_out r7
expect_built "font change" "$TMP/r7.json" '.'

# 7b. the plan: each output depends on its own entry only
PLAN="$HOME_DIR/templates/plans/default.xml"
printf '<!-- changed -->\n' >> "$PLAN"
run_out r7b
check "plan: a comment rebuilds nothing" test "$(q "$TMP/r7b.json" built)" -eq 0 -a "$(q "$TMP/r7b.json" skipped)" -eq "$NDOCS"
# one entry changed (a level bound every generated system meets) → exactly its outputs
sed -i 's|template="grading-report-2.0" for="system"|& max-level="5"|' "$PLAN"
run_out r7c
expect_built "plan: one entry changed" "$TMP/r7c.json" '.' grading-report-2.0
# entries swapped → nothing rebuilt (an output is matched to its entry by content, not position)
python3 - "$PLAN" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
docs = re.findall(r"  <document [^>]*/>\n", s)
open(p, "w").write(s.replace(docs[0] + docs[1], docs[1] + docs[0]))
PY
run_out r7d
check "plan: entries reordered, nothing rebuilt" test "$(q "$TMP/r7d.json" built)" -eq 0 -a "$(q "$TMP/r7d.json" skipped)" -eq "$NDOCS"
# an entry added → only its new outputs (one per unit)
sed -i 's|</plan>|  <document template="response-plan" for="unit" output="{单位}-预案.pdf"/>\n</plan>|' "$PLAN"
run_out r7e
want=$(for f in "$U"/unit-000?.xml; do printf '%s\t\tresponse-plan\n' "$(basename "$f")"; done | sort)
got=$(q "$TMP/r7e.json" built-set | sort)
if [ "$want" = "$got" ]; then pass; else fail "plan: entry added: built [$(echo $got)] expected [$(echo $want)]"; fi
check "plan: entry added, the others skipped" test "$(q "$TMP/r7e.json" skipped)" -eq "$NDOCS"
# and removed again → nothing built; its outputs leave the report
sed -i '/预案.pdf/d' "$PLAN"
run_out r7f
check "plan: entry removed, nothing rebuilt" test "$(q "$TMP/r7f.json" built)" -eq 0 -a "$(q "$TMP/r7f.json" skipped)" -eq "$NDOCS"

# 7g. one font file's bytes → exactly the documents that use it (a PDF embeds it, as pdffonts
# says), in a private fontconfig set-up holding copies of the fonts: system fonts are untouched
BABEL=$(fc-list 'BabelStone Han' file | head -n 1 | cut -d: -f1)
UMING=$(fc-list 'AR PL UMing CN' file | head -n 1 | cut -d: -f1)
if [ -n "$BABEL" ] && [ -n "$UMING" ]; then
    FC="$TMP/fc"
    mkdir -p "$FC/fonts" "$FC/cache"
    for f in $(fc-list : file family | grep -E 'AR PL UKai CN|WenQuanYi Zen Hei|LXGW WenKai,|Liberation Serif' | cut -d: -f1 | sort -u); do
        ln -s "$f" "$FC/fonts/"
    done
    cp "$BABEL" "$UMING" "$FC/fonts/"
    printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
        "$FC/fonts" "$FC/cache" > "$FC/fonts.conf"
    FO="$TMP/out-fonts"
    fcb() { FONTCONFIG_FILE="$FC/fonts.conf" $MLPSDOC batch --no-progress -o "$FO" --report "$1" "$U" >/dev/null 2>&1; }
    # using REPORT PATTERN: "file<TAB>system<TAB>document" of the outputs whose PDF embeds a font
    # whose name matches PATTERN
    using() {
        $PY - "$1" <<'PY' | while IFS="$(printf '\t')" read -r pdf key; do
import json, sys, os
for o in json.load(open(sys.argv[1]))["outputs"]:
    print(o["path"], f'{os.path.basename(o["data"])}\t{o["system"]}\t{o["document"]}', sep="\t")
PY
            pdffonts "$pdf" 2>/dev/null | grep -q -i "$2" && printf '%s\n' "$key"
        done | sort
    }
    grow() { printf 'changed' >> "$1"; } # bytes after the font's tables: same glyphs, new file
    fcb "$TMP/rf1.json"
    check "private fonts: everything built" test "$(q "$TMP/rf1.json" built)" -eq "$NDOCS"
    check "private fonts: the PDFs embed the copies' faces" test -n "$(using "$TMP/rf1.json" UMingCN)"
    want=$(using "$TMP/rf1.json" BabelStone)
    grow "$FC/fonts/$(basename "$BABEL")"
    fcb "$TMP/rf2.json"
    got=$(q "$TMP/rf2.json" built-set | sort)
    if [ "$got" = "$want" ]; then pass; else fail "font used by [$(echo $want)]: built [$(echo $got)]"; fi
    # a character only BabelStone Han has (𠮷, U+20BB7) in one system's name: now its documents use it
    $PY - "$U/unit-0004.xml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
i = s.index('<system id="s1"')
j = s.index("<name>", i) + len("<name>")
open(p, "w", encoding="utf-8").write(s[:j] + "𠮷" + s[j:])
PY
    fcb "$TMP/rf3.json"
    expect_built "private fonts: data change" "$TMP/rf3.json" '^unit-0004.xml'
    want=$(using "$TMP/rf3.json" BabelStone)
    check_contains "the new character is drawn with BabelStone Han" "$want" "unit-0004.xml	s1	grading-report"
    grow "$FC/fonts/$(basename "$BABEL")"
    fcb "$TMP/rf4.json"
    got=$(q "$TMP/rf4.json" built-set | sort)
    if [ "$got" = "$want" ]; then pass; else fail "BabelStone Han used by [$(echo $want)]: built [$(echo $got)]"; fi
    check "documents not using it are skipped" test "$(q "$TMP/rf4.json" skipped)" -eq $((NDOCS - $(printf '%s\n' "$want" | wc -l)))
    # the body font, in every document → everything
    grow "$FC/fonts/$(basename "$UMING")"
    fcb "$TMP/rf5.json"
    expect_built "font used by every document" "$TMP/rf5.json" '.'
    fcb "$TMP/rf6.json"
    check "private fonts: then nothing is left to do" test "$(q "$TMP/rf6.json" built)" -eq 0
else
    echo "# BabelStone Han or AR PL UMing CN not installed: font file test skipped"
fi

# 8. --force rebuilds all; an output deleted by hand is rebuilt alone
res=$($MLPSDOC batch --no-progress --force -o "$OUT" --report "$TMP/r8.json" "$U" 2>&1)
check "--force rebuilds all" test "$(q "$TMP/r8.json" built)" -eq "$NDOCS"
check "--force: reason forced" test "$(q "$TMP/r8.json" reasons)" = "forced"
rm -f "$(q "$TMP/r8.json" paths | sed -n 3p)"
dry r8b output
run_out r8b
check "a deleted output is rebuilt alone" test "$(q "$TMP/r8b.json" built)" -eq 1
dry_matches r8b
# a PDF an earlier run made, whose record a failed run then dropped: the dry run says the file
# is there but unrecorded, not that it was never made
R1="$TMP/out-rec"
$MLPSDOC batch --no-progress -o "$R1" "$U/unit-0001.xml" >/dev/null 2>&1
T2="$HOME_DIR/templates/grading-report-2.0.xsl"
cp "$T2" "$TMP/t2.keep"
printf '<?xml version="1.0"?>\n<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n<xsl:template match="/"><document><h level="5">坏</h></document></xsl:template>\n</xsl:stylesheet>\n' > "$T2"
$MLPSDOC batch --no-progress -o "$R1" "$U/unit-0001.xml" >/dev/null 2>&1
check "a template that fails: the run exits 1" test $? -eq 1
cp "$TMP/t2.keep" "$T2"
n2=$(ls "$R1" | grep -c '网络安全等级保护定级报告.pdf$')
check "the failed documents' earlier PDFs are still there" test "$n2" -ge 1
res=$($MLPSDOC batch -n --no-progress -o "$R1" --report "$TMP/r-rec.json" "$U/unit-0001.xml" 2>&1)
check "unrecorded: reason code" test "$(q "$TMP/r-rec.json" reasons)" = "unrecorded"
check "unrecorded: the failed ones to build" test "$(q "$TMP/r-rec.json" built)" -eq "$n2"
check "unrecorded: the report validates" $PY -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                    cls=jsonschema.Draft202012Validator)' "$TMP/r-rec.json" docs/batch-report.schema.json
check_contains "unrecorded: the dry run says the file exists" "$res" "网络安全等级保护定级报告.pdf（文件已存在，但没有它的生成记录（上次生成失败或记录已作废））"
case "$res" in *尚未生成过*) fail "unrecorded: not 尚未生成过 ($res)" ;; *) pass ;; esac

# a dry run into a folder that does not exist: everything new, the folder not made
$MLPSDOC batch -n -o "$TMP/out-none" --report "$TMP/r8c.json" "$U" >/dev/null 2>&1
check "dry run into a new folder: all $NDOCS to build, as new" \
    test "$(q "$TMP/r8c.json" built) $(q "$TMP/r8c.json" reasons)" = "$NDOCS new"
check "dry run into a new folder: the folder is not made" test ! -e "$TMP/out-none"
res=$($MLPSDOC report merge "$TMP/r8c.json" -o "$TMP/r8c-merged.json" 2>&1)
check "a dry run's report merges as a dry run ($res)" $PY -c '
import json, sys; r = json.load(open(sys.argv[1])); assert r["dry_run"] is True and r["summary"]["built"] > 0' \
    "$TMP/r8c-merged.json"
res=$($MLPSDOC report merge "$TMP/r8c.json" "$TMP/r8.json" 2>&1)
check "a dry run's report and a real run's are not merged: exit 1" test $? -eq 1
check_contains "…and the message says why" "$res" "来自实际运行，$TMP/r8c.json 来自试运行（-n）：两者不能合并"

# 8c. a system renamed: its old PDFs are no longer made. Each run lists them (the report's
# "stale") until --prune deletes them; one changed by hand since is listed once, never deleted.
# (The outputs of the plan entry removed in 7b are stale too, in every unit.)
stale3() { q "$1" stale | grep -F -- "-$sys3-" | sort | tr '\n' ' '; }
f3="$U/unit-0003.xml"
sys3=$($PY -c 'import sys, xml.etree.ElementTree as ET
print(ET.parse(sys.argv[1]).getroot().find("systems/system/name").text.strip())' "$f3")
old3=$($PY - "$TMP/r8b.json" "$sys3" <<'PY'
import json, sys
for o in json.load(open(sys.argv[1]))["outputs"]:
    if o["data"].endswith("unit-0003.xml") and o["system_name"] == sys.argv[2]:
        print(o["path"])
PY
)
edited=$(printf '%s\n' "$old3" | sed -n 1p)
kept=$(printf '%s\n' "$old3" | sed -n 2p)
check "8c: the renamed system had its two PDFs" test "$(printf '%s\n' "$old3" | grep -c '\.pdf$')" -eq 2
sed -i "s|<name>$sys3</name>|<name>${sys3}新</name>|" "$f3"
sleep 0.01
touch "$edited"
run_out r8d
check "8c: the stale PDFs are listed, one as changed, none deleted" \
    test "$(stale3 "$TMP/r8d.json")" = "$(printf '%s|False|True\n%s|False|False\n' "$(basename "$edited")" "$(basename "$kept")" | sort | tr '\n' ' ')"
check "8c: both still there" test -f "$edited" -a -f "$kept"
check_contains "8c: the run says so" "$(cat "$TMP/r8d.log")" "不再生成 $kept（仍在，加 --prune 可删除）"
run_out r8e
check "8c: a no-change run lists the one still ours again" test "$(stale3 "$TMP/r8e.json")" = "$(basename "$kept")|False|False "
$MLPSDOC batch -n --prune -o "$OUT" "$U" >"$TMP/r8f.log" 2>&1
check_contains "8c: a dry run with --prune says it would delete it" "$(cat "$TMP/r8f.log")" "不再生成 $kept（将删除）"
check "8c: …and does not" test -f "$kept"
$MLPSDOC batch --no-progress --prune -o "$OUT" --report "$TMP/r8g.json" "$U" >"$TMP/r8g.log" 2>&1
check "8c: --prune deletes it" test "$(stale3 "$TMP/r8g.json")" = "$(basename "$kept")|True|False " -a ! -e "$kept"
check "8c: --prune deletes the removed plan entry's PDFs too" \
    test "$(q "$TMP/r8g.json" stale | grep -c '|True|False$')" -eq "$(q "$TMP/r8g.json" stale | wc -l)"
check "8c: the one changed by hand stays" test -f "$edited"
check "8c: --prune's report validates" $PY -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                    cls=jsonschema.Draft202012Validator)' "$TMP/r8g.json" docs/batch-report.schema.json
run_out r8h
check "8c: then nothing is stale" test -z "$(q "$TMP/r8h.json" stale)"
rm -f "$edited"
# a record edited to name a file outside the folder: --prune never follows it there
echo secret > "$TMP/victim.pdf"
rec=$(ls "$OUT"/.mlpsdoc/*.rec | head -n 1)
$PY - "$TMP/victim.pdf" >> "$rec" <<'PY'
import os, sys
st = os.stat(sys.argv[1])
print(f"gone\t../victim.pdf\t{st.st_size}\t{st.st_mtime_ns}\t{st.st_ino}")
PY
$MLPSDOC batch --no-progress --prune -o "$OUT" "$U" >/dev/null 2>&1
check "8c: --prune deletes nothing outside the output folder" test -f "$TMP/victim.pdf"

# 9. a bad file among good ones: the others are made, every failure listed, exit 1
BAD="$TMP/units-bad"
mkdir -p "$BAD"
cp "$U"/unit-0001.xml "$U"/unit-0001-s*.png "$BAD/"
cp samples/broken/wrong-business-level.xml samples/broken/bad-credit-code.xml samples/*.png "$BAD/"
res=$($MLPSDOC batch --no-progress -o "$TMP/out-bad" --report "$TMP/r9.json" "$BAD" 2>&1)
check "bad files: exit 1" test $? -eq 1
n1=$(printf '%s\n' "$SYSTEMS" | grep -c '^unit-0001.xml')
check "bad files: the good unit is made" test "$(q "$TMP/r9.json" built)" -eq $((n1 * 2))
fails=$(q "$TMP/r9.json" failures)
check_contains "failure lists the business level" "$fails" \
    "wrong-business-level.xml|172|unit/systems/system[1]/grading/business-info/level|data.check|声明的业务信息安全保护等级为第二级"
check_contains "failure lists the credit code" "$fails" "bad-credit-code.xml|"
check_contains "failures printed with file:line" "$res" "wrong-business-level.xml:172: unit/systems/system[1]/grading/business-info/level:"
check_contains "summary counts the failed units" "$res" "2 个单位"
check "bad files: report validates" $PY -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                    cls=jsonschema.Draft202012Validator)' "$TMP/r9.json" docs/batch-report.schema.json

# (the waits for the first PDFs are bounded at 2 minutes: under make asan on a busy machine the
# first PDF can take longer than the 12 s they had, and an early SIGINT meets no handler yet)
# 10. killed mid-way (kill -9), then re-run: only whole PDFs, every record true, job finished
K="$TMP/out-kill"
$MLPSDOC batch --no-progress -j 1 -o "$K" "$U" >/dev/null 2>&1 &
pid=$!
i=0
while [ "$(ls "$K" 2>/dev/null | grep -a -c '\.pdf$')" -lt 2 ] && [ $i -lt 6000 ] && kill -0 $pid 2>/dev/null; do sleep 0.02; i=$((i + 1)); done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
made=$(ls "$K" | grep -a -c '\.pdf$')
check "killed run: every PDF it left is whole" sh -c "for f in '$K'/*.pdf; do qpdf --check \"\$f\" >/dev/null 2>&1 || exit 1; done"
# a temporary file of a process that is gone is removed; one of a live process is not
echo partial > "$K/x.pdf.2147483646.0.tmp"
echo partial > "$K/y.pdf.$$.0.tmp"
res=$($MLPSDOC batch --no-progress -o "$K" --report "$TMP/r10.json" "$U" 2>&1)
check "re-run after kill exits 0" test $? -eq 0
check "stale temporary file removed" test ! -e "$K/x.pdf.2147483646.0.tmp"
check "a live process's temporary file kept" test -e "$K/y.pdf.$$.0.tmp"
rm -f "$K/y.pdf.$$.0.tmp"
check "re-run after kill: built + skipped = all ($made left by the killed run)" \
    test $(($(q "$TMP/r10.json" built) + $(q "$TMP/r10.json" skipped))) -eq "$NDOCS"
check "re-run after kill rebuilt what was missing" test "$(q "$TMP/r10.json" built)" -ge $((NDOCS - made))
check "after the re-run every PDF is whole, no temporary file" valid_pdfs "$K"
res=$($MLPSDOC batch --no-progress -o "$K" "$U" 2>&1)
check_contains "then nothing is left to do" "$res" "生成 0 份，跳过 $NDOCS 份"

# 10b. Ctrl-C: started units are finished and recorded, exit 130, the re-run completes
I="$TMP/out-int"
$MLPSDOC batch --no-progress -j 1 -o "$I" --report "$TMP/ri.json" "$U" >"$TMP/int.out" 2>"$TMP/int.err" &
pid=$!
i=0
while [ "$(ls "$I" 2>/dev/null | grep -a -c '\.pdf$')" -lt 1 ] && [ $i -lt 6000 ] && kill -0 $pid 2>/dev/null; do sleep 0.02; i=$((i + 1)); done
kill -INT $pid
wait $pid
rc=$?
check "interrupted run exits 130 ($rc)" test $rc -eq 130
check_contains "interrupted run says so" "$(cat "$TMP/int.err")" "已中断"
# its summary does not say 完成 of all 5 units: how many of them were finished
done_i=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["units_done"])' "$TMP/ri.json")
check_contains "interrupted run: the summary says stopped, units finished" "$(cat "$TMP/int.out")" "已停止：5 个单位中完成 $done_i 个，"
check "interrupted run: report written, stopped" test "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["stopped"])' "$TMP/ri.json")" = True
check "interrupted run: every PDF whole, no temporary file" valid_pdfs "$I"
$MLPSDOC batch --no-progress -o "$I" --report "$TMP/ri2.json" "$U" >/dev/null 2>&1
check "after Ctrl-C: the finished units are skipped, the rest built" \
    test "$(q "$TMP/ri2.json" skipped)" -eq "$(q "$TMP/ri.json" built)" -a \
    $(($(q "$TMP/ri2.json" built) + $(q "$TMP/ri2.json" skipped))) -eq "$NDOCS"

# 10c. a full disk (a file-size limit makes every PDF write fail): nothing half-written, each
# failure listed, exit 1; then the re-run builds everything
F="$TMP/out-full"
res=$(sh -c "trap '' XFSZ; ulimit -f 100; exec $MLPSDOC batch --no-progress -o '$F' --report '$TMP/rf.json' '$U'" 2>&1)
check "full disk: exit 1" test $? -eq 1
check "full disk: no PDF, no temporary file" test -z "$(ls "$F" | grep -a -E '\.pdf$|\.tmp$')"
check "full disk: every document failed" test "$(q "$TMP/rf.json" failed)" -eq "$NDOCS"
check_contains "full disk: the write error is named" "$res" "[output]"
$MLPSDOC batch --no-progress -o "$F" --report "$TMP/rf2.json" "$U" >/dev/null 2>&1
check "after a full disk the re-run builds all" test "$(q "$TMP/rf2.json" built)" -eq "$NDOCS"
# one document of a unit fails to write (a folder in its way), the unit's others are made: the
# re-run, once the way is clear, makes it (the unit's record must not say it is complete)
P="$TMP/out-part"
blocked=$(basename "$first")
mkdir -p "$P/$blocked"
$MLPSDOC batch --no-progress -o "$P" --report "$TMP/rp.json" "$U" >/dev/null 2>&1
check "one output blocked: exit 1, one document failed" test $? -eq 1 -a "$(q "$TMP/rp.json" failed)" -eq 1
rmdir "$P/$blocked"
$MLPSDOC batch --no-progress -o "$P" --report "$TMP/rp2.json" "$U" >"$TMP/rp2.log" 2>&1
check "after one output failed, the re-run makes it ($(tail -n 2 "$TMP/rp2.log"))" \
    test "$(q "$TMP/rp2.json" built)" -eq 1 -a -f "$P/$blocked"
check "after one output failed: the re-run's report validates (reason new)" $PY -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                    cls=jsonschema.Draft202012Validator)' "$TMP/rp2.json" docs/batch-report.schema.json

# 11. two runs at once on one folder: each output built once between them
C="$TMP/out-conc"
$MLPSDOC batch --no-progress -j 2 -o "$C" --report "$TMP/ca.json" "$U" >"$TMP/ca.log" 2>&1 &
pa=$!
$MLPSDOC batch --no-progress -j 2 -o "$C" --report "$TMP/cb.json" "$U" >"$TMP/cb.log" 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
check "concurrent runs both exit 0 (exit $ra: $(tail -n 3 "$TMP/ca.log"); exit $rb: $(tail -n 3 "$TMP/cb.log"))" \
    test "$ra$rb" = 00
check "concurrent runs built each output once" \
    test $(($(q "$TMP/ca.json" built) + $(q "$TMP/cb.json" built))) -eq "$NDOCS"
check "concurrent runs: every PDF whole" valid_pdfs "$C"
res=$($MLPSDOC batch --no-progress -o "$C" "$U" 2>&1)
check_contains "after concurrent runs nothing is left to do" "$res" "生成 0 份，跳过 $NDOCS 份"

# 12. --shard K/N: every output exactly once over the shards
all=$(q "$TMP/r10.json" paths | sort)
for n in 1 2 3 7; do
    k=1
    : > "$TMP/shards"
    while [ $k -le $n ]; do
        $MLPSDOC batch --no-progress --shard $k/$n -o "$K" --report "$TMP/s$k.json" "$U" >/dev/null 2>&1
        q "$TMP/s$k.json" paths >> "$TMP/shards"
        k=$((k + 1))
    done
    got=$(sort "$TMP/shards")
    if [ "$got" = "$all" ]; then pass; else fail "--shard */$n: $(echo "$got" | wc -l) outputs vs $(echo "$all" | wc -l)"; fi
done
# shard reports merged by `mlpsdoc report merge`: same shape, every output once, counts added
$MLPSDOC report merge "$TMP"/s1.json "$TMP"/s2.json "$TMP"/s3.json "$TMP"/s4.json "$TMP"/s5.json \
    "$TMP"/s6.json "$TMP"/s7.json -o "$TMP/merged.json"
check "report merge of the 7 shard reports exits 0" test $? -eq 0
check "merged report validates" $PY -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                    cls=jsonschema.Draft202012Validator)' "$TMP/merged.json" docs/batch-report.schema.json
check "merged report: every output exactly once" test "$(q "$TMP/merged.json" paths | sort)" = "$all"
sums=$($PY - "$TMP/merged.json" "$TMP"/s?.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["summary"]
parts = [json.load(open(f))["summary"] for f in sys.argv[2:]]
ok = all(m[k] == sum(p[k] for p in parts) for k in ("units", "units_done", "built", "skipped", "failed", "units_failed", "jobs"))
print("ok" if ok and m["units"] == 5 and m["seconds"] == max(p["seconds"] for p in parts) else f"bad {m}")
PY
)
check "merged report: counts added, longest time kept ($sums)" test "$sums" = ok
res=$($MLPSDOC report merge "$TMP/s1.json" "$TMP/s2.json" "$TMP/r10.json" -o "$TMP/dup.json" 2>&1)
check "report merge refuses overlapping reports (exit 1)" test $? -eq 1
check_contains "overlap named in Chinese with both reports" "$res" "同时出现在 $TMP/s"
check "nothing written when refused" test ! -e "$TMP/dup.json"
res=$($MLPSDOC report merge "$TMP/s1.json" "$TMP/s1.json" 2>&1)
check_contains "the same report twice is refused" "$res" "这份报告给了两次"
res=$($MLPSDOC report merge "$TMP/s1.json" docs/batch-report.schema.json 2>&1)
check_contains "a file that is not a report is refused" "$res" "不是 mlpsdoc batch 的报告"
# messages in Chinese, not jansson's English: a missing report, a cut one (with its line), a folder
res=$($MLPSDOC report merge "$TMP/no-such.json" 2>&1)
check_contains "a missing report is named in Chinese" "$res" "no-such.json: 无法打开文件：文件或目录不存在"
head -c 300 "$TMP/s1.json" > "$TMP/cut.json"
res=$($MLPSDOC report merge "$TMP/cut.json" 2>&1)
check "a cut report: its line, in Chinese ($res)" sh -c 'printf "%s\n" "$1" | grep -q -E "cut.json:[0-9]+: 无法读取 JSON：文件在 JSON 结束之前就结束了"' sh "$res"
case "$res" in *expected*|*"end of file"*) fail "a cut report: jansson's English ($res)" ;; *) pass ;; esac
res=$($MLPSDOC report merge "$TMP" 2>&1)
check_contains "a folder given as a report is refused" "$res" "不是普通文件"
# shard reports merged with the jq command of docs/batch-report.md: same shape, every output
if command -v jq >/dev/null; then
    python3 - docs/batch-report.md "$TMP" > "$TMP/merge.sh" <<'PY'
import re, sys
cmd = re.search(r"```sh\n(jq -s .*?)\n```", open(sys.argv[1]).read(), re.S).group(1)
t = sys.argv[2]
print(cmd.replace("report-*.json", " ".join(f"{t}/s{k}.json" for k in range(1, 8))).replace("ALL.json", f"{t}/all.json"))
PY
    check "jq merge of the 7 shard reports runs" sh "$TMP/merge.sh"
    check "merged report validates" $PY -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                    cls=jsonschema.Draft202012Validator)' "$TMP/all.json" docs/batch-report.schema.json
    check "merged report lists every output" test "$(jq '.outputs | length' "$TMP/all.json")" -eq "$NDOCS"
    check "merged report adds up the units" test "$(jq '.summary.units' "$TMP/all.json")" -eq 5
fi

# 13. a batch file naming files and a folder; a bad batch file is refused with file:line
mkdir -p "$TMP/bf"
cat > "$TMP/bf/set.xml" <<EOF
<batch plan="default">
  <data href="../units/unit-0001.xml"/>
  <data href="../units/unit-0002.xml"/>
</batch>
EOF
res=$($MLPSDOC batch --no-progress -o "$K" --report "$TMP/r13.json" "$TMP/bf/set.xml" 2>&1)
n12=$(printf '%s\n' "$SYSTEMS" | grep -c -E '^unit-000[12].xml')
check "batch file: its units only ($res)" test "$(q "$TMP/r13.json" skipped)" -eq $((n12 * 2))
printf '<batch plan="default">\n  <datum href="x.xml"/>\n</batch>\n' > "$TMP/bf/bad.xml"
res=$($MLPSDOC batch --no-progress -o "$K" "$TMP/bf/bad.xml" 2>&1)
check "bad batch file: exit 1" test $? -eq 1
check_contains "bad batch file: file:line and the schema" "$res" "bad.xml:2: 批处理文件不符合 templates/schema/batch.rng"

# 14. progress bar when asked (on a terminal by default)
res=$($MLPSDOC batch --progress -o "$K" "$U" 2>&1 >/dev/null)
check_contains "progress bar shows the rate" "$res" "份/秒"
check_contains "progress bar shows the units" "$res" "单位 5/5"

# the report's folder is made, as -o's is
$MLPSDOC batch --no-progress -o "$K" --report "$TMP/reports/sub/r.json" "$U" >/dev/null 2>&1
check "--report into a folder not made yet" test -s "$TMP/reports/sub/r.json"

# 15. render -d goes through the batch's workers: the same bytes as batch made
$MLPSDOC render -d "$U/unit-0001.xml" -o "$TMP/rd" >/dev/null 2>&1
same=0
for f in "$TMP/rd"/*.pdf; do cmp -s "$f" "$OUT/$(basename "$f")" && same=$((same + 1)); done
check "render -d writes the batch's bytes ($same of $((n1 * 2)))" test "$same" -eq $((n1 * 2))

# 16. images validated once per unit (shared by its documents): the same bytes as render -t,
# which loads them for its one document
sys1=$(printf '%s\n' "$SYSTEMS" | grep -m1 -E '^unit-0001.xml' | cut -f2)
res=$($MLPSDOC render -t grading-report -d "$U/unit-0001.xml" -s "$sys1" -o "$TMP/one.pdf" 2>&1)
same=0
for f in "$OUT"/*.pdf; do cmp -s "$f" "$TMP/one.pdf" && same=1; done
check "render -t $sys1 equals one of the batch's PDFs byte for byte ($res)" test "$same" -eq 1

# a template that does not load: the run stops (the templates load when a unit must be read)
# with the template's file:line, exit 1
cp -R "$HOME_DIR" "$TMP/home-bad"
echo '<broken' >> "$TMP/home-bad/templates/grading-report.xsl"
res=$(MLPSDOC_HOME="$TMP/home-bad" $MLPSDOC batch --no-progress -o "$TMP/out-badt" "$U" 2>&1)
check "broken template: exit 1" test $? -eq 1
check_contains "broken template: its file:line" "$res" "templates/grading-report.xsl:"

# 17. a data file deleted from a folder: its unit's PDFs are stale, as a renamed system's. Every
# run over that folder lists them; -n --prune says 将删除 and deletes nothing; --prune deletes
# those as the batch wrote them (one touched since stays, listed once) and the unit's record,
# so the next run is quiet. A folder not given (sharing the output folder) is never touched; a
# batch file naming the deleted file fails as before; each shard handles its own gone units.
G="$TMP/gone"
GO="$TMP/gone-out"
python3 scripts/make-units.py -n 3 --seed 21 "$G/a" 2>/dev/null
python3 scripts/make-units.py -n 3 --start 11 --seed 22 "$G/b" 2>/dev/null
$MLPSDOC batch --no-progress -o "$GO" --report "$TMP/ga0.json" "$G/a" >/dev/null 2>&1
$MLPSDOC batch --no-progress -o "$GO" --report "$TMP/gb0.json" "$G/b" >/dev/null 2>&1
na=$(q "$TMP/ga0.json" paths | wc -l)
nb=$(q "$TMP/gb0.json" paths | wc -l)
check "17: the two folders' units made $na + $nb distinct PDFs" test "$(ls "$GO"/*.pdf | wc -l)" -eq $((na + nb))
gone_a=$(q "$TMP/ga0.json" outputs-of unit-0002.xml)
gone_b=$(q "$TMP/gb0.json" outputs-of unit-0011.xml)
gone_b2=$(q "$TMP/gb0.json" outputs-of unit-0012.xml)
check "17: the units to delete had PDFs" test -n "$gone_a" -a -n "$gone_b" -a -n "$gone_b2"
# expect_gone NAME REPORT PATHS SUFFIX: the report's stale outputs are exactly PATHS, each with
# "|data-file-name|removed|changed" SUFFIX
expect_gone() {
    want=$(printf '%s\n' "$3" | sed "s/\$/$4/")
    got=$(q "$2" stale-paths)
    if [ "$got" = "$want" ]; then pass; else fail "$1: stale $(printf '%s\n' "$got" | head -n 3) vs $(printf '%s\n' "$want" | head -n 3)"; fi
}
all_there() { for f in $1; do [ -f "$f" ] || return 1; done; }
none_there() { for f in $1; do [ ! -e "$f" ] || return 1; done; }
rm "$G/a/unit-0002.xml" "$G/b/unit-0011.xml"
nrec=$(ls "$GO"/.mlpsdoc/*.rec | wc -l)
$MLPSDOC batch --no-progress -o "$GO" --report "$TMP/g1.json" "$G/a" >"$TMP/g1.log" 2>&1
check "17: a run after the deletion exits 0 ($(tail -n 2 "$TMP/g1.log"))" test $? -eq 0
expect_gone "17: the deleted unit's PDFs are listed as stale" "$TMP/g1.json" "$gone_a" "|unit-0002.xml|False|False"
check "17: …and left" all_there "$gone_a"
first=$(printf '%s\n' "$gone_a" | sed -n 1p)
check_contains "17: the run says so" "$(cat "$TMP/g1.log")" "不再生成 $first（仍在，加 --prune 可删除）"
check "17: its report validates" $PY -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                    cls=jsonschema.Draft202012Validator)' "$TMP/g1.json" docs/batch-report.schema.json
$MLPSDOC batch --no-progress -o "$GO" --report "$TMP/g2.json" "$G/a" >/dev/null 2>&1
expect_gone "17: the next run lists them again" "$TMP/g2.json" "$gone_a" "|unit-0002.xml|False|False"
$MLPSDOC batch -n --prune -o "$GO" --report "$TMP/g3.json" "$G/a" >"$TMP/g3.log" 2>&1
check_contains "17: -n --prune says it would delete them" "$(cat "$TMP/g3.log")" "不再生成 $first（将删除）"
check_contains "17: -n --prune counts them" "$(cat "$TMP/g3.log")" "将删除 $(printf '%s\n' "$gone_a" | wc -l) 份"
check "17: …and deletes nothing, not even the record" \
    test "$(ls "$GO"/*.pdf | wc -l)" -eq $((na + nb)) -a "$(ls "$GO"/.mlpsdoc/*.rec | wc -l)" -eq "$nrec"
sleep 0.01
touch "$first"
$MLPSDOC batch --no-progress --prune -o "$GO" --report "$TMP/g4.json" "$G/a" >"$TMP/g4.log" 2>&1
got=$(q "$TMP/g4.json" stale-paths | grep -v '|False|True$')
want=$(printf '%s\n' "$gone_a" | sed '1d; s/$/|unit-0002.xml|True|False/')
check "17: --prune deletes them but the one touched since" test "$got" = "$want"
case "$(q "$TMP/g4.json" stale-paths | sed -n 1p)" in
"$first|unit-0002.xml|False|True") pass ;;
*) fail "17: the touched one is listed as changed: $(q "$TMP/g4.json" stale-paths | sed -n 1p)" ;;
esac
check "17: --prune deleted exactly them" \
    test "$(ls "$GO"/*.pdf | wc -l)" -eq $((na + nb - $(printf '%s\n' "$gone_a" | wc -l) + 1)) -a -f "$first"
check "17: …and the unit's record" test "$(ls "$GO"/.mlpsdoc/*.rec | wc -l)" -eq $((nrec - 1))
check "17: the other folder's units (one deleted too) are untouched" all_there "$(q "$TMP/gb0.json" paths)"
$MLPSDOC batch --no-progress -o "$GO" --report "$TMP/g5.json" "$G/a" >"$TMP/g5.log" 2>&1
check "17: then the run is quiet" test -z "$(q "$TMP/g5.json" stale-paths)"
case "$(cat "$TMP/g5.log")" in *不再生成*) fail "17: quiet run: $(cat "$TMP/g5.log")" ;; *) pass ;; esac
rm -f "$first"
# a batch file naming the deleted file: a failure, as before (it was named), its PDFs left
rm "$G/b/unit-0012.xml"
printf '<batch>\n  <data href="b/unit-0012.xml"/>\n  <data href="b/unit-0013.xml"/>\n</batch>\n' >"$G/set.xml"
$MLPSDOC batch --no-progress --prune -o "$GO" --report "$TMP/g6.json" "$G/set.xml" >"$TMP/g6.log" 2>&1
check "17: a batch file naming a deleted data file: exit 1 ($(tail -n 2 "$TMP/g6.log"))" test $? -eq 1
check_contains "17: …said as unreadable" "$(cat "$TMP/g6.json")" '"input-unreadable"'
check "17: …its outputs not stale, and left" test -z "$(q "$TMP/g6.json" stale-paths)"
check "17: …and there" all_there "$gone_b2"
# each shard lists the gone units it owns (by data file name): together each output once
: >"$TMP/gs"
for k in 1 2; do
    $MLPSDOC batch --no-progress --shard $k/2 -o "$GO" --report "$TMP/gs$k.json" "$G/b" >/dev/null 2>&1
    q "$TMP/gs$k.json" stale-paths >>"$TMP/gs"
done
want=$( (printf '%s\n' "$gone_b" | sed 's/$/|unit-0011.xml|False|False/'
         printf '%s\n' "$gone_b2" | sed 's/$/|unit-0012.xml|False|False/') | sort)
check "17: --shard 1/2 and 2/2 list each gone output once" test "$(sort "$TMP/gs")" = "$want"
check "17: each shard has its own" test -n "$(q "$TMP/gs1.json" stale-paths)" -a -n "$(q "$TMP/gs2.json" stale-paths)"
for k in 1 2; do
    $MLPSDOC batch --no-progress --prune --shard $k/2 -o "$GO" "$G/b" >/dev/null 2>&1
done
check "17: --prune on both shards deletes them all" none_there "$gone_b $gone_b2"
check "17: …and the deleted units' records" test "$(ls "$GO"/.mlpsdoc/*.rec | wc -l)" -eq $((nrec - 3))

# 18. --fast (font programs by igzip until each glyph came to be deflated once a run) is still
# accepted and changes nothing: no rebuild, the same bytes.
FA="$TMP/fast"
$MLPSDOC batch --no-progress -o "$FA" --report "$TMP/fa0.json" "$U/unit-0001.xml" >/dev/null 2>&1
mkdir -p "$TMP/fa-default" && cp "$FA"/*.pdf "$TMP/fa-default/"
nf=$(q "$TMP/fa0.json" built)
$MLPSDOC batch --no-progress --fast -o "$FA" --report "$TMP/fa1.json" "$U/unit-0001.xml" >/dev/null 2>&1
check "18: --fast after a default run is accepted and skips all $nf" \
    test "$(q "$TMP/fa1.json" skipped)" -eq "$nf" -a "$nf" -gt 0
$MLPSDOC batch --no-progress --fast --force -o "$TMP/fast-forced" "$U/unit-0001.xml" >/dev/null 2>&1
same=0
for f in "$TMP/fa-default"/*.pdf; do cmp -s "$f" "$TMP/fast-forced/$(basename "$f")" && same=$((same + 1)); done
check "18: …and makes the default's bytes ($same of $nf)" test "$same" -eq "$nf"

# 19. shared glyph sets (templates/NAME.glyphs): the same pages and text as without them, the
# shared glyphs first in the font programs, about as many bytes, the same bytes run to run
GH="$TMP/home-noglyphs"
cp -R "$HOME_DIR" "$GH" && rm -f "$GH"/templates/*.glyphs
$MLPSDOC batch --no-progress -o "$TMP/gs-with" "$U/unit-0001.xml" "$U/unit-0002.xml" >/dev/null 2>&1
MLPSDOC_HOME="$GH" $MLPSDOC batch --no-progress -o "$TMP/gs-without" "$U/unit-0001.xml" \
    "$U/unit-0002.xml" >/dev/null 2>&1
$MLPSDOC batch --no-progress -j 1 -o "$TMP/gs-with-j1" "$U/unit-0001.xml" "$U/unit-0002.xml" >/dev/null 2>&1
gs_check=$($PY - "$TMP/gs-with" "$TMP/gs-without" <<'PY'
import os, subprocess, sys
sys.path.insert(0, "tests")
from font_programs import cmaps, glyph_set_lines, shared_first
errors = 0
def pages(path, tag):
    global errors
    r = subprocess.run(["pdftoppm", "-r", "30", "-gray", path, tag], check=True,
                       capture_output=True)
    errors += b"Error" in r.stderr  # poppler inflates every font program (a prefetching reader)
    d = os.path.dirname(tag)
    return [open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d))
            if f.startswith(os.path.basename(tag))]
a, b = sys.argv[1], sys.argv[2]
names = sorted(f for f in os.listdir(a) if f.endswith(".pdf"))
shared = shared_b = same_text = same_pages = 0
size_a = size_b = 0
for k, f in enumerate(names):
    pa, pb = os.path.join(a, f), os.path.join(b, f)
    size_a += os.path.getsize(pa); size_b += os.path.getsize(pb)
    lines = glyph_set_lines(os.path.join(os.environ["MLPSDOC_HOME"], "templates"))
    shared += any(shared_first(c, lines) for c in cmaps(pa))
    shared_b += any(shared_first(c, lines) for c in cmaps(pb))
    ta = subprocess.run(["pdftotext", pa, "-"], capture_output=True).stdout
    tb = subprocess.run(["pdftotext", pb, "-"], capture_output=True).stdout
    same_text += ta == tb and len(ta) > 0
    tmp = os.path.join(os.path.dirname(a), "gs-px")
    os.makedirs(tmp, exist_ok=True)
    for x in os.listdir(tmp):
        os.remove(os.path.join(tmp, x))
    same_pages += pages(pa, os.path.join(tmp, "a")) == pages(pb, os.path.join(tmp, "b"))
print(len(names), shared, same_text, same_pages, size_a, size_b, shared_b, errors)
PY
)
set -- $gs_check
check "19: both runs made the same PDFs ($gs_check)" test "${1:-0}" -gt 0
check "19: with the sets, most documents put a set's glyphs first (${2:-0} of ${1:-0}; without: ${7:-x})" \
    test "${2:-0}" -ge $(( ${1:-0} * 3 / 4 )) -a "${7:-1}" -eq 0
check "19: …poppler reads every page of both without an error (${8:-x})" test "${8:-1}" -eq 0
check "19: …the same text" test "${3:-0}" -eq "${1:-0}"
check "19: …the same pages, pixel for pixel at 30 dpi" test "${4:-0}" -eq "${1:-0}"
check "19: …and at most 6 % more bytes (${6:-0} → ${5:-0}: a document's own glyphs are coded one by one)" \
    test "${5:-1}" -le $(( ${6:-0} * 106 / 100 ))
same=0
for f in "$TMP/gs-with"/*.pdf; do cmp -s "$f" "$TMP/gs-with-j1/$(basename "$f")" && same=$((same + 1)); done
check "19: the same bytes at -j 1 ($same of ${1:-0})" test "$same" -eq "${1:-0}"
for f in "$TMP/gs-with"/*.pdf; do qpdf --check "$f" >/dev/null 2>&1 || echo "$f"; done >"$TMP/gs-bad"
check "19: qpdf --check passes every PDF" test ! -s "$TMP/gs-bad"
# the ToUnicode CMaps' first block (the shared glyphs', deflated once a run) is the same in the
# documents with the same glyph set: nearly every one is another document's too
heads=$($PY - "$TMP/gs-with" <<'PY'
import collections, os, sys
sys.path.insert(0, "tests")
from font_programs import cmaps
d = sys.argv[1]
heads = [c[:c.find(b"endbfrange\n")] for f in sorted(os.listdir(d)) if f.endswith(".pdf")
         for c in cmaps(os.path.join(d, f))]
n = collections.Counter(heads)
print(len(heads), sum(1 for h in heads if n[h] > 1))
PY
)
set -- $heads
check "19: ToUnicode's first block shared with another document in ${2:-0} of ${1:-0} CMaps" \
    test "${1:-0}" -gt 10 -a "${2:-0}" -ge $(( ${1:-0} * 9 / 10 ))
printf 'UMingCN\t的\nno tab\n' > "$GH/templates/grading-report.glyphs"
res=$(MLPSDOC_HOME="$GH" $MLPSDOC batch --no-progress -o "$TMP/gs-bad-out" "$U/unit-0001.xml" 2>&1)
check "19: a malformed glyph sets file fails the run" test $? -ne 0
check_contains "19: …naming its file and line" "$res" "grading-report.glyphs:2"

# usage errors
$MLPSDOC batch --shard 3/2 "$U" >/dev/null 2>&1
check "--shard 3/2 is a usage error" test $? -eq 2
$MLPSDOC batch -j 0 "$U" >/dev/null 2>&1
check "-j 0 is a usage error" test $? -eq 2
$MLPSDOC batch -j0 "$U" >/dev/null 2>&1
check "-j0 is a usage error" test $? -eq 2
res=$($MLPSDOC batch -j1 --no-progress -o "$K" "$U" 2>&1)
check_contains "-j1 is taken as -j 1, as make takes it ($res)" "$res" "（1 个线程）"

done_testing
