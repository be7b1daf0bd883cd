#!/usr/bin/env python3
# Checks an export file the way a user's script would read it, with Python's own parsers:
#   check_export.py csv|jsonl FILE ROWS COLUMN,COLUMN,...
# CSV: csv.reader in strict mode over the file decoded as UTF-8; a header row equal to COLUMNS,
# then ROWS records of as many fields, byte for byte what csv.writer writes with every field quoted
# and CRLF line ends. JSONL: ROWS lines, each a JSON
# object whose keys are COLUMNS in order. Unit ids (column "id") must be distinct. Prints one
# summary line; exits 1 with the reason on the first mismatch.
# SPDX-License-Identifier: GPL-2.0-or-later
import csv
import io
import json
import sys


def fail(message):
    print("check_export: " + message)
    sys.exit(1)


def check_csv(text, columns):
    if not text.endswith("\r\n"):
        fail("the last record does not end in CRLF")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader)
    if header != columns:
        fail("header %r, expected %r" % (header, columns))
    records = list(reader)
    for n, record in enumerate(records, start=1):
        if len(record) != len(columns):
            fail("record %d has %d fields, expected %d" % (n, len(record), len(columns)))
    # RFC 4180 as Python writes it with every field quoted and CRLF: the same bytes back.
    again = io.StringIO(newline="")
    csv.writer(again, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([header] + records)
    if again.getvalue() != text:
        fail("the file is not what csv.writer(QUOTE_ALL, CRLF) writes for the same records")
    return [dict(zip(columns, record)) for record in records]


def check_jsonl(text, columns):
    rows = []
    for n, line in enumerate(text.split("\n")[:-1], start=1):
        row = json.loads(line)
        if list(row.keys()) != columns:
            fail("line %d has keys %r, expected %r" % (n, list(row.keys()), columns))
        rows.append(row)
    if not text.endswith("\n") and text:
        fail("the last line does not end in LF")
    return rows


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("csv", "jsonl"):
        fail("usage: check_export.py csv|jsonl FILE ROWS COLUMN,COLUMN,...")
    form, path, expected, columns = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")  # strict: a byte that is not UTF-8 fails
    rows = check_csv(text, columns) if form == "csv" else check_jsonl(text, columns)
    if len(rows) != expected:
        fail("%d rows, expected %d" % (len(rows), expected))
    ids = set(row["id"] for row in rows)
    if len(ids) != len(rows):
        fail("%d rows but %d distinct ids" % (len(rows), len(ids)))
    print("check_export: %s: %d rows of %d columns, %d distinct ids" % (form, len(rows), len(columns), len(ids)))


main()
