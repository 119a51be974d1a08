#!/bin/sh
# mlpsdoc serve over HTTP (curl against a server on 127.0.0.1 at a free port, bounded in time):
# every endpoint's status codes and messages, atomic saves, a file changed on disk not
# overwritten, path traversal, symlinks, oversize bodies, other origins and the token refused,
# and render giving the CLI's PDFs byte for byte.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2
if ! command -v curl >/dev/null 2>&1; then
    fail "curl is not installed (scripts/install-deps.sh installs it)"
    done_testing
    exit 1
fi

D="$TMP/data"
mkdir -p "$D"
cp samples/chongqing-institution.xml samples/topology-ehr.png samples/topology-portal.png "$D/"
SAMPLE=chongqing-institution.xml
PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT

# start_server OUTFILE ARGS...: runs mlpsdoc serve in the background, sets URL from its first lines
start_server() {
    out=$1
    shift
    timeout 1200 $BUILD/mlpsdoc serve "$@" >"$out" 2>&1 &
    PIDS="$PIDS $!"
    URL=""
    # up to 2 minutes: under make asan on a busy machine loading the engine takes seconds
    for _ in $(seq 1200); do
        URL=$(grep -o 'http://[^ ]*' "$out" | head -n 1 | sed 's#/$##')
        [ -n "$URL" ] && break
        kill -0 "$!" 2>/dev/null || break
        sleep 0.1
    done
    check "server at $out printed its address: $(head -c 300 "$out")" test -n "$URL"
}
# req METHOD PATH [curl args...]: sets CODE, BODY (and headers in $TMP/h)
req() {
    m=$1
    p=$2
    shift 2
    CODE=$(curl -s -m 30 -X "$m" -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' "$@" "$URL$p")
    BODY=$(cat "$TMP/b")
}
post() { p=$1; shift; req POST "$p" -H 'X-Mlpsdoc: 1' "$@"; }
is() { if [ "$CODE" = "$2" ]; then pass; else fail "$1: status $CODE, want $2: $(printf '%s' "$BODY" | head -c 300)"; fi; }

start_server "$TMP/srv.out" --listen 127.0.0.1:0 --today 2026-01-01 "$D"
check "server started on a free port" test -n "$URL"
case "$URL" in http://127.0.0.1:*) pass ;; *) fail "default address not 127.0.0.1: $URL" ;; esac
check_contains "no token on loopback" "$(cat "$TMP/srv.out")" "在浏览器中打开 http://127.0.0.1:"

# --- the web form's own files and the model ---
req GET /
is "GET /" 200
check_contains "index page" "$BODY" "等级保护备案数据填写"
check_contains "CSP header" "$(cat "$TMP/h")" "Content-Security-Policy: default-src 'self'"
req GET /app.js
is "GET /app.js" 200
check_contains "js type" "$(cat "$TMP/h")" "Content-Type: text/javascript"
req GET /nothing.js
is "unknown web file" 404
req GET /api/model
is "GET /api/model" 200
check_contains "model: root" "$BODY" '"root":{"n":"unit"'
check_contains "model: form label" "$BODY" '"label":"单位名称","no":"表一01"'
check_contains "model: option list" "$BODY" '"affiliation":{"title":"隶属关系","items":[{"code":"1","label":"中央"'
check_contains "model: matrix" "$BODY" '{"object":"society","degree":"serious","level":3}'
req GET /api/nothing
is "unknown endpoint" 404
req GET /api/skeleton
is "GET /api/skeleton" 200
check_contains "skeleton: required system" "$BODY" "<system id="

# --- files ---
req GET /api/files
is "GET /api/files" 200
check_contains "files: sample listed" "$BODY" "\"name\":\"$SAMPLE\""
ln -s /etc/hostname "$D/link.xml"
ln -s /etc "$D/etc-link.xml"
req GET /api/files
case "$BODY" in *link.xml*) fail "symlinks listed: $BODY" ;; *) pass ;; esac
req GET "/api/file?name=$SAMPLE"
is "GET /api/file" 200
check "file: served unchanged" cmp -s "$TMP/b" "$D/$SAMPLE"
ETAG=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$TMP/h")
check "file: ETag" test -n "$ETAG"
for bad in "../etc/passwd.xml" "..%2F..%2Fetc%2Fpasswd.xml" ".hidden.xml" "a%2Fb.xml" "notes.txt" ""; do
    req GET "/api/file?name=$bad"
    is "traversal/bad name '$bad'" 400
