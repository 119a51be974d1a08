#!/bin/sh
# The hostile-input suite (issue #13): each case runs mlpsdoc on one hostile input and asserts
# the exact message (one whole stderr line), the exit code, and that the output folder holds
# exactly what it held before (nothing created, changed or left half-written). Sourced by
# tests/t_hostile.sh, which gives lib.sh's helpers.
H="$ROOT/tests/hostile"
W="$TMP/w"    # inputs
O="$TMP/out"  # outputs: must not change
mkdir -p "$W" "$O"
cp "$ROOT/samples/wenzhou-soe.xml" "$ROOT"/samples/topology-*.png "$W/"
python3 "$H/mkimg.py" "$W/img"
cp "$H"/seeds/*.jpg "$W/img/"
echo "kept" >"$O/keep.pdf"
cd "$W" || exit 2
TOPO_LINE=$(grep -n 'topology src=' wenzhou-soe.xml | head -n 1 | cut -d: -f1)
TOPO="unit/systems/system[1]/topology/@src"

snapshot() { (cd "$O" && find . -printf '%p %s %m\n' | sort && cat keep.pdf) | md5sum; }

# A bound for one hostile case that never hangs the suite, not a speed assertion (make bench
# measures speed): under make asan on a loaded 2-core machine a 0.5 s case took over 20 s.
CASE_S=180
# hcase NAME RC 'EXACT STDERR LINE' COMMAND...: runs COMMAND ($CASE_S s at most) in $W
hcase() {
    name=$1 want_rc=$2 want_msg=$3
    shift 3
    before=$(snapshot)
    timeout $CASE_S "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    rc=$?
    after=$(snapshot)
    if [ "$rc" -ne "$want_rc" ]; then
        fail "hostile $name: exit $rc, want $want_rc: $(head -c 300 "$TMP/stderr")"
    elif [ -n "$want_msg" ] && ! grep -Fxq -- "$want_msg" "$TMP/stderr"; then
        fail "hostile $name: message not found; want: $want_msg; got: $(head -c 400 "$TMP/stderr")"
    elif [ "$before" != "$after" ]; then
        fail "hostile $name: the output folder changed"
    else
        pass
    fi
}

# data FILE SRC: the sample with its first topology image replaced by SRC
data() { sed "${TOPO_LINE}s#src=\"[^\"]*\"#src=\"$2\"#" wenzhou-soe.xml >"$1"; }
# img_case NAME IMAGE 'REASON': `check` names the file, the field and its line
img_case() {
    data "d-$1.xml" "$2"
    hcase "image $1" 1 "d-$1.xml:$TOPO_LINE: $TOPO: 拓扑图文件“$2”$3" $MLPSDOC check "d-$1.xml"
}

# ---- images: every broken PNG/JPEG is a check error, never a crash ----
img_case tiny72 img/tiny72.png "已损坏：PNG 图像数据无法解压"
img_case truncated img/truncated.png "已损坏或被截断：PNG 数据块长度超出文件"
img_case bad-crc img/bad-crc.png "已损坏：PNG 数据块 IDAT 的校验和（CRC）不符"
img_case huge img/huge-dims.png "过大（30000×30000 像素；上限：边长 20000 像素，共 40000000 像素）"
img_case zero img/zero-width.png "的像素尺寸为 0"
img_case depth img/bad-depth.png "已损坏：PNG 的位深度 3 与颜色类型 2 不相容"
img_case filter img/bad-filter.png "已损坏：PNG 第 1 行的过滤类型 7 无效"
img_case short img/short-data.png "已损坏或被截断：PNG 图像数据不完整"
img_case long img/long-data.png "已损坏：PNG 图像数据多于 IHDR 声明的尺寸"
img_case not-zlib img/not-zlib.png "已损坏：PNG 图像数据无法解压"
img_case bad-adler img/bad-adler.png "已损坏：PNG 图像数据无法解压"
img_case no-adler img/no-adler.png "已损坏：PNG 图像数据无法解压"
img_case filter-late img/bad-filter-late.png "已损坏：PNG 第 150 行的过滤类型 9 无效"
img_case length-286 img/length-286.png "已损坏：PNG 图像数据无法解压"
img_case no-iend img/no-iend.png "已损坏或被截断：PNG 缺少结束块 IEND"
img_case no-idat img/no-idat.png "已损坏：PNG 没有图像数据（IDAT）"
img_case ihdr-second img/ihdr-not-first.png "已损坏：PNG 的第一个数据块不是 IHDR"
img_case critical img/unknown-critical.png "含未知的关键数据块 ABCD，不受支持"
img_case split-idat img/split-idat.png "已损坏：PNG 的 IDAT 数据块不连续"
img_case no-plte img/palette-missing.png "已损坏：PNG 使用调色板却没有 PLTE 数据块"
img_case chunk-len img/chunk-too-long.png "已损坏或被截断：PNG 数据块长度超出文件"
# transparent and interlaced PNGs are decoded (libpng): a broken one is still a message
img_case interlaced-bad img/interlaced-bad.png "已损坏：PNG 图像数据无法解码"
img_case rgba-truncated img/rgba-truncated.png "已损坏或被截断：PNG 数据块长度超出文件"
img_case rgba-filter img/rgba-bad-filter.png "已损坏：PNG 第 1 行的过滤类型 7 无效"
img_case rgba-trns img/rgba-trns.png "已损坏：PNG 的透明色（tRNS）数据块无效"
img_case gif img/not-an-image.png "不是 PNG 或 JPEG 图像"
img_case empty img/empty.png "不是 PNG 或 JPEG 图像"
head -c 1500 img/small.jpg >img/trunc.jpg
img_case jpeg-trunc img/trunc.jpg "已损坏或被截断：JPEG 缺少结束标记（EOI）"
# SOF0 → SOF9 (arithmetic coding); precision 8 → 12
python3 -c "import sys;d=bytearray(open('img/small.jpg','rb').read());i=d.index(b'\xff\xc0');d[i+1]=0xC9;open('img/arith.jpg','wb').write(d);d[i+1]=0xC0;d[i+4]=12;open('img/p12.jpg','wb').write(d)"
img_case jpeg-arith img/arith.jpg "的编码方式（无损、分层或算术编码 JPEG）不受支持：请另存为基线或渐进式 JPEG"
img_case jpeg-12bit img/p12.jpg "的采样精度为 12 位，不受支持（只支持 8 位）"
python3 -c "import sys;d=bytearray(open('img/small.jpg','rb').read());i=d.index(b'\xff\xc0');d[i+9]=4;open('img/cmyk.jpg','wb').write(d)"
img_case jpeg-cmyk img/cmyk.jpg "已损坏：JPEG 帧头（SOF）长度不符"
python3 -c "d=open('img/small.jpg','rb').read();open('img/nosof.jpg','wb').write(d[:2]+d[d.index(b'\xff\xda'):])"
img_case jpeg-no-sof img/nosof.jpg "已损坏：JPEG 缺少帧头（SOF）"
# the good ones pass: palette, 1-bit and 16-bit grey, progressive JPEG; alpha, grey+alpha,
# palette+tRNS and interlaced PNGs (decoded)
for g in good-palette.png good-gray1.png good-gray16.png progressive.jpg alpha.png rgba.png \
    gray-alpha.png trns.png interlaced.png; do
    data "ok-$g.xml" "img/$g"
    hcase "image $g accepted" 0 "" $MLPSDOC check "ok-$g.xml"
done

# ---- a bad image stops render before anything is written ----
data r-tiny.xml img/tiny72.png
hcase "render tiny72" 1 "r-tiny.xml:$TOPO_LINE: $TOPO: 拓扑图文件“img/tiny72.png”已损坏：PNG 图像数据无法解压" \
    $MLPSDOC render -d r-tiny.xml -o "$O"
hcase "render -t truncated" 1 "" $MLPSDOC render -t grading-report -d d-truncated.xml -s oa -o "$O/oa.pdf"

# ---- confinement: the same message for files outside, whether they exist or not; a plain
# name missing inside the folder is said to be missing, where it was looked for ----
OUTSIDE="不存在、无法读取，或不在允许的目录（数据文件或文档所在的目录）之内：不能用绝对路径、“..”或指向目录外的符号链接"
img_case abs-passwd /etc/passwd "$OUTSIDE"
img_case abs-shadow /etc/shadow "$OUTSIDE"
img_case proc-environ /proc/self/environ "$OUTSIDE"
img_case dotdot-exists ../../../../etc/passwd "$OUTSIDE"
img_case dotdot-missing ../../../../etc/no-such-file.png "$OUTSIDE"
img_case missing no-such.png "不存在（在 $(pwd -P) 中查找）"
img_case dir-missing no-dir/no-such.png "$OUTSIDE"
img_case case TOPOLOGY-OA.png "不存在（在 $(pwd -P) 中查找）；那里有“topology-oa.png”：文件名的大小写须一致"
data d-backslash.xml 'img\\tiny72.png'   # sed: one backslash in the file
hcase "image backslash" 1 "d-backslash.xml:$TOPO_LINE: $TOPO: 拓扑图文件“img\\tiny72.png”的路径请用“/”分隔，不能用“\\”（应写作“img/tiny72.png”）" \
    $MLPSDOC check d-backslash.xml
ln -sf "$TMP/no-such-outside.png" link-dangling.png
img_case symlink-dangling link-dangling.png "$OUTSIDE"
cp topology-oa.png "$TMP/outside.png"
ln -sf "$TMP/outside.png" link-out.png
img_case symlink-out link-out.png "$OUTSIDE"
ln -sf /dev/zero link-dev.png
img_case symlink-dev link-dev.png "$OUTSIDE"
ln -sf topology-oa.png link-in.png
data ok-link-in.xml link-in.png
hcase "symlink inside accepted" 0 "" $MLPSDOC check ok-link-in.xml
mkfifo fifo.png
img_case fifo fifo.png "不是普通文件（不能是目录、管道或设备）"
mkdir -p dir.png
img_case directory dir.png "不是普通文件（不能是目录、管道或设备）"
mknod null.png c 1 3 2>/dev/null && img_case device null.png "不是普通文件（不能是目录、管道或设备）"
truncate -s 40M big.png
img_case too-many-bytes big.png "过大（41943040 字节，上限 33554432 字节）"
# typeset: doc XML images are confined to the doc's folder
printf '<document>\n<image src="%s"/>\n</document>\n' "$TMP/outside.png" >doc-abs.xml
hcase "typeset absolute image" 1 "doc-abs.xml:2: document/image: 图片“$TMP/outside.png”$OUTSIDE" $MLPSDOC typeset doc-abs.xml -o "$O/t.pdf"
printf '<document>\n<image src="fifo.png"/>\n</document>\n' >doc-fifo.xml
hcase "typeset fifo image" 1 "doc-fifo.xml:2: 图片“$W/fifo.png”不是普通文件（不能是目录、管道或设备）" \
    $MLPSDOC typeset doc-fifo.xml -o "$O/t.pdf"

# ---- data files themselves ----
mkfifo fifo.xml
hcase "data FIFO" 1 "fifo.xml: 不是普通文件（不能是目录、管道或设备）" $MLPSDOC check fifo.xml
hcase "data directory" 1 "img: 不是普通文件（不能是目录、管道或设备）" $MLPSDOC check img
hcase "data missing" 1 "none.xml: 无法打开文件：文件或目录不存在" $MLPSDOC check none.xml
truncate -s 17M huge.xml
hcase "data too big" 1 "huge.xml: 文件过大（17825792 字节，上限 16777216 字节）" $MLPSDOC check huge.xml
: >empty.xml
hcase "data empty" 1 "empty.xml:1: XML 格式错误：文件为空或没有根元素" $MLPSDOC check empty.xml
python3 -c "open('deep.xml','w').write('<unit>'+'<a>'*100+'</a>'*100+'</unit>')"
hcase "nesting" 1 "deep.xml:1: 元素嵌套超过 64 层" $MLPSDOC check deep.xml
python3 -c "open('many.xml','w').write('<unit>'+'<a/>'*200001+'</unit>')"
hcase "element count" 1 "many.xml: 元素过多（超过 200000 个）" $MLPSDOC check many.xml

python3 - <<'EOF'
import re
s = open('wenzhou-soe.xml').read()
m = re.search(r'<name>[^<]*</name>', s).group(0)
open('longfield.xml', 'w').write(s.replace(m, '<name>' + '长' * 30000 + '</name>', 1))
open('pages.xml', 'w').write('<document>' + '<p>x</p><pagebreak/>' * 5001 + '</document>')
EOF
NAME_LINE=$(grep -n '<name>长' longfield.xml | cut -d: -f1)
hcase "field length" 1 "longfield.xml:$NAME_LINE: unit/name: <name> 的内容过长（上限 65536 字节）" $MLPSDOC check longfield.xml
hcase "output pages" 1 "pages.xml: 文档超过 5000 页的上限" $MLPSDOC typeset pages.xml -o "$O/pages.pdf"

# ---- encodings: only UTF-8 and GB18030 ----
python3 -c "open('u16.xml','wb').write(open('wenzhou-soe.xml').read().replace('encoding=\"UTF-8\"','').encode('utf-16-le'))"
hcase "UTF-16 without BOM" 1 "u16.xml:1: 不支持的文件编码（UTF-16）：请使用 UTF-8 或 GB18030" $MLPSDOC check u16.xml
python3 -c "open('u16b.xml','wb').write(open('wenzhou-soe.xml').read().encode('utf-16'))"
hcase "UTF-16 with BOM" 1 "u16b.xml:1: 不支持的文件编码（UTF-16）：请使用 UTF-8 或 GB18030" $MLPSDOC check u16b.xml
python3 -c "open('u32.xml','wb').write(open('wenzhou-soe.xml').read().encode('utf-32'))"
hcase "UTF-32 named" 1 "u32.xml:1: 不支持的文件编码（UTF-32）：请使用 UTF-8 或 GB18030" $MLPSDOC check u32.xml
python3 -c "open('u32n.xml','wb').write(open('wenzhou-soe.xml').read().encode('utf-32-be'))"
hcase "UTF-32 without BOM" 1 "u32n.xml:1: 不支持的文件编码（UTF-32）：请使用 UTF-8 或 GB18030" $MLPSDOC check u32n.xml
printf '<?xml version="1.0" encoding\t=\t"ISO-8859-1"?>\n<unit/>\n' >tab.xml
hcase "encoding<TAB>=" 1 "tab.xml:1: 不支持的文件编码“ISO-8859-1”：请使用 UTF-8 或 GB18030" $MLPSDOC check tab.xml
printf '<?xml version="1.0" encoding=ISO-8859-1?>\n<unit/>\n' >unq.xml
hcase "encoding unquoted" 1 "unq.xml:1: XML 声明中的 encoding 写法无效（应如 encoding=\"UTF-8\"）" $MLPSDOC check unq.xml
printf '<?xml version="1.0"?>\n<unit>\377\376</unit>\n' >bad8.xml
hcase "invalid UTF-8" 1 "bad8.xml:2: 文件从第 29 字节起不是有效的 UTF-8：请以 UTF-8 保存，或声明并使用 GB18030" $MLPSDOC check bad8.xml
printf '\357\273\277<?xml version="1.0" encoding="GB18030"?>\n<unit/>\n' >bomgb.xml
hcase "UTF-8 BOM declared GB18030" 1 "bomgb.xml:1: 文件以 UTF-8 字节顺序标记开头，却声明编码为 GB18030" $MLPSDOC check bomgb.xml

# ---- what the campaign found solid stays solid ----
printf '<?xml version="1.0"?>\n<!DOCTYPE unit [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<unit>&x;</unit>\n' >xxe.xml
hcase "XXE" 1 "xxe.xml:2: 不允许文档类型声明（DOCTYPE）" $MLPSDOC check xxe.xml
python3 -c "
e=['<!ENTITY e0 \"lol\">']+['<!ENTITY e%d \"%s\">'%(i,'&e%d;'%(i-1)*10) for i in range(1,10)]
open('bomb.xml','w').write('<?xml version=\"1.0\"?>\n<!DOCTYPE unit [%s]>\n<unit>&e9;</unit>\n'%''.join(e))"
hcase "entity bomb" 1 "bomb.xml:1: XML 格式错误：实体引用成环或展开过大" $MLPSDOC check bomb.xml
sed 's#<systems>#<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/><systems>#' \
    wenzhou-soe.xml >xinc.xml
XI_LINE=$(grep -n 'xi:include' xinc.xml | cut -d: -f1)
hcase "XInclude in data" 1 "xinc.xml:$XI_LINE: unit/include: <unit> 中不允许元素 <include>（名称是否拼错？字段见 docs/data-model.md）" \
    $MLPSDOC check xinc.xml
printf '<?xml version="1.0"?>\n<!DOCTYPE unit SYSTEM "http://127.0.0.1:9/x.dtd">\n<unit/>\n' >dtd.xml
hcase "external DTD" 1 "dtd.xml:2: 不允许文档类型声明（DOCTYPE）" $MLPSDOC check dtd.xml

# ---- a template XPath that would run for minutes stops at the operation limit ----
mkdir -p tpl
cat >tpl/slow.xsl <<'EOF2'
<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:template match="/">
    <document><p><xsl:value-of select="count(//*[count(following::*[count(following::*) &gt; 0]) &gt; 0])"/></p></document>
  </xsl:template>
</xsl:stylesheet>
EOF2
hcase "template XPath operation limit" 1 \
    "$W/tpl/slow.xsl:6: XPath 求值出错：“count(//*[count(following::*[count(following::*) > 0]) > 0])”：计算量超过上限" \
    $MLPSDOC render -t "$W/tpl/slow.xsl" -d wenzhou-soe.xml -s oa -o "$O/slow.pdf"

# ---- templates: memory is bounded per expansion (MLPS_MAX_TEMPLATE_MEMORY) ----
T="$W/tt"
mkdir -p "$T"
# tmpl NAME 'BODY': a template whose line 6 holds BODY (inside <document>)
tmpl() {
    cat >"$T/$1.xsl" <<EOF2
<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:str="http://exslt.org/strings" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="str exsl">
  <xsl:param name="system-id" select="''"/>
  <xsl:param name="blank" select="''"/>
  <xsl:template match="/"><document>
    $2
  </document></xsl:template>
  $3
</xsl:stylesheet>
EOF2
}
# trender NAME RC 'MESSAGE': renders template NAME into the watched folder
trender() { hcase "template $1" "$2" "$3" $MLPSDOC render -t "$T/$1.xsl" -d wenzhou-soe.xml -s oa -o "$O/$1.pdf"; }
MEM="模板展开使用的内存超过上限（256 MB）"
# a string doubled by recursion: 2^40 bytes asked for (was 47 s, 4.2 GB and a PDF)
tmpl double '<p><xsl:call-template name="d"><xsl:with-param name="s" select="'"'ab'"'"/><xsl:with-param name="n" select="40"/></xsl:call-template></p>' \
    '<xsl:template name="d"><xsl:param name="s"/><xsl:param name="n"/><xsl:choose><xsl:when test="$n &gt; 0"><xsl:call-template name="d"><xsl:with-param name="s" select="concat($s, $s)"/><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:when><xsl:otherwise><xsl:value-of select="string-length($s)"/></xsl:otherwise></xsl:choose></xsl:template>'
trender double 1 "$T/double.xsl:8: $MEM"
if [ "$BUILD" = build ] && [ -x /usr/bin/time ]; then # plain build: sanitizers keep freed memory
    /usr/bin/time -f %M -o "$TMP/rss" $MLPSDOC render -t "$T/double.xsl" -d wenzhou-soe.xml -s oa -o "$O/d.pdf" 2>/dev/null
    check "string doubling: peak RSS under 1 GB ($(cat "$TMP/rss") KB)" test "$(tail -n 1 "$TMP/rss")" -lt 1048576
fi
# str:padding of a huge length (libxslt caps one at 100000 characters), once per data node
tmpl padding '<xsl:variable name="v"><xsl:for-each select="//node()"><xsl:value-of select="str:padding(1e12, '"'长'"')"/></xsl:for-each></xsl:variable><p><xsl:value-of select="string-length($v)"/></p>'
trender padding 1 "$T/padding.xsl:6: $MEM"
# a node-set doubled by recursion: each node holds 300 KB of text
tmpl nodeset '<p><xsl:call-template name="g"><xsl:with-param name="acc"><t><xsl:value-of select="str:padding(100000, '"'长'"')"/></t></xsl:with-param><xsl:with-param name="n" select="40"/></xsl:call-template></p>' \
    '<xsl:template name="g"><xsl:param name="acc"/><xsl:param name="n"/><xsl:choose><xsl:when test="$n &gt; 0"><xsl:call-template name="g"><xsl:with-param name="acc"><xsl:copy-of select="$acc"/><xsl:copy-of select="$acc"/></xsl:with-param><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:when><xsl:otherwise><xsl:value-of select="count(exsl:node-set($acc)/t)"/></xsl:otherwise></xsl:choose></xsl:template>'
trender nodeset 1 "$T/nodeset.xsl:8: $MEM"
# a node per character of a doubling string: each refused allocation reported an error, which
# was gathered line by line (over 60 s); now said once
tmpl split '<p><xsl:call-template name="d"><xsl:with-param name="s" select="'"'ab'"'"/><xsl:with-param name="n" select="60"/></xsl:call-template></p>' \
    '<xsl:template name="d"><xsl:param name="s"/><xsl:param name="n"/><xsl:choose><xsl:when test="$n &gt; 0"><xsl:call-template name="d"><xsl:with-param name="s" select="concat($s, count(str:split($s, '"''"')), $s)"/><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:when><xsl:otherwise><xsl:value-of select="string-length($s)"/></xsl:otherwise></xsl:choose></xsl:template>'
trender split 1 "$T/split.xsl:8: $MEM"
# a result document of 16383 paragraphs of 300 KB (stopped after the instruction that passed)
tmpl output '<xsl:call-template name="g"><xsl:with-param name="n" select="14"/></xsl:call-template>' \
    '<xsl:template name="g"><xsl:param name="n"/><xsl:if test="$n &gt; 0"><p><xsl:value-of select="str:padding(100000, '"'长'"')"/></p><xsl:call-template name="g"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template><xsl:call-template name="g"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:if></xsl:template>'
trender output 1 "$T/output.xsl:8: $MEM"
# deep result trees: 10 levels per call, 150 calls (the call depth stops it); 55 levels per
# call, 96 calls (5280 levels: built, then refused by the doc XML rules, no stack overflow)
tmpl deep '<p><xsl:call-template name="r"><xsl:with-param name="n" select="150"/></xsl:call-template></p>' \
    '<xsl:template name="r"><xsl:param name="n"/><a><b><c><d><e><f><g><h><i><j><xsl:if test="$n &gt; 0"><xsl:call-template name="r"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:if></j></i></h></g></f></e></d></c></b></a></xsl:template>'
trender deep 1 "$T/deep.xsl:8: 模板调用嵌套超过上限（是否有模板调用了自己？）"
S55=$(printf '<span>%.0s' $(seq 55)); E55=$(printf '</span>%.0s' $(seq 55))
tmpl deeper '<p><xsl:call-template name="r"><xsl:with-param name="n" select="95"/></xsl:call-template></p>' \
    "<xsl:template name=\"r\"><xsl:param name=\"n\"/>$S55<xsl:if test=\"\$n &gt; 0\"><xsl:call-template name=\"r\"><xsl:with-param name=\"n\" select=\"\$n - 1\"/></xsl:call-template></xsl:if>$E55</xsl:template>"
trender deeper 1 "$T/deeper.xsl:8: document/p/span/span: <span> 中不能再有元素 <span>"
# expand makes the same checks as render: it expands all 5280 levels, then refuses them alike
hcase "template deeper: expand" 1 "$T/deeper.xsl:8: document/p/span/span: <span> 中不能再有元素 <span>" \
    $MLPSDOC expand -t "$T/deeper.xsl" -d wenzhou-soe.xml -s oa
check "template deeper: expand prints no doc XML" test ! -s "$TMP/stdout"

# ---- template images: inside the templates folder, the same rules as data images ----
TOUT="不存在、无法读取，或不在允许的目录（模板文件夹）之内：不能用绝对路径、“..”或指向目录外的符号链接"
cp topology-oa.png "$T/logo.png"
cp topology-oa.png "$TMP/outside.png"
ln -sf "$TMP/outside.png" "$T/link-out.png"
mkfifo "$T/fifo.png" "$T/fifo.xml"
mkdir -p "$T/dir.xml"
truncate -s 40M "$T/big.png"
truncate -s 17M "$T/big.xml"
tmpl img-ok '<p>图</p><image src="logo.png"/>'
hcase "template image inside accepted" 0 "" $MLPSDOC render -t "$T/img-ok.xsl" -d wenzhou-soe.xml -s oa -o "$TMP/img-ok.pdf"
check "template image embedded" test "$(pdfimages -list "$TMP/img-ok.pdf" | tail -n +3 | wc -l)" -eq 1
tmpl img-dotdot '<p>图</p><image src="../topology-oa.png"/>'
trender img-dotdot 1 "$T/img-dotdot.xsl:6: 图片“../topology-oa.png”$TOUT"
tmpl img-link '<p>图</p><image src="link-out.png"/>'
trender img-link 1 "$T/img-link.xsl:6: 图片“link-out.png”$TOUT"
tmpl img-abs "<p>图</p><image src=\"$TMP/outside.png\"/>"
trender img-abs 1 "$T/img-abs.xsl:6: 图片“$TMP/outside.png”$TOUT"
# the data folder holds topology-oa.png, the templates folder does not (was found there)
tmpl img-datadir '<p>图</p><image src="topology-oa.png"/>'
trender img-datadir 1 "$T/img-datadir.xsl:6: 图片“topology-oa.png”不存在（在 $(cd "$T" && pwd -P) 中查找）"
tmpl img-fifo '<p>图</p><image src="fifo.png"/>'
trender img-fifo 1 "$T/img-fifo.xsl:6: 图片“$T/fifo.png”不是普通文件（不能是目录、管道或设备）"
tmpl img-big '<p>图</p><image src="big.png"/>'
trender img-big 1 "$T/img-big.xsl:6: 图片“$T/big.png”过大（41943040 字节，上限 33554432 字节）"
tmpl img-forge '<p>图</p><image src="{/unit/systems/system[1]/topology/@src}" src-folder="template"/>'
trender img-forge 1 "$T/img-forge.xsl:6: <image> 的属性 src-folder 由 mlpsdoc 设置，模板中不能写"
# an image the data names stays in the data folder, wherever the template is
tmpl img-data '<p>图</p><image src="{/unit/systems/system[1]/topology/@src}"/>'
hcase "data image from a template elsewhere" 0 "" $MLPSDOC render -t "$T/img-data.xsl" -d wenzhou-soe.xml -s oa -o "$TMP/img-data.pdf"
tmpl img-data-out '<p>图</p><image src="{concat('"'../'"', /unit/systems/system[1]/topology/@src)}"/>'
trender img-data-out 1 "$T/img-data-out.xsl:6: document/image: 图片“../topology-oa.png”$OUTSIDE"

# ---- files a template reads (document(), xsl:import): the templates folder, regular, bounded ----
echo '<y>内</y>' >"$T/in.xml"
echo '<x>secret</x>' >"$TMP/outside.xml"
ln -sf "$TMP/outside.xml" "$T/link-out.xml"
DOUT="document() 读取的文件"
DOUT2="超出了模板文件夹（只能读取模板文件夹内的文件）"
tmpl doc-in '<p><xsl:value-of select="document('"'in.xml'"')/y"/></p>'
hcase "document() inside accepted" 0 "" $MLPSDOC render -t "$T/doc-in.xsl" -d wenzhou-soe.xml -s oa -o "$TMP/doc-in.pdf"
tmpl doc-abs '<p><xsl:value-of select="document('"'/etc/passwd'"')"/></p>'
trender doc-abs 1 "$T/doc-abs.xsl:6: $DOUT“/etc/passwd”$DOUT2"
tmpl doc-proc '<p><xsl:value-of select="document('"'/proc/self/environ'"')"/></p>'
trender doc-proc 1 "$T/doc-proc.xsl:6: $DOUT“/proc/self/environ”$DOUT2"
tmpl doc-dotdot '<p><xsl:value-of select="document('"'../wenzhou-soe.xml'"')"/></p>'
trender doc-dotdot 1 "$T/doc-dotdot.xsl:6: $DOUT“$W/wenzhou-soe.xml”$DOUT2"
tmpl doc-link '<p><xsl:value-of select="document('"'link-out.xml'"')"/></p>'
trender doc-link 1 "$T/doc-link.xsl:6: $DOUT“$T/link-out.xml”$DOUT2"
# a node's value resolves against the data file's folder: outside the templates folder
tmpl doc-data '<p><xsl:value-of select="document(/unit/systems/system[1]/topology/@src)"/></p>'
trender doc-data 1 "$T/doc-data.xsl:6: $DOUT“topology-oa.png”$DOUT2"
tmpl doc-fifo '<p><xsl:value-of select="document('"'fifo.xml'"')"/></p>'
trender doc-fifo 1 "$T/doc-fifo.xsl:6: document() 无法读取文件“$T/fifo.xml”"
check_contains "document() FIFO: the file's reason" "$(cat "$TMP/stderr")" "$T/fifo.xml: 不是普通文件（不能是目录、管道或设备）"
tmpl doc-dir '<p><xsl:value-of select="document('"'dir.xml'"')"/></p>'
trender doc-dir 1 "$T/dir.xml: 不是普通文件（不能是目录、管道或设备）"
tmpl doc-big '<p><xsl:value-of select="document('"'big.xml'"')"/></p>'
trender doc-big 1 "$T/big.xml: 文件过大（17825792 字节，上限 16777216 字节）"
# xsl:import of the same files
imp() { printf '<?xml version="1.0"?>\n<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n  <xsl:import href="%s"/>\n  <xsl:template match="/"><document><p>x</p></document></xsl:template>\n</xsl:stylesheet>\n' "$2" >"$T/$1.xsl"; }
imp imp-fifo fifo.xml
trender imp-fifo 1 "$T/fifo.xml: 不是普通文件（不能是目录、管道或设备）"
imp imp-big big.xml
trender imp-big 1 "$T/big.xml: 文件过大（17825792 字节，上限 16777216 字节）"
imp imp-link link-out.xml
trender imp-link 1 "$T/imp-link.xsl:3: 导入的文件“$T/link-out.xml”超出了模板文件夹（只能导入模板文件夹内的文件）"
imp imp-abs /etc/passwd
trender imp-abs 1 "$T/imp-abs.xsl:3: 导入的文件“/etc/passwd”超出了模板文件夹（只能导入模板文件夹内的文件）"

# ---- scale: check is linear, duplicates reported once per value ----
python3 - <<'EOF'
import re
s = open('wenzhou-soe.xml').read()
m = re.search(r'<material code="topology"[^>]*/>', s).group(0)
open('dup.xml', 'w').write(s.replace(m, m + ('\n' + m) * 4000, 1))
i = s.index('<systems>')
open('bogus.xml', 'w').write(s[:i] + '<bogus/>' * 50000 + s[i:])
EOF
DUP_LINE=$(grep -n 'material code="topology"' dup.xml | head -n 2 | tail -n 1 | cut -d: -f1)
hcase "4000 duplicate materials" 1 \
    "dup.xml:$DUP_LINE: unit/systems/system[1]/materials/material[2]: 材料“系统拓扑结构及说明”重复填写（共 4001 处）" \
    $MLPSDOC check dup.xml
