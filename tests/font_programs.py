"""The embedded font programs of a PDF, for the shell tests (t_batch.sh)."""
import struct
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


def programs(path):
    """The inflated font programs (streams with /Length1) of a PDF, in object order; None for
    one that does not inflate whole."""
    return [data for head, data in _streams(path) if b"/Length1" in head]


def glyf_first(program):
    """Whether the program's glyf table comes right after its table records (shared glyphs)."""
    n = struct.unpack(">H", program[4:6])[0]
    glyf = [struct.unpack(">I", program[20 + 16 * k:24 + 16 * k])[0]
            for k in range(n) if program[12 + 16 * k:16 + 16 * k] == b"glyf"]
    return glyf == [12 + 16 * n]


def cmaps(path):
    """The inflated ToUnicode CMaps of a PDF, in object order."""
    return [data for head, data in _streams(path) if data and b"begincmap" in data]
