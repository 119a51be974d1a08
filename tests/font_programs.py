"""The ToUnicode CMaps of a PDF's embedded fonts and what they say, for the shell tests
(t_batch.sh)."""
import glob
import os
import re
import subprocess
import zlib


def _streams(path):
    """Each stream of a PDF as (its dictionary, its inflated data or None when it does not
    inflate whole), in object order."""
    raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=preserve",
                          path, "-"], capture_output=True, check=True).stdout
    for obj in raw.split(b"endobj"):
        i = obj.find(b"stream\n")
        if i < 0:
            continue
        z = zlib.decompressobj()
        try:
            data = z.decompress(obj[i + 7:obj.rfind(b"endstream")])
        except zlib.error:
            data = None
        yield obj[:i], data if z.eof else None


def cmaps(path):
    """The inflated ToUnicode CMaps of a PDF, in object order."""
    return [data for head, data in _streams(path) if data and b"begincmap" in data]


def cmap_code_points(cmap):
    """A ToUnicode CMap's code point for each glyph id (bfchar and bfrange entries, single code
    points only)."""
    out = {}
    text = cmap.decode("latin-1")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, body in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if body.startswith("["):
                for k, v in enumerate(re.findall(r"<([0-9A-Fa-f]+)>", body)):
                    out[lo + k] = int(v, 16)
            else:
                for k in range(hi - lo + 1):
                    out[lo + k] = int(body[1:-1], 16) + k
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for g, v in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(g, 16)] = int(v, 16)
    return out


def glyph_set_lines(folder):
    """The character lists of the templates' shared glyph sets (templates/NAME.glyphs)."""
    lines = []
    for path in glob.glob(os.path.join(folder, "*.glyphs")):
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or "\t" not in line:
                continue
            lines.append(line.rstrip("\n").split("\t", 1)[1])
    return lines


def shared_first(cmap, lines):
    """Whether a font's glyphs 1..n are one of the shared sets' n characters (its CMap)."""
    cps = cmap_code_points(cmap)
    for chars in lines:
        want = {ord(c) for c in chars}
        # a set the font shows with glyphs of its own after it (else, without the sets, the
        # same glyphs in their usual order could be the set)
        if len(want) >= 64 and max(cps, default=0) > len(chars) and \
                {cps.get(g) for g in range(1, len(chars) + 1)} == want:
            return True
    return False
