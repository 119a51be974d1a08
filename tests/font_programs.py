"""The embedded font programs of a PDF, for the shell tests (t_batch.sh)."""
import struct
import subprocess
import zlib


def programs(path):
    """The inflated font programs (streams with /Length1) of a PDF, in object order; None for
    one that does not inflate whole."""
    raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=preserve",
                          path, "-"], capture_output=True, check=True).stdout
    out = []
    for obj in raw.split(b"endobj"):
        i = obj.find(b"stream\n")
        if i < 0 or b"/Length1" not in obj[:i]:
            continue
        z = zlib.decompressobj()
        program = z.decompress(obj[i + 7:obj.rfind(b"endstream")])
        out.append(program if z.eof else None)
    return out


def glyf_first(program):
    """Whether the program's glyf table comes right after its table records (shared glyphs)."""
    n = struct.unpack(">H", program[4:6])[0]
    glyf = [struct.unpack(">I", program[20 + 16 * k:24 + 16 * k])[0]
            for k in range(n) if program[12 + 16 * k:16 + 16 * k] == b"glyf"]
    return glyf == [12 + 16 * n]


def cmaps(path):
    """The inflated ToUnicode CMaps of a PDF, in object order."""
    raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=preserve",
                          path, "-"], capture_output=True, check=True).stdout
    out = []
    for obj in raw.split(b"endobj"):
        i = obj.find(b"stream\n")
        if i < 0 or b"/FlateDecode" not in obj[:i]:
            continue
        z = zlib.decompressobj()
        text = z.decompress(obj[i + 7:obj.rfind(b"endstream")])
        if b"begincmap" in text:
            out.append(text)
    return out
