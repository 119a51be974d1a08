#!/usr/bin/env python3
"""Requirement rows of an expanded policy report (doc XML) against the catalogue.

  reports_rows.py rows DOC.xml PART          the requirement texts of PART's tables, one a line
  reports_rows.py catalogue LEVEL PART       the catalogue's item texts of PART at LEVEL
  reports_rows.py unlabelled DOC.xml        the requirement rows whose 控制点 cell is empty
  reports_rows.py diff L2DOC L3DOC          checks rows(L3) - rows(L2) and rows(L2) - rows(L3)
                                             of the general part equal the catalogue's
PART is the part's name as captions print it (安全通用要求, 云计算安全扩展要求, …)."""
import sys
import xml.etree.ElementTree as ET
from collections import Counter

CAT = 'templates/catalogue/gbt22239-2019.xml'


def rows(doc, part):
    out = []
    for t in ET.parse(doc).getroot().iter('table'):
        if part not in (t.get('caption') or ''):
            continue
        for r in t.findall('row')[1:]:
            cells = r.findall('cell')
            out.append(''.join(cells[2].itertext()).strip())
    return Counter(out)


def catalogue(level, part):
    root = ET.parse(CAT).getroot()
    out = []
    for p in root.iter('part'):
        if p.get('name') != part:
            continue
        for it in p.iter('item'):
            if any(a.get('level') == str(level) for a in it.findall('at')):
                out.append(it.find('text').text.strip())
    return Counter(out)


def main():
    cmd = sys.argv[1]
    if cmd == 'rows':
        r = rows(sys.argv[2], sys.argv[3])
        print(sum(r.values()))
        return 0
    if cmd == 'unlabelled':  # requirement rows (4 columns, 要求项 in the third) with no 控制点
        n = 0
        for t in ET.parse(sys.argv[2]).getroot().iter('table'):
            head = [''.join(c.itertext()).strip() for c in t.find('row').findall('cell')]
            if head[:3] in (['序号', '控制点', '要求项'], ['序号', '层面', '控制点']):
                n += sum(1 for r in t.findall('row')[1:] if not ''.join(r.findall('cell')[1].itertext()).strip())
        print(n)
        return 0
    if cmd == 'same':  # same DOC PART LEVEL: the rows are exactly the catalogue's items
        return 0 if rows(sys.argv[2], sys.argv[3]) == catalogue(sys.argv[4], sys.argv[3]) else 1
    if cmd == 'diff':
        part = '安全通用要求'
        a, b = rows(sys.argv[2], part), rows(sys.argv[3], part)
        ca, cb = catalogue(2, part), catalogue(3, part)
        ok = (b - a) == (cb - ca) and (a - b) == (ca - cb) and (b - a)
        print('only at level 3: %d rows, only at level 2: %d rows' % (sum((b - a).values()), sum((a - b).values())))
        return 0 if ok else 1
    return 2


sys.exit(main())
