#!/usr/bin/env python3
"""Reads back every PDF of one unit in a folder (定级报告, policy report, response plan, 备案表)
and checks that the unit name, system names, levels, grading dates and contacts they print are
those of the data file — hence identical across the documents — and that a policy report is
not dated before a date it cites (its plan's target dates aside). Prints one line per mismatch
and a summary "checked N documents, M facts"; exit 1 on any mismatch.
  consistency.py DATA.xml DIR"""
import glob
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

LEVELS = {'1': '第一级', '2': '第二级', '3': '第三级', '4': '第四级', '5': '第五级'}


def cn_date(s):
    y, m, d = s.strip().split('-')
    return '%s年%d月%d日' % (y, int(m), int(d))


def text(pdf, *pages):
    out = subprocess.run(['pdftotext', '-raw', *pages, pdf, '-'], capture_output=True, text=True).stdout
    return re.sub(r'\s', '', out)


DATE = r'(\d{4})年(\d{1,2})月(\d{1,2})日'


def date_key(d):
    return tuple(int(x) for x in re.fullmatch(DATE, d).groups())


def main():
    root = ET.parse(sys.argv[1]).getroot()
    unit = root.findtext('name').strip()
    contact = root.find('security-contact')
    cname, cphone = contact.findtext('name').strip(), contact.findtext('office-phone').strip()
    systems = [(s.findtext('name').strip(), LEVELS[s.findtext('grading/level').strip()],
                cn_date(s.findtext('grading/graded-on'))) for s in root.iter('system')]
    pdfs = sorted(glob.glob(os.path.join(sys.argv[2], '*.pdf')))
    bad, facts = [], 0

    def want(cond, what, pdf):
        nonlocal facts
        facts += 1
        if not cond:
            bad.append('%s: %s' % (os.path.basename(pdf), what))

    kinds = {'grading': 0, 'policy': 0, 'plan': 0, 'form': 0}
    for pdf in pdfs:
        t, base = text(pdf), os.path.basename(pdf)
        want(unit in t, 'unit name 「%s」 missing' % unit, pdf)
        mine = [s for s in systems if '-%s-' % s[0] in base]
        if '应急' in base or '预案' in base:
            kinds['plan'] += 1
            for name, level, date in systems:
                want(name + level + date in t, '%s: level/date row 「%s%s」 missing' % (name, level, date), pdf)
            want(cname in t and cphone in t, 'contact %s %s missing' % (cname, cphone), pdf)
            for r in root.iter('role'):
                for f in ('person', 'office-phone', 'mobile'):
                    v = (r.findtext(f) or '').strip()
                    if v:
                        want(v in t, 'role %s %s missing' % (r.get('code'), v), pdf)
            continue
        if '备案表' in base:  # one per unit: every system's 表二/表三 inside
            kinds['form'] += 1
            for name, level, date in systems:
                want(name in t, 'system %s missing' % name, pdf)
            want(cname in t and cphone in t, 'contact %s %s missing' % (cname, cphone), pdf)
            continue
        if len(mine) != 1:
            bad.append('%s: cannot tell which system it is for' % base)
            continue
        name, level, date = mine[0]
        want(name in t, 'system name missing', pdf)
        if '安全需求' in base or '策略' in base:
            kinds['policy'] += 1
            others = set(re.findall(r'本系统安全保护等级为(第.级)', t))
            want(others == {level}, '安全保护等级 %s, data says %s' % (sorted(others), level), pdf)
            want('定级时间' + date in t, '定级时间 %s missing' % date, pdf)
            want(cname in t and cphone in t, 'contact %s %s missing' % (cname, cphone), pdf)
            # dated no earlier than any date it cites (定级时间, 备案日期, 差距分析), the plan's
            # target dates aside; the signature carries the cover's date
            cover = re.search('日期：(' + DATE + ')', text(pdf, '-f', '1', '-l', '1'))
            want(cover is not None, 'no date on the cover', pdf)
            if cover:
                cover = cover.group(1)
                sysel = [e for e in root.iter('system') if e.findtext('name').strip() == name][0]
                targets = {cn_date(e.text) for e in sysel.iter('target-date')}
                cited = [m.group(0) for m in re.finditer(DATE, t)]
                later = sorted({d for d in cited if d not in targets and date_key(d) > date_key(cover)})
                want(not later, 'cover dated %s, before %s in the text' % (cover, '、'.join(later)), pdf)
                want(t.endswith(unit + cover) or re.search(re.escape(unit + cover) + r'—\d+—$', t),
                     'signature not dated %s' % cover, pdf)
        else:
            kinds['grading'] += 1
            others = set(re.findall(re.escape(name) + r'的安全保护等级为(第.级)', t))
            want(others == {level}, '安全保护等级 %s, data says %s' % (sorted(others), level), pdf)
            want(date in t, 'grading date %s missing' % date, pdf)
    for k in ('grading', 'policy', 'plan'):
        if not kinds[k]:
            bad.append('no %s document in %s' % (k, sys.argv[2]))
    for b in bad:
        print(b)
    print('checked %d documents (%s), %d facts' % (len(pdfs), ', '.join('%s %d' % kv for kv in kinds.items()), facts))
    return 1 if bad else 0


sys.exit(main())