done
req GET "/api/file?name=link.xml"
is "symlink out of the folder not read" 404
req GET "/api/file?name=missing.xml"
is "missing file" 404
check_contains "missing file message" "$BODY" "找不到数据文件“missing.xml”"

# --- check ---
req POST /api/check --data-binary "@$D/$SAMPLE"
is "check without X-Mlpsdoc" 403
check_contains "custom header required" "$BODY" "缺少 X-Mlpsdoc 请求头"
post "/api/check?name=$SAMPLE" --data-binary "@$D/$SAMPLE"
is "check sample" 200
check_contains "sample passes" "$BODY" '"errors":0,'
sed -e 's#<postcode>400010</postcode>#<postcode>4000</postcode>#' -e '/<security-dept>/d' -e '/<graded-on>/d' "$D/$SAMPLE" >"$TMP/bad.xml"
post "/api/check?name=$SAMPLE" --data-binary "@$TMP/bad.xml"
is "check bad data" 200
check_contains "check: message at its field" "$BODY" '"path":"unit/postcode","msg":"邮政编码应为 6 位数字，实际为“4000”"'
check_contains "check: missing element" "$BODY" '"path":"unit","msg":"缺少必需的元素 \u003csecurity-dept\u003e'
check_contains "check: every missing one" "$BODY" '"path":"unit/systems/system[2]/grading","msg":"缺少必需的元素 \u003cgraded-on\u003e"'
post /api/check --data-binary '<unit><oops'
is "check malformed XML" 200
check_contains "check: malformed reported" "$BODY" '"severity":"error","line":1'
sed 's#src="topology-ehr.png"#src="../../etc/x.png"#' "$D/$SAMPLE" >"$TMP/out.xml"
post "/api/check?name=$SAMPLE" --data-binary "@$TMP/out.xml"
check_contains "check: image outside the folder refused" "$BODY" "须是数据文件夹中的 PNG 或 JPEG 文件"

