#!/usr/bin/env python3
"""Writes tradewatch's agency-format test fixtures (invented numbers, real shapes).

Run from any directory:  python3 crates/sources/tests/data/make_fixtures.py
Every file is written next to this script (comtrade/, census/, gacc/, comext/, mapped/).
Standard library only. Output is deterministic (gzip mtime 0), so re-running gives the
same bytes. The shapes follow /work/shared/formats.md (sections cited per file in
README.md, which also holds the expected canonical observations).
The script asserts the arithmetic the README tables rely on (World = sum of partners, ...).
"""

import codecs
import csv
import gzip
import io
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def path(*parts):
    p = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_bytes(rel, data):
    with open(path(*rel.split("/")), "wb") as f:
        f.write(data)


def write_json(rel, obj, bom=False):
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    data = text.encode("utf-8")
    if bom:
        data = codecs.BOM_UTF8 + data
    write_bytes(rel, data)


# ---------------------------------------------------------------------------
# Comtrade (formats.md §1)
# ---------------------------------------------------------------------------

MAGNET_DESC = ("Magnets; permanent magnets and articles intended to become permanent "
               "magnets after magnetisation, of metal")
RE_METAL_DESC = ("Metals; rare-earth metals, scandium and yttrium, whether or not "
                 "intermixed or interalloyed")

PARTNERS = {  # M49 -> (ISO as Comtrade spells it, Desc)
    0: ("W00", "World"),
    842: ("USA", "USA"),
    276: ("DEU", "Germany"),
    392: ("JPN", "Japan"),
    490: ("S19", "Other Asia, nes"),
}

# The 47 fields of a final-data record, in the order of formats.md §1.5.
FINAL_FIELDS = [
    "typeCode", "freqCode", "refPeriodId", "refYear", "refMonth", "period",
    "reporterCode", "reporterISO", "reporterDesc", "flowCode", "flowDesc",
    "partnerCode", "partnerISO", "partnerDesc", "partner2Code", "partner2ISO",
    "partner2Desc", "classificationCode", "classificationSearchCode",
    "isOriginalClassification", "cmdCode", "cmdDesc", "aggrLevel", "isLeaf",
    "customsCode", "customsDesc", "mosCode", "motCode", "motDesc", "qtyUnitCode",
    "qtyUnitAbbr", "qty", "isQtyEstimated", "altQtyUnitCode", "altQtyUnitAbbr",
    "altQty", "isAltQtyEstimated", "netWgt", "isNetWgtEstimated", "grossWgt",
    "isGrossWgtEstimated", "cifvalue", "fobvalue", "primaryValue",
    "legacyEstimationFlag", "isReported", "isAggregate",
]
assert len(FINAL_FIELDS) == 47


def final_record(partner, qty, value, *, flow="X", partner2=0, customs="C00",
                 mot=0, cmd="850511", freq="M", period="202503", qty_est=False):
    """One /data/v1/get record; `qty` None means no quantity (null, unit -1)."""
    iso, desc = PARTNERS[partner]
    iso2, desc2 = PARTNERS[partner2]
    year = int(period[:4])
    month = int(period[4:6]) if freq == "M" else 52
    ref_id = int(period[:4] + (period[4:6] if freq == "M" else "01") + "01")
    mot_desc = {0: "TOTAL MOT", 1000: "Air", 2100: "Sea"}[mot]
    customs_desc = {"C00": "TOTAL CPC", "C01": "Home use"}[customs]
    rec = {
        "typeCode": "C", "freqCode": freq, "refPeriodId": ref_id, "refYear": year,
        "refMonth": month, "period": period,
        "reporterCode": 156, "reporterISO": "CHN", "reporterDesc": "China",
        "flowCode": flow, "flowDesc": {"X": "Export", "RX": "Re-export"}[flow],
        "partnerCode": partner, "partnerISO": iso, "partnerDesc": desc,
        "partner2Code": partner2, "partner2ISO": iso2, "partner2Desc": desc2,
        "classificationCode": "H6", "classificationSearchCode": "HS",
        "isOriginalClassification": True,
        "cmdCode": cmd, "cmdDesc": MAGNET_DESC if cmd == "850511" else RE_METAL_DESC,
        "aggrLevel": 6, "isLeaf": True,
        "customsCode": customs, "customsDesc": customs_desc,
        "mosCode": "0", "motCode": mot, "motDesc": mot_desc,
        "qtyUnitCode": 8 if qty is not None else -1,
        "qtyUnitAbbr": "kg" if qty is not None else "N/A",
        "qty": qty, "isQtyEstimated": qty_est,
        "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": None,
        "isAltQtyEstimated": False,
        "netWgt": qty, "isNetWgtEstimated": qty_est,
        "grossWgt": None, "isGrossWgtEstimated": False,
        "cifvalue": None, "fobvalue": value, "primaryValue": value,
        "legacyEstimationFlag": 0, "isReported": True, "isAggregate": False,
    }
    assert list(rec) == FINAL_FIELDS
    return rec