check "duplicates reported once" test "$(grep -c 重复填写 "$TMP/stderr")" -eq 1
B_LINE=$(grep -n '<bogus/>' bogus.xml | cut -d: -f1)
hcase "50000 unknown elements" 1 \
    "bogus.xml:$B_LINE: unit/bogus[1]: <unit> 中不允许元素 <bogus>（名称是否拼错？字段见 docs/data-model.md）" \
    $MLPSDOC check bogus.xml

# ---- outputs: nothing half-written ----
hcase "render -o empty" 1 "输出目录（-o）不能为空" $MLPSDOC render -d wenzhou-soe.xml -o ""
mkdir -p "$O/adir.pdf"
hcase "output is a directory" 1 "$O/adir.pdf: 这是一个目录，不能作为输出 PDF（-o）；请给一个 .pdf 文件名" \
    $MLPSDOC render -t grading-report -d wenzhou-soe.xml -s oa -o "$O/adir.pdf"
check "no temporary file left beside a directory output" test -z "$(find "$O" -name '*.tmp')"
hcase "output folder missing" 1 "$O/no/such/x.pdf: 无法创建输出文件：文件或目录不存在" \
    $MLPSDOC render -t grading-report -d wenzhou-soe.xml -s oa -o "$O/no/such/x.pdf"