# --- other origins, hosts, methods, sizes ---
req GET /api/files -H 'Origin: http://evil.example'
is "other origin" 403
check_contains "other origin message" "$BODY" "拒绝来自其他来源"
post "/api/save?name=$SAMPLE" -H 'Origin: http://evil.example' -H "If-Match: $ETAG" --data-binary "@$D/$SAMPLE"
is "save from another origin" 403
req GET /api/files -H 'Sec-Fetch-Site: cross-site'
is "cross-site fetch" 403
req GET /api/files -H 'Host: evil.example:80'
is "foreign Host (DNS rebinding)" 403
PORT=${URL#http://127.0.0.1:}

req GET /api/files -H "Origin: http://localhost:$PORT" -H "Host: localhost:$PORT"
is "same origin by name localhost" 200
req PUT /api/files
is "PUT refused" 405
head -c 5000000 /dev/zero | tr '\0' 'a' >"$TMP/big"
post "/api/check?name=$SAMPLE" --data-binary "@$TMP/big"
is "oversize check body" 413
head -c 9000000 /dev/zero >"$TMP/huge"
post "/api/upload?name=big.png" -H 'Content-Type: image/png' --data-binary "@$TMP/huge"
is "oversize upload" 413

# --- save ---
post "/api/save?name=$SAMPLE" --data-binary "@$D/$SAMPLE"
is "save without If-Match" 428
post "/api/save?name=$SAMPLE" -H "If-Match: $ETAG" -H 'Content-Type: application/xml' --data-binary "@$D/$SAMPLE"
is "save" 200
ETAG2=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$TMP/h")
check "save: new ETag" test -n "$ETAG2" -a "$ETAG2" != "$ETAG"
check "save: saved file passes check" $MLPSDOC check --today 2026-01-01 "$D/$SAMPLE"
check_contains "save: indented, one element a line" "$(cat "$D/$SAMPLE")" "        <subsystem>
          <name>健康档案子系统</name>"
check "save: no temporary file left" test -z "$(ls "$D" | grep -v -e '\.xml$' -e '\.png$')"
cp "$D/$SAMPLE" "$TMP/saved.xml"
post "/api/save?name=$SAMPLE" -H "If-Match: $ETAG" --data-binary "@$D/$SAMPLE"
is "save with a stale ETag" 409
check_contains "stale save message" "$BODY" "在打开之后已在磁盘上被修改或删除"
echo '<!-- edited elsewhere -->' >>"$D/$SAMPLE"
cp "$D/$SAMPLE" "$TMP/edited.xml"
post "/api/save?name=$SAMPLE" -H "If-Match: $ETAG2" --data-binary "@$TMP/saved.xml"
is "file changed on disk since opened" 409
check "changed file kept" cmp -s "$D/$SAMPLE" "$TMP/edited.xml"
cp "$TMP/saved.xml" "$D/$SAMPLE"
# elements in documented order whatever order they came in
sed -e 's#<postcode>400010</postcode>##' -e 's#<region-code>500100</region-code>#<region-code>500100</region-code><postcode>400010</postcode>#' \
    "$D/$SAMPLE" >"$TMP/order.xml"
post /api/save?name=new.xml -H 'If-None-Match: *' --data-binary "@$TMP/order.xml"
is "save a new file" 200
check "new file: documented order restored" cmp -s "$D/new.xml" "$D/$SAMPLE"
post /api/save?name=new.xml -H 'If-None-Match: *' --data-binary "@$TMP/order.xml"
is "new file over an existing one" 409
check_contains "exists message" "$BODY" "已存在，未覆盖"
post /api/save?name=broken.xml -H 'If-None-Match: *' --data-binary '<unit><oops'
is "save malformed XML" 400
check "malformed: nothing written" test ! -e "$D/broken.xml"
post /api/save?name=other.xml -H 'If-None-Match: *' --data-binary '<html/>'
is "save a non-unit document" 400
post "/api/save?name=..%2Fescape.xml" -H 'If-None-Match: *' --data-binary "@$D/$SAMPLE"
is "save outside the folder" 400
check "nothing written outside" test ! -e "$TMP/escape.xml"
post /api/save?name=link.xml -H 'If-Match: x' --data-binary "@$D/$SAMPLE"
is "save over a symlink" 403
check "symlink target untouched" test "$(readlink "$D/link.xml")" = /etc/hostname

# --- a GB18030 data file: shown to the page as UTF-8, saved back as GB18030 ---
sed '1s/encoding="UTF-8"/encoding="GB18030"/' "$D/$SAMPLE" | iconv -f UTF-8 -t GB18030 >"$D/gb.xml"
check "GB18030 sample made" test -s "$D/gb.xml"
req GET /api/file?name=gb.xml
is "GET a GB18030 file" 200
check_contains "GB18030: served as UTF-8" "$(cat "$TMP/h")" "Content-Type: application/xml; charset=utf-8"
check "GB18030: the page gets valid UTF-8" iconv -f UTF-8 -t UTF-8 "$TMP/b"
check_contains "GB18030: Chinese text readable" "$BODY" "<name>健康档案子系统</name>"
check_contains "GB18030: declaration says UTF-8" "$(head -n 1 "$TMP/b")" 'encoding="UTF-8"'
iconv -f GB18030 -t UTF-8 "$D/gb.xml" | sed 1d >"$TMP/gb-utf8"
sed 1d "$TMP/b" >"$TMP/gb-page"
check "GB18030: the page's text is the file's, converted" cmp -s "$TMP/gb-utf8" "$TMP/gb-page"
GBTAG=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$TMP/h")
sed 's#<name>健康档案子系统</name>#<name>健康档案子系统（二期）</name>#' "$TMP/b" >"$TMP/gb-edit.xml"
post /api/save?name=gb.xml -H "If-Match: $GBTAG" -H 'Content-Type: application/xml' --data-binary "@$TMP/gb-edit.xml"
is "save a GB18030 file" 200
check_contains "GB18030 save: declaration kept" "$(head -n 1 "$D/gb.xml")" '<?xml version="1.0" encoding="GB18030"?>'
check "GB18030 save: the file is not UTF-8 any more than before" sh -c "! iconv -f UTF-8 -t UTF-8 '$D/gb.xml' >/dev/null 2>&1"
check_contains "GB18030 save: the change, in GB18030" "$(iconv -f GB18030 -t UTF-8 "$D/gb.xml")" "<name>健康档案子系统（二期）</name>"
check_contains "GB18030 save: comments kept" "$(iconv -f GB18030 -t UTF-8 "$D/gb.xml")" "<!-- Fictional sample: a Chongqing public institution (事业单位)"
check "GB18030 save: passes mlpsdoc check" $MLPSDOC check --today 2026-01-01 "$D/gb.xml"
GBTAG2=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$TMP/h")
req GET /api/file?name=gb.xml
check "GB18030 save: ETag of the bytes on disk" test "$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$TMP/h")" = "$GBTAG2"
check_contains "GB18030 reopened: the change readable" "$BODY" "<name>健康档案子系统（二期）</name>"
cp "$D/gb.xml" "$TMP/gb-saved.xml"
post /api/save?name=gb.xml -H "If-Match: $GBTAG2" --data-binary "@$TMP/b"
is "GB18030: the page's text saved again unchanged" 200
check "GB18030: a second save round-trips byte for byte" cmp -s "$D/gb.xml" "$TMP/gb-saved.xml"
# a file declared GBK (a subset the reader takes as GB18030) is converted for the page too
sed '1s/encoding="UTF-8"/encoding="GBK"/' "$D/$SAMPLE" | iconv -f UTF-8 -t GBK >"$D/gbk.xml"
req GET /api/file?name=gbk.xml
is "GET a GBK file" 200
check "GBK: the page gets valid UTF-8" iconv -f UTF-8 -t UTF-8 "$TMP/b"
check_contains "GBK: Chinese text readable" "$BODY" "<name>健康档案子系统</name>"
printf '<?xml version="1.0" encoding="GB18030"?>\n<unit><name>\201</name></unit>\n' >"$D/badgb.xml"
req GET /api/file?name=badgb.xml
is "invalid GB18030 not served as garbage" 422
check_contains "invalid GB18030 message" "$BODY" "声明为 GB18030 编码，但从第 54 字节起不是有效的 GB18030"
post /api/check?name=badgb.xml --data-binary "@$D/badgb.xml"
check_contains "invalid GB18030: check's message in Chinese" "$BODY" "文件内容不是所声明的编码（无法转换的字节 0x81 0x3C"
post /api/save?name=badgb2.xml -H 'If-None-Match: *' --data-binary "@$D/badgb.xml"
is "invalid GB18030 not saved" 400
check_contains "invalid GB18030: save's message in Chinese" "$BODY" "无法保存：内容不是单位数据文件（badgb2.xml: XML 格式错误：文件内容不是所声明的编码（无法转换的字节 0x81"
check "invalid GB18030: nothing written" test ! -e "$D/badgb2.xml"
rm -f "$D/gb.xml" "$D/badgb.xml"