def envelope(records, elapsed="0.21 secs"):
    return {"elapsedTime": elapsed, "count": len(records), "data": records, "error": ""}


# Country rows of CHN exports of 850511 in 2025-03 (kept, flow X, totals C00/0/0).
CT_USA = (842, 612345.0, 23456789.0)
CT_DEU = (276, 201500.0, 9870000.0)     # quantity estimated
CT_JPN = (392, 301220.0, 11870400.0)
CT_TWN = (490, None, 1250000.0)         # no quantity
CT_COUNTRIES = [CT_USA, CT_DEU, CT_JPN, CT_TWN]
CT_WORLD_QTY = sum(q for _, q, _ in CT_COUNTRIES if q is not None)
CT_WORLD_VAL = sum(v for _, _, v in CT_COUNTRIES)
assert CT_WORLD_QTY == 1115065.0 and CT_WORLD_VAL == 46447189.0


def comtrade():
    world = final_record(0, CT_WORLD_QTY, CT_WORLD_VAL)
    usa = final_record(*CT_USA)
    deu = final_record(*CT_DEU, qty_est=True)
    jpn = final_record(*CT_JPN)
    twn = final_record(*CT_TWN)
    monthly = [
        world, usa, deu, jpn, twn,
        final_record(842, 500000.0, 19000000.0, mot=2100),       # drop: MOT breakdown
        final_record(842, 600000.0, 23000000.0, partner2=842),   # drop: partner2 breakdown
        final_record(276, 150000.0, 7400000.0, customs="C01"),   # drop: customs breakdown
        final_record(842, 1200.0, 45000.0, flow="RX"),           # keep: re-export
    ]
    write_json("comtrade/final-monthly.json", envelope(monthly))

    annual = [
        final_record(0, 3850000.0, 152300000.0, cmd="280530", freq="A", period="2024"),
        final_record(842, 1520000.0, 61230000.0, cmd="280530", freq="A", period="2024"),
    ]
    write_json("comtrade/final-annual.json", envelope(annual, "0.34 secs"))

    write_bytes("comtrade/empty.json",
                b'{"elapsedTime":"0.58 secs","count":0,"data":[],"error":""}')
    write_bytes("comtrade/rate-limit.txt",
                b"Rate limit is exceeded. Try again in 2 seconds.")
    write_bytes("comtrade/rate-limit.json",
                b'{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 2 seconds."}')

    # Tariff line (§1.6): 34 fields, Desc before ISO, motCode as a string.
    tl_fields = [
        "typeCode", "freqCode", "refPeriodId", "period", "reporterCode", "reporterDesc",
        "reporterISO", "flowCode", "flowDesc", "partnerCode", "partnerDesc", "partnerISO",
        "partner2Code", "partner2Desc", "partner2ISO", "classificationCode", "cmdCode",
        "cmdDesc", "customsCode", "customsDesc", "mosCode", "motCode", "motDesc",
        "qtyUnitCode", "qtyUnitAbbr", "qty", "altQtyUnitCode", "altQtyUnitAbbr", "altQty",
        "netWgt", "grossWgt", "cifvalue", "fobvalue", "primaryValue",
    ]
    assert len(tl_fields) == 34

    def tl(partner, qty, net, value):
        iso, desc = PARTNERS[partner]
        rec = {
            "typeCode": "C", "freqCode": "M", "refPeriodId": 20250301, "period": "202503",
            "reporterCode": 156, "reporterDesc": "China", "reporterISO": "CHN",
            "flowCode": "X", "flowDesc": "Export",
            "partnerCode": partner, "partnerDesc": desc, "partnerISO": iso,
            "partner2Code": 0, "partner2Desc": "World", "partner2ISO": "W00",
            "classificationCode": "H6", "cmdCode": "8505111000",
            "cmdDesc": "Permanent magnets of rare-earth metals",
            "customsCode": "C00", "customsDesc": "TOTAL CPC", "mosCode": "0",
            "motCode": "0", "motDesc": "TOTAL MOT",
            "qtyUnitCode": 8 if qty else -1, "qtyUnitAbbr": "kg" if qty else "N/A",
            "qty": qty, "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": 0.0,
            "netWgt": net, "grossWgt": 0.0, "cifvalue": None,
            "fobvalue": value, "primaryValue": value,
        }
        assert list(rec) == tl_fields
        return rec

    tariff = [
        tl(842, 598210.0, 598210.0, 22980400.0),
        tl(392, 295000.0, 295000.0, 11610250.0),
        tl(276, 0.0, 196300.0, 9655000.0),        # qty 0.0 / unit -1: no qty; netWgt kg
    ]
    write_json("comtrade/tariffline.json", envelope(tariff, "0.17 secs"))

    # Bulk final file (§1.9): 34 tab-separated columns, 0/1 booleans, empty = null,
    # header spelling variants and one upper-cased header name.
    header = [
        "datasetCode", "typeCode", "freqCode", "refPeriodId", "refYear", "refMonth",
        "period", "REPORTERCODE", "flowCode", "partnerCode", "partner2Code",
        "classificationSearchCode", "classificationCode", "isOriginalClassification",
        "cmdCode", "customsCode", "mosCode", "motCode", "qtyUnitCode", "qty",
        "isQtyEstimated", "altQtyUnitCode", "altQty", "isAltQtyEstimated", "netWgt",
        "isnetWgtEstimated", "grossWgt", "isGrossWgtEstimated", "cifValue", "fobValue",
        "primaryValue", "legacyEstimationFlag", "isReported", "isAggregate",
    ]
    assert len(header) == 34

    def bulk(partner, cmd, qty, value, est=0, aggregate=0):
        q = "" if qty is None else repr(qty)
        return [
            "20156202503162100", "C", "M", "20250301", "2025", "3", "202503", "156", "X",
            str(partner), "0", "H6", "H6", "1", cmd, "C00", "0", "0",
            "8" if qty is not None else "-1", q, str(est), "-1", "", "0", q, str(est),
            "", "0", "", repr(value), repr(value), "0", "1", str(aggregate),
        ]

    rows = [
        bulk(0, "850511", CT_WORLD_QTY, CT_WORLD_VAL),
        bulk(842, "850511", CT_USA[1], CT_USA[2]),
        bulk(276, "850511", CT_DEU[1], CT_DEU[2], est=1),
        bulk(0, "280530", 412300.0, 16492000.0),
        bulk(842, "280530", 150000.0, 6000000.0),
        bulk(276, "280530", None, 1830000.0),                     # no quantity
        bulk(842, "85", None, 98765432.0, aggregate=1),           # keep: a total, flagged or not (§8)
    ]
    assert all(len(r) == 34 for r in rows)
    tsv = "\n".join("\t".join(r) for r in [header] + rows) + "\n"
    buf = io.BytesIO()
    with gzip.GzipFile(filename="C_M_156_202503_H6.txt", mode="wb", fileobj=buf,
                       mtime=0) as gz:
        gz.write(tsv.encode("utf-8"))
    write_bytes("comtrade/bulk-final.txt.gz", buf.getvalue())

    write_json("comtrade/final-bom.json", envelope([usa, jpn], "0.09 secs"), bom=True)

    # §8: UNSD-computed totals (isAggregate true) next to their mode-of-transport rows, as
    # `fetch comtrade`'s C00/0/0 queries return them: each total is stored once, its
    # breakdowns never.
    def aggregated(rec):
        rec["isAggregate"] = True
        rec["isReported"] = False
        return rec

    sept = [
        aggregated(final_record(0, 5774000.0, 398000000.0, period="202509")),
        aggregated(final_record(842, 420500.0, 31000000.0, period="202509")),
        final_record(842, 300000.0, 22000000.0, mot=2100, period="202509"),
        final_record(842, 120500.0, 9000000.0, mot=1000, period="202509"),
        final_record(276, 456000.0, 33500000.0, period="202509"),
    ]
    assert sept[2]["qty"] + sept[3]["qty"] == sept[1]["qty"]
    write_json("comtrade/aggregate-totals.json", envelope(sept, "0.31 secs"))


