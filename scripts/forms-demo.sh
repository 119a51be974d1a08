#!/bin/sh
# make demo, the blank 备案表 (the filled ones come from `render -d`, whose default plan lists
# both forms): out/空白-信息系统安全等级保护备案表.pdf and out/空白-网络安全等级保护备案表.pdf.
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
mkdir -p out
"$BUILD/mlpsdoc" blank -t filing-form-2007 -o out/空白-信息系统安全等级保护备案表.pdf &&
    "$BUILD/mlpsdoc" blank -t filing-form-2.0 -o out/空白-网络安全等级保护备案表.pdf
