#!/usr/bin/env python3
"""Reads a 备案表 back from its PDF (pdftotext -raw) and compares every field with the data file.

usage: formread.py FORM(2007|2.0) DATA.xml OUT.pdf [--blank]
Prints one line per mismatch and exits 1 when there is any. Text is compared with all white
space (incl. U+3000, the write-in lines' padding) removed; ticks read back as ☐/☑ through the
PDF's /ActualText, so an option is checked as ☑ + code + label exactly as printed."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

form, data_path, pdf = sys.argv[1], sys.argv[2], sys.argv[3]
blank = "--blank" in sys.argv
root_dir = __file__.rsplit("/tests/", 1)[0]
codes = ET.parse(root_dir + "/templates/codes.xml").getroot()
raw = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True, check=True).stdout
flat = re.sub(r"[\s\u3000\u00a0]", "", raw)
problems = []


def norm(s):
    return re.sub(r"[\s\u3000\u00a0]", "", s or "")


def want(what, s):
    if norm(s) not in flat:
        problems.append("missing %s: %r" % (what, s))


def label(list_id, code):
    for it in codes.iter("list"):
        if it.get("id") == list_id:
            for item in it.iter("item"):
                if item.get("code") == code:
                    return item.text
    raise KeyError((list_id, code))


def date(s):
    y, m, d = s.strip().split("-")
    return "%s年%d月%d日" % (y, int(m), int(d))


def ticked(what, list_id, code, numbered=True, other=""):
    want(what, "☑" + (code if numbered else "") + label(list_id, code) + other)


# an option's label is never broken across lines (☐大数/据), nor a tick left at a line end
# without its label (a line of lone ticks is a grid row: 表二07/08 of the 2007 form)
labels = {i.text.strip() for l in codes.iter("list") for i in l.iter("item") if i.text}
written = ["云平台备案证明（附件）", "大数据平台备案证明（附件）", "云服务客户运维地点", "大数据平台服务商"]
for lb in sorted(labels) + written:
    tick = "" if lb in written else "[☐☑][ \u3000]*\\d*[ \u3000]*"
    for m in re.finditer(tick + "(?:[ \u3000]*\n)?".join(re.escape(ch) for ch in lb), raw):
        if "\n" in m.group(0):
            problems.append("option label broken across lines: %r" % m.group(0))
for no, line in enumerate(raw.splitlines(), 1):
    tok = line.split()
    if len(tok) >= 2 and tok[-1] in ("☐", "☑") and tok[-2] not in ("☐", "☑"):
        problems.append("line %d ends with a tick, its label on the next line: %r" % (no, line))

if form == "2007":
    # 表二 typography: every label of the label columns at one size, the 07 product types at
    # one size, the 08 provider types at one size (no cell shrunk on its own)
    for no, page in enumerate(raw.split("\f"), 1):
        if "信息系统情况" not in norm(page):
            continue
        bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(no), "-l", str(no), pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
        words = [(float(m[1]), float(m[3]), m[5]) for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox)
            if re.fullmatch("[\u4e00-\u9fff]+", m[5])]
        size = lambda x0, x1, w: round((x1 - x0) / len(w), 1)
        groups = {
            "label column": {size(*w) for w in words if w[0] < 165 and w[2] not in ("序号",)},
            "07 product types": {size(*w) for w in words if w[2] in ("安全专用产品", "网络产品", "操作系统", "数据库", "服务器")},
            "08 provider types": {size(*w) for w in words if w[2] in ("本行业", "国内其他", "服务商", "国外服务商")},
        }
        for what, sizes in groups.items():
            if len(sizes) > 1:
                problems.append("page %d: 表二 %s at several sizes %s" % (no, what, sorted(sizes)))
    # 10 行业类别: one printed line per code group, as on paper (reference §1.1)
    groups = [(11, 13), (21, 24), (25, 28), (31, 34), (35, 38), (39, 42), (43, 46), (47, 50),
              (51, 52), (99, 99)]
    lines = [norm(l) for l in raw.splitlines()]
    for a, b in groups:
        line = "".join("[☐☑]%d%s" % (c, re.escape(label("industry-2007", str(c)))) for c in range(a, b + 1))
        if not any(re.fullmatch(line + ("(.*)" if b == 99 else ""), l) for l in lines):
            problems.append("行业类别 %d–%d is not one printed line" % (a, b))
    # 表二 runs over two pages and may be photocopied per system: each of its pages carries the
    # title with the system's (k/n), the second (09–13) marked 续
    for no, page in enumerate(raw.split("\f"), 1):
        fp = norm(page)
        if "09等级测评单位名称" in fp and not re.search(r"表二（[\d/]*）信息系统情况（续）09等级测评单位名称", fp):
            problems.append("page %d: 表二 09–13 without the 表二（k/n）…（续） title" % no)
        if "01系统名称" in fp and not re.search(r"表二（[\d/]*）信息系统情况01系统名称", fp):
            problems.append("page %d: 表二 01 without its title" % no)
        if ("07关键产品" in fp) != ("08系统采用服务" in fp):
            problems.append("page %d: 表二 07 and 08 not on one page" % no)

if blank:
    if "☑" in raw:
        problems.append("a blank form has a ticked box")
    if raw.count("☐") < 100:
        problems.append("a blank form has only %d tick boxes" % raw.count("☐"))
    for s in ["单位名称", "邮政编码", "行政区划代码", "隶属关系", "单位类型", "行业类别", "表二", "表三"]:
        want("label", s)
    # titles keep the template's （ / ） placeholder, once (not an empty name in brackets)
    titles = (["表二（/）定级对象情况", "表三（/）定级情况", "表四（/）新技术新应用场景补充信息",
               "表五（/）定级对象提交材料情况", "表六（/）数据摸底调查表"] if form == "2.0" else
              ["表二（/）信息系统情况", "表三（/）信息系统定级情况", "表四（/）第三级以上信息系统提交材料情况"])
    for s in titles:
        want("blank title", s)
    if form == "2.0":
        for lb in ["基础设施即服务IaaS", "平台即服务PaaS", "软件即服务SaaS", "数据采集与监视控制系统（SCADA）",
                   "上位机（SC）", "云计算技术", "大数据技术"]:
            want("表四 label (reference-2 D7)", "☐" + lb)
        if "☐政务云" in flat.split("部署模式", 1)[-1].split("云服务商填写", 1)[0]:
            problems.append("blank 表四 部署模式 offers 政务云")
    if form == "2.0" and flat.count("☐有☐无") < 6:
        problems.append("a blank 表五 has %d unticked 有/无 pairs, 6 expected" % flat.count("☐有☐无"))
    if "（）" in flat:
        problems.append("a blank form prints empty brackets （）")
    for lst in ["affiliation", "unit-type"]:
        for it in codes.iter("list"):
            if it.get("id") == lst:
                for item in it.iter("item"):
                    want("blank option", "☐" + item.get("code") + item.text)
else:
    u = ET.parse(data_path).getroot()
    t = lambda path: (u.findtext(path) or "").strip()
    # the address parts on their write-in lines without the suffix the form prints after them
    # (浙江省 → 浙江省(自治区、直辖市) would read 浙江省省…); 市辖区 stays whole
    def place(v, suffixes):
        for sfx in suffixes:
            if v != "市辖区" and len(v) > len(sfx) and v.endswith(sfx):
                return v[:-len(sfx)]
        return v
    addr = (place(t("address/province"), ["自治区", "省", "市"]) + "省(自治区、直辖市)" +
            place(t("address/prefecture"), ["自治州", "地区", "市", "州", "盟"]) + "地(区、市、州、盟)" +
            place(t("address/county"), ["自治县", "自治旗", "县", "区", "市", "旗"]) + "县(区、市、旗)" +
            ("详细地址" if form == "2.0" else "") + t("address/detail"))
    want("单位地址", addr)
    for doubled in ["省省(", "市省(", "市地(", "区县(", "县县("]:
        if doubled in flat:
            problems.append("address suffix printed twice: %s" % doubled)
    for path in ["name", "postcode", "region-code", "leader/name", "leader/title", "leader/office-phone",
                 "leader/email", "security-dept", "security-contact/name", "security-contact/title",
                 "security-contact/office-phone", "security-contact/email", "security-contact/mobile"]:
        want(path, t(path))
    if form == "2.0" and t("region-code-2.0"):
        want("2.0 行政区划代码 (county)", "行政区划代码" + t("region-code-2.0"))
    elif form == "2.0":
        want("2.0 行政区划代码", "行政区划代码" + t("region-code"))
    else:
        want("2007 行政区划代码 (prefecture)", "04行政区划代码" + t("region-code"))
    if form == "2.0":
        for path in ["credit-code", "data-dept", "data-contact/name", "data-contact/mobile"]:
            if t(path):
                want(path, t(path))
    aff = u.find("affiliation")
    ticked("隶属关系", "affiliation", aff.get("code"), other=(aff.text or "").strip())
    ticked("单位类型", "unit-type", u.find("unit-type").get("code"))
    ind = u.find("industry")
    if form == "2007":
        ticked("行业类别", "industry-2007", ind.get("code"))
    elif ind.get("code2"):
        ticked("行业类别", "industry-2.0", ind.get("code2"))
    systems = u.findall("systems/system")
    level = {s: int(s.findtext("grading/level").strip()) for s in systems}
    filed = [s for s in systems if form == "2.0" or level[s] >= 2]
    for k, s in enumerate(filed, 1):
        st = lambda path: (s.findtext(path) or "").strip()
        name = st("name")
        if form == "2007":
            want("表二 title", "表二（%d/%d）信息系统情况" % (k, len(filed)))
            want("表三 title", "表三（%d/%d）信息系统定级情况" % (k, len(filed)))
            want("系统名称", "01系统名称" + name)
            if st("number"):
                want("系统编号", "02系统编号" + st("number"))
        else:
            want("表二 title", "表二（%s）定级对象情况" % name)
            want("表五 title", "表五（%s）定级对象提交材料情况" % name)
            want("定级对象名称", "定级对象名称" + name)
        numbered = form == "2007"
        for ty in s.findall("business/type"):
            ticked(name + " 业务类型", "business-type", ty.get("code"), numbered)
        ticked(name + " 服务范围", "service-range", s.find("service/range").get("code"))
        ticked(name + " 服务对象", "service-objects", s.find("service/objects").get("code"), numbered)
        ticked(name + " 覆盖/部署范围", "coverage", s.find("network/coverage").get("code"))
        ticked(name + " 网络性质", "network-nature", s.find("network/nature").get("code"))
        for ic in s.findall("interconnection"):
            ticked(name + " 互联", "interconnection", ic.get("code"), numbered)
        want(name + " 投入运行", date(st("in-service")))
        if form == "2007" and st("evaluator"):
            want(name + " 测评单位", "09等级测评单位名称" + st("evaluator"))
        want(name + " 定级时间", date(st("grading/graded-on")))
        want(name + " 安全保护等级", "☑" + label("level", str(level[s])))
        for part in ["grading/business-info", "grading/system-service"]:
            g = s.find(part)
            items = [(g.find("object").get("code"), g.find("degree").get("code"))]
            items += [(i.get("object"), i.get("degree")) for i in g.findall("item")]
            for od in items:
                if form == "2007" and od == ("citizen", "very-serious"):
                    continue  # no such row on the 2007 form
                cell = [c for c in codes.iter("cell") if (c.get("object"), c.get("degree")) == od][0]
                want(name + " 表三 damage item", "☑" + cell.get("wording-2008" if form == "2007" else "form-2.0"))
        if st("filing/filled-by"):
            want(name + " 填表人", "填表人：" + st("filing/filled-by"))
        if not s.find("parent-system") is not None:
            want(name + " 上级系统 /", "上级系统名称/")
        for m in s.findall("materials/material"):
            forms = [i.get("forms", "") for i in codes.iter("item") if i.get("code") == m.get("code")
                     and i.get("forms")]
            on_form = any(form in f.split() for f in forms)
            if m.get("attachment") and on_form and (form == "2.0" or level[s] >= 3):
                want(name + " 附件", m.get("attachment"))
        if form == "2.0":
            # 表四: the reference's labels and options (reference-2 D5, D7), levels as 第N级
            seg4 = flat.split(norm("表四（%s）" % name), 1)[-1].split("表五（", 1)[0]
            if "政务云" in seg4.split("部署模式", 1)[-1].split("云服务商填写", 1)[0].replace("☑其他政务云", ""):
                problems.append("%s 表四 部署模式 offers 政务云" % name)
            for c in s.findall("new-tech/cloud/model") + s.findall("new-tech/ics/component"):
                lst = "cloud-model" if c.tag == "model" else "ics-component"
                if "☑" + norm(label(lst, c.get("code"))) not in seg4:
                    problems.append("%s 表四 %s not ticked with its label" % (name, c.get("code")))
            for c in s.findall("new-tech/cloud/deployment"):
                if "☑" + norm(label("cloud-deployment", c.get("code")) + (c.text or "")) not in seg4:
                    problems.append("%s 表四 部署模式 %s not ticked" % (name, c.get("code")))
            for pl in s.findall("new-tech/*/platform-level"):
                lv = label("level", pl.text.strip())
                if "平台安全等级" + lv not in seg4:
                    problems.append("%s 表四 平台安全等级 not printed as %s" % (name, lv))
            # 表五 is filled for every 定级对象: each material ticks 有 or 无, 无 where the data has none
            seg = flat.split(norm("表五（%s）" % name), 1)[-1].split("表六（", 1)[0]
            got = re.findall(r"(\d)\.[^☑☐]*?([☑☐])有([☑☐])无", seg)
            mats = [i for l in codes.iter("list") if l.get("id") == "material" for i in l
                    if "2.0" in i.get("forms", "").split()]
            if len(got) != len(mats):
                problems.append("%s 表五: %d yes/no items read, %d expected" % (name, len(got), len(mats)))
            for (no, yes_box, no_box), it in zip(got, mats):
                m = s.find("materials/material[@code='%s']" % it.get("code"))
                present = m.get("present") if m is not None else "no"
                if (yes_box, no_box) != (("☑", "☐") if present == "yes" else ("☐", "☑")):
                    problems.append("%s 表五 %s: %s有 %s无, data says %s" % (name, no, yes_box, no_box, present))
        for d in s.findall("data-resources/data") if form == "2.0" else []:
            want(name + " 数据名称", "数据名称" + d.findtext("name").strip())
            want(name + " 数据类别", d.findtext("category").strip())
            for pi in d.findall("personal-info"):
                want(name + " 个人信息", "☑" + str([i.get("code") for l in codes.iter("list") if l.get("id") == "personal-info" for i in l].index(pi.get("code")) + 1) + label("personal-info", pi.get("code")))
            for el in d.findall("interaction") + d.findall("storage/*"):
                if (el.text or "").strip():
                    want(name + " " + el.tag, el.text.strip())
            for fl in d.findall("flow-in") + d.findall("flow-out"):
                want(name + " " + fl.tag, fl.text.strip())
    if form == "2007":
        n4 = sum(1 for s in filed if level[s] >= 3)
        got = flat.count("第三级以上信息系统提交材料情况")
        if got != n4:
            problems.append("表四 printed %d times, %d systems at 第三级 or above" % (got, n4))
    # police-only fields print blank: the cover's 受理备案单位 line holds nothing
    police = [(s.findtext("filing/police") or "").strip() for s in systems]
    for p in police:
        if p and norm(p) in flat:
            problems.append("police-only 受理备案单位 printed: %s" % p)

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
