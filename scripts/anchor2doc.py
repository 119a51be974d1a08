#!/usr/bin/env python3
"""Convert the anchor report (../shared/bench/anchor-report/data.json) into doc XML.

Usage: anchor2doc.py DATA.json OUT.xml [--expected OUT.txt] [--reference reference.txt]
                     [--variant N] [--no-tables]

Same content as the anchor's gen.py gives every other renderer: two title lines, three meta
lines, headings (numbered by mlpsdoc: 一、（一）1.（1）), paragraphs, two tables with captions
and a repeated header row. --expected writes the plain text cjkcheck --expected compares with
(gen.py's reference.txt: headings with their numbers, table cells one per line); with
--reference the script fails unless that text equals the anchor's own reference.txt.
"""
import argparse
import json
import sys
from xml.sax.saxutils import escape, quoteattr

CN = "零一二三四五六七八九"


def cn_numeral(n):
    t, u = divmod(n, 10)
    return (CN[t] if t > 1 else "") + ("十" if t else "") + (CN[u] if u else "")


def ordinal(level, n):
    return {1: cn_numeral(n) + "、", 2: "（" + cn_numeral(n) + "）",
            3: "%d." % n, 4: "（%d）" % n}[level]


def convert(d, variant, tables=True):
    meta = [m.replace("{variant}", "%04d" % variant) for m in d["meta"]]
    x = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<document title=%s author="XX集团信息技术部" subject="安全等级保护定级报告">'
         % quoteattr("".join(d["title"]))]
    text = []
    for t in d["title"]:
        x.append('  <p style="title">%s</p>' % escape(t))
        text.append(t)
    x.append('  <vspace lines="1"/>')
    for m in meta:
        x.append('  <p style="cover-line">%s</p>' % escape(m))
        text.append(m)
    x.append('  <vspace lines="1"/>')
    cnt = [0, 0, 0, 0]
    for b in d["blocks"]:
        if "h" in b:
            lv = b["h"]
            cnt[lv - 1] += 1
            for i in range(lv, 4):
                cnt[i] = 0
            x.append('  <h level="%d">%s</h>' % (lv, escape(b["text"])))
            text.append(ordinal(lv, cnt[lv - 1]) + b["text"])
        elif "p" in b:
            x.append("  <p>%s</p>" % escape(b["p"]))
            text.append(b["p"])
        elif tables:
            t = b["table"]
            x.append('  <p style="caption">%s</p>' % escape(t["caption"]))
            text.append(t["caption"])
            x.append('  <table cols="%s" header-rows="1">' % ",".join(str(w) for w in t["widths_mm"]))
            x.append("    <row>" + "".join('<cell head="yes">%s</cell>' % escape(c) for c in t["header"]) + "</row>")
            text.extend(t["header"])
            for r in t["rows"]:
                cells = []
                for i, c in enumerate(r):
                    # as in gen.py: assets centre the number column, the matrix its grade columns
                    centred = (t["id"] == "matrix" and i > 0) or (t["id"] == "assets" and i == 0)
                    al = ' align="center"' if centred else ' align="left"'
                    cells.append("<cell%s>%s</cell>" % (al, escape(c)))
                x.append("    <row>" + "".join(cells) + "</row>")
                text.extend(r)
            x.append("  </table>")
    x.append("</document>")
    return "\n".join(x) + "\n", "\n".join(text) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--expected")
    ap.add_argument("--reference")
    ap.add_argument("--variant", type=int, default=1)
    ap.add_argument("--no-tables", action="store_true", help="text only (checks the page grid)")
    a = ap.parse_args()
    with open(a.data, encoding="utf-8") as f:
        d = json.load(f)
    xml, text = convert(d, a.variant, not a.no_tables)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(xml)
    if a.expected:
        with open(a.expected, "w", encoding="utf-8") as f:
            f.write(text)
    if a.reference:
        with open(a.reference, encoding="utf-8") as f:
            ref = f.read()
        if ref != text:
            sys.exit("anchor2doc: expected text differs from %s" % a.reference)


if __name__ == "__main__":
    main()
