#!/usr/bin/env python3
"""Writes tradewatch's corpus of BAD input files and its manifest.

Run from any directory:  python3 crates/sources/tests/data/bad/make_bad.py
Every file is written next to this script, with manifest.toml (one [[file]] table per
file). Standard library only; the output is deterministic (gzip mtime 0, "random" bytes
from a SHA-256 counter), so re-running gives the same bytes.

Written from the specification only (/work/shared/formats.md, the README's "tradewatch CSV
format" section and the good fixtures next door), without reading the readers' source.
Every file here is one a correct reader must REJECT (an error naming the file, never
"0 rows" and never a skip-with-warning). README.md says which cases the spec leaves open.

The single big case (a 50 MiB line) is not written: the manifest lists it with
`generate = "long-line"` and the test makes it at run time. `--long-line PATH` writes the
same bytes to PATH for manual runs (never into this directory: it is too big for git).

Manifest fields: name, format (the reader to force, or "auto"), mapping (mapped-csv only),
flow/period (GACC only, the --flow/--period flags), line, why, generate (long-line only).
`line` is the 1-based line the error should name, 0 when the whole file is the problem.
Line conventions: CSV/TSV header = line 1. JSON files are laid out so that the physical
line of a record equals its 1-based position (Comtrade: record k of `data` is on line k,
the envelope's opening shares line 1; Census: the header row and data row 1 share line 1,
data row k is on line k), so "physical line" and "record number" give the same answer.
"""

import codecs
import gzip
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ENTRIES = []
NAMES = set()

LONG_LINE_BYTES = 50 * 1024 * 1024
LONG_LINE_HEADER = b"reporter,partner,flow,commodity,period,measure,value,unit\n"


def long_line_bytes():
    """The generated case: a tradewatch CSV header, then one 50 MiB line of 'A'
    (no comma, no newline at the end)."""
    return LONG_LINE_HEADER + b"A" * LONG_LINE_BYTES


def add(name, fmt, data, line, why, mapping=None, flow=None, period=None):
    assert name not in NAMES, name
    assert fmt in FORMATS, fmt
    assert isinstance(data, bytes)
    assert len(data) < 64 * 1024, (name, len(data))
    assert why.endswith(".") and "\n" not in why, name
    NAMES.add(name)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    ENTRIES.append(dict(name=name, format=fmt, mapping=mapping, flow=flow, period=period,
                        line=line, why=why, generate=None))


def add_generated(name, fmt, kind, line, why):
    assert name not in NAMES, name
    NAMES.add(name)
    ENTRIES.append(dict(name=name, format=fmt, mapping=None, flow=None, period=None,
                        line=line, why=why, generate=kind))


FORMATS = ("tradewatch-csv", "comtrade-json", "comtrade-bulk", "census-json", "gacc-csv",
           "comext-bulk", "comext-sdmx", "mapped-csv", "auto")


def sub(text, old, new, count=1):
    """Replace exactly `count` occurrences (asserted, so a template change is caught)."""
    assert text.count(old) == count, (old, text.count(old))
    return text.replace(old, new)


def rand_bytes(n, seed):
    out = bytearray()
    i = 0
    while len(out) < n:
        out += hashlib.sha256(b"%s:%d" % (seed.encode(), i)).digest()
        i += 1
    return bytes(out[:n])


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


BOM = codecs.BOM_UTF8
BOM_CHAR = "\ufeff"


