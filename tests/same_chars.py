#!/usr/bin/env python3
"""Every character of a document's text (`render --text`) is in its PDF, and nothing else.

  same_chars.py DOC.pdf DOC.txt    prints "MISSING EXTRA TOTAL"

Compares the characters as multisets, white space and invisible format characters (U+2060
WORD JOINER keeps a form's option label on one line) removed and each page's number dropped:
pdftotext reads the lines of a multi-line table cell across the neighbouring cells, so the
order may differ in tables; a lost, added or wrong character may not."""
import re
import subprocess
import sys
from collections import Counter

PAGE_NUMBER = re.compile(r'^[\s\u2014-]*\d{1,4}[\s\u2014-]*$')


def chars(text):
    return Counter(c for c in text if not (c.isspace() or c in '\u200b\u00ad\ufeff\u2060'))


def pdf_text(pdf):
    out = subprocess.run(['pdftotext', '-layout', '-enc', 'UTF-8', pdf, '-'], check=True,
                         capture_output=True, text=True).stdout
    pages = []
    for page in out.split('\f'):
        lines = page.split('\n')
        filled = [i for i, line in enumerate(lines) if line.strip()]
        if filled and PAGE_NUMBER.match(lines[filled[-1]]):
            del lines[filled[-1]]
        pages.append('\n'.join(lines))
    return ''.join(pages)


def main():
    pdf, txt = sys.argv[1], sys.argv[2]
    want = chars(open(txt, encoding='utf-8').read())
    got = chars(pdf_text(pdf))
    print(sum((want - got).values()), sum((got - want).values()), sum(want.values()))


if __name__ == '__main__':
    main()
