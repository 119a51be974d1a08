#!/usr/bin/env python3
"""Counts requirement items (2019) or control points (2008) of a catalogue per part, family and
level, and compares them with the file's <counts>. Prints one line per mismatch and, last,
"counted part/level/family=N ..." figures for the shell test to assert on."""
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
count = {}  # (part, family or '', level) -> n items (or control points where no items)
for part in root.iter('part'):
    for fam in part.iter('family'):
        for ctl in fam.iter('control'):
            units = ctl.findall('item') or [ctl]
            for u in units:
                for at in u.findall('at'):
                    for k in ((part.get('id'), fam.get('name'), at.get('level')),
                              (part.get('id'), '', at.get('level'))):
                        count[k] = count.get(k, 0) + 1
bad = 0
for c in root.find('counts'):
    want = c.get('items') or c.get('controls')
    if want is None:
        continue  # items-cited: a figure of the standard the file does not itemise
    got = count.get((c.get('part'), c.get('family') or '', c.get('level')), 0)
    if int(want) != got:
        bad += 1
        print('MISMATCH %s level %s %s: file says %s, items give %d'
              % (c.get('part'), c.get('level'), c.get('family') or '(all)', want, got))
for (p, f, l), n in sorted(count.items()):
    print('counted %s/%s/%s=%d' % (p, l, f or 'all', n))
sys.exit(1 if bad else 0)
