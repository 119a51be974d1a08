#!/usr/bin/env python3
"""Generates N fictional units (data files + topology PNGs) that pass `mlpsdoc check`.

Usage: scripts/make-units.py [-n N] [--seed S] [--start K] OUTDIR
Writes OUTDIR/unit-0001.xml … and each system's topology OUTDIR/unit-0001-s1.png.

The systems are the samples' systems (samples/*.xml, read at run time, so the generator follows
the data model as it changes), renamed and re-graded: 1–8 systems a unit, levels 1–4 with the
GB/T 22240 harm (object, degree) that gives each level, filing only from 第二级, every required
material from 第三级. Unit names, regions and credit codes (with the GB 32100 check character
computed as generator/input/ids.c does) vary. Deterministic: same arguments, same bytes.
"""
import argparse
import copy
import importlib.util
import os
import random
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # MLPS_CREDIT_CHARSET in ids.h


def credit_check_char(s17):
    """GB 32100-2015: weights 3^(i) mod 31, check = 31 - sum mod 31 (as ids.c)."""
    total, w = 0, 1
    for ch in s17:
        total += CREDIT_CHARSET.index(ch) * w
        w = w * 3 % 31
    return CREDIT_CHARSET[(31 - total % 31) % 31]


# (province, prefecture, county, region code of the prefecture, county code, postcode)
REGIONS = [
    ("浙江省", "温州市", "鹿城区", "330300", "330302", "325000"),
    ("浙江省", "杭州市", "西湖区", "330100", "330106", "310013"),
    ("重庆市", "市辖区", "渝中区", "500100", "500103", "400010"),
    ("江苏省", "南京市", "玄武区", "320100", "320102", "210018"),
    ("广东省", "广州市", "天河区", "440100", "440106", "510620"),
    ("四川省", "成都市", "武侯区", "510100", "510107", "610041"),
    ("湖北省", "武汉市", "江岸区", "420100", "420102", "430010"),
    ("山东省", "济南市", "历下区", "370100", "370102", "250011"),
    ("河南省", "郑州市", "金水区", "410100", "410105", "450003"),
    ("陕西省", "西安市", "雁塔区", "610100", "610113", "710061"),
    ("福建省", "福州市", "鼓楼区", "350100", "350102", "350001"),
    ("安徽省", "合肥市", "蜀山区", "340100", "340104", "230031"),
    ("北京市", "市辖区", "海淀区", "110100", "110108", "100080"),
    ("上海市", "市辖区", "浦东新区", "310100", "310115", "200120"),
]
WORDS = ["恒信", "瑞丰", "博远", "安澜", "启明", "华泰", "兴业", "中和", "东方", "新源", "汇通", "立诚",
         "长青", "致远", "鼎盛", "嘉禾", "明德", "同舟", "海川", "云帆"]
TRADES = ["水务", "燃气", "热力", "交通", "医药", "物流", "能源", "数据", "通信", "建设", "粮食", "文旅"]
ENTERPRISE = ["集团有限公司", "股份有限公司", "有限公司"]
INSTITUTION = ["服务中心", "研究院", "管理中心"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "晓东", "丽娜", "文静", "志强", "海燕", "明轩", "雪梅", "国华", "俊杰", "婷婷", "宇航"]
SYSTEM_NAMES = ["协同办公系统", "门户网站", "财务管理系统", "人力资源管理系统", "客户服务系统", "生产调度系统",
                "营业收费系统", "数据中心平台", "视频监控系统", "电子邮件系统", "档案管理系统", "综合管理平台",
                "移动办公平台", "供应链管理系统", "数据共享交换平台", "安全管理平台"]
# systems a unit has (1..8), weighted roughly as filings are: most units have few
SYSTEM_COUNT_WEIGHTS = [20, 25, 20, 12, 9, 6, 5, 3]
# level → weight, and the (object, degree) of business information and system service
LEVEL_WEIGHTS = {1: 10, 2: 45, 3: 38, 4: 7}
HARM = {
    1: (("citizen", "general"), ("citizen", "general")),
    2: (("citizen", "serious"), ("society", "general")),
    3: (("society", "serious"), ("society", "general")),
    4: (("society", "very-serious"), ("society", "serious")),
}
MATRIX = {("citizen", "general"): 1, ("citizen", "serious"): 2, ("citizen", "very-serious"): 2,
          ("society", "general"): 2, ("society", "serious"): 3, ("society", "very-serious"): 4,
          ("nation", "general"): 3, ("nation", "serious"): 4, ("nation", "very-serious"): 5}
