#!/usr/bin/env python3
"""Page and line fitting figures (cjkcheck --page-checks) per PDF, one line each, and totals.

usage: fitcheck.py [--expected-beside] X.pdf...   (X.txt beside X.pdf is the expected text)
Prints figures; asserts nothing (exit 0) unless --fail is given and a problem is listed."""
import json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CJKCHECK = os.path.join(HERE, "..", "..", "shared", "tools", "cjkcheck", "cjkcheck.py")
KEYS = [("letterspaced_lines", "ls"), ("letterspace_max_em", "ls_max"), ("wide_word_gaps", "gaps"),
        ("stranded_headings", "strand"), ("captions_apart", "capt"), ("lone_last_page", "lone"),
        ("line_start_violations", "start"), ("line_end_violations", "end"),
        ("justify_lines_off", "unjust"), ("text_missing_chars", "miss"), ("text_extra_chars", "extra")]


def check(pdf):
    cmd = [sys.executable, os.environ.get("CJKCHECK", CJKCHECK), pdf, "--page-checks", "--json"]
    exp = pdf[:-4] + ".txt"
    if os.path.exists(exp):
        cmd += ["--expected", exp]
    r = subprocess.run(cmd, capture_output=True, text=True)
    try:
        return json.loads(r.stdout)["summary"]
    except ValueError:
        sys.exit("fitcheck: cjkcheck failed on %s: %s" % (pdf, r.stderr.strip()[-300:]))


def main(argv):
    fail = "--fail" in argv
    pdfs = [a for a in argv if not a.startswith("--")]
    tot = {k: 0 for k, _ in KEYS}
    bad = 0
    print("  " + " ".join("%6s" % h for _, h in KEYS) + "  document")
    for pdf in pdfs:
        s = check(pdf)
        row = []
        for k, _ in KEYS:
            v = s.get(k) or 0
            if isinstance(v, bool):
                v = int(v)
            if k == "letterspace_max_em":
                tot[k] = max(tot[k], v)
                row.append("%6.3f" % v)
            else:
                tot[k] += v
                row.append("%6d" % v)
        probs = s["problems"]
        bad += bool(probs)
        print("  " + " ".join(row) + "  " + os.path.basename(pdf)[:-4]
              + ("  PROBLEMS: " + ", ".join(probs) if probs else ""))
    if len(pdfs) > 1:
        print("  " + " ".join("%6.3f" % tot[k] if k == "letterspace_max_em" else "%6d" % tot[k]
                              for k, _ in KEYS) + "  total of %d (%d with problems)" % (len(pdfs), bad))
    return 1 if fail and bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
