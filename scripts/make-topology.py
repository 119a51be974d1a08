#!/usr/bin/env python3
"""Draws the small network-topology PNGs of the samples (python3 stdlib only: zlib + struct).

Usage: scripts/make-topology.py [OUTDIR]   (default: samples/)
The output is deterministic, so re-running it gives byte-identical files.
"""
import os
import struct
import sys
import zlib

W, H = 640, 400
SCALE = 2  # pixels per font dot

# 3x5 dot font: five rows of three bits per glyph (enough for short ASCII labels).
FONT = {
    'A': "010101111101101", 'B': "110101110101110", 'C': "011100100100011",
    'D': "110101101101110", 'E': "111100110100111", 'F': "111100110100100",
    'G': "011100101101011", 'H': "101101111101101", 'I': "111010010010111",
    'J': "001001001101010", 'K': "101101110101101", 'L': "100100100100111",
    'M': "101111111101101", 'N': "110101101101101", 'O': "010101101101010",
    'P': "110101110100100", 'Q': "010101101110011", 'R': "110101110101101",
    'S': "011100010001110", 'T': "111010010010010", 'U': "101101101101111",
    'V': "101101101101010", 'W': "101101111111101", 'X': "101101010101101",
    'Y': "101101010010010", 'Z': "111001010100111", '0': "111101101101111",
    '1': "010110010010111", '2': "110001010100111", '3': "110001010001110",
    '4': "101101111001001", '5': "111100110001110", '6': "011100111101111",
    '7': "111001010010010", '8': "111101111101111", '9': "111101111001110",
    '-': "000000111000000", ' ': "000000000000000", '/': "001001010100100",
}

INK = (40, 40, 40)
BOX = (235, 242, 250)
EDGE = (30, 80, 150)
LINK = (90, 90, 90)
ZONE = (150, 150, 150)


