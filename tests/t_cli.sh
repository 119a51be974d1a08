#!/bin/sh
# The CLI's own surface: help, version, unknown commands, and the font-role report.
. "$(dirname "$0")/lib.sh"

out=$($MLPSDOC --help 2>&1); rc=$?
check "--help exits 0" test "$rc" -eq 0
check_contains "--help lists render" "$out" "render -t TEMPLATE -d DATA"
check_contains "--help lists fonts" "$out" "fonts [--fonts FONTS.xml]"

out=$($MLPSDOC --version 2>&1)
check_contains "--version" "$out" "mlpsdoc 0."

out=$($MLPSDOC frobnicate 2>&1); rc=$?
check "unknown command exits 2" test "$rc" -eq 2
check_contains "unknown command message" "$out" "未知命令“frobnicate”"

out=$($MLPSDOC fonts 2>&1); rc=$?
check "fonts exits 0" test "$rc" -eq 0
check_contains "body role resolved to the free 宋 stand-in" "$out" "body (正文 仿宋): AR PL UMing CN"
check_contains "Ext-B fallback at the end of the body chain" "$out" "→ BabelStone Han"
check_contains "h1 黑体 stand-in" "$out" "h1 (一级标题 黑体): WenQuanYi Zen Hei"
# fontconfig gets only fonts.conf's folders unless FONTCONFIG_* is set: the same faces either way
full=$(FONTCONFIG_FILE=/etc/fonts/fonts.conf $MLPSDOC fonts 2>&1)
check "short fontconfig setup resolves every role as the full one" test "$out" = "$full"

out=$($MLPSDOC fonts --fonts "$TMP/none.xml" 2>&1); rc=$?
check "fonts with a missing configuration fails" test "$rc" -eq 1
check_contains "missing configuration message" "$out" "none.xml"

done_testing
