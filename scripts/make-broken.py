#!/usr/bin/env python3
"""Derives samples/broken/*.xml (one kind of mistake each) and tests/data/chongqing-gb18030.xml
from samples/chongqing-institution.xml. The expected messages (samples/broken/*.expected) are
written by hand, not by this script: they are what `mlpsdoc check` must say.

Usage: scripts/make-broken.py   (from anywhere; rewrites the generated files)
"""
import os
import re

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BASE = os.path.join(ROOT, "samples", "chongqing-institution.xml")
OUT = os.path.join(ROOT, "samples", "broken")

EHR_BUSINESS_LEVEL = "<level>3</level>\n        </business-info>"
EHR_OVERALL = "<level>3</level>\n        <graded-on>2025-03-18</graded-on>"
EHR_GRADED = '<graded-on>2025-03-18</graded-on>\n        <report has="yes" attachment="《鹅岭健康信息中心-居民健康档案管理系统'
SEC_PHONE = "<title>科长、工程师</title>\n    <office-phone>023-63881020</office-phone>"

# name: [(old, new)], each old must occur exactly once in the base file.
CASES = {
    "wrong-business-level": [(EHR_BUSINESS_LEVEL, "<level>2</level>\n        </business-info>")],
    "wrong-overall-level": [(EHR_OVERALL, "<level>2</level>\n        <graded-on>2025-03-18</graded-on>")],
    "bad-credit-code": [("12500103MB1P6X2H4T", "12500103MB1P6X2H4A")],
    "bad-region-code": [("<region-code>500100</region-code>", "<region-code>500103</region-code>")],
    "bad-postcode": [("<postcode>400010</postcode>", "<postcode>40001</postcode>")],
    "bad-phone": [(SEC_PHONE, "<title>科长、工程师</title>\n    <office-phone>63881020</office-phone>")],
    "bad-email": [("heyu@eling-health.example.cn", "heyu.eling-health.example.cn")],
    "bad-date": [("<in-service>2019-11-01</in-service>", "<in-service>2019-02-30</in-service>")],
    "future-grading-date": [(EHR_GRADED, EHR_GRADED.replace("2025-03-18", "2099-03-18"))],
    "grading-after-filing": [(EHR_GRADED, EHR_GRADED.replace("2025-03-18", "2025-04-20"))],
    "missing-materials": [
        ('        <material code="evaluation" present="yes" attachment="《鹅岭健康信息中心-居民健康档案管理系统-等级测评报告》"/>\n', ""),
        ('        <material code="expert-review" present="yes" attachment="《鹅岭健康信息中心-居民健康档案管理系统-专家评审意见》"/>\n', ""),
    ],
    "unfiled-level-2": [(None, None)],  # handled below: drop the portal's <filing>
    "unknown-code": [('<industry code="45" code2="32"/>', '<industry code="60" code2="32"/>')],
    "missing-element": [("  <postcode>400010</postcode>\n", "")],
    "missing-attribute": [('<expert-review done="no"/>', "<expert-review/>")],
    "bad-attribute-value": [('<expert-review done="no"/>', '<expert-review done="maybe"/>')],
    "malformed": [("<name>重庆市渝中区鹅岭健康信息服务中心</name>", "<name>重庆市渝中区鹅岭健康信息服务中心")],
}


def derive(text, edits):
    for old, new in edits:
        n = text.count(old)
        if n != 1:
            raise SystemExit(f"pattern occurs {n} times: {old!r}")
        text = text.replace(old, new)
    return text


def main():
    base = open(BASE, encoding="utf-8").read()
    # images live one folder up
    broken_base = base.replace('src="topology-', 'src="../topology-')
    os.makedirs(OUT, exist_ok=True)
    for name, edits in CASES.items():
        if name == "unfiled-level-2":
            blocks = list(re.finditer(r"      <filing>.*?</filing>\n", broken_base, re.S))
            text = broken_base[:blocks[1].start()] + broken_base[blocks[1].end():]
        else:
            text = derive(broken_base, edits)
        text = text.replace("<!-- Fictional sample:", f"<!-- Broken on purpose ({name}). Fictional sample:", 1)
        with open(os.path.join(OUT, name + ".xml"), "w", encoding="utf-8") as f:
            f.write(text)
    # Latin-1 is not accepted: only UTF-8 and GB18030.
    with open(os.path.join(OUT, "latin1-encoding.xml"), "wb") as f:
        f.write('<?xml version="1.0" encoding="ISO-8859-1"?>\n<unit version="1"><name>Caf\u00e9</name></unit>\n'
                .encode("latin-1"))
    # A valid GB18030 copy of the Chongqing sample (must pass).
    data = os.path.join(ROOT, "tests", "data")
    os.makedirs(data, exist_ok=True)
    gb = base.replace('encoding="UTF-8"', 'encoding="GB18030"', 1).replace('src="topology-', 'src="../../samples/topology-')
    with open(os.path.join(data, "chongqing-gb18030.xml"), "wb") as f:
        f.write(gb.encode("gb18030"))


if __name__ == "__main__":
    main()
