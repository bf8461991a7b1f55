#!/usr/bin/env python3
"""zoom-phone's CSV, read back with a real CSV parser (Python's csv module), must give the same
records as its jsonl export of the same query.

usage: csv_parse_back.py PATH_TO_ZOOM_PHONE [PATH_TO_SPEC]

Runs `zoom-phone call-logs --sandbox --user me` twice against the built-in sandbox (no ZOOM_* variables in
its environment), once as jsonl and once as csv, for the ~2.5 months ending yesterday (UTC) with
50 records a page, so the export spans several pages and month windows. Then checks:
  - the CSV is RFC 4180: CRLF line ends outside quoted fields, every row as wide as the header;
  - the header is the column set derived from the spec's CallLog model (nested models flattened
    as `accepted_by.name`), in the spec's order, with no duplicates;
  - as many CSV records as jsonl lines, and more than 100;
  - every cell equals the jsonl value at the column's dotted path: strings as they are, absent
    or null as an empty cell, numbers, booleans, arrays and objects as the JSON text of the
    value (parsed with json.loads, so 1.5 and 1.50 are equal, but true and 1 are not);
  - no column is empty in every CSV record while the jsonl has values for it.
Fields the spec does not know (e.g. `call_path_id`) are in the jsonl only: they are listed, not
an error. Exit codes: 0 pass, 1 a mismatch (record, column and both values on stdout),
77 Python's csv module is unusable, 2 a usage error.
"""

import datetime
import io
import json
import os
import subprocess
import sys

try:
    import csv

    if list(csv.reader(io.StringIO('a,"b,""c""\r\nd"\r\n', newline=""))) != [["a", 'b,"c"\r\nd']]:
        raise ImportError("csv.reader misreads a quoted field")
except Exception as error:  # pragma: no cover - the standard library is assumed
    print(f"skipped: Python's csv module is unusable: {error}")
    sys.exit(77)

PAGE_SIZE = 50
MIN_RECORDS = 100
DAYS = 75  # about 2.5 months: three month windows
MAX_SHOWN = 20  # mismatches printed in full


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


# --- the CSV columns, from the spec -------------------------------------------------------------

def spec_columns(spec_path):
    """CallLog's properties in the spec's order; a property whose schema is an object model is
    replaced by its own properties, prefixed `name.` (as the CLI flattens nested models)."""
    try:
        with open(spec_path, encoding="utf-8") as file:
            spec = json.load(file)
    except (OSError, ValueError) as error:
        fail(f"cannot read the spec {spec_path}: {error}")
    schemas = spec["components"]["schemas"]

    def resolve(schema):
        while "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def columns(schema, prefix):
        out = []
        for name, property_schema in resolve(schema)["properties"].items():
            target = resolve(property_schema)
            if target.get("type") == "object" and "properties" in target:
                out += columns(target, prefix + name + ".")
            else:
                out.append(prefix + name)
        return out

    return columns({"$ref": "#/components/schemas/CallLog"}, "")


# --- running zoom-phone -------------------------------------------------------------------------