# read-only and full file systems, in a private mount namespace (root only)
if unshare -m true 2>/dev/null; then
    mkdir -p "$TMP/ro" "$TMP/full"
    unshare -m sh -c "mount -t tmpfs -o ro,size=64k tmpfs '$TMP/ro' && \
        timeout $CASE_S $MLPSDOC render -t grading-report -d wenzhou-soe.xml -s oa -o '$TMP/ro/x.pdf'" \
        >/dev/null 2>"$TMP/ro.err"
    rc=$?
    check_contains "read-only output" "$rc $(cat "$TMP/ro.err")" "1 $TMP/ro/x.pdf: 无法创建输出文件：文件系统只读"
    unshare -m sh -c "mount -t tmpfs -o size=16k tmpfs '$TMP/full' && \
        timeout $CASE_S $MLPSDOC render -t grading-report -d wenzhou-soe.xml -s oa -o '$TMP/full/x.pdf'; \
        echo rc=\$?; ls -A '$TMP/full'" >"$TMP/full.out" 2>"$TMP/full.err"
    check_contains "full disk message" "$(cat "$TMP/full.err")" "$TMP/full/x.pdf: 写入输出文件失败：磁盘空间已满"
    check_contains "full disk exit 1, nothing left" "$(cat "$TMP/full.out")" "rc=1"
    check "full disk: folder empty" test "$(tail -n +2 "$TMP/full.out" | grep -v '^rc=')" = ""
