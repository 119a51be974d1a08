#!/usr/bin/python3
"""The web form in a real browser (headless Chromium through chromedriver): a new file, a unit
and two systems typed in as a liaison would, a check message appearing at the wrong field and
going once fixed, the level following the damage items, save, render, preview. Then the saved
file passes `mlpsdoc check` and renders the same PDFs with the CLI. Screenshots go to SHOTS.

usage: serve_browser.py MLPSDOC DATA_DIR SHOTS_DIR TOPOLOGY_PNG
Prints "FAIL ..." lines and "RESULT passed failed" (tests/lib.sh protocol)."""
import glob, os, re, signal, subprocess, sys, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

MLPSDOC, DATA, SHOTS, TOPO = sys.argv[1:5]
TODAY = "2026-01-01"
passed = failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL serve_browser: " + what, flush=True)
    return cond


signal.signal(signal.SIGALRM, lambda *_: (print("FAIL serve_browser: timed out", flush=True), os._exit(1)))
signal.alarm(900)
os.makedirs(SHOTS, exist_ok=True)
server = subprocess.Popen([MLPSDOC, "serve", "--listen", "127.0.0.1:0", "--today", TODAY, DATA],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
url = None
for line in server.stdout:
    m = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if m:
        url = m.group(0)
        break
opts = Options()
for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1500,1100",
          "--lang=zh-CN"]:
    opts.add_argument(a)
drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
wait = WebDriverWait(drv, 60)  # the machine may be busy


def shot(name):
    drv.save_screenshot(os.path.join(SHOTS, name))


def q(sel):
    return drv.find_element(By.CSS_SELECTOR, sel)


def sel_input(path, value=None):
    s = '[data-input="%s"]' % path
    return s + ('[value="%s"]' % value if value is not None else "")


STEP = [""]


def retry(action):
    """The form re-renders after a choice: an element found a moment ago may be gone."""
    for _ in range(20):
        try:
            return action()
        except StaleElementReferenceException:
            time.sleep(0.1)
    return action()


def typ(path, text):
    STEP[0] = "typing into " + path
    def act():
        e = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, sel_input(path)))
        e.clear()
        e.send_keys(text)
    retry(act)


def click(sel):
    e = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, sel))
    drv.execute_script("arguments[0].scrollIntoView({block:'center'})", e)
    e.click()


def click_option(sel):
    """Clicks the option element itself, not the point where it was: the live check re-renders
    the form, and a mouse click at the old place could land on whatever moved there (an add
    button made an empty grading item once under load)."""
    e = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, sel))
    drv.execute_script("arguments[0].scrollIntoView({block:'center'}); arguments[0].click()", e)


def picked(path, value):
    """The form (re-rendered from the document after every choice) shows value as chosen."""
    return drv.execute_script("""for (const e of document.querySelectorAll(arguments[0])) {
        if (e.tagName === 'SELECT') return e.value === arguments[1];
        if (e.value === arguments[1]) return e.checked; }
      return false;""", sel_input(path), value)


def pick(path, value):
    STEP[0] = "picking %s in %s" % (value, path)
    def act():
        e = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, sel_input(path)))
        if e.tag_name == "select":
            Select(e).select_by_value(value)
        else:
            click_option(sel_input(path, value))
    # a click while the live check replaces the level matrix may land on a moved option: pick
    # again until the form shows the choice (the assertions below still read the result)
    for _ in range(5):
        retry(act)
        time.sleep(0.05)
        try:
            WebDriverWait(drv, 3).until(lambda d: picked(path, value))
            return
        except TimeoutException:
            pass


def tick(path, value):
    """Ticks a box once: a click swallowed by a re-render is repeated, a landed one is not."""
    STEP[0] = "ticking %s in %s" % (value, path)
    for _ in range(5):
        if not picked(path, value):
            retry(lambda: click_option(sel_input(path, value)))
        try:
            WebDriverWait(drv, 3).until(lambda d: picked(path, value))
            return
        except TimeoutException:
            pass


def texts(sel):  # read in one script: the form re-renders under us
    return drv.execute_script("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)", sel)


def msgs(path):
    return texts('[data-path="%s"] .msg' % path)