def lines_lf(lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def lines_crlf(lines):
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def replace_line(lines, lineno, new):
    """lines[0] is file line 1."""
    out = list(lines)
    out[lineno - 1] = new
    return out


def edit_line(lines, lineno, old, new):
    out = list(lines)
    out[lineno - 1] = sub(out[lineno - 1], old, new)
    return out


# ===========================================================================
# tradewatch CSV (README "The tradewatch CSV format")
# ===========================================================================

TW_HEADER = ("source,reporter,partner,flow,commodity,hs_code,period,measure,value,unit,"
             "source_url,published,quality,note")
TW_ROWS = [  # lines 2..7
    "press,CHN,WLD,export,rare_earth_magnets,850511,2025-09,quantity,\"5,774\",t,"
    "https://example.org/news/2025-10-20-magnets,2025-10-20,ok,",
    "press,CHN,USA,export,rare_earth_magnets,850511,2025-09,quantity,420.5,t,"
    "https://example.org/news/2025-10-20-magnets,2025-10-20,ok,",
    "press,CHN,USA,export,rare_earth_magnets,850511,2025-09,change_yoy_pct,-29.5,pct,"
    "https://example.org/news/2025-10-20-magnets,2025-10-20,ok,",
    "press,CHN,DEU,export,rare_earth_magnets,850511,2025-08,quantity,\"1,341.08\",t,"
    "https://example.org/news/2025-09-20-smm,2025-09-20,conflict,\"SMM, rounded\"",
    "press,CHN,WLD,export,rare_earths,,2025-01..02,quantity,\"8,511\",t,"
    "https://example.org/news/2025-03-07-rare-earths,2025-03-07,ok,Jan-Feb combined",
    "press,CHN,WLD,export,rare_earth_magnets,850511,2025-01..06,value,1020000000,USD,"
    "https://example.org/news/2025-07-20-h1,2025-07-20,ok,",
]
TW = [TW_HEADER] + TW_ROWS


def tw(lines):
    return lines_lf(lines)


def make_tradewatch_csv():
    f = "tradewatch-csv"
    add("tw-empty.csv", f, b"", 0,
        "Zero bytes: no header row, so none of the required columns (reporter, partner, flow, "
        "commodity, period, measure, value, unit) exists.")

    data = tw(TW)
    i = data.index(b"420.5")
    data = data[:i] + b"42\x000.5" + data[i + 5:]
    add("tw-nul-in-value.csv", f, data, 3,
        "A NUL byte in the middle of the value field of line 3 (42<NUL>0.5) is not a number.")

    cat = TW[:3] + [BOM_CHAR + TW_HEADER] + TW_ROWS[2:]
    add("tw-bom-middle.csv", f, tw(cat), 4,
        "A second file that starts with a BOM appended to the first: line 4 is a UTF-8 BOM plus "
        "the header again, read as a data row whose source/reporter/flow/period are column "
        "names, not values.")

    lines = [l.encode("utf-8") for l in TW]
    lines[2] = sub(TW[2], ",CHN,USA,", ",CHN,@@,").encode("utf-8").replace(
        b"@@", "中国".encode("gbk"))
    add("tw-gbk-partner.csv", f, b"\n".join(lines) + b"\n", 3,
        "UTF-8 file whose line 3 has the partner typed as 中国 in GBK bytes (D6 D0 B9 FA): "
        "invalid UTF-8, and not an ISO3 code either.")

    add("tw-duplicate-value-column.csv", f, tw([
        "reporter,partner,flow,commodity,period,measure,value,unit,value",
        "CHN,USA,export,rare_earth_magnets,2025-09,quantity,420.5,t,4205",
        "CHN,WLD,export,rare_earth_magnets,2025-09,quantity,5774,t,5774",
    ]), 1, "The header names the column value twice and line 2 gives the two copies different "
           "numbers (420.5 vs 4205): which one is the figure cannot be told.")

    add("tw-missing-unit-column.csv", f, tw([
        "reporter,partner,flow,commodity,period,measure,value,source_url",
        "CHN,WLD,export,rare_earth_magnets,2025-09,quantity,5774,https://example.org/a",
        "CHN,USA,export,rare_earth_magnets,2025-09,quantity,420.5,https://example.org/a",
    ]), 1, "The required column unit is missing from the header, so 5774 could be t or kg.")

    add("tw-nan-value.csv", f, tw(edit_line(TW, 3, ",quantity,420.5,t,", ",quantity,NaN,t,")), 3,
        "Line 3's value is NaN, which is not a published number.")
    add("tw-inf-value.csv", f, tw(edit_line(TW, 5, ",quantity,\"1,341.08\",t,", ",quantity,inf,t,")),
        5, "Line 5's quantity is inf, which is not a finite number.")
    add("tw-neg-inf-change.csv", f,
        tw(edit_line(TW, 4, ",change_yoy_pct,-29.5,pct,", ",change_yoy_pct,-inf,pct,")), 4,
        "Line 4's change_yoy_pct is -inf: a change may be negative but must be finite.")
    add("tw-1e400-value.csv", f,
        tw(edit_line(TW, 7, ",value,1020000000,USD,", ",value,1e400,USD,")), 7,
        "Line 7's value 1e400 overflows f64 to infinity.")
    add("tw-negative-quantity.csv", f,
        tw(edit_line(TW, 3, ",quantity,420.5,t,", ",quantity,-1,t,")), 3,
        "Line 3 has measure quantity with value -1 t: a traded quantity cannot be negative.")
    add("tw-bad-thousands.csv", f,
        tw(edit_line(TW, 5, ",quantity,\"1,341.08\",t,", ",quantity,\"1,23,4.5\",t,")), 5,
        "Line 5's value \"1,23,4.5\" has thousands separators in impossible places "
        "(groups of 2 and 1 digits).")
    add("tw-month-13.csv", f, tw(edit_line(TW, 3, ",2025-09,", ",2025-13,")), 3,
        "Line 3's period 2025-13 has month 13.")
    add("tw-year-3000.csv", f, tw(edit_line(TW, 4, ",2025-09,", ",3000-09,")), 4,
        "Line 4's period 3000-09 is almost a millennium in the future: no published figure "
        "can be for it.")
    add("tw-published-feb-30.csv", f,
        tw(edit_line(TW, 3, ",2025-10-20,ok,", ",2025-02-30,ok,")), 3,
        "Line 3's published date 2025-02-30 does not exist.")
    add("tw-span-reversed.csv", f, tw(edit_line(TW, 6, ",2025-01..02,", ",2025-02..01,")), 6,
        "Line 6's period 2025-02..01 is a span that ends before it starts.")
    add("tw-partner-formula.csv", f, tw(edit_line(
        TW, 3, ",CHN,USA,", ",CHN,\"=HYPERLINK(\"\"http://evil.example/x\"\",\"\"USA\"\")\",")), 3,
        "Line 3's partner is the spreadsheet formula =HYPERLINK(\"http://evil.example/x\",\"USA\"), "
        "not an ISO3 code or a listed aggregate.")
    add("tw-code-formula.csv", f, tw([
        "reporter,partner,flow,commodity,classification,code,period,measure,value,unit",
        "CHN,WLD,export,rare_earth_magnets,HS,850511,2025-09,quantity,5774,t",
        "CHN,USA,export,rare_earth_magnets,HS,850511,2025-09,quantity,420.5,t",
        "CHN,DEU,export,rare_earth_magnets,HS,@SUM(1),2025-09,quantity,603.4,t",
    ]), 4, "Line 4's HS code is the formula @SUM(1); an HS code is digits only.")
    add("tw-too-few-fields.csv", f,
        tw(replace_line(TW, 4, "press,CHN,USA,export,rare_earth_magnets,850511,2025-09,quantity")),
        4, "Line 4 stops after measure: 8 fields where the header has 14, so value and unit "
           "are missing.")
    add("tw-too-many-fields.csv", f,
        tw(edit_line(TW, 2, ",quantity,\"5,774\",t,", ",quantity,5,774,t,")), 2,
        "Line 2 has 15 fields for a 14-column header: the unquoted 5,774 splits into value 5 "
        "and unit 774, shifting every later column.")
    add("tw-header-then-garbage.csv", f, tw([TW_HEADER, "this is not a data row"]), 2,
        "Header only, then a trailing garbage line with 1 field where 14 are needed.")

    add_generated("tw-long-line.csv", f, "long-line", 2,
                  "Generated at test time, not committed: the line "
                  "'reporter,partner,flow,commodity,period,measure,value,unit' then one "
                  "50 MiB (52,428,800 bytes) line of 'A' with no comma and no final newline; "
                  "1 field where 8 are needed (also a memory and time stress case).")


# ===========================================================================
# Comtrade JSON (formats.md §1.4-1.7)
# ===========================================================================

MAGNET_DESC = ("Magnets; permanent magnets and articles intended to become permanent "
               "magnets after magnetisation, of metal")
CT_PARTNERS = {0: ("W00", "World"), 842: ("USA", "USA"), 276: ("DEU", "Germany"),
               392: ("JPN", "Japan")}


def ct_rec(partner, qty, value, year=2025, month=3):
    iso, desc = CT_PARTNERS[partner]
    return {
        "typeCode": "C", "freqCode": "M", "refPeriodId": year * 10000 + month * 100 + 1,
        "refYear": year, "refMonth": month, "period": "%04d%02d" % (year, month),
        "reporterCode": 156, "reporterISO": "CHN", "reporterDesc": "China",
        "flowCode": "X", "flowDesc": "Export",
        "partnerCode": partner, "partnerISO": iso, "partnerDesc": desc,
        "partner2Code": 0, "partner2ISO": "W00", "partner2Desc": "World",
        "classificationCode": "H6", "classificationSearchCode": "HS",
        "isOriginalClassification": True, "cmdCode": "850511", "cmdDesc": MAGNET_DESC,
        "aggrLevel": 6, "isLeaf": True, "customsCode": "C00", "customsDesc": "TOTAL CPC",
        "mosCode": "0", "motCode": 0, "motDesc": "TOTAL MOT",
        "qtyUnitCode": 8, "qtyUnitAbbr": "kg", "qty": qty, "isQtyEstimated": False,
        "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": None,
        "isAltQtyEstimated": False, "netWgt": qty, "isNetWgtEstimated": False,
        "grossWgt": None, "isGrossWgtEstimated": False, "cifvalue": None,
        "fobvalue": value, "primaryValue": value, "legacyEstimationFlag": 0,
        "isReported": True, "isAggregate": False,
    }


def js(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def ct_records():
    """Four good records, serialized (rec 1 World ... rec 4 Japan)."""
    return [js(ct_rec(0, 1115065.0, 46447189.0)), js(ct_rec(842, 612345.0, 23456789.0)),
            js(ct_rec(276, 201500.0, 9870000.0)), js(ct_rec(392, 301220.0, 11870400.0))]


def ct_file(recs, count=None, error=""):
    """Record k on physical line k (the envelope's opening shares line 1)."""
    n = len(recs)
    count = n if count is None else count
    out = []
    for i, r in enumerate(recs):
        pre = '{"elapsedTime":"0.21 secs","count":%d,"data":[' % count if i == 0 else ""
        post = "," if i < n - 1 else '],"error":%s}' % json.dumps(error)
        out.append(pre + r + post)
    return ("\n".join(out) + "\n").encode("utf-8")


LOGIN_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sign in to your account</title>
<link rel="stylesheet" href="/static/login.css">
</head>
<body>
<form method="post" action="/login?returnUrl=%2Fdata%2Fv1%2Fget%2FC%2FM%2FHS">
<h1>Sign in</h1>
<label for="email">Email address</label>
<input type="email" id="email" name="email" autocomplete="username">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<button type="submit">Sign in</button>
<p><a href="/forgot-password">Forgot your password?</a></p>
</form>
</body>
</html>
"""


def make_comtrade_json():
    f = "comtrade-json"
    add("ct-empty.json", f, b"", 0,
        "Zero bytes: not JSON; Comtrade's empty answer is the envelope with count 0 "
        "(formats.md §1.4), not an empty body.")

    deep = 10000
    body = ('{"elapsedTime":"0.01 secs","count":1,"data":[' + '{"a":' * (deep - 2) + "0"
            + "}" * (deep - 2) + '],"error":""}')
    add("ct-nested-10000.json", f, body.encode(), 0,
        "JSON nested 10,000 levels deep (objects inside data[]): far past any sane recursion "
        "limit and not a record.")

    add("ct-rate-limit-429.json", f,
        b'{"statusCode":429,"message":"Rate limit is exceeded. Try again in 17 seconds."}\n', 0,
        "An Azure API Management 429 body saved as the answer: an ingest error, never "
        "0 rows (formats.md §8).")
    add("ct-unauthorized-401.json", f,
        b'{ "statusCode": 401, "message": "Access denied due to invalid subscription key. '
        b'Make sure to provide a valid key for an active subscription." }\n', 0,
        "A gateway 401 body ({\"statusCode\":401,...}) saved as the answer: an error body, "
        "not data (formats.md §1.4, §8).")
    add("ct-login-page.json", f, LOGIN_HTML.encode(), 0,
        "An HTML sign-in page saved as .json: not JSON, must be an ingest error naming the "
        "file (formats.md §8).")
    add("ct-error-object.json", f,
        b'{"errorObject":{"errorCode":400,"errorMessage":"Invalid parameter: period"}}\n', 0,
        "A data-layer error body with errorObject.errorMessage (formats.md §1.4): an error, "
        "not an empty result.")
    add("ct-error-field.json", f,
        b'{"elapsedTime":"0.02 secs","count":0,"data":[],'
        b'"error":"Internal server error. Please retry later."}\n', 0,
        "The envelope's error field is non-empty (it is \"\" on success, formats.md §1.4): a "
        "failed query, not a successful empty one.")

    rec = ct_records()
    data = ('{"elapsedTime":"0.21 secs","count":1,"data":{"record":' + rec[1]
            + '},"error":""}\n').encode()
    add("ct-data-not-array.json", f, data, 0,
        "The envelope's data is an object, not the array of records formats.md §1.4 specifies.")

    r = json.loads(rec[2])
    r.update(refPeriodId=20241301, refYear=2024, refMonth=13, period="202413")
    add("ct-period-202413.json", f, ct_file([rec[0], rec[1], js(r), rec[3]]), 3,
        "Record 3 is for period \"202413\" (refPeriodId 20241301, refMonth 13): month 13 "
        "does not exist (only 52 means a year, and only with freqCode A).")

    r = sub(rec[1], '"cmdCode":"850511"', '"cmdCode":"=HYPERLINK(\\"http://evil.example/x\\",'
            '\\"850511\\")"')
    add("ct-cmdcode-formula.json", f, ct_file([rec[0], r, rec[2], rec[3]]), 2,
        "Record 2's cmdCode is the formula =HYPERLINK(\"http://evil.example/x\",\"850511\"); "
        "a cmdCode is TOTAL or digits.")

    add("ct-nan-value.json", f, ct_file([rec[0], rec[1], sub(
        rec[2], '"primaryValue":9870000.0', '"primaryValue":NaN'), rec[3]]), 3,
        "Record 3's primaryValue is the bare token NaN, which is not JSON.")
    add("ct-1e400-value.json", f, ct_file([rec[0], rec[1], rec[2], sub(
        rec[3], '"primaryValue":11870400.0', '"primaryValue":1e400')]), 4,
        "Record 4's primaryValue 1e400 is out of range for f64.")
    add("ct-partnercode-i64-overflow.json", f, ct_file([rec[0], rec[1], sub(
        rec[2], '"partnerCode":276', '"partnerCode":9223372036854775808'), rec[3]]), 3,
        "Record 3's partnerCode 9223372036854775808 is i64::MAX + 1, not an M49 code.")

    r = json.loads(rec[2])
    del r["cmdCode"]
    add("ct-missing-cmdcode.json", f, ct_file([rec[0], rec[1], js(r), rec[3]]), 3,
        "Record 3 has no cmdCode field, so the product is unknown.")

    full = ct_file(rec)
    add("ct-truncated.json", f, full[:len(full) * 2 // 3], 0,
        "The body is cut off two thirds of the way through (a dropped connection): the JSON "
        "never closes.")

    add("ct-bom-middle.json", f, ct_file([rec[0], rec[1], BOM_CHAR + rec[2], rec[3]]), 3,
        "A UTF-8 BOM (U+FEFF) at the start of line 3, between two records, where JSON allows "
        "only whitespace.")

    data = ct_file(rec)
    i = data.index(b"to become permanent", data.index(b'"partnerCode":276'))
    data = data[:i] + b"to be\x00come permanent" + data[i + len(b"to become permanent"):]
    add("ct-nul-in-string.json", f, data, 3,
        "A raw NUL byte inside record 3's cmdDesc string: control characters must be escaped "
        "in JSON.")

    data = ct_file(rec)
    old = b'"partnerDesc":"Germany"'
    assert data.count(old) == 1
    data = data.replace(old, b'"partnerDesc":"' + "德国".encode("gbk") + b'"')
    add("ct-gbk-string.json", f, data, 3,
        "Record 3's partnerDesc is 德国 in GBK bytes (B5 C2 B9 FA), invalid UTF-8 in a JSON "
        "text, which must be UTF-8.")


# ===========================================================================
# Comtrade bulk TSV (formats.md §1.9)
# ===========================================================================

BULK_HEADER = ("datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\t"
               "REPORTERCODE\tflowCode\tpartnerCode\tpartner2Code\tclassificationSearchCode\t"
               "classificationCode\tisOriginalClassification\tcmdCode\tcustomsCode\tmosCode\t"
               "motCode\tqtyUnitCode\tqty\tisQtyEstimated\taltQtyUnitCode\taltQty\t"
               "isAltQtyEstimated\tnetWgt\tisnetWgtEstimated\tgrossWgt\tisGrossWgtEstimated\t"
               "cifValue\tfobValue\tprimaryValue\tlegacyEstimationFlag\tisReported\tisAggregate")
assert len(BULK_HEADER.split("\t")) == 34


def bulk_row(partner, code, qty, value, period="202503", agg=0):
    y, m = int(period[:4]), int(period[4:])
    q = "" if qty is None else "%.1f" % qty
    unit = "8" if qty is not None else "-1"
    cells = ["20156202503162100", "C", "M", "%04d%02d01" % (y, m), str(y), str(m), period,
             "156", "X", str(partner), "0", "H6", "H6", "1", code, "C00", "0", "0", unit, q,
             "0", "-1", "", "0", q, "0", "", "0", "", "%.1f" % value, "%.1f" % value, "0", "1",
             str(agg)]
    assert len(cells) == 34
    return "\t".join(cells)


BULK_ROWS = [  # lines 2..8
    bulk_row(0, "850511", 1115065, 46447189),
    bulk_row(842, "850511", 612345, 23456789),
    bulk_row(276, "850511", 201500, 9870000),
    bulk_row(0, "280530", 412300, 16492000),
    bulk_row(842, "280530", 150000, 6000000),
    bulk_row(276, "280530", None, 1830000),
    bulk_row(842, "85", None, 98765432, agg=1),
]
BULK = [BULK_HEADER] + BULK_ROWS


def make_comtrade_bulk():
    f = "comtrade-bulk"
    good = lines_lf(BULK)
    good_gz = gz(good)

    add("bulk-empty.txt", f, b"", 0,
        "Zero bytes: no header row, so none of the 34 bulk columns exists.")
    add("bulk-truncated.txt.gz", f, good_gz[:len(good_gz) // 2], 0,
        "A valid gzip of a good bulk TSV cut in half: the deflate stream and the CRC/size "
        "trailer are missing (unexpected end of file).")
    add("bulk-gzip-of-garbage.txt.gz", f, gz(rand_bytes(4096, "bulk-garbage")), 0,
        "A well-formed gzip whose content is 4 KiB of random bytes: no tab-separated header, "
        "not even UTF-8.")
    add("bulk-not-gzip.txt.gz", f, b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
        + rand_bytes(1024, "not-gzip"), 0,
        "A gzip header followed by 1 KiB of random bytes that are not a deflate stream.")
    bad_crc = bytearray(good_gz)
    bad_crc[-8] ^= 0xFF
    add("bulk-bad-crc.txt.gz", f, bytes(bad_crc), 0,
        "A gzip of a good bulk TSV with one byte of the CRC-32 trailer flipped: the content "
        "is corrupt as far as the reader can tell.")

    cols = BULK_HEADER.split("\t")
    keep = [i for i, c in enumerate(cols) if c != "primaryValue"]
    lines = ["\t".join(l.split("\t")[i] for i in keep) for l in BULK]
    add("bulk-missing-primaryvalue.txt", f, lines_lf(lines), 1,
        "The header has no primaryValue column (33 columns), so no row has a value.")

    lines = [BULK_HEADER + "\tPRIMARYVALUE"] + [
        r + "\t" + str(float(r.split("\t")[30]) * 10) for r in BULK_ROWS]
    add("bulk-duplicate-primaryvalue.txt", f, lines_lf(lines), 1,
        "The header has primaryValue and PRIMARYVALUE, the same column once names are "
        "matched case-insensitively (formats.md §1.9), and the two disagree by a factor of 10.")

    lines = edit_line(BULK, 4, "\t9870000.0\t9870000.0\t", "\t9870000.0\t98700\x0000.0\t")
    add("bulk-nul-in-value.txt", f, lines_lf(lines), 4,
        "A NUL byte in the middle of line 4's primaryValue (98700<NUL>00.0).")
    lines = edit_line(BULK, 3, "\t23456789.0\t23456789.0\t", "\t23456789.0\tinf\t")
    add("bulk-inf-value.txt", f, lines_lf(lines), 3,
        "Line 3's primaryValue is inf, not a finite number of US dollars.")
    lines = edit_line(BULK, 5, "\t412300.0\t0\t-1\t", "\t-inf\t0\t-1\t")
    add("bulk-neg-inf-qty.txt", f, lines_lf(lines), 5,
        "Line 5's qty (unit 8, kg) is -inf.")
    lines = edit_line(BULK, 3, "\t202503\t156\tX\t", "\t202503\t9223372036854775808\tX\t")
    add("bulk-reporter-i64-overflow.txt", f, lines_lf(lines), 3,
        "Line 3's reporterCode 9223372036854775808 is i64::MAX + 1, not an M49 code.")
    lines = replace_line(BULK, 4, bulk_row(276, "850511", 201500, 9870000, period="202500"))
    add("bulk-month-00.txt", f, lines_lf(lines), 4,
        "Line 4 is for period 202500 (refPeriodId 20250001, refMonth 0): month 00 does not exist.")
    lines = edit_line(BULK, 6, "\t280530\t", "\t28O53O\t")
    add("bulk-letter-in-code.txt", f, lines_lf(lines), 6,
        "Line 6's cmdCode 28O53O has the letter O for zero; an HS code is digits.")
    lines = replace_line(BULK, 3, "\t".join(BULK_ROWS[1].split("\t")[:24]))
    add("bulk-short-row.txt", f, lines_lf(lines), 3,
        "Line 3 has 24 tab-separated fields for a 34-column header (netWgt to isAggregate, "
        "including primaryValue, are missing).")
    add("bulk-header-then-garbage.txt", f, lines_lf([BULK_HEADER, "%%EOF"]), 2,
        "Header only, then a trailing garbage line with 1 field where 34 are needed.")


# ===========================================================================
# Census JSON (formats.md §2.3-2.4)
# ===========================================================================

CEN_HEADER = ["CTY_CODE", "CTY_NAME", "I_COMMODITY", "I_COMMODITY_SDESC", "GEN_VAL_MO",
              "CON_VAL_MO", "GEN_QY1_MO", "CON_QY1_MO", "UNIT_QY1", "time", "COMM_LVL",
              "I_COMMODITY", "CTY_CODE"]
DESC = "PERMANENT MAGNETS OF METAL, NESOI"


def cen_row(cty, name, gen, con, qy, unit, time):
    return [cty, name, "8505110070", DESC, gen, con, qy, qy, unit, time, "HS10", "8505110070",
            cty]


CEN_ROWS = [  # data rows 1..5
    cen_row("5700", "CHINA", "41234567", "40987654", "1523400", "KG", "2025-03"),
    cen_row("5880", "JAPAN", "5120300", "5120300", "61200", "KG", "2025-03"),
    cen_row("4280", "GERMANY", "1873400", "1870000", "0", "-", "2025-03"),
    cen_row("5800", "KOREA, SOUTH", "2210000", "2210000", "40100", "KG", "2025-03"),
    cen_row("5700", "CHINA", "38811200", "38700150", "1437700", "KG", "2025-02"),
]


def cen_file(header, rows):
    """Header row and data row 1 share line 1; data row k is on line k."""
    hs = js(header)
    rs = [r if isinstance(r, str) else js(r) for r in rows]
    if not rs:
        return ("[" + hs + "]\n").encode("utf-8")
    out = []
    for i, r in enumerate(rs):
        pre = "[" + hs + "," if i == 0 else ""
        post = "," if i < len(rs) - 1 else "]"
        out.append(pre + r + post)
    return ("\n".join(out) + "\n").encode("utf-8")


def cen_set(row, col, value):
    """Set every occurrence of a (possibly duplicated) column."""
    row = list(row)
    for i, c in enumerate(CEN_HEADER):
        if c == col:
            row[i] = value
    return row


def make_census_json():
    f = "census-json"
    add("cen-nested-10000.json", f, ("[" * 10000 + "]" * 10000).encode(), 0,
        "Arrays nested 10,000 levels deep instead of an array of arrays of strings.")
    add("cen-login-page.json", f, LOGIN_HTML.encode(), 0,
        "An HTML sign-in page saved as .json: not the array of arrays, must be an ingest "
        "error naming the file (formats.md §8).")
    add("cen-error-text.json", f,
        b"error: unknown variable 'GEN_VAL_MOX'\n", 0,
        "A Census HTTP 400 plain-text body (formats.md §2.3) saved as .json: an error, not "
        "an empty result (only a zero-byte body means no rows).")
    add("cen-object-not-array.json", f,
        b'{"error":"There was an error while running your query.  We\'ve logged the error '
        b'and we\'ll correct it ASAP.  Sorry for the inconvenience."}\n', 0,
        "A JSON object instead of the array of arrays of formats.md §2.3.")
    add("cen-first-row-not-header.json", f, cen_file(CEN_ROWS[0], CEN_ROWS[1:]), 0,
        "The first row is data (5700, CHINA, ...), not the header, so no column name "
        "(CTY_CODE, GEN_VAL_MO, time, ...) can be found.")

    drop = CEN_HEADER.index("time")
    hdr = [c for i, c in enumerate(CEN_HEADER) if i != drop]
    rows = [[v for i, v in enumerate(r) if i != drop] for r in CEN_ROWS]
    add("cen-no-period-column.json", f, cen_file(hdr, rows), 0,
        "Neither time nor YEAR/MONTH is in the header, so no row has a period.")

    rows = list(CEN_ROWS)
    rows[2] = rows[2][:9]
    add("cen-short-row.json", f, cen_file(CEN_HEADER, rows), 3,
        "Data row 3 has 9 strings for a 13-name header (time and the echoed predicates are "
        "missing).")
    rows = list(CEN_ROWS)
    rows[3] = rows[3][:2] + ["KOREA"] + rows[3][2:]
    add("cen-long-row.json", f, cen_file(CEN_HEADER, rows), 4,
        "Data row 4 has 14 strings for a 13-name header: an extra name string shifts every "
        "later column (GEN_VAL_MO would read the description).")
    rows = list(CEN_ROWS)
    rows[2] = cen_set(rows[2], "GEN_VAL_MO", "NaN")
    add("cen-nan-value.json", f, cen_file(CEN_HEADER, rows), 3,
        "Data row 3's GEN_VAL_MO is \"NaN\"; Census values are integer strings.")
    rows = list(CEN_ROWS)
    rows[3] = cen_set(rows[3], "GEN_VAL_MO", "12,34")
    add("cen-bad-thousands.json", f, cen_file(CEN_HEADER, rows), 4,
        "Data row 4's GEN_VAL_MO is \"12,34\": Census values are plain integer strings, and "
        "this is neither that nor a well-placed thousands separator.")
    rows = list(CEN_ROWS)
    rows[2] = cen_set(rows[2], "time", "2025-13")
    add("cen-month-13.json", f, cen_file(CEN_HEADER, rows), 3,
        "Data row 3's time is 2025-13: month 13.")
    rows = list(CEN_ROWS)
    rows[3] = cen_set(rows[3], "CTY_CODE", "9223372036854775808")
    add("cen-cty-code-i64-overflow.json", f, cen_file(CEN_HEADER, rows), 4,
        "Data row 4's CTY_CODE is 9223372036854775808 (i64::MAX + 1), not a 4-character "
        "Schedule C code or -.")
    rows = list(CEN_ROWS)
    rows[2] = cen_set(rows[2], "I_COMMODITY", "@SUM(1)")
    add("cen-commodity-formula.json", f, cen_file(CEN_HEADER, rows), 3,
        "Data row 3's I_COMMODITY (both copies) is the formula @SUM(1); an HTS code is digits.")
    rows = list(CEN_ROWS)
    rows[1] = cen_set(rows[1], "CTY_CODE", "+5880")
    add("cen-cty-code-plus.json", f, cen_file(CEN_HEADER, rows), 2,
        "Data row 2's CTY_CODE (both copies) is +5880, a formula-style prefix on a code that "
        "must be 4 digits (or - for the total).")
    rows = list(CEN_ROWS)
    rows[3] = cen_set(rows[3], "GEN_QY1_MO", "-1")
    add("cen-negative-quantity.json", f, cen_file(CEN_HEADER, rows), 4,
        "Data row 4's GEN_QY1_MO is -1 (unit KG): a shipped quantity cannot be negative.")
    rows = [js(r) for r in CEN_ROWS]
    rows[2] = BOM_CHAR + rows[2]
    add("cen-bom-middle.json", f, cen_file(CEN_HEADER, rows), 3,
        "A UTF-8 BOM (U+FEFF) at the start of line 3, before data row 3, where JSON allows "
        "only whitespace.")
    data = cen_file(CEN_HEADER, CEN_ROWS)
    old = b'"KOREA, SOUTH"'
    assert data.count(old) == 1
    data = data.replace(old, b'"KOREA,\x00SOUTH"')
    add("cen-nul-in-string.json", f, data, 4,
        "A raw NUL byte inside data row 4's CTY_NAME string: control characters must be "
        "escaped in JSON.")


# ===========================================================================
# GACC CSV (formats.md §3.3, §8)
# ===========================================================================

G10_HEADER = "数据年月,商品编码,商品名称,贸易伙伴编码,贸易伙伴名称,第一数量,第一计量单位,第二数量,第二计量单位,美元"
G_NAME = "稀土永磁铁及稀土永磁体"
G10_ROWS = [  # lines 2..7
    '202503,85051110,%s,502,美国,"612,345",千克,-,,"23,456,789"' % G_NAME,
    '202503,85051110,%s,116,日本,"301,220",千克,-,,"11,870,400"' % G_NAME,
    '202503,85051110,%s,304,德国,"201,500",千克,-,,"9,870,000"' % G_NAME,
    '202503,85051110,%s,143,中国台湾,950,千克,-,,"38,700"' % G_NAME,
    '202504,85051110,%s,502,美国,"580,010",千克,-,,"22,104,500"' % G_NAME,
    '202504,85051110,%s,116,日本,"287,400",千克,-,,"11,203,000"' % G_NAME,
]
G10 = [G10_HEADER] + G10_ROWS
G13 = [
    "商品编码,商品名称,贸易伙伴编码,贸易伙伴名称,贸易方式编码,贸易方式名称,注册地编码,注册地名称,"
    "第一数量,第一计量单位,第二数量,第二计量单位,人民币",
    '85051110,%s,502,美国,10,一般贸易,33,浙江省,"310,000",千克,-,,"89,280,000"' % G_NAME,
    '85051110,%s,502,美国,15,进料加工贸易,33,浙江省,"181,845",千克,-,,"52,371,360"' % G_NAME,
    '85051110,%s,116,日本,10,一般贸易,33,浙江省,"200,000",千克,-,,"57,600,000"' % G_NAME,
]


def gbk(lines):
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def make_gacc_csv():
    f = "gacc-csv"
    ex = dict(flow="export")
    add("gacc-empty.csv", f, b"", 0,
        "Zero bytes: no header row, so neither 数据年月/商品编码 nor a value column exists.", **ex)
    add("gacc-no-flow-flag.gbk.csv", f, gbk(G10), 0,
        "A good 10-column GBK export ingested without --flow: the file carries no flow, so "
        "it must be refused with a message naming --flow (formats.md §8).")
    add("gacc-13col-no-period-flag.gbk.csv", f, gbk(G13), 0,
        "A good 13-column CNY export (no 数据年月) with --flow export but no --period: it must "
        "be refused with a message naming --period (formats.md §8).", **ex)
    add("gacc-month-00.gbk.csv", f, gbk(edit_line(G10, 3, "202503,", "202500,")), 3,
        "Line 3's 数据年月 is 202500: month 00.", **ex)
    add("gacc-year-3000.gbk.csv", f, gbk(edit_line(G10, 5, "202503,", "300003,")), 5,
        "Line 5's 数据年月 is 300003, almost a millennium in the future.", **ex)

    data = gbk(G10)
    old = b'"301,220"'
    assert data.count(old) == 1
    data = data.replace(old, b'"301,\x81\x7f220"')
    add("gacc-invalid-gbk-sequence.gbk.csv", f, data, 3,
        "GBK file whose line 3 has the invalid byte pair 81 7F (a lead byte followed by a byte "
        "that is no GB18030 trail byte) inside the 第一数量 number.", **ex)

    parts = [BOM + l.encode("utf-8") if i == 0 else l.encode("utf-8")
             for i, l in enumerate(G10)]
    parts[3] = G10[3].encode("gbk")
    add("gacc-utf8-with-gbk-row.csv", f, b"\r\n".join(parts) + b"\r\n", 4,
        "UTF-8 file (with BOM) whose line 4 alone is GBK bytes (商品名称, 德国, 千克): invalid "
        "UTF-8, so the row's names and unit cannot be decoded.", **ex)

    cat = [G10[0], G10[1], G10[2], G10[3], G10[4], BOM_CHAR + G10_HEADER, G10[5], G10[6]]
    parts = [l.encode("utf-8") for l in cat]
    add("gacc-bom-middle.csv", f, BOM + b"\r\n".join(parts) + b"\r\n", 6,
        "Two UTF-8-with-BOM exports concatenated: line 6 is a BOM plus the header again, read "
        "as a data row whose 数据年月 is not YYYYMM and whose 美元 is not a number.", **ex)

    lines = [G10_HEADER + ",美元"] + [r + ',"%s"' % r.rsplit('"', 2)[1].replace(",", "")[:-1]
                                     for r in G10_ROWS]
    add("gacc-duplicate-value-column.gbk.csv", f, gbk(lines), 1,
        "The header has the value column 美元 twice and the copies disagree (the second is a "
        "tenth of the first): which one is the value cannot be told.", **ex)

    lines = [G10_HEADER.rsplit(",", 1)[0]] + [r[:r.rindex(',"')] for r in G10_ROWS]
    add("gacc-no-value-column.gbk.csv", f, gbk(lines), 1,
        "The header has no value column (neither 美元/美元值 nor 人民币/人民币元).", **ex)

    add("gacc-bad-thousands.gbk.csv", f, gbk(edit_line(G10, 4, '"9,870,000"', '"12,34"')), 4,
        "Line 4's 美元 is \"12,34\": a thousands separator must be followed by 3 digits.", **ex)
    add("gacc-partner-formula.gbk.csv", f, gbk(edit_line(G10, 4, ",304,德国,", ",@SUM(1),德国,")),
        4, "Line 4's 贸易伙伴编码 is the formula @SUM(1); a GACC partner code is 3 digits.", **ex)
    add("gacc-code-formula.gbk.csv", f,
        gbk(edit_line(G10, 6, "202504,85051110,", "202504,+85051110,")), 6,
        "Line 6's 商品编码 is +85051110, a formula-style prefix on a code that must be digits "
        "only.", **ex)
    add("gacc-partner-i64-overflow.gbk.csv", f,
        gbk(edit_line(G10, 3, ",116,日本,", ",9223372036854775808,日本,")), 3,
        "Line 3's 贸易伙伴编码 is 9223372036854775808 (i64::MAX + 1), not a 3-digit GACC "
        "code.", **ex)
    add("gacc-too-few-fields.gbk.csv", f,
        gbk(replace_line(G10, 5, "202503,85051110,%s,143,中国台湾,950,千克" % G_NAME)), 5,
        "Line 5 has 7 fields for a 10-column header: 第二数量, 第二计量单位 and the 美元 value "
        "are missing.", **ex)
    lines = G10[:]
    lines[2] = sub(lines[2], '"11,870,400"', '"11,870,\x00400"')
    add("gacc-nul-in-value.gbk.csv", f, gbk(lines), 3,
        "A NUL byte in the middle of line 3's 美元 value (\"11,870,<NUL>400\").", **ex)
    add("gacc-header-then-garbage.gbk.csv", f, gbk([G10_HEADER, "--- end of export ---"]), 2,
        "Header only, then a trailing garbage line with 1 field where 10 are needed.", **ex)
    add("gacc-negative-quantity.gbk.csv", f, gbk(edit_line(G10, 3, '"301,220"', "-1")), 3,
        "Line 3's 第一数量 is -1 千克 (not the missing marker -): a quantity cannot be "
        "negative.", **ex)
    add("gacc-inf-value.gbk.csv", f, gbk(edit_line(G10, 6, '"22,104,500"', "inf")), 6,
        "Line 6's 美元 is inf; GACC values are integers with thousands separators.", **ex)
    add("gacc-1e400-quantity.gbk.csv", f, gbk(edit_line(G10, 7, '"287,400"', "1e400")), 7,
        "Line 7's 第一数量 is 1e400, which overflows f64 to infinity.", **ex)


# ===========================================================================
# Comext bulk (formats.md §4.4)
# ===========================================================================

V2_HEADER = ("REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,PRODUCT_CPA21,PRODUCT_CPA22,"
             "PRODUCT_BEC,PRODUCT_BEC5,PRODUCT_SECTION,FLOW,STAT_PROCEDURE,SUPPL_UNIT,PERIOD,"
             "VALUE_EUR,VALUE_NAC,QUANTITY_KG,QUANTITY_SUPPL_UNIT")
V2 = [V2_HEADER,
      "DE,CN,E,85051110,77881,2711,2711,42,.....,16,1,1,NO_SU,202503,20666015,20666015,391255,0",
      "DE,CN,E,85051110,77881,2711,2711,42,.....,16,1,2,NO_SU,202503,1204330,1204330,20800,0",
      "NL,CN,E,85051110,77881,2711,2711,42,.....,16,1,1,NO_SU,202503,5432100,5432100,98400,0",
      "DE,NA,E,28053010,52226,2013,2013,22,.....,06,1,1,NO_SU,202503,84500,84500,1500,0",
      "FR,JP,E,85051110,77881,2711,2711,42,.....,16,1,1,NO_SU,202503,310000,310000,5200,0"]
V1 = ["DECLARANT,DECLARANT_ISO,PARTNER,PARTNER_ISO,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,"
      "PRODUCT_CPA2002,PRODUCT_CPA2008,PRODUCT_CPA2_1,PRODUCT_BEC,PRODUCT_SECTION,FLOW,"
      "STAT_REGIME,SUPP_UNIT,PERIOD,VALUE_IN_EUROS,QUANTITY_IN_KG,SUP_QUANTITY",
      "004,DE,0720,CN,E,85051110,77881,31106,27111,27111,42,16,1,1,,201803,18230455,351200,0",
      "001,FR,0720,CN,E,85051110,77881,31106,27111,27111,42,16,1,1,,201803,2650300,48100,0",
      "0003,NL,0720,CN,E,85051110,77881,31106,27111,27111,42,16,1,1,,201803,5120000,97000,0"]


def make_comext_bulk():
    f = "comext-bulk"
    add("cxb-empty.csv", f, b"", 0,
        "Zero bytes: no header row, so neither the v1 nor the v2 columns exist.")
    add("cxb-non-numeric-value.csv", f, lines_lf(edit_line(V2, 4, ",5432100,5432100,",
                                                         ",54321OO,5432100,")), 4,
        "Line 4's VALUE_EUR is 54321OO (letter O for zero), not an integer number of euros.")
    idx = V2_HEADER.split(",").index("PERIOD")
    lines = [",".join(c for i, c in enumerate(l.split(",")) if i != idx) for l in V2]
    add("cxb-no-period-column.csv", f, lines_lf(lines), 1,
        "The v2 header has no PERIOD column, so no row has a period.")
    lines = [V2[0] + ",VALUE_EUR"] + [l + "," + l.split(",")[14] + "0" for l in V2[1:]]
    add("cxb-duplicate-value-column.csv", f, lines_lf(lines), 1,
        "The header has VALUE_EUR twice and the copies disagree by a factor of 10: which one "
        "is the value cannot be told.")
    add("cxb-too-many-fields.csv", f, lines_lf(edit_line(V2, 3, "E,85051110,", "E,8505,1110,")),
        3, "Line 3 has 19 fields for an 18-column header: the code written 8505,1110 splits in "
           "two and shifts every later column (FLOW would read 16).")
    add("cxb-month-13.csv", f, lines_lf(edit_line(V2, 3, ",202503,", ",202513,")), 3,
        "Line 3's PERIOD is 202513: month 13 (only 01-12, and 52 for the year, exist).")
    add("cxb-year-0999.csv", f, lines_lf(edit_line(V2, 5, ",202503,", ",099903,")), 5,
        "Line 5's PERIOD is 099903: the year 999, centuries before any trade statistics.")
    add("cxb-reporter-formula.csv", f, lines_lf(edit_line(
        V2, 4, "NL,CN,", "\"=HYPERLINK(\"\"http://evil.example/x\"\",\"\"NL\"\")\",CN,")), 4,
        "Line 4's REPORTER is the formula =HYPERLINK(\"http://evil.example/x\",\"NL\"), not a "
        "2-letter reporter code.")
    add("cxb-flow-3.csv", f, lines_lf(edit_line(V2, 5, ",06,1,1,NO_SU,", ",06,3,1,NO_SU,")), 5,
        "Line 5's FLOW is 3; Comext flows are 1 (import) and 2 (export).")
    add("cxb-v1-nan-value.dat", f, lines_lf(edit_line(V1, 3, ",2650300,", ",NaN,")), 3,
        "v1 file whose line 3 has VALUE_IN_EUROS NaN, not an integer number of euros.")
    add("cxb-neg-inf-value.csv", f, lines_lf(edit_line(V2, 4, ",5432100,5432100,",
                                                     ",-inf,5432100,")), 4,
        "Line 4's VALUE_EUR is -inf.")
    add("cxb-negative-quantity.csv", f, lines_lf(edit_line(V2, 6, ",5200,0", ",-1,0")), 6,
        "Line 6's QUANTITY_KG is -1: a quantity in kg cannot be negative.")
    lines = list(V2)
    lines[3] = BOM_CHAR + lines[3]
    add("cxb-bom-middle.csv", f, lines_lf(lines), 4,
        "Line 4 starts with a UTF-8 BOM (U+FEFF), so its REPORTER reads as BOM+NL, not NL.")
    add("cxb-bad-thousands.csv", f, lines_lf(edit_line(V2, 5, ",84500,84500,", ",\"12,34\",84500,")),
        5, "Line 5's VALUE_EUR is \"12,34\": bulk values are plain integers, and this is not a "
           "well-placed thousands separator either.")
    add("cxb-v1-too-few-fields.dat", f,
        lines_lf(replace_line(V1, 4, "0003,NL,0720,CN,E,85051110,77881,31106,27111")), 4,
        "v1 file whose line 4 stops after 9 of the 19 columns (no FLOW, PERIOD or values).")


# ===========================================================================
# Comext SDMX-CSV (formats.md §4.2)
# ===========================================================================

SD_HEADER = "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE"
SD_PRE = "ESTAT:DS-045409(1.0),15/05/25 11:00:00,"
SD = [SD_HEADER,
      SD_PRE + "M,DE,CN,85051110,1,QUANTITY_IN_100KG,2025-03,4120.55",
      SD_PRE + "M,DE,CN,85051110,1,VALUE_IN_EUROS,2025-03,21870345.0",
      SD_PRE + "M,DE,NA,28053010,1,QUANTITY_IN_100KG,2025-03,15.0",
      SD_PRE + "M,DE,NA,28053010,1,VALUE_IN_EUROS,2025-03,84500.0",
      SD_PRE + "M,NL,CN,85051110,1,VALUE_IN_EUROS,2025-03,5432100.0"]


def make_comext_sdmx():
    f = "comext-sdmx"
    add("sdmx-empty.csv", f, b"", 0,
        "Zero bytes: no header row (DATAFLOW ... OBS_VALUE).")
    add("sdmx-unknown-freq.csv", f,
        lines_crlf(edit_line(SD, 3, ",M,DE,CN,85051110,1,VALUE_IN_EUROS,2025-03,",
                             ",W,DE,CN,85051110,1,VALUE_IN_EUROS,2025-W10,")), 3,
        "Line 3's freq is W (weekly, period 2025-W10); Comext data are monthly (M) or "
        "annual (A).")
    add("sdmx-month-00.csv", f, lines_crlf(edit_line(SD, 4, ",2025-03,", ",2025-00,")), 4,
        "Line 4's TIME_PERIOD is 2025-00: month 00.")
    add("sdmx-last-update-feb-30.csv", f,
        lines_crlf(edit_line(SD, 3, ",15/05/25 11:00:00,", ",30/02/25 11:00:00,")), 3,
        "Line 3's LAST UPDATE is 30/02/25 11:00:00 (dd/mm/yy): 30 February does not exist.")
    add("sdmx-inf-value.csv", f, lines_crlf(edit_line(SD, 5, ",84500.0", ",inf")), 5,
        "Line 5's OBS_VALUE is inf: not a finite number, and not the not-available marker :.")
    add("sdmx-no-obs-value-column.csv", f,
        lines_crlf([l.rsplit(",", 1)[0] for l in SD]), 1,
        "The header has no OBS_VALUE column, so no row has a value.")
    add("sdmx-too-few-fields.csv", f, lines_crlf(edit_line(SD, 4, ",DE,NA,28053010,",
                                                          ",DE,28053010,")), 4,
        "Line 4 has 9 fields for a 10-column header: the partner is missing and every later "
        "column shifts (partner would read 28053010).")
    add("sdmx-fault.csv", f,
        b'<?xml version="1.0" encoding="UTF-8"?><S:Envelope '
        b'xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault>'
        b'<faultcode>S:Server</faultcode><faultstring>ERR_NOT_FOUND_4 - Dataset DS-045409 is '
        b'not available for dissemination</faultstring></S:Fault></S:Body></S:Envelope>\r\n', 0,
        "A SOAP fault body (<S:Fault>, formats.md §4.1-4.2) saved as .csv: an error, not data.")
    lines = list(SD)
    lines[3] = sub(lines[3], ",28053010,", ",2805\x003010,")
    add("sdmx-nul-in-product.csv", f, lines_crlf(lines), 4,
        "A NUL byte in the middle of line 4's product code (2805<NUL>3010).")
    add("sdmx-header-then-garbage.csv", f,
        lines_crlf([SD_HEADER, "<html><body>Service Unavailable</body></html>"]), 2,
        "Header, then an HTML error line with 1 field where 10 are needed.")
    lines = [SD_HEADER + ",OBS_VALUE"] + [l + "," + ("%.1f" % (float(l.rsplit(",", 1)[1]) * 2))
                                          for l in SD[1:]]
    add("sdmx-duplicate-obs-value.csv", f, lines_crlf(lines), 1,
        "The header has OBS_VALUE twice and the copies disagree (the second is double): "
        "which one is the observation cannot be told.")
    add("sdmx-flow-0.csv", f, lines_crlf(edit_line(SD, 6, ",85051110,1,VALUE", ",85051110,0,VALUE")),
        6, "Line 6's flow is 0; Comext flows are 1 (import) and 2 (export).")


# ===========================================================================
# Mapped CSV + TOML mapping (mapped/customs-extract.toml)
# ===========================================================================

MAPPING = """# Maps a semicolon-separated German-style extract onto canonical fields
# (copy of mapped/customs-extract.toml).
delimiter = ";"
source = "user"
reporter = "DEU"          # constant
flow = "import"           # constant
classification = "CN8"
unit_quantity = "t"       # unit of the quantity column
currency = "EUR"

[columns]
partner = "Land"          # ISO2 or ISO3 values
year = "Jahr"
month = "Monat"
code = "Ware"
quantity = "Menge_t"
value = "Wert_EUR"
"""
MAPPED = ["Land;Jahr;Monat;Ware;Menge_t;Wert_EUR",
          "CN;2025;3;85051110;412.5;21870345",
          "USA;2025;03;85051110;12.25;640000",
          "NA;2025;3;28053010;1.5;84500",
          "JP;2025;2;85051110;30;1500000"]


def make_mapped_csv():
    f = "mapped-csv"
    mp = dict(mapping="mapping.toml")
    for name, text in [
        ("mapping.toml", MAPPING),
        ("mapping-missing-column.toml",
         sub(sub(MAPPING, 'value = "Wert_EUR"', 'value = "Wert_USD"   # not in the CSV'),
             "(copy of mapped/customs-extract.toml)",
             "(the value column it names, Wert_USD, is not in the CSV)")),
        ("mapping-invalid.toml",
         sub(sub(MAPPING, 'delimiter = ";"', 'delimiter = ";'),
             "(copy of mapped/customs-extract.toml)",
             "(NOT valid TOML: the delimiter string is never closed)")),
        ("mapping-bad-flow.toml",
         sub(sub(MAPPING, 'flow = "import"           # constant',
                 'flow = "sideways"         # not a flow'),
             "(copy of mapped/customs-extract.toml)",
             "(its constant flow, sideways, is not a flow)")),
    ]:
        with open(os.path.join(HERE, name), "wb") as fh:
            fh.write(text.encode("utf-8"))
        MAPPINGS.append(name)

    good = lines_lf(MAPPED)
    add("mapped-empty.csv", f, b"", 0,
        "Zero bytes: no header, so none of the columns the mapping names exists.", **mp)
    add("mapped-mapping-missing-column.csv", f, good, 0,
        "A good CSV whose mapping (mapping-missing-column.toml) takes the value from column "
        "Wert_USD, which the header does not have.", mapping="mapping-missing-column.toml")
    add("mapped-mapping-invalid-toml.csv", f, good, 0,
        "A good CSV whose mapping (mapping-invalid.toml) is not valid TOML (an unterminated "
        "string on its delimiter line).", mapping="mapping-invalid.toml")
    add("mapped-mapping-bad-flow.csv", f, good, 0,
        "A good CSV whose mapping (mapping-bad-flow.toml) sets the constant flow sideways, "
        "which is none of export, import, re_export, re_import.", mapping="mapping-bad-flow.toml")
    add("mapped-csv-missing-column.csv", f,
        lines_lf(edit_line(MAPPED, 1, ";Ware;", ";Warennummer;")), 1,
        "The header calls the code column Warennummer, so the column Ware the mapping names "
        "is missing.", **mp)
    add("mapped-month-13.csv", f, lines_lf(edit_line(MAPPED, 3, ";2025;03;", ";2025;13;")), 3,
        "Line 3's Monat is 13.", **mp)
    add("mapped-year-0999.csv", f, lines_lf(edit_line(MAPPED, 4, "NA;2025;", "NA;0999;")), 4,
        "Line 4's Jahr is 0999, centuries before any trade statistics.", **mp)
    add("mapped-code-formula.csv", f, lines_lf(edit_line(
        MAPPED, 3, ";85051110;", ";-2+3+cmd|' /C calc'!A0;")), 3,
        "Line 3's Ware is the formula -2+3+cmd|' /C calc'!A0; a CN8 code is 8 digits.", **mp)
    add("mapped-partner-formula.csv", f, lines_lf(edit_line(
        MAPPED, 4, "NA;", "\"=HYPERLINK(\"\"http://evil.example/x\"\";\"\"NA\"\")\";")), 4,
        "Line 4's Land is the formula =HYPERLINK(\"http://evil.example/x\";\"NA\"), not an ISO2 "
        "or ISO3 code.", **mp)
    add("mapped-bad-thousands.csv", f, lines_lf(edit_line(MAPPED, 3, ";12.25;", ";1,23,4.5;")),
        3, "Line 3's Menge_t is 1,23,4.5: thousands separators in impossible places.", **mp)
    add("mapped-too-many-fields.csv", f, lines_lf(edit_line(MAPPED, 4, "NA;2025;3;", "NA;2025;;3;")),
        4, "Line 4 has 7 fields for a 6-column header: an empty field after Jahr shifts every "
           "later column (Ware would read 3).", **mp)
    lines = [l.encode("utf-8") for l in MAPPED]
    lines[1] = "中国".encode("gbk") + lines[1][2:]
    add("mapped-gbk-partner.csv", f, b"\n".join(lines) + b"\n", 2,
        "UTF-8 file whose line 2 has Land = 中国 in GBK bytes (D6 D0 B9 FA): invalid UTF-8 "
        "and not an ISO code.", **mp)
    add("mapped-nan-value.csv", f, lines_lf(edit_line(MAPPED, 5, ";1500000", ";NaN")), 5,
        "Line 5's Wert_EUR is NaN.", **mp)
    add("mapped-duplicate-column.csv", f, lines_lf(
        [MAPPED[0] + ";Wert_EUR"] + [l + ";" + l.rsplit(";", 1)[1] + "0" for l in MAPPED[1:]]),
        1, "The header has Wert_EUR twice and the copies disagree by a factor of 10: which one "
           "the mapping's value means cannot be told.", **mp)
    lines = list(MAPPED)
    lines[2] = sub(lines[2], "640000", "640\x00000")
    add("mapped-nul-in-value.csv", f, lines_lf(lines), 3,
        "A NUL byte in the middle of line 3's Wert_EUR (640<NUL>000).", **mp)


MAPPINGS = []


# ===========================================================================
# auto (format detection)
# ===========================================================================

def make_auto():
    f = "auto"
    add("auto-login-page.json", f, LOGIN_HTML.encode(), 0,
        "An HTML sign-in page saved as .json: detection must end in an error naming the file, "
        "not in some reader's 0 rows.")
    add("auto-rate-limit.json", f,
        b'{"statusCode":429,"message":"Rate limit is exceeded. Try again in 59 seconds."}', 0,
        "A Comtrade 429 JSON body: an ingest error whatever format it is taken for "
        "(formats.md §8).")
    add("auto-rate-limit.txt", f, b"Rate limit is exceeded. Try again in 3 seconds.", 0,
        "A Comtrade 429 plain-text body: an ingest error, never 0 rows (formats.md §8).")
    add("auto-random-bytes.bin", f, rand_bytes(2048, "auto-random"), 0,
        "2 KiB of random bytes: no format matches.")
    add("auto-unknown-header.csv", f, b"foo,bar,baz\n1,2,3\n4,5,6\n", 0,
        "A CSV whose header (foo,bar,baz) belongs to no supported format and no mapping is "
        "given.")
    full = gz(lines_lf(BULK))
    assert len(full) > 400, len(full)
    add("auto-truncated.txt.gz", f, full[:300], 0,
        "The first 300 bytes of a gzip of a good Comtrade bulk TSV: the stream ends early.")
    add("auto-nested-10000.json", f, ('{"d":' * 10000 + "null" + "}" * 10000).encode(), 0,
        "Objects nested 10,000 levels deep ({\"d\":{\"d\":...}}): no format matches and "
        "the parser must not overflow its stack.")


# ===========================================================================
# manifest
# ===========================================================================

def toml_str(s):
    # JSON string escapes are valid TOML basic-string escapes; DEL must be escaped too.
    assert "\x7f" not in s
    return json.dumps(s, ensure_ascii=False)


def write_manifest():
    out = ["# Bad-input corpus for tradewatch's readers: written by make_bad.py, do not edit.",
           "# One [[file]] per case. line = the 1-based line the error should name (0 = the",
           "# whole file). generate = a case the test makes at run time (no file here).",
           ""]
    for e in ENTRIES:
        out.append("[[file]]")
        out.append("name = %s" % toml_str(e["name"]))
        out.append("format = %s" % toml_str(e["format"]))
        for k in ("mapping", "flow", "period", "generate"):
            if e[k] is not None:
                out.append("%s = %s" % (k, toml_str(e[k])))
        out.append("line = %d" % e["line"])
        out.append("why = %s" % toml_str(e["why"]))
        out.append("")
    with open(os.path.join(HERE, "manifest.toml"), "wb") as fh:
        fh.write("\n".join(out).encode("utf-8"))


def check():
    try:
        import tomllib
    except ImportError:  # Python < 3.11: skip the self-check
        return
    with open(os.path.join(HERE, "manifest.toml"), "rb") as fh:
        m = tomllib.load(fh)
    files = m["file"]
    assert len(files) >= 64
    for e in files:
        if e.get("generate"):
            assert not os.path.exists(os.path.join(HERE, e["name"])), e["name"]
            continue
        assert os.path.exists(os.path.join(HERE, e["name"])), e["name"]
        if e["format"] == "mapped-csv":
            assert e.get("mapping") in MAPPINGS, e["name"]
    for name in MAPPINGS:
        if name != "mapping-invalid.toml":
            with open(os.path.join(HERE, name), "rb") as fh:
                tomllib.load(fh)
    try:
        with open(os.path.join(HERE, "mapping-invalid.toml"), "rb") as fh:
            tomllib.load(fh)
    except tomllib.TOMLDecodeError:
        pass
    else:
        raise AssertionError("mapping-invalid.toml parses")
    # Stale files from an older version of this script.
    known = set(NAMES) | set(MAPPINGS) | {"make_bad.py", "manifest.toml", "README.md"}
    stale = sorted(set(os.listdir(HERE)) - known - {"__pycache__"})
    if stale:
        print("warning: files not in the manifest: %s" % ", ".join(stale), file=sys.stderr)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--long-line":
        target = os.path.abspath(sys.argv[2])
        assert os.path.dirname(target) != HERE, "never write the 50 MiB case into the corpus"
        with open(target, "wb") as fh:
            fh.write(long_line_bytes())
        return
    assert len(sys.argv) == 1, "usage: make_bad.py [--long-line PATH]"
    make_tradewatch_csv()
    make_comtrade_json()
    make_comtrade_bulk()
    make_census_json()
    make_gacc_csv()
    make_comext_bulk()
    make_comext_sdmx()
    make_mapped_csv()
    make_auto()
    write_manifest()
    check()
    counts = {}
    for e in ENTRIES:
        counts[e["format"]] = counts.get(e["format"], 0) + 1
    print("%d cases (%s)" % (len(ENTRIES), ", ".join("%s %d" % kv for kv in counts.items())))


if __name__ == "__main__":
    main()