REQUIRED_MATERIALS = [("topology", "系统拓扑结构及说明"), ("organisation", "安全组织机构及管理制度"),
                      ("design", "安全保护设施设计实施方案"), ("products", "安全产品清单"),
                      ("evaluation", "等级测评报告"), ("expert-review", "专家评审意见"),
                      ("authority-approval", "主管部门审核意见")]


def load_topology_module():
    spec = importlib.util.spec_from_file_location("make_topology", os.path.join(HERE, "make-topology.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Samples:
    """The samples' units and systems, with the names to replace in their text."""

    def __init__(self, sample_dir):
        self.units = []
        self.systems = []  # (system element, unit full name, unit short name)
        for name in sorted(os.listdir(sample_dir)):
            if not name.endswith(".xml"):
                continue
            tree = ET.parse(os.path.join(sample_dir, name))
            root = tree.getroot()
            full = root.findtext("name").strip()
            short = self.short_name(root, full)
            self.units.append((root, full, short))
            for s in root.find("systems").findall("system"):
                self.systems.append((s, full, short))

    @staticmethod
    def short_name(root, full):
        # attachments are written 《short-系统-材料》: take the part before the first '-'
        for m in root.iter("material"):
            a = m.get("attachment")
            if a and "-" in a:
                return a.strip("《》").split("-")[0]
        return full


def set_text(el, tag, value):
    child = el.find(tag)
    if child is not None:
        child.text = value


def regrade(sys_el, level, rng):
    g = sys_el.find("grading")
    (bo, bd), (so, sd) = HARM[level]
    if rng.random() < 0.3 and level >= 3:
        so, sd = ("nation", "general") if level == 3 else ("nation", "serious")
    for part, (o, d) in (("business-info", (bo, bd)), ("system-service", (so, sd))):
        p = g.find(part)
        for extra in p.findall("item"):   # further damage items would raise the level
            p.remove(extra)
        p.find("object").set("code", o)
        p.find("degree").set("code", d)
        for extra in p.findall("item"):  # the sample's further damage items: one item here
            p.remove(extra)
        p.find("level").text = str(MATRIX[(o, d)])
    g.find("level").text = str(level)


def materials(sys_el, level, short, sys_name):
    ms = sys_el.find("materials")
    if ms is None:
        ms = ET.SubElement(sys_el, "materials")
    if level < 3:
        return
    have = {m.get("code") for m in ms.findall("material")}
    for code, label in REQUIRED_MATERIALS:
        if code not in have:
            m = ET.Element("material", {"code": code, "present": "yes",
                                        "attachment": f"《{short}-{sys_name}-{label}》"})
            ms.append(m)


def filing(sys_el, level, template_filing):
    f = sys_el.find("filing")
    if level == 1 and f is not None:
        sys_el.remove(f)
    elif level >= 2 and f is None:
        # <filing> comes right after <grading> in the schema's order
        kids = list(sys_el)
        at = kids.index(sys_el.find("grading")) + 1
        sys_el.insert(at, copy.deepcopy(template_filing))


def unit_names(seed):
    """Every distinct (region, word, trade), in a stable shuffled order."""
    combos = [(r, w, t) for r in range(len(REGIONS)) for w in WORDS for t in TRADES]
    random.Random(seed).shuffle(combos)
    return combos


def make_unit(i, samples, topo, outdir, seed, combos):
    rng = random.Random(seed * 1000003 + i)
    r, word, trade = combos[(i - 1) % len(combos)]
    region = REGIONS[r]
    institution = rng.random() < 0.3
    city = region[1] if region[1] != "市辖区" else region[0]
    # beyond the distinct combinations, the unit number keeps names unique
    extra = "" if i <= len(combos) else f"第{i}"
    name = f"{city}{word}{trade}{extra}{rng.choice(INSTITUTION if institution else ENTERPRISE)}"
    short = f"{word}{trade}{extra}"
    body = "".join(rng.choice(CREDIT_CHARSET) for _ in range(9))
    s17 = ("12" if institution else "91") + region[4] + body
    credit = s17 + credit_check_char(s17)

    base, base_full, base_short = samples.units[rng.randrange(len(samples.units))]
    unit = copy.deepcopy(base)
    set_text(unit, "name", name)
    set_text(unit, "credit-code", credit)
    addr = unit.find("address")
    set_text(addr, "province", region[0])
    set_text(addr, "prefecture", region[1])
    set_text(addr, "county", region[2])
    set_text(addr, "detail", f"{rng.choice(WORDS)}路 {rng.randrange(1, 400)} 号")
    set_text(unit, "postcode", region[5])
    set_text(unit, "region-code", region[3])
    for county in unit.findall("region-code-2.0"):  # the sample's county code is Wenzhou's
        unit.remove(county)
    for person in ("leader", "security-contact", "data-contact"):
        p = unit.find(person)
        if p is not None:
            set_text(p, "name", rng.choice(SURNAMES) + rng.choice(GIVEN))
    if unit.find("internet-address") is not None:
        unit.find("internet-address").text = f"www.unit{i:04d}.example.cn"

    template_filing = next(s.find("filing") for s, _, _ in samples.systems if s.find("filing") is not None)
    systems = unit.find("systems")
    for s in list(systems):
        systems.remove(s)
    nsys = rng.choices(range(1, 9), SYSTEM_COUNT_WEIGHTS)[0]
    names = rng.sample(SYSTEM_NAMES, nsys)
    for k in range(nsys):
        arch, afull, ashort = samples.systems[rng.randrange(len(samples.systems))]
        # the archetype's unit names in its prose become this unit's
        text = ET.tostring(arch, encoding="unicode").replace(afull, name).replace(ashort, short)
        s = ET.fromstring(text)
        old_name = s.findtext("name").strip()
        s.set("id", f"s{k + 1}")
        s.find("name").text = names[k]
        for el in s.iter():
            for key, val in el.attrib.items():
                if old_name in val:
                    el.set(key, val.replace(old_name, names[k]))
        number = f"U{i:04d}-{k + 1:02d}"
        set_text(s, "number", number)
        level = rng.choices(list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values()))[0]
        regrade(s, level, rng)
        filing(s, level, template_filing)
        materials(s, level, short, names[k])
        ga = s.find("gap-analysis")  # written for the sample's level, not the new one
        if ga is not None:
            s.remove(ga)
        t = s.find("topology")
        if t is not None:
            png = f"unit-{i:04d}-s{k + 1}.png"
            t.set("src", png)
            spec = copy.deepcopy(topo.SPECS[arch_png(arch)])
            spec["title"] = f"{spec['title'].split(' - ')[0]} - {number}"
            with open(os.path.join(outdir, png), "wb") as f:
                f.write(topo.draw(spec))
        systems.append(s)

    ET.indent(unit, space="  ")
    path = os.path.join(outdir, f"unit-{i:04d}.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(f"<!-- Fictional unit {i}, generated by scripts/make-units.py: no real organisation is meant. -->\n")
        f.write(ET.tostring(unit, encoding="unicode"))
        f.write("\n")
    return nsys


def arch_png(arch):
    return arch.find("topology").get("src")


def main():
    ap = argparse.ArgumentParser(description="Generates fictional unit data files for batch runs.")
    ap.add_argument("outdir")
    ap.add_argument("-n", type=int, default=10, help="number of units (default 10)")
    ap.add_argument("--start", type=int, default=1, help="number of the first unit (default 1)")
    ap.add_argument("--seed", type=int, default=12, help="variation seed (default 12)")
    ap.add_argument("--samples", default=os.path.join(ROOT, "samples"))
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    samples = Samples(a.samples)
    topo = load_topology_module()
    # Drawing a topology from scratch is slow in pure Python: each archetype is drawn once
    # untitled, and each system's copy only gets its title (which names the system).
    blank = {}

    def titled_draw(spec):
        key = spec["title"].split(" - ")[0]
        if key not in blank:
            blank[key] = bytes(topo.canvas(dict(spec, title="")).px)
        cv = topo.Canvas(topo.W, topo.H)
        cv.px = bytearray(blank[key])
        cv.text(12, 10, spec["title"])
        return cv.png()

    topo.draw = titled_draw
    total = 0
    combos = unit_names(a.seed)
    for i in range(a.start, a.start + a.n):
        total += make_unit(i, samples, topo, a.outdir, a.seed, combos)
    print(f"{a.n} units, {total} systems in {a.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