def fill_system(p, name, sid, level_items, topo=TOPO):
    typ(p + "/@id", sid)
    typ(p + "/name", name)
    pick(p + "/object-type/@code", "information-system")
    tick(p + "/business/type", "4")
    typ(p + "/business/description", "本单位内部办公业务，包括公文流转和信息发布。")
    pick(p + "/service/range/@code", "30")
    pick(p + "/service/objects/@code", "1")
    typ(p + "/service/description", "为本单位约 200 名职工提供服务。")
    pick(p + "/network/coverage/@code", "1")
    pick(p + "/network/nature/@code", "1")
    typ(p + "/network/description", "部署于本单位局域网，与互联网物理隔离。")
    tick(p + "/interconnection", "3")
    typ(p + "/responsibility", "本单位网络与数据安全科负责本系统的安全保护工作。")
    typ(p + "/composition", "系统由应用服务器、数据库服务器和办公终端组成。")
    STEP[0] = "uploading the topology of " + p
    up = q('[data-path="%s/topology/@src"] input[type=file]' % p)
    up.send_keys(topo)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-path="%s/topology/@src"] img' % p))
    typ(p + "/topology", "系统拓扑见图。")
    typ(p + "/in-service", "2020-05-01")
    pick(p + "/grading/@standard", "2020")
    for part, (obj, deg) in level_items.items():
        g = p + "/grading/" + part
        typ(g + "/description", "系统处理本单位内部办公信息。")
        pick(g + "/object/@code", obj)
        pick(g + "/degree/@code", deg)
        typ(g + "/reason", "受到破坏后对相关主体造成的侵害程度如上。")
    typ(p + "/grading/graded-on", "2025-11-01")
    pick(p + "/grading/expert-review/@done", "no")
    add = q('[data-add="%s/filing"]' % p)
    drv.execute_script("arguments[0].scrollIntoView({block:'center'})", add)
    add.click()
    typ(p + "/filing/filed-on", "2025-11-20 ")


