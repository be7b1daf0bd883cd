#!/usr/bin/python3
# Reads what web/cite.h writes with real parsers, for tests/web/cite_test.cpp, and prints what
# they read as JSON on standard output (exit status 1 and a message on standard error when a
# parser refuses the file):
#   cite_check.py bibtex FILE   the entries bibtexparser (1.x, Debian's python3-bibtexparser)
#                               reads, each with its ENTRYTYPE, ID and fields as written
#   cite_check.py json FILE     the document Python's json module reads, dumped again
#   cite_check.py types FILE    {"key": "str" | "int" | "float" | ...} for a JSON object's keys
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import sys


def main(argv):
    if len(argv) != 3 or argv[1] not in ("bibtex", "json", "types"):
        print("usage: cite_check.py bibtex|json|types FILE", file=sys.stderr)
        return 2
    mode, path = argv[1], argv[2]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if mode == "bibtex":
        import bibtexparser
        from bibtexparser.bparser import BibTexParser

        # common_strings: the month macros (jan … dec) every BibTeX style defines.
        parser = BibTexParser(common_strings=True)
        database = bibtexparser.loads(text, parser)
        if not database.entries:
            print("bibtexparser read no entry", file=sys.stderr)
            return 1
        json.dump(database.entries, sys.stdout, ensure_ascii=False)
    elif mode == "json":
        json.dump(json.loads(text), sys.stdout, ensure_ascii=False)
    else:
        document = json.loads(text)
        json.dump({key: type(value).__name__ for key, value in document.items()}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
