#!/bin/sh
# The 备案表 templates (templates/filing-form-2007.xsl, filing-form-2.0.xsl) on both samples and
# blank: every field read back from the PDF and compared with the data file (tests/formread.py:
# text, option codes, ticks ☐/☑, digit boxes), qpdf and cjkcheck clean on every form, and a
# cell that cannot fit names its data field.
# Expansion: `mlpsdoc expand` once the xslt helper's engine has it, xsltproc until then (the
# templates use only XSLT 1.0 and document('codes.xml'), so both give the same doc XML).
. "$(dirname "$0")/lib.sh"
CJK="$SHARED/tools/cjkcheck/cjkcheck.py"

expand() { # TEMPLATE DATA OUT [--blank]
    if $MLPSDOC expand -t "$ROOT/templates/$1.xsl" -d "$2" ${4:+--blank} > "$3" 2>/dev/null; then
        return 0
    fi
    if [ -n "$4" ]; then
        xsltproc --stringparam blank 1 "$ROOT/templates/$1.xsl" "$2" > "$3"
    else
        xsltproc "$ROOT/templates/$1.xsl" "$2" > "$3"
    fi
}

if ! command -v xsltproc >/dev/null 2>&1 && ! $MLPSDOC expand --help >/dev/null 2>&1; then
    echo "SKIP t_filing_form: neither mlpsdoc expand nor xsltproc"; echo "RESULT 0 0"; exit 0
fi
echo '<unit/>' > "$TMP/empty.xml"
for form in 2007 2.0; do
    for unit in wenzhou-soe chongqing-institution blank; do
        if [ $unit = blank ]; then
            expand filing-form-$form "$TMP/empty.xml" "$TMP/d.xml" blank
        else
            expand filing-form-$form "$ROOT/samples/$unit.xml" "$TMP/d.xml"
        fi
        out="$TMP/$unit-$form.pdf"
        check "$form $unit: typeset" $MLPSDOC typeset "$TMP/d.xml" -o "$out"
        if [ $unit = blank ]; then
            check "$form blank: every field empty, every option unticked" \
                python3 "$ROOT/tests/formread.py" $form none "$out" --blank
        else
            res=$(python3 "$ROOT/tests/formread.py" $form "$ROOT/samples/$unit.xml" "$out" 2>&1)
            check "$form $unit: every field read back: $res" test -z "$res"
        fi
        check "$form $unit: qpdf --check" qpdf --check "$out"
        python3 "$CJK" "$out" --json-out "$TMP/r.json" >/dev/null 2>&1
        check "$form $unit: cjkcheck: no .notdef, U+FFFD, radicals; qpdf clean" python3 -c "
import json,sys; r=json.load(open(sys.argv[1])); g=r['glyphs']
sys.exit(0 if g['notdef_glyphs_shown']==0 and g['replacement_chars']==0 and g['kangxi_or_radical_chars']==0 and r['pdf']['qpdf_check']['clean'] and r['pdf']['fonts']['all_embedded'] else 1)" "$TMP/r.json"
    done
done
# the 2007 form of a unit with three systems (two at 第三级): 表二/表三 ×3, 表四 ×2, 14 pages
check "2007 wenzhou: 14 pages" test "$(pdfinfo "$TMP/wenzhou-soe-2007.pdf" | sed -n 's/^Pages: *//p')" -eq 14

# a cell that cannot hold its value names the data field
sed 's|<name>温州市瓯江水务集团有限公司</name>|<name>温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司温州市瓯江水务集团有限公司</name>|' \
    "$ROOT/samples/wenzhou-soe.xml" > "$TMP/long.xml"
expand filing-form-2007 "$TMP/long.xml" "$TMP/long-doc.xml"
out=$($MLPSDOC typeset "$TMP/long-doc.xml" -o "$TMP/long.pdf" 2>&1); rc=$?
check "overlong unit name fails" test $rc -ne 0
check_contains "the error names the field" "$out" "/unit/name: 单元格放不下这段文字"
check "nothing written" test ! -e "$TMP/long.pdf"
done_testing