try:
    ok(url is not None, "server printed its address")
    drv.get(url)
    wait.until(lambda d: d.find_element(By.ID, "btn-new").is_displayed())
    shot("01-start.png")
    q("#new-name").send_keys("test-unit")
    q("#btn-new").click()
    wait.until(lambda d: d.find_element(By.ID, "editor").is_displayed())
    ok(q("#file-name").text == "test-unit.xml", "new file named test-unit.xml")
    wait.until(lambda d: int(d.find_element(By.ID, "problem-count").text) > 10)
    ok(True, "an empty form lists its problems")

    # table one, with a wrong postal code first (and a region code with a pasted trailing space)
    typ("unit/postcode", "4000")
    wait.until(lambda d: any("实际为“4000”" in m for m in msgs("unit/postcode")))
    ok(any("实际为“4000”" in m for m in msgs("unit/postcode")), "message at the postal code field")
    ok(any("邮政编码应为 6 位数字" in t for t in texts("#problem-list li")),
       "the message is in the problem list")
    ok(not any("邮政编码" in m for m in msgs("unit/name")), "message not at another field")
    drv.execute_script("document.querySelector('[data-path=\"unit/postcode\"]').scrollIntoView({block:'center'})")
    shot("02-message-at-field.png")
    typ("unit/postcode", "400010")
    wait.until(lambda d: not msgs("unit/postcode"))
    ok(True, "message gone once fixed")

    for path, text in [("unit/name", "重庆市渝中区测试服务中心"), ("unit/credit-code", "12500103MB1P6X2H4T"),
                       ("unit/address/province", "重庆市"), ("unit/address/prefecture", "市辖区"),
                       ("unit/address/county", "渝中区"), ("unit/address/detail", "鹅岭正街 66 号"),
                       ("unit/region-code", "500100 "), ("unit/leader/name", "刘文静"), ("unit/leader/title", "主任"),
                       ("unit/leader/office-phone", "023-63881001"), ("unit/leader/email", "liuwj@example.cn"),
                       ("unit/security-dept", "网络与数据安全科"), ("unit/security-contact/name", "何宇"),
                       ("unit/security-contact/title", "科长"), ("unit/security-contact/office-phone", "023-63881020"),
                       ("unit/security-contact/email", "heyu@example.cn")]:
        typ(path, text)
    pick("unit/affiliation/@code", "4")
    pick("unit/unit-type/@code", "3")
    pick("unit/industry/@code", "45")
    shot("03-table-one.png")

    # first system: the level follows the damage items
    p = "unit/systems/system"
    pick(p + "/grading/business-info/object/@code", "society")
    pick(p + "/grading/business-info/degree/@code", "serious")
    pick(p + "/grading/system-service/object/@code", "citizen")
    pick(p + "/grading/system-service/degree/@code", "general")
    overall = lambda: (texts('[data-level="overall"]') or [""])[0]
    cell = lambda cls: drv.execute_script("const e = document.querySelector(arguments[0]); return e && e.dataset.cell", "td." + cls)
    wait.until(lambda d: overall().startswith("第三级"))
    ok(cell("biz") == "society/serious", "matrix cell of 业务信息 marked")
    ok(cell("svc") == "citizen/general", "matrix cell of 系统服务 marked")
    drv.execute_script("document.querySelector('.matrix').scrollIntoView({block:'center'})")
    shot("04-level-3.png")
    pick(p + "/grading/business-info/degree/@code", "general")
    wait.until(lambda d: overall().startswith("第二级"))
    ok(cell("biz") == "society/general", "marked cell moves with the degree")
    ok(drv.execute_script("return document.querySelector(arguments[0]).value", '[data-input="%s/grading/level"]' % p) == "2",
       "declared level follows the matrix")
    shot("05-level-2.png")
    fill_system(p, "办公自动化系统", "oa", {"business-info": ("society", "general"),
                                          "system-service": ("citizen", "serious")})

    # second system
    add = q("#btn-add-system")
    drv.execute_script("arguments[0].scrollIntoView({block:'center'})", add)
    add.click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sys-2"))
    # the second system's diagram has the first one's file name but other bytes: kept apart
    other_dir = os.path.join(os.path.dirname(DATA.rstrip("/")), "other-topology")
    os.makedirs(other_dir, exist_ok=True)
    other_topo = os.path.join(other_dir, os.path.basename(TOPO))
    with open(os.path.join(os.path.dirname(TOPO), "topology-portal.png"), "rb") as src, open(other_topo, "wb") as dst:
        dst.write(src.read())
    fill_system("unit/systems/system[2]", "门户网站", "portal", {"business-info": ("citizen", "serious"),
                                                               "system-service": ("citizen", "general")}, other_topo)
    stem, ext = os.path.splitext(os.path.basename(TOPO))
    srcs = [drv.execute_script("return document.querySelector(arguments[0]).value", '[data-input="%s/topology/@src"]' % s)
            for s in ("unit/systems/system[1]", "unit/systems/system[2]")]
    ok(srcs == [stem + ext, stem + "-2" + ext], "same-named diagrams of two systems kept apart: %s" % srcs)
    ok(open(os.path.join(DATA, stem + ext), "rb").read() == open(TOPO, "rb").read(), "the first diagram untouched")
    ok(open(os.path.join(DATA, stem + "-2" + ext), "rb").read() == open(other_topo, "rb").read(),
       "the second diagram under the name the server chose")
    try:
        wait.until(lambda d: d.find_element(By.ID, "problem-count").text == "0")
    except Exception:
        pass
    left = texts("#problem-list li")
    ok(not left, "no problem left: %s" % left[:5])
    ok("本文件共 2 个定级对象：第二级 2 个" in (texts("[data-counts]") or [""])[0],
       "表一 counts by computed level: %s" % texts("[data-counts]"))
    drv.execute_script("window.scrollTo(0, 0)")
    shot("06-complete.png")

    q("#btn-save").click()
    wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("已保存"))
    saved = os.path.join(DATA, "test-unit.xml")
    ok(os.path.exists(saved), "saved file exists")
    r = subprocess.run([MLPSDOC, "check", "--today", TODAY, saved], capture_output=True, text=True)
    ok(r.returncode == 0, "saved file passes mlpsdoc check: " + r.stderr[:500])
    ok("通过（2 个定级对象：第二级 2 个）" in r.stdout, "check summary: " + r.stdout)
    text = open(saved, encoding="utf-8").read()
    ok("<region-code>500100</region-code>" in text and text.count("<filed-on>2025-11-20</filed-on>") == 2,
       "values typed with a trailing space saved trimmed")

    q("#btn-render").click()
    STEP[0] = "rendering"
    WebDriverWait(drv, 300).until(lambda d: "已生成" in d.find_element(By.ID, "render-text").text)  # 4 PDFs, maybe under asan
    files = drv.find_elements(By.CSS_SELECTOR, "#render-files li")
    # the default plan: 3 documents per system, both 备案表 and the response plan per unit
    ok(len(files) == 9, "9 documents offered, got %d" % len(files))
    ok(q("#render-progress").get_attribute("value") == "9", "progress complete")
    shot("07-rendered.png")
    links = [a.get_attribute("href") for a in drv.find_elements(By.CSS_SELECTOR, "#render-files a")]
    with urllib.request.urlopen(links[0]) as resp:
        ok(resp.status == 200 and resp.headers["Content-Disposition"].startswith("attachment"), "download link")
        ok(resp.read(5) == b"%PDF-", "download is a PDF")
    files[0].find_element(By.TAG_NAME, "button").click()
    wait.until(lambda d: d.find_element(By.ID, "preview").is_displayed())
    time.sleep(1.5)
    shot("08-preview.png")
    ok(q("#preview-frame").get_attribute("src").endswith(".pdf"), "preview shows the PDF")

    cli = os.path.join(DATA, "cli-out")
    subprocess.run([MLPSDOC, "render", "-d", "test-unit.xml", "-o", cli], cwd=DATA, capture_output=True)
    cli_pdfs = sorted(glob.glob(os.path.join(cli, "*.pdf")))
    ok(len(cli_pdfs) == 9, "CLI renders 9 PDFs")
    for f in cli_pdfs:
        web = os.path.join(DATA, "out", "test-unit", os.path.basename(f))
        ok(os.path.exists(web) and open(f, "rb").read() == open(web, "rb").read(),
           "same PDF from the browser and the CLI: " + os.path.basename(f))
    logs = [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    ok(not logs, "no errors in the browser console: %s" % logs[:3])

    # the file changed on disk: 保存 refuses, 另存为 keeps the edits in a new file, never over one
    STEP[0] = "saving as after a conflict"
    q("#btn-close-preview").click()
    with open(saved, "a", encoding="utf-8") as f:
        f.write("<!-- edited elsewhere -->\n")
    on_disk = open(saved, "rb").read()
    typ("unit/security-dept", "网络安全科")
    q("#btn-save").click()
    wait.until(lambda d: "已在磁盘上被修改" in (texts("#banner") or [""])[0] and d.find_element(By.ID, "save-as").is_displayed())
    ok(q("#save-as-name").get_attribute("value") == "test-unit-副本.xml", "另存为 offered with a copy's name")
    shot("09-save-as.png")
    q("#save-as-name").clear()
    q("#save-as-name").send_keys("test-unit.xml")
    q("#btn-save-as-ok").click()
    wait.until(lambda d: "已存在，未覆盖" in (texts("#banner") or [""])[0])
    ok(q("#save-as").is_displayed(), "另存为 over an existing file refused, another name asked for")
    q("#save-as-name").clear()
    q("#save-as-name").send_keys("test-unit-copy")
    q("#btn-save-as-ok").click()
    wait.until(lambda d: d.find_element(By.ID, "file-name").text == "test-unit-copy.xml")
    copy = os.path.join(DATA, "test-unit-copy.xml")
    ok(q("#status").text.startswith("已保存") and not q("#save-as").is_displayed(), "saved as the new file")
    ok(os.path.exists(copy) and "<security-dept>网络安全科</security-dept>" in open(copy, encoding="utf-8").read(),
       "the new file has the edits")
    ok(open(saved, "rb").read() == on_disk, "the file changed on disk is untouched")
    r = subprocess.run([MLPSDOC, "check", "--today", TODAY, copy], capture_output=True, text=True)
    ok(r.returncode == 0, "the file saved as passes mlpsdoc check: " + r.stderr[:300])
    typ("unit/security-dept", "网络安全二科")
    q("#btn-save").click()
    wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("已保存"))
    ok("<security-dept>网络安全二科</security-dept>" in open(copy, encoding="utf-8").read(),
       "the page now edits the new file")
    ok(open(saved, "rb").read() == on_disk, "… and not the old one")

    # a new file whose name is taken: another name asked for, the form kept
    STEP[0] = "a new file of a taken name"
    q("#btn-files").click()
    wait.until(lambda d: d.find_element(By.ID, "btn-new").is_displayed())
    q("#new-name").clear()
    q("#new-name").send_keys("test-unit")
    q("#btn-new").click()
    wait.until(lambda d: d.find_element(By.ID, "editor").is_displayed())
    typ("unit/name", "另一个单位")
    q("#btn-save").click()
    wait.until(lambda d: "已存在，未覆盖" in (texts("#banner") or [""])[0] and d.find_element(By.ID, "save-as").is_displayed())
    ok(q("#save-as-name").get_attribute("value") == "test-unit.xml", "the taken name offered for change")
    q("#save-as-name").clear()
    q("#save-as-name").send_keys("test-unit-2.xml")
    q("#btn-save-as-ok").click()
    wait.until(lambda d: d.find_element(By.ID, "file-name").text == "test-unit-2.xml")
    other = os.path.join(DATA, "test-unit-2.xml")
    ok(os.path.exists(other) and "<name>另一个单位</name>" in open(other, encoding="utf-8").read(),
       "the new file saved under the other name, with what was typed")
    ok(open(saved, "rb").read() == on_disk, "the existing file of that name untouched")
except Exception as e:  # a failed wait or a missing element
    import traceback; traceback.print_exc(limit=4)
    ok(False, "%s while %s: %s; banner: %s" % (type(e).__name__, STEP[0], str(e).splitlines()[0] if str(e) else "",
                                               texts("#banner")))
    shot("99-failure.png")
finally:
    drv.quit()
    server.terminate()
    rest = server.communicate(timeout=60)[0]
    ok(server.returncode == 0 and "Sanitizer" not in rest and "runtime error" not in rest,
       "server exits 0 on TERM without sanitizer reports: %d %s" % (server.returncode, rest[-600:]))
print("RESULT %d %d" % (passed, failed))
sys.exit(1 if failed else 0)