# ---------------------------------------------------------------------------
# US Census (formats.md §2)
# ---------------------------------------------------------------------------

def census():
    desc = "PERMANENT MAGNETS OF METAL, NESOI"
    head = ["CTY_CODE", "CTY_NAME", "I_COMMODITY", "I_COMMODITY_SDESC", "GEN_VAL_MO",
            "CON_VAL_MO", "GEN_QY1_MO", "CON_QY1_MO", "UNIT_QY1", "GEN_VAL_YR", "time",
            "COMM_LVL", "I_COMMODITY", "CTY_CODE"]
    # (cty, name, gen_val, con_val, gen_qy, con_qy, unit, gen_val_yr, time)
    chn = ("5700", "CHINA", 41234567, 40987654, 1523400, 1519800, "KG", 118000000, "2025-03")
    jpn = ("5880", "JAPAN", 5120300, 5120300, 61200, 61200, "KG", 15010000, "2025-03")
    deu = ("4280", "GERMANY", 1873400, 1870000, 0, 0, "-", 5400000, "2025-03")
    countries = [chn, jpn, deu]
    total = ("-", "TOTAL FOR ALL COUNTRIES",
             *[sum(c[i] for c in countries) for i in (2, 3, 4, 5)], "KG",
             sum(c[7] for c in countries), "2025-03")
    assert total[2:6] == (48228267, 47977954, 1584600, 1581000)
    eu = ("0003", "EUROPEAN UNION", *deu[2:])
    chn_feb = ("5700", "CHINA", 38811200, 38700150, 1437700, 1436900, "KG", 76765433,
               "2025-02")
    assert chn_feb[7] + chn[2] == chn[7]

    def row(r):
        cty, name, gv, cv, gq, cq, unit, yr, time = r
        return [cty, name, "8505110070", desc, str(gv), str(cv), str(gq), str(cq), unit,
                str(yr), time, "HS10", "8505110070", cty]

    data = [head] + [row(r) for r in [chn, jpn, deu, total, eu, chn_feb]]
    write_bytes("census/imports-hs10.json",
                json.dumps(data, separators=(",", ":")).encode("utf-8"))

    ehead = ["E_COMMODITY", "CTY_NAME", "ALL_VAL_MO", "QTY_1_MO", "UNIT_QY1", "DF", "YEAR",
             "MONTH", "COMM_LVL", "E_COMMODITY", "CTY_CODE"]
    erows = [
        ["850511", "JAPAN", "1834500", "102300", "KG", "1", "2025", "03", "HS6", "850511",
         "5880"],
        ["850511", "JAPAN", "42100", "2100", "KG", "2", "2025", "03", "HS6", "850511",
         "5880"],
        ["850511", "CHINA", "356000", "12500", "KG", "1", "2025", "03", "HS6", "850511",
         "5700"],
    ]
    write_bytes("census/exports-hs6.json",
                json.dumps([ehead] + erows, separators=(",", ":")).encode("utf-8"))

    write_bytes("census/empty-204.json", b"")
    write_bytes("census/invalid-key.html", (
        "<html>\n<head>\n<title>Invalid Key</title>\n</head>\n<body>\n"
        "<h1>Invalid Key</h1>\n"
        "<p>A valid <em>key</em> must be included with each data API request. "
        "You included a key with this request, however, it is not valid. "
        "Please check your key and try again.</p>\n"
        "<p>If you do not have a key you may sign up for one "
        "<a href=\"https://api.census.gov/data/key_signup.html\">here</a>.</p>\n"
        "</body>\n</html>\n").encode("utf-8"))


