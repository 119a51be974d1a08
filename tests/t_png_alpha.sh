#!/bin/sh
# Transparent and interlaced PNGs (RGBA, grey+alpha, palette+tRNS, interlaced RGBA) are decoded
# and embedded as an image plus its /SMask: pdfimages lists both, the text is the same as with
# an opaque image, transparent areas render as the white page, the PDF is reproducible.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 2
python3 "$ROOT/tests/hostile/mkimg.py" img
# doc FILE IMAGE: two paragraphs around one image
doc() { printf '<document>\n<p>拓扑图之前的段落。</p>\n<image src="%s"/>\n<p>拓扑图之后的段落。</p>\n</document>\n' "$2" >"$1"; }
doc opaque.xml img/good-rgb.png
check "typeset opaque" $MLPSDOC typeset opaque.xml -o opaque.pdf
want_text=$(pdftotext opaque.pdf - | tr -d ' \f\n')
for case in "rgba.png rgb" "gray-alpha.png gray" "trns.png rgb" "interlaced.png rgb"; do
    set -- $case
    n=${1%.png}
    doc "$n.xml" "img/$1"
    SOURCE_DATE_EPOCH=0 $MLPSDOC typeset "$n.xml" -o "$n.pdf" 2>"$n.err"
    check "typeset $1" test -s "$n.pdf"
    list=$(pdfimages -list "$n.pdf" 2>&1 | awk 'NR > 2 {print $3, $6, $8}' | tr '\n' ';')
    check_contains "$1: image $2 8-bit and its smask" "$list" "image $2 8;smask gray 8;"
    check "$1: text unchanged" test "$(pdftotext "$n.pdf" - | tr -d ' \f\n')" = "$want_text"
    check "$1: qpdf --check" qpdf --check "$n.pdf"
    SOURCE_DATE_EPOCH=0 $MLPSDOC typeset "$n.xml" -o "$n-2.pdf" 2>/dev/null
    check "$1: byte-identical" cmp -s "$n.pdf" "$n-2.pdf"
done
# the RGBA images are a red disc on (0,0,255, alpha 0): rendered, the page shows red and
# white but no blue ground (at most the disc's anti-aliased rim)
for n in rgba interlaced; do
    pdftoppm -r 70 -f 1 -l 1 "$n.pdf" "$n-p" && mv "$n-p"-*1.ppm "$n.ppm"
    check "$n: red disc on the white page, no blue ground" python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
parts = d.split(maxsplit=4)
px = parts[4]
red = blue = 0
for i in range(0, len(px) - 2, 3):
    r, g, b = px[i], px[i + 1], px[i + 2]
    red += r > 150 and g < 80 and b < 80
    blue += b > 150 and r < 100 and g < 100
sys.exit(0 if red > 1000 and blue < red // 20 else 1)' "$n.ppm"
done
done_testing
