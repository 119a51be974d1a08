#!/bin/sh
# make demo, the 备案表: each sample unit's 2007 and 2.0 forms and both blank forms into out/.
# Expands with `mlpsdoc expand` when the engine has it, else with xsltproc (same XSLT 1.0).
# Once the default render plan (templates/plans/) lists the forms, `render -d` writes them and
# this script goes.
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
M="$BUILD/mlpsdoc"
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p out
expand() { # TEMPLATE DATA OUT [blank]
    "$M" expand -t "templates/$1.xsl" -d "$2" ${4:+--blank} > "$3" 2>/dev/null && return 0
    command -v xsltproc >/dev/null || { echo "forms: mlpsdoc expand or xsltproc needed" >&2; return 1; }
    xsltproc ${4:+--stringparam blank 1} "templates/$1.xsl" "$2" > "$3"
}
echo '<unit/>' > "$tmp/empty.xml"
for form in "2007 信息系统安全等级保护备案表" "2.0 网络安全等级保护备案表"; do
    v=${form%% *} title=${form#* }
    for f in samples/*.xml blank; do
        if [ "$f" = blank ]; then
            unit=空白 src="$tmp/empty.xml"
        else
            [ -e "$f" ] || continue
            unit=$(xmllint --xpath 'normalize-space(/unit/name)' "$f" 2>/dev/null) || continue
            src=$f
        fi
        flag=
        [ "$f" = blank ] && flag=blank
        if expand "filing-form-$v" "$src" "$tmp/doc.xml" $flag &&
            "$M" typeset "$tmp/doc.xml" -o "out/$unit-$title.pdf"; then
            echo "写出 out/$unit-$title.pdf"
        else
            status=1
        fi
    done
done
exit $status