# --- upload ---
post /api/upload?name=topo.png -H 'Content-Type: image/png' --data-binary @samples/topology-ehr.png
is "upload PNG" 201
check "upload: bytes kept" cmp -s "$D/topo.png" samples/topology-ehr.png
check_contains "upload: the name used" "$BODY" '"src":"topo.png","bytes":'
check_contains "upload: written, not renamed" "$BODY" '"reused":false,"renamed":false'
post /api/upload?name=topo.png -H 'Content-Type: image/png' --data-binary @samples/topology-ehr.png
is "upload the same image again" 200
check_contains "same image: the existing file reused" "$BODY" '"src":"topo.png","bytes":'
check_contains "same image: reused, not renamed" "$BODY" '"reused":true,"renamed":false'
check "same image: no copy made" test ! -e "$D/topo-2.png"
post /api/upload?name=%E6%8B%93%E6%89%91.PNG -H 'Content-Type: image/png' --data-binary @samples/topology-ehr.png
is "upload: an extension in capitals (拓扑.PNG) taken, as check takes it" 201
check "upload: 拓扑.PNG kept under its name" cmp -s "$D/拓扑.PNG" samples/topology-ehr.png
rm -f "$D/拓扑.PNG"
cp samples/topology-ehr.png "$D/网络拓扑图.png"
post "/api/upload?name=%E7%BD%91%E7%BB%9C%E6%8B%93%E6%89%91%E5%9B%BE.png" -H 'Content-Type: image/png' --data-binary @samples/topology-portal.png
is "another image of a taken name" 201
check_contains "another image: stored under a free name" "$BODY" '"src":"网络拓扑图-2.png"'
check_contains "another image: renamed" "$BODY" '"reused":false,"renamed":true'
check "another image: the first one untouched" cmp -s "$D/网络拓扑图.png" samples/topology-ehr.png
check "another image: its bytes under the new name" cmp -s "$D/网络拓扑图-2.png" samples/topology-portal.png
cp samples/topology-ehr.png "$TMP/third.png"
printf 'x' >>"$TMP/third.png"
post "/api/upload?name=%E7%BD%91%E7%BB%9C%E6%8B%93%E6%89%91%E5%9B%BE.png" -H 'Content-Type: image/png' --data-binary "@$TMP/third.png"
check_contains "a third image: the next free name" "$BODY" '"src":"网络拓扑图-3.png"'
check "a third image: -2 untouched" cmp -s "$D/网络拓扑图-2.png" samples/topology-portal.png
post "/api/upload?name=%E7%BD%91%E7%BB%9C%E6%8B%93%E6%89%91%E5%9B%BE.png" -H 'Content-Type: image/png' --data-binary @samples/topology-portal.png
is "the second image again" 200
check_contains "the second image again: -2 reused" "$BODY" '"src":"网络拓扑图-2.png","bytes":'
check "no -4 made" test ! -e "$D/网络拓扑图-4.png"
ln -s /etc/hostname "$D/linked.png"
post /api/upload?name=linked.png -H 'Content-Type: image/png' --data-binary @samples/topology-ehr.png
check_contains "a symlink's name is not written through" "$BODY" '"src":"linked-2.png"'
check "symlink untouched" test "$(readlink "$D/linked.png")" = /etc/hostname
rm -f "$D/linked.png" "$D/linked-2.png" "$D"/网络拓扑图*.png
post /api/upload?name=fake.png -H 'Content-Type: image/png' --data-binary "@$D/$SAMPLE"
is "upload: not an image" 415
post /api/upload?name=topo.png -H 'Content-Type: text/html' --data-binary @samples/topology-ehr.png
is "upload: wrong type" 415
post /api/upload?name=x.svg -H 'Content-Type: image/png' --data-binary @samples/topology-ehr.png
is "upload: wrong extension" 400
post "/api/upload?name=..%2Fx.png" -H 'Content-Type: image/png' --data-binary @samples/topology-ehr.png
is "upload: traversal" 400
req GET /api/image?name=topo.png
is "image" 200
check_contains "image type" "$(cat "$TMP/h")" "Content-Type: image/png"