class Canvas:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.px = bytearray(b"\xff" * (w * h * 3))

    def dot(self, x, y, c):
        if 0 <= x < self.w and 0 <= y < self.h:
            i = (y * self.w + x) * 3
            self.px[i:i + 3] = bytes(c)

    def rect(self, x0, y0, x1, y1, c):
        for y in range(y0, y1):
            for x in range(x0, x1):
                self.dot(x, y, c)

    def hline(self, x0, x1, y, c, dash=0):
        for x in range(min(x0, x1), max(x0, x1) + 1):
            if not dash or (x // dash) % 2 == 0:
                self.dot(x, y, c)

    def vline(self, x, y0, y1, c, dash=0):
        for y in range(min(y0, y1), max(y0, y1) + 1):
            if not dash or (y // dash) % 2 == 0:
                self.dot(x, y, c)

    def frame(self, x0, y0, x1, y1, c, dash=0):
        self.hline(x0, x1, y0, c, dash)
        self.hline(x0, x1, y1, c, dash)
        self.vline(x0, y0, y1, c, dash)
        self.vline(x1, y0, y1, c, dash)

    def text(self, x, y, s, c=INK):
        for ch in s.upper():
            g = FONT.get(ch, FONT[' '])
            for r in range(5):
                for k in range(3):
                    if g[r * 3 + k] == '1':
                        self.rect(x + k * SCALE, y + r * SCALE, x + (k + 1) * SCALE, y + (r + 1) * SCALE, c)
            x += 4 * SCALE

    def png(self):
        raw = b"".join(b"\x00" + bytes(self.px[y * self.w * 3:(y + 1) * self.w * 3]) for y in range(self.h))

        def chunk(tag, data):
            return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def text_width(s):
    return len(s) * 4 * SCALE - SCALE


def draw(spec):
    """spec: title, zones [(x0,y0,x1,y1,label)], nodes {id: (cx, cy, label)}, links [(a, b)]."""
    return canvas(spec).png()


def canvas(spec):
    """The drawn canvas of draw(spec) (scripts/make-units.py stamps titles on copies)."""
    cv = Canvas(W, H)
    cv.text(12, 10, spec["title"])
    for x0, y0, x1, y1, label in spec.get("zones", []):
        cv.frame(x0, y0, x1, y1, ZONE, dash=4)
        cv.text(x0 + 6, y0 + 6, label, ZONE)
    nodes = spec["nodes"]
    # links first (orthogonal: vertical from a, then horizontal, then vertical into b)
    for a, b in spec["links"]:
        ax, ay, _ = nodes[a]
        bx, by, _ = nodes[b]
        my = (ay + by) // 2
        cv.vline(ax, ay, my, LINK)
        cv.hline(ax, bx, my, LINK)
        cv.vline(bx, my, by, LINK)
    for cx, cy, label in nodes.values():
        w = max(text_width(label) + 16, 70)
        x0, y0, x1, y1 = cx - w // 2, cy - 14, cx + w // 2, cy + 14
        cv.rect(x0, y0, x1 + 1, y1 + 1, BOX)
        cv.frame(x0, y0, x1, y1, EDGE)
        cv.frame(x0 + 1, y0 + 1, x1 - 1, y1 - 1, EDGE)
        cv.text(cx - text_width(label) // 2, cy - 5, label)
    return cv


SPECS = {
    "topology-oa.png": {
        "title": "OA - WZSW-XT-01",
        "zones": [(20, 150, 620, 385, "DATA CENTER")],
        "nodes": {"u": (120, 60, "USERS"), "vpn": (480, 60, "SSL VPN"), "core": (320, 120, "CORE SW"),
                  "fw": (320, 190, "NGFW"), "app": (160, 270, "WEB APP X2"), "db": (320, 340, "DB X2"),
                  "fs": (500, 270, "FILE SRV")},
        "links": [("u", "core"), ("vpn", "core"), ("core", "fw"), ("fw", "app"), ("fw", "fs"), ("app", "db")],
    },
    "topology-scada.png": {
        "title": "SCADA - WZSW-SC-02",
        "zones": [(20, 100, 380, 260, "CONTROL CENTER"), (20, 280, 620, 390, "PLANTS AND STATIONS")],
        "nodes": {"oa": (520, 60, "OFFICE NET"), "gap": (520, 150, "GAP"), "core": (200, 150, "CORE SW"),
                  "srv": (100, 220, "SCADA X2"), "hmi": (290, 220, "HMI X6"), "ring": (200, 310, "RING"),
                  "plc": (100, 360, "PLC X16"), "rtu": (300, 360, "RTU X12"), "iot": (500, 330, "IOT GW")},
        "links": [("oa", "gap"), ("gap", "core"), ("core", "srv"), ("core", "hmi"), ("core", "ring"),
                  ("ring", "plc"), ("ring", "rtu"), ("iot", "core")],
    },
    "topology-billing.png": {
        "title": "BILLING - WZSW-YY-03",
        "zones": [(20, 90, 620, 390, "DATA CENTER AND PRIVATE CLOUD")],
        "nodes": {"inet": (160, 50, "INTERNET"), "bank": (480, 50, "BANKS"), "waf": (160, 130, "WAF"),
                  "fw": (160, 190, "NGFW"), "lb": (160, 250, "LB"), "app": (330, 250, "APP X4"),
                  "api": (480, 190, "API X2"), "db": (330, 340, "DB RAC"), "bh": (520, 340, "BASTION")},
        "links": [("inet", "waf"), ("waf", "fw"), ("fw", "lb"), ("lb", "app"), ("bank", "api"), ("api", "app"),
                  ("app", "db"), ("bh", "db")],
    },
    "topology-ehr.png": {
        "title": "EHR - YZJK-01",
        "zones": [(20, 150, 620, 390, "GOV CLOUD VPC")],
        "nodes": {"net": (150, 60, "HEALTH NET"), "gov": (470, 60, "GOV PORTAL"), "cfw": (150, 190, "CLOUD FW"),
                  "gw": (470, 190, "SEC GW"), "app": (310, 260, "APP VM X4"), "db": (310, 340, "DB VM X2"),
                  "bh": (520, 340, "BASTION")},
        "links": [("net", "cfw"), ("gov", "gw"), ("cfw", "app"), ("gw", "app"), ("app", "db"), ("bh", "db")],
    },
    "topology-portal.png": {
        "title": "PORTAL - YZJK-02",
        "zones": [(20, 100, 620, 390, "CENTER ROOM")],
        "nodes": {"inet": (200, 50, "INTERNET"), "fw": (200, 150, "FIREWALL"), "waf": (200, 220, "WAF"),
                  "web": (200, 290, "WEB SRV"), "db": (200, 360, "DB SRV"), "lan": (480, 150, "INTRANET"),
                  "adm": (480, 290, "ADMIN")},
        "links": [("inet", "fw"), ("fw", "waf"), ("waf", "web"), ("web", "db"), ("lan", "fw"), ("adm", "lan")],
    },
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "samples")
    for name, spec in SPECS.items():
        data = draw(spec)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