fi
# SIGKILL while writing: the previous file stays whole (or the new one is whole)
cp "$ROOT/samples/wenzhou-soe.xml" "$O/../k.xml" 2>/dev/null
$MLPSDOC render -t grading-report -d wenzhou-soe.xml -s oa -o "$TMP/k.pdf" >/dev/null 2>&1
for delay in 0.01 0.03 0.06 0.1; do
    $MLPSDOC render -t grading-report -d wenzhou-soe.xml -s scada -o "$TMP/k.pdf" >/dev/null 2>&1 &
    pid=$!
    sleep $delay
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    check "SIGKILL after ${delay}s leaves a whole PDF" qpdf --check "$TMP/k.pdf"
done
# concurrent writers of one file: the result is one whole PDF, no temporary files
for i in 1 2 3 4; do
    $MLPSDOC render -t grading-report -d wenzhou-soe.xml -s oa -o "$TMP/c.pdf" >/dev/null 2>&1 &
done
wait
check "concurrent writers leave a whole PDF" qpdf --check "$TMP/c.pdf"
check "concurrent writers leave no temporary file" test -z "$(find "$TMP" -maxdepth 1 -name 'c.pdf.*')"

# ---- silent changes ----
python3 -c "
import re;s=open('wenzhou-soe.xml').read();open('adj.xml','w').write(re.sub(r'</p>\s*<p>','</p><p>',s))"
$MLPSDOC render -t grading-report -d adj.xml -s oa -o "$TMP/adj.pdf" >"$TMP/adj.log" 2>&1 || cat "$TMP/adj.log"
pdftotext "$TMP/adj.pdf" "$TMP/adj.txt"
check "adjacent <p>: the second paragraph is there" grep -q '系统日均处理公文' "$TMP/adj.txt"
check "adjacent <p>: not run into the first" sh -c "! grep -q '平台。系统日均' '$TMP/adj.txt'"
# render -d prints every 已生成 line (stdout flushed), into a pipe
$MLPSDOC render -d wenzhou-soe.xml -o "$TMP/all" 2>/dev/null | cat >"$TMP/gen.txt"
check "render -d: one 已生成 line per PDF" test "$(grep -c '^已生成 ' "$TMP/gen.txt")" -eq "$(ls "$TMP/all" | grep -c '\.pdf$')"
# images are embedded as they are: the PNG's IDAT bytes are in the PDF unchanged
$MLPSDOC render -t grading-report -d wenzhou-soe.xml -s oa -o "$TMP/img.pdf" >/dev/null 2>&1
check "PNG embedded as /FlateDecode with the PNG predictor" sh -c \
    "qpdf --qdf --object-streams=disable --stream-data=preserve '$TMP/img.pdf' '$TMP/img.qdf' && grep -aq '/Predictor 15' '$TMP/img.qdf'"
# a CMYK JPEG (as pdftoppm writes it) is refused with a way out
pdftoppm -r 10 -f 1 -l 1 -jpegcmyk "$TMP/img.pdf" "$W/img/cmyk" && mv "$W"/img/cmyk-*.jpg "$W/img/cmyk-real.jpg"
img_case jpeg-cmyk-real img/cmyk-real.jpg "有 4 个颜色分量（CMYK 等），不受支持：请另存为 RGB 或灰度 JPEG"
cd "$ROOT" || exit 2
