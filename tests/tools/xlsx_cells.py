#!/usr/bin/env python3
"""Prints the cells of an .xlsx workbook as JSON: {"sheet name": [[cell, …], …]}.

Reads the Office Open XML parts with the standard library only (zipfile, xml.etree), so a test
checks the workbook as a spreadsheet program would read it, independently of the writer:
numbers become JSON numbers, shared and inline strings strings, and missing cells null.
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - ord("A") + 1)
    return n - 1


def main(path):
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        rels = {
            r.get("Id"): r.get("Target")
            for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("rel:Relationship", NS)
        }
        out = {}
        for sheet in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
            target = rels[sheet.get("{%s}id" % NS["r"])]
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            rows = []
            for row in ET.fromstring(z.read(part)).iter("{%s}row" % NS["m"]):
                index = int(row.get("r")) - 1
                while len(rows) <= index:
                    rows.append([])
                cells = rows[index]
                for c in row.findall("m:c", NS):
                    col = column_index(c.get("r"))
                    while len(cells) <= col:
                        cells.append(None)
                    kind = c.get("t")
                    v = c.find("m:v", NS)
                    if kind == "s":
                        cells[col] = shared[int(v.text)]
                    elif kind == "inlineStr":
                        cells[col] = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
                    elif kind == "str":
                        cells[col] = v.text if v is not None else ""
                    elif v is not None:
                        number = float(v.text)
                        cells[col] = int(number) if number.is_integer() else number
            out[sheet.get("name")] = rows
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