# --- render ---
post /api/render?name=missing.xml
is "render a missing file" 404
post "/api/render?name=$SAMPLE"
is "render" 202
JOB=$(printf '%s' "$BODY" | sed -n 's/.*"job":\([0-9]*\).*/\1/p')
state=running
# up to 10 minutes: four PDFs under make asan on a busy machine
for _ in $(seq 6000); do
    req GET "/api/render/status?job=$JOB"
    case "$BODY" in *'"state":"running"'*) sleep 0.1 ;; *) state=x; break ;; esac
done
check_contains "render done" "$BODY" '"state":"done","done":9,"total":9'
STATUS=$BODY
req GET "/api/render/status?job=999"
is "unknown job" 404
(cd "$D" && SOURCE_DATE_EPOCH= $BUILD/mlpsdoc render -d "$SAMPLE" -o "$TMP/cli" >/dev/null 2>&1)
n=0
for f in "$TMP"/cli/*.pdf; do
    n=$((n + 1))
    b=$(basename "$f")
    check "render: $b as the CLI's" cmp -s "$f" "$D/out/chongqing-institution/$b"
done
check "CLI wrote 9 PDFs (3 per system, 3 per unit)" test "$n" -eq 9
url=$(printf '%s' "$STATUS" | sed -n 's/.*"url":"\([^"]*定级报告.pdf\)".*/\1/p' | head -n 1)
enc=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$url")
req GET "$enc"
is "PDF" 200
check_contains "PDF type" "$(cat "$TMP/h")" "Content-Type: application/pdf"
check_contains "PDF inline" "$(cat "$TMP/h")" "Content-Disposition: inline"
check "PDF bytes" test "$(head -c 5 "$TMP/b")" = "%PDF-"
req GET "$enc?download=1"
check_contains "PDF download" "$(cat "$TMP/h")" "Content-Disposition: attachment; filename*=UTF-8''"
for bad in "/out/../../etc/passwd" "/out/chongqing-institution/..%2F..%2F$SAMPLE" "/out/x/y/z.pdf" "/out/.hidden/a.pdf"; do
    req GET "$bad"
    is "PDF path '$bad'" 404
