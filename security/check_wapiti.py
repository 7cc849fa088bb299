#!/usr/bin/env python3
"""Reads a wapiti JSON report; prints every finding with its severity; exits 1 when any
vulnerability or anomaly is of medium severity or higher (wapiti's levels: 0 info, 1 low,
2 medium, 3 high, 4 critical), 2 when the report cannot be read."""
import json
import sys

LEVELS = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}
MEDIUM = 2


def main(path):
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as error:
        print(f"cannot read the wapiti report {path}: {error}")
        return 2
    serious = 0
    findings = 0
    for section in ("vulnerabilities", "anomalies", "additionals"):
        entries = report.get(section)
        if not isinstance(entries, dict):
            continue
        for category, items in sorted(entries.items()):
            for item in items or []:
                level = int(item.get("level", 0) or 0)
                findings += 1
                where = f"{item.get('method', '')} {item.get('path', '')}".strip()
                parameter = item.get("parameter") or ""
                info = " ".join(str(item.get("info", "")).split())[:160]
                print(f"{section}: {category} [{LEVELS.get(level, level)}] {where} {parameter}: {info}")
                if section in ("vulnerabilities", "anomalies") and level >= MEDIUM:
                    serious += 1
    infos = report.get("infos", {})
    if isinstance(infos, dict) and infos.get("target"):
        print(f"target: {infos.get('target')}, scope: {infos.get('scope', '?')}")
    print(f"{findings} finding(s), {serious} of medium severity or higher")
    return 1 if serious else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: check_wapiti.py REPORT.json")
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