def export(zoom_phone, first, last, fmt):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")}
    command = [zoom_phone, "call-logs", "--sandbox", "--user", "me", "--from", first, "--to", last,
               "--page-size", str(PAGE_SIZE), "--format", fmt]
    try:
        run = subprocess.run(command, env=env, capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        fail(f"`{' '.join(command)}` did not finish in 300 s")
    if run.returncode != 0:
        fail(f"`{' '.join(command)}` exited with {run.returncode}; stderr:\n"
             + run.stderr.decode("utf-8", "replace"))
    if b"synthetic data of the built-in sandbox" not in run.stderr:
        fail(f"`{' '.join(command)}` did not say it used the built-in sandbox; stderr:\n"
             + run.stderr.decode("utf-8", "replace"))
    return run.stdout


def both_exports(zoom_phone):
    """The jsonl and csv exports of one range. The sandbox's data depends on today's date, so if
    the UTC date changed while they ran, run both again."""
    for _ in range(2):
        today = datetime.datetime.now(datetime.timezone.utc).date()
        last = today - datetime.timedelta(days=1)
        first = last - datetime.timedelta(days=DAYS)
        jsonl = export(zoom_phone, first.isoformat(), last.isoformat(), "jsonl")
        csv_bytes = export(zoom_phone, first.isoformat(), last.isoformat(), "csv")
        if datetime.datetime.now(datetime.timezone.utc).date() == today:
            return first, last, jsonl, csv_bytes
    fail("the UTC date kept changing while exporting")


# --- comparing ----------------------------------------------------------------------------------

MISSING = object()


def at_path(record, column):
    """The value at a dotted path of a jsonl record, or MISSING."""
    value = record
    for key in column.split("."):
        if not isinstance(value, dict) or key not in value:
            return MISSING
        value = value[key]
    return value


def same_json(a, b):
    """JSON equality that keeps true apart from 1 (Python's == does not) but lets 15 equal 15.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and a == b
    if isinstance(a, list) or isinstance(b, list):
        return (isinstance(a, list) and isinstance(b, list) and len(a) == len(b)
                and all(same_json(x, y) for x, y in zip(a, b)))
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()
                and all(same_json(a[k], b[k]) for k in a))
    return type(a) is type(b) and a == b


def cell_problem(cell, value):
    """Why `cell` does not hold `value`, or None when it does."""
    if value is MISSING or value is None:
        return None if cell == "" else "expected an empty cell (absent or null in jsonl)"
    if isinstance(value, str):
        return None if cell == value else "the string differs"
    try:
        parsed = json.loads(cell)
    except ValueError:
        return "the cell is not JSON, the jsonl value is not a string"
    return None if same_json(parsed, value) else "the JSON value differs"


def flattened_keys(record, prefix=""):
    for key, value in record.items():
        if isinstance(value, dict) and value:
            yield from flattened_keys(value, prefix + key + ".")
        else:
            yield prefix + key


def check_line_ends(text):
    """RFC 4180: outside quoted fields, every line break is CRLF, and the last record ends with
    one. Returns the number of rows (header included)."""
    rows, quoted, i = 0, False, 0
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif not quoted and c == "\r":
            if text[i + 1:i + 2] != "\n":
                fail(f"CSV: a bare CR outside quotes at character {i} (row {rows + 1})")
            rows += 1
            i += 1
        elif not quoted and c == "\n":
            fail(f"CSV: a bare LF outside quotes at character {i} (row {rows + 1}); RFC 4180 wants CRLF")
        i += 1
    if quoted:
        fail("CSV: the output ends inside a quoted field")
    if text and not text.endswith("\r\n"):
        fail("CSV: the last record does not end with CRLF")
    return rows


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.split("\n\n")[1])
        return 2
    zoom_phone = sys.argv[1]
    spec = sys.argv[2] if len(sys.argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "spec", "zoom-phone.json")
    columns = spec_columns(spec)
    if len(set(columns)) != len(columns):
        fail(f"the spec gives duplicate column names: {columns}")

    first, last, jsonl_bytes, csv_bytes = both_exports(zoom_phone)
    print(f"exported {first} .. {last}, {PAGE_SIZE} records a page: "
          f"{len(jsonl_bytes)} bytes of jsonl, {len(csv_bytes)} bytes of csv")

    # jsonl: one JSON object a line.
    try:
        jsonl_text = jsonl_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        fail(f"jsonl is not UTF-8: {error}")
    records = []
    for number, line in enumerate(jsonl_text.split("\n")[:-1] if jsonl_text.endswith("\n")
                                  else jsonl_text.split("\n"), start=1):
        try:
            record = json.loads(line)
        except ValueError as error:
            fail(f"jsonl line {number} is not JSON ({error}): {line[:200]!r}")
        if not isinstance(record, dict):
            fail(f"jsonl line {number} is not an object: {line[:200]!r}")
        records.append(record)

    # csv: the captured bytes, read as a file opened with newline='' would be.
    try:
        csv_text = csv_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        fail(f"CSV is not UTF-8: {error}")
    physical_rows = check_line_ends(csv_text)
    try:
        rows = list(csv.reader(io.StringIO(csv_text, newline=""), strict=True))
    except csv.Error as error:
        fail(f"Python's csv module cannot read the CSV: {error}")
    if not rows:
        fail("the CSV is empty: no header row")
    if len(rows) != physical_rows:
        fail(f"csv.reader read {len(rows)} rows but the text has {physical_rows} CRLF-terminated rows")
    header, data = rows[0], rows[1:]

    # The header.
    duplicates = sorted({c for c in header if header.count(c) > 1})
    if duplicates:
        fail(f"the CSV header repeats {duplicates}")
    for needed in ("id", "accepted_by.name", "site.id", "duration"):
        if needed not in header:
            fail(f"the CSV header has no {needed!r} column: {header}")
    if header != columns:
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        fail("the CSV header is not the spec's CallLog columns"
             + (f"; missing {missing}" if missing else "")
             + (f"; not in the spec {extra}" if extra else "")
             + ("; same columns in another order" if not missing and not extra else "")
             + f"\n  header: {header}\n  spec:   {columns}")
    for index, row in enumerate(data):
        if len(row) != len(header):
            fail(f"CSV record {index} (row {index + 2}) has {len(row)} cells, the header {len(header)}: {row}")

    # The records.
    if len(data) != len(records):
        fail(f"the CSV has {len(data)} records, the jsonl {len(records)}")
    if len(records) <= MIN_RECORDS:
        fail(f"only {len(records)} records; expected more than {MIN_RECORDS} (several pages)")

    # Columns never filled in the CSV although the jsonl has them: a flattening bug (said first,
    # as it would otherwise show as one mismatch a record).
    filled = {c: sum(1 for row in data if row[i] != "") for i, c in enumerate(header)}
    in_jsonl = {c: sum(1 for r in records if at_path(r, c) not in (MISSING, None)) for c in header}
    broken = [c for c in header if filled[c] == 0 and in_jsonl[c] > 0]
    if broken:
        fail("columns empty in every CSV record but present in the jsonl (a flattening bug): "
             + ", ".join(f"{c} ({in_jsonl[c]} records)" for c in broken))

    mismatches = []
    for index, (record, row) in enumerate(zip(records, data)):
        for column, cell in zip(header, row):
            value = at_path(record, column)
            problem = cell_problem(cell, value)
            if problem:
                mismatches.append((index, record.get("id"), column, cell, value, problem))
    if mismatches:
        print(f"FAIL: {len(mismatches)} CSV cells differ from the jsonl records"
              f" (record = 0-based index; CSV row = record + 2, jsonl line = record + 1):")
        for index, record_id, column, cell, value, problem in mismatches[:MAX_SHOWN]:
            shown = "(absent)" if value is MISSING else json.dumps(value, ensure_ascii=False)
            print(f"  record {index} (id {record_id}), column {column}: {problem}\n"
                  f"    csv cell:   {cell!r}\n    jsonl value: {shown}")
        if len(mismatches) > MAX_SHOWN:
            print(f"  ... and {len(mismatches) - MAX_SHOWN} more")
        return 1

    # Passed. What the data did and did not exercise:
    never = [c for c in header if in_jsonl[c] == 0]

    # Fields the spec does not know: jsonl only, by design.
    unknown = {}
    for record in records:
        for key in flattened_keys(record):
            if key not in filled:
                unknown[key] = unknown.get(key, 0) + 1

    special = [(i, c, row[j]) for i, row in enumerate(data) for j, c in enumerate(header)
               if any(ch in row[j] for ch in ',"\r\n')]
    non_ascii = sum(1 for row in data for cell in row if not cell.isascii())

    print(f"ok: {len(records)} records x {len(header)} columns, every cell equal to the jsonl value"
          f" ({sum(filled.values())} non-empty cells)")
    if never:
        print(f"note: columns with no value in any record of this range: {', '.join(never)}")
    if unknown:
        print("note: fields in the jsonl that are not CSV columns (not in the spec; expected): "
              + ", ".join(f"{k} ({n} records)" for k, n in sorted(unknown.items())))
    if special:
        i, c, cell = special[0]
        print(f"ok: {len(special)} cells hold a comma, quote or line break and were read back"
              f" intact, e.g. record {i} {c} = {cell!r}")
    else:
        fail("no cell holds a comma, quote or line break, so CSV quoting was not exercised; the"
             " sandbox's contact names (e.g. 'Contoso, Inc.') are meant to provide them")
    if non_ascii:
        print(f"ok: {non_ascii} cells hold non-ASCII text (UTF-8), read back intact")
    return 0


if __name__ == "__main__":
    sys.exit(main())
