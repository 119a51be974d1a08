#!/usr/bin/env python3
"""Writes the hostile suite's PNG files (good and bad) into a folder: python3 mkimg.py DIR.
Pure Python (zlib, struct): each bad file breaks exactly one rule the image reader checks."""
import os
import struct
import sys
import zlib


def chunk(t, data, crc=None):
    c = zlib.crc32(t + data) & 0xFFFFFFFF if crc is None else crc
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", c)


def ihdr(w, h, bd=8, ct=2, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bd, ct, 0, 0, interlace))


SIG = b"\x89PNG\r\n\x1a\n"


def rows(w, h, bpp_bytes, filt=0):
    """A diagonal pattern, filter byte filt on each row."""
    out = bytearray()
    for y in range(h):
        out.append(filt)
        for x in range(w * bpp_bytes):
            out.append(((x // bpp_bytes + y) * 7) & 0xFF if (x // bpp_bytes + y) % 16 < 8 else 0xFF)
    return bytes(out)


def png(w, h, bd=8, ct=2, raw=None, extra=b"", interlace=0, idat=None):
    chans = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ct]
    rowbytes = (w * chans * bd + 7) // 8
    if raw is None and idat is None:
        raw = b"".join(bytes([0]) + bytes(((x + y) * 37) & 0xFF for x in range(rowbytes)) for y in range(h))
    z = zlib.compress(raw) if idat is None else idat
    return SIG + ihdr(w, h, bd, ct, interlace) + extra + chunk(b"IDAT", z) + chunk(b"IEND", b"")


def disc(w, h, ct):
    """Raw rows (filter 0) of a w×h 8-bit image: an opaque disc on a transparent ground,
    colour type 6 (RGBA) or 4 (grey+alpha); pixel(x, y) gives one pixel's bytes."""
    def pixel(x, y):
        inside = (x - w / 2) ** 2 + (y - h / 2) ** 2 < (min(w, h) / 2.5) ** 2
        if ct == 6:
            return bytes([200, 30, 30, 255]) if inside else bytes([0, 0, 255, 0])
        return bytes([40, 255]) if inside else bytes([255, 0])
    return pixel


def adam7(w, h, pixel):
    """The IDAT payload (uncompressed) of an interlaced image: seven passes, filter 0."""
    out = bytearray()
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
                           (0, 1, 1, 2)):
        xs = range(x0, w, dx)
        if not xs:
            continue
        for y in range(y0, h, dy):
            out.append(0)
            for x in xs:
                out += pixel(x, y)
    return bytes(out)


def fixed_286():
    """One gray row of 259 zero pixels (260 bytes with the filter byte) as a fixed-Huffman block
    whose 258-byte match uses length code 286: zlib refuses it, libdeflate 1.14 reads it as 258."""
    bits = []

    def huff(code, n):  # Huffman codes go most significant bit first
        bits.extend((code >> i) & 1 for i in range(n - 1, -1, -1))
    bits.extend([1, 1, 0])  # BFINAL, BTYPE 01 (fixed), least significant bit first
    huff(0x30, 8)  # literal 0
    huff(0xC0 + 286 - 280, 8)  # length code 286
    huff(0, 5)  # distance code 0: 1
    huff(0x30, 8)
    huff(0, 7)  # end of block
    bits.extend([0] * (-len(bits) % 8))
    body = bytes(sum(bits[i + k] << k for k in range(8)) for i in range(0, len(bits), 8))
    return b"\x78\x01" + body + struct.pack(">I", zlib.adler32(b"\x00" * 260))


def main(d):
    os.makedirs(d, exist_ok=True)
    files = {}
    files["good-rgb.png"] = png(64, 40)
    files["good-gray1.png"] = png(64, 40, bd=1, ct=0)
    files["good-gray16.png"] = png(32, 20, bd=16, ct=0)
    pal = bytes([255, 255, 255, 200, 30, 30, 30, 30, 200, 0, 0, 0])
    files["good-palette.png"] = png(48, 30, bd=2, ct=3, extra=chunk(b"PLTE", pal))
    files["alpha.png"] = png(16, 16, ct=6)
    files["trns.png"] = png(16, 16, bd=2, ct=3, extra=chunk(b"PLTE", pal) + chunk(b"tRNS", b"\x00"))
    # rows laid out as if not interlaced: the passes' data does not fit
    files["interlaced-bad.png"] = png(16, 16, interlace=1)
    # transparent and interlaced PNGs that are decoded (libpng) and embedded with an /SMask
    files["rgba.png"] = png(200, 120, ct=6, raw=b"".join(
        b"\x00" + b"".join(disc(200, 120, 6)(x, y) for x in range(200)) for y in range(120)))
    files["gray-alpha.png"] = png(200, 120, ct=4, raw=b"".join(
        b"\x00" + b"".join(disc(200, 120, 4)(x, y) for x in range(200)) for y in range(120)))
    files["interlaced.png"] = png(200, 120, ct=6, interlace=1, raw=adam7(200, 120, disc(200, 120, 6)))
    files["rgba-bad-filter.png"] = png(8, 8, ct=6, raw=b"".join(b"\x07" + b"\x00" * 32 for _ in range(8)))
    files["rgba-trns.png"] = png(8, 8, ct=6, extra=chunk(b"tRNS", b"\x00\x00"))
    files["rgba-truncated.png"] = files["rgba.png"][: len(files["rgba.png"]) // 2]
    good = files["good-rgb.png"]
    files["truncated.png"] = good[: len(good) // 2]
    bad = bytearray(good)
    bad[45] ^= 0x55  # inside IDAT: its CRC no longer matches
    files["bad-crc.png"] = bytes(bad)
    # the campaign's 72-byte PNG: a valid IHDR, an IDAT of garbage, IEND
    files["tiny72.png"] = SIG + ihdr(1, 1) + chunk(b"IDAT", b"\x78\x9c\xff\xff\xff\x00\x00\x00\x01") + chunk(b"IEND", b"")
    files["huge-dims.png"] = png(30000, 30000, idat=zlib.compress(b"\x00" * 16))
    files["zero-width.png"] = SIG + ihdr(0, 10) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    files["bad-depth.png"] = png(8, 8, bd=3, ct=2, idat=zlib.compress(b"\x00" * 8))
    files["bad-filter.png"] = png(8, 8, raw=b"".join(b"\x07" + b"\x00" * 24 for _ in range(8)))
    files["short-data.png"] = png(64, 40, raw=rows(64, 39, 3))
    files["long-data.png"] = png(64, 40, raw=rows(64, 41, 3))
    files["not-zlib.png"] = png(8, 8, idat=b"this is not a zlib stream")
    z = zlib.compress(rows(64, 40, 3))
    files["bad-adler.png"] = png(64, 40, idat=z[:-4] + bytes(b ^ 0x5A for b in z[-4:]))
    files["no-adler.png"] = png(64, 40, idat=z[:-3])
    late = bytearray(rows(640, 200, 3))
    late[149 * (640 * 3 + 1)] = 9  # row 150: past the first 64 KiB piece of inflated data
    files["bad-filter-late.png"] = png(640, 200, raw=bytes(late))
    files["length-286.png"] = png(259, 1, ct=0, idat=fixed_286())
    files["no-iend.png"] = good[:-12]
    files["no-idat.png"] = SIG + ihdr(8, 8) + chunk(b"IEND", b"")
    files["ihdr-not-first.png"] = SIG + chunk(b"tEXt", b"a\x00b") + good[8:]
    files["unknown-critical.png"] = png(8, 8, extra=chunk(b"ABCD", b"x"))
    files["split-idat.png"] = (SIG + ihdr(8, 8) + chunk(b"IDAT", zlib.compress(rows(8, 8, 3))[:10]) +
                               chunk(b"tEXt", b"a\x00b") + chunk(b"IDAT", zlib.compress(rows(8, 8, 3))[10:]) +
                               chunk(b"IEND", b""))
    files["palette-missing.png"] = png(8, 8, bd=8, ct=3)
    files["chunk-too-long.png"] = SIG + ihdr(8, 8) + struct.pack(">I", 0x7FFFFFF0) + b"IDAT" + b"\x00" * 20
    files["not-an-image.png"] = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    files["empty.png"] = b""
    for name, data in files.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
