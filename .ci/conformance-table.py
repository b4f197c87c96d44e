"""Prints a Markdown table of every conformance check against every run, from surefire XML reports.

Usage: python3 .ci/conformance-table.py RUNS_DIR NAME... (each NAME a directory of TEST-*.xml under RUNS_DIR)
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET


def results(directory):
    found = {}
    for report in glob.glob(os.path.join(directory, "TEST-*.xml")):
        for case in ET.parse(report).getroot().iter("testcase"):
            name = case.get("classname").rsplit(".", 1)[-1] + "." + case.get("name").split("(")[0]
            if case.find("failure") is not None or case.find("error") is not None:
                found[name] = "FAIL"
            elif case.find("skipped") is not None:
                message = (case.find("skipped").get("message") or "").strip()
                found[name] = "skip: " + message.replace("|", "/")[:90] if message else "skip"
            else:
                found[name] = "pass"
    return found


def main():
    runs_dir, names = sys.argv[1], sys.argv[2:]
    table = {name: results(os.path.join(runs_dir, name)) for name in names}
    checks = sorted(set().union(*table.values()))
    print("| check | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for check in checks:
        print("| `" + check + "` | " + " | ".join(table[name].get(check, "-") for name in names) + " |")


main()