# ---------------------------------------------------------------------------
# China GACC (formats.md §3)
# ---------------------------------------------------------------------------

MAGNET_ZH = "稀土永磁铁及稀土永磁体"


def thousands(n):
    """A GACC number cell: quoted with thousands separators when it has one."""
    if n is None:
        return "-"
    s = f"{n:,}"
    return f'"{s}"' if "," in s else s


def gacc_text(header, rows):
    return "".join(",".join(r) + "\r\n" for r in [header] + rows)


HEAD10 = ["数据年月", "商品编码", "商品名称", "贸易伙伴编码", "贸易伙伴名称", "第一数量",
          "第一计量单位", "第二数量", "第二计量单位", "美元"]

GACC_PARTNERS = {"502": "美国", "116": "日本", "304": "德国", "143": "中国台湾"}


def row10(period, partner, qty, usd):
    return [period, "85051110", MAGNET_ZH, partner, GACC_PARTNERS[partner],
            thousands(qty), "千克", "-", "", thousands(usd)]


def gacc():
    monthly = [
        row10("202503", "502", 612345, 23456789),
        row10("202503", "116", 301220, 11870400),
        row10("202503", "304", 201500, 9870000),
        row10("202503", "143", 950, 38700),           # small number: not quoted
        row10("202504", "502", 580010, 22104500),
        row10("202504", "116", 287400, 11203000),
        row10("202504", "304", 190230, 9312750),
        row10("202504", "143", None, 1180000),        # 第一数量 '-': no quantity
    ]
    text = gacc_text(HEAD10, monthly)
    write_bytes("gacc/monthly-usd.gbk.csv", text.encode("gbk"))
    write_bytes("gacc/monthly-usd.utf8bom.csv", codecs.BOM_UTF8 + text.encode("utf-8"))

    janfeb = [
        row10("202501-02", "502", 1150300, 44010200),
        row10("202501-02", "116", 560000, 21905000),
        row10("202503", "502", 612345, 23456789),
        row10("202503", "116", 301220, 11870400),
    ]
    write_bytes("gacc/janfeb-combined.gbk.csv", gacc_text(HEAD10, janfeb).encode("gbk"))

    head13 = ["商品编码", "商品名称", "贸易伙伴编码", "贸易伙伴名称", "贸易方式编码",
              "贸易方式名称", "注册地编码", "注册地名称", "第一数量", "第一计量单位",
              "第二数量", "第二计量单位", "人民币"]
    modes = {"10": "一般贸易", "15": "进料加工贸易"}
    places = {"33": "浙江省", "36": "江西省"}
    cny = [  # (partner, mode, place, kg, yuan)
        ("502", "10", "33", 310000, 89280000),
        ("502", "10", "36", 120500, 34704000),
        ("502", "15", "33", 181845, 52371360),
        ("116", "10", "33", 200000, 57600000),
        ("116", "15", "36", 101220, 29151360),
        ("304", "10", "33", 201500, 58032000),
    ]
    sums = {}
    for p, _, _, q, v in cny:
        sq, sv = sums.get(p, (0, 0))
        sums[p] = (sq + q, sv + v)
    assert sums == {"502": (612345, 176355360), "116": (301220, 86751360),
                    "304": (201500, 58032000)}
    rows13 = [["85051110", MAGNET_ZH, p, GACC_PARTNERS[p], m, modes[m], pl, places[pl],
               thousands(q), "千克", "-", "", thousands(v)] for p, m, pl, q, v in cny]
    write_bytes("gacc/cny-13col.gbk.csv", gacc_text(head13, rows13).encode("gbk"))