done

# --- a system renamed: the next render deletes the PDFs serve made for its old name, except one
# changed since; the status names them ---
sysname=$(python3 -c 'import sys, xml.etree.ElementTree as ET
print(ET.parse(sys.argv[1]).getroot().find("systems/system/name").text.strip())' "$D/$SAMPLE")
OUTD="$D/out/chongqing-institution"
old_pdfs=$(ls "$OUTD" | grep -F -- "-$sysname-")
check "the system's three PDFs are there" test "$(printf '%s\n' "$old_pdfs" | grep -c '\.pdf$')" -eq 3
mine=$(printf '%s\n' "$old_pdfs" | sed -n 1p)
sleep 0.01
touch "$OUTD/$mine"
sed -i "s|<name>$sysname</name>|<name>${sysname}新</name>|" "$D/$SAMPLE"
post "/api/render?name=$SAMPLE"
JOB=$(printf '%s' "$BODY" | sed -n 's/.*"job":\([0-9]*\).*/\1/p')
for _ in $(seq 6000); do
    req GET "/api/render/status?job=$JOB"
    case "$BODY" in *'"state":"running"'*) sleep 0.1 ;; *) break ;; esac
done
check_contains "renamed: render done" "$BODY" '"state":"done","done":9,"total":9'
removed=$(printf '%s' "$BODY" | python3 -c 'import json, sys; print(" ".join(sorted(json.load(sys.stdin)["removed"])))')
check "renamed: the status names the two old PDFs deleted ($removed)" \
    test "$removed" = "$(printf '%s\n' "$old_pdfs" | sed 1d | sort | tr '\n' ' ' | sed 's/ $//')"
check "renamed: they are gone, the one changed since stays" \
    test "$(ls "$OUTD" | grep -F -- "-$sysname-")" = "$mine"
check "renamed: the new name's three PDFs" test "$(ls "$OUTD" | grep -c -F -- "-${sysname}新-")" -eq 3
check "renamed: nine PDFs of the current data, one kept" test "$(ls "$OUTD" | grep -c '\.pdf$')" -eq 10

# --- another address: a token is required ---
start_server "$TMP/srv2.out" --listen 0.0.0.0:0 "$D"
TOKEN=$(sed -n 's/.*?token=\([0-9a-f]*\).*/\1/p' "$TMP/srv2.out")
check "token printed" test "${#TOKEN}" -eq 32
URL=$(printf "%s" "$URL" | sed "s#0\.0\.0\.0#127.0.0.1#; s#/?token=.*##")
req GET /api/files
is "no token" 403
check_contains "token message" "$BODY" "需要访问令牌"
req GET "/?token=0000"
is "wrong token" 403
req GET "/?token=$TOKEN"
is "token in the address" 200
check_contains "token cookie" "$(cat "$TMP/h")" "Set-Cookie: mlpsdoc_token=$TOKEN; HttpOnly; SameSite=Strict"
req GET /api/files -H "Cookie: mlpsdoc_token=$TOKEN"
is "token cookie accepted" 200

# --- both servers stop cleanly on TERM (under make asan: no leak, no error) ---
for p in $PIDS; do
    kill "$p" 2>/dev/null
    wait "$p"
    check "server $p exits 0 on TERM" test $? -eq 0
done
PIDS=""
for f in "$TMP/srv.out" "$TMP/srv2.out"; do
    case "$(cat "$f")" in *Sanitizer*|*"runtime error"*) fail "$f: $(grep -m 3 -e Sanitizer -e 'runtime error' "$f")" ;; *) pass ;; esac
    check_contains "$f: stopped" "$(cat "$f")" "mlpsdoc serve：已结束"
done

# --- usage ---
$BUILD/mlpsdoc serve --listen nonsense >/dev/null 2>&1
check "bad --listen: exit 2" test $? -eq 2
$BUILD/mlpsdoc serve "$TMP/no-such-dir" >/dev/null 2>&1
check "missing folder: exit 2" test $? -eq 2
done_testing