# ---------------------------------------------------------------------------
# Eurostat Comext (formats.md §4)
# ---------------------------------------------------------------------------

def csv_text(rows, delimiter=",", eol="\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=eol)
    w.writerows(rows)
    return buf.getvalue()


def comext():
    v2_head = ["REPORTER", "PARTNER", "TRADE_TYPE", "PRODUCT_NC", "PRODUCT_SITC",
               "PRODUCT_CPA21", "PRODUCT_CPA22", "PRODUCT_BEC", "PRODUCT_BEC5",
               "PRODUCT_SECTION", "FLOW", "STAT_PROCEDURE", "SUPPL_UNIT", "PERIOD",
               "VALUE_EUR", "VALUE_NAC", "QUANTITY_KG", "QUANTITY_SUPPL_UNIT"]
    magnet = ["85051110", "77881", "2711", "2711", "42", ".....", "16"]
    remetal = ["28053010", "52226", "2013", "2013", "22", ".....", "06"]
    secret = ["99RRR100", "99999", ".....", ".....", "7", ".....", "22"]

    def v2(rep, par, prod, proc, period, eur, kg):
        return [rep, par, "E", *prod, "1", proc, "NO_SU", period, str(eur), str(eur),
                str(kg), "0"]

    # DE<-CN 85051110 2025-03, two statistical procedures that must be summed.
    de_cn = [(20666015, 391255), (1204330, 20800)]
    assert tuple(map(sum, zip(*de_cn))) == (21870345, 412055)
    rows = [
        v2("DE", "CN", magnet, "1", "202503", *de_cn[0]),
        v2("DE", "CN", magnet, "2", "202503", *de_cn[1]),
        v2("NL", "CN", magnet, "1", "202503", 5432100, 98400),
        v2("DE", "NA", remetal, "1", "202503", 84500, 1500),
        v2("FR", "QZ", magnet, "1", "202503", 310000, 5200),
        v2("DE", "CN", secret, "1", "202503", 2580, 600),
        v2("DE", "CN", magnet, "1", "202452", 254310422, 4120553),
    ]
    write_bytes("comext/bulk-v2.csv", csv_text([v2_head] + rows).encode("utf-8"))

    v1_head = ["DECLARANT", "DECLARANT_ISO", "PARTNER", "PARTNER_ISO", "TRADE_TYPE",
               "PRODUCT_NC", "PRODUCT_SITC", "PRODUCT_CPA2002", "PRODUCT_CPA2008",
               "PRODUCT_CPA2_1", "PRODUCT_BEC", "PRODUCT_SECTION", "FLOW", "STAT_REGIME",
               "SUPP_UNIT", "PERIOD", "VALUE_IN_EUROS", "QUANTITY_IN_KG", "SUP_QUANTITY"]
    v1_prod = ["85051110", "77881", "31106", "27111", "27111", "42", "16"]
    v1 = [
        ["004", "DE", "0720", "CN", "E", *v1_prod, "1", "1", "", "201803", "18230455",
         "351200", "0"],
        ["001", "FR", "0720", "CN", "E", *v1_prod, "1", "1", "", "201803", "2650300",
         "48100", "0"],
    ]
    write_bytes("comext/bulk-v1.dat", csv_text([v1_head] + v1).encode("utf-8"))

    sd_head = ["DATAFLOW", "LAST UPDATE", "freq", "reporter", "partner", "product", "flow",
               "indicators", "TIME_PERIOD", "OBS_VALUE"]

    def sd(rep, par, prod, ind, obs):
        return ["ESTAT:DS-045409(1.0)", "15/05/25 11:00:00", "M", rep, par, prod, "1", ind,
                "2025-03", obs]

    sdmx = [
        sd("DE", "CN", "85051110", "QUANTITY_IN_100KG", "4120.55"),
        sd("DE", "CN", "85051110", "VALUE_IN_EUROS", "21870345.0"),
        sd("DE", "NA", "28053010", "QUANTITY_IN_100KG", "15.0"),
        sd("DE", "NA", "28053010", "VALUE_IN_EUROS", "84500.0"),
        sd("NL", "CN", "85051110", "QUANTITY_IN_100KG", ":"),
        sd("NL", "CN", "85051110", "VALUE_IN_EUROS", "5432100.0"),
        sd("EU27_2020", "CN", "85051110", "VALUE_IN_EUROS", "98765432.0"),
    ]
    write_bytes("comext/sdmx.csv",
                csv_text([sd_head] + sdmx, eol="\r\n").encode("utf-8"))


# ---------------------------------------------------------------------------
# A user's file mapped by a TOML description
# ---------------------------------------------------------------------------

def mapped():
    rows = [
        ["Land", "Jahr", "Monat", "Ware", "Menge_t", "Wert_EUR"],
        ["CN", "2025", "3", "85051110", "412.5", "21870345"],
        ["USA", "2025", "03", "85051110", "12.25", "640000"],
        ["NA", "2025", "3", "28053010", "1.5", "84500"],
        ["JP", "2025", "2", "85051110", "30", "1500000"],
    ]
    write_bytes("mapped/customs-extract.csv", csv_text(rows, delimiter=";").encode("utf-8"))
    write_bytes("mapped/customs-extract.toml", b'''\
# Maps customs-extract.csv (a semicolon-separated German-style extract) onto canonical fields.
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
''')


if __name__ == "__main__":
    comtrade()
    census()
    gacc()
    comext()
    mapped()
    for d, _, files in sorted(os.walk(HERE)):
        for f in sorted(files):
            if d != HERE:
                p = os.path.join(d, f)
                print(f"{os.path.getsize(p):6d}  {os.path.relpath(p, HERE)}")
