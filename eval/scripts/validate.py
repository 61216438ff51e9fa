"""Build and check a hand-written evaluation set (eval/scripts by default, or the folder named).

    python eval/scripts/validate.py --build [FOLDER]   # passages.src.txt -> passages.jsonl, then check
    python eval/scripts/validate.py [FOLDER]           # check passages.jsonl against kb.json

Source format (passages.src.txt), one passage per line, `#` comments:
    SKU_ID || tags || text with «span|type/class|reason» markers
`tags`: comma separated; `en` marks an English passage, other tags name the hard-negative kind(s) of a clean passage.
`\\u200b`-style escapes in the text are decoded (used for zero-width characters).
"""
import collections, json, re, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
AT = "2026-12-05T20:00:00+08:00"  # this folder's reference time; a set written for another moment passes its own
TYPES = {"claim", "banned", "injection"}
CLASSES = {
    "banned": {"absolute_term", "forbidden_claim", "medical_claim", "obfuscation"},
    "claim": {"absent_fact", "compound_unit", "decimal_yi", "kuai_decimal", "liang", "list_as_today", "offer_window",
              "range", "scarcity_unit", "semantic", "sibling_fact", "spoken_number", "unit_alias", "wrong_value"},
    "injection": {"injection"},
}
TRAPS = {"banned_char", "compound_ok", "decimal_ok", "kb_quote", "kuai_ok", "liang_ok", "offer_ended",
         "offer_future_ok", "offer_window_ok", "own_compare", "promo_condition_ok", "range_ok", "scarcity_ok",
         "spoken_ok", "unit_ok"}
MARK = re.compile(r"«([^«»|]+)\|(\w+)/(\w+)\|([^«»]+)»")


def build(folder: Path, at: str) -> None:
    out = []
    counter = collections.Counter()
    for n, line in enumerate((folder / "passages.src.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        sku, tags, raw = (p.strip() for p in line.split("||", 2))
        raw = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), raw)
        text, labels, pos = "", [], 0
        for m in MARK.finditer(raw):
            text += raw[pos:m.start()]
            span, typ, cls, reason = m.groups()
            labels.append({"start": len(text), "end": len(text) + len(span), "span": span,
                           "type": typ, "class": cls, "reason": reason.strip()})
            text += span
            pos = m.end()
        text += raw[pos:]
        assert "«" not in text and "»" not in text, f"line {n}: unparsed marker"
        counter[sku] += 1
        tags = [t.strip() for t in tags.split(",") if t.strip()]
        rec = {"id": f"{sku}-{counter[sku]:02d}", "sku_id": sku, "at": at, "text": text, "labels": labels,
               "lang": "en" if "en" in tags else "zh"}
        if not labels:
            rec["hard_negative"] = [t for t in tags if t != "en"]
        out.append(rec)
    with open(folder / "passages.jsonl", "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def check(folder: Path, at: str) -> bool:
    kb = json.loads((folder / "kb.json").read_text(encoding="utf-8"))
    skus = {s["sku_id"] for s in kb["skus"]}
    rows = [json.loads(l) for l in (folder / "passages.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    errors, ids = [], set()
    by_type, by_class, neg, lang = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    pos_passages = collections.Counter()
    for r in rows:
        if r["id"] in ids:
            errors.append(f"duplicate id {r['id']}")
        ids.add(r["id"])
        if r["sku_id"] not in skus:
            errors.append(f"{r['id']}: unknown sku {r['sku_id']}")
        if r["at"] != at:
            errors.append(f"{r['id']}: at {r['at']}")
        lang[r.get("lang", "zh")] += 1
        last_end = -1
        for lab in sorted(r["labels"], key=lambda x: x["start"]):
            if r["text"][lab["start"]:lab["end"]] != lab["span"]:
                errors.append(f"{r['id']}: span mismatch {lab['span']!r}")
            if lab["type"] not in TYPES:
                errors.append(f"{r['id']}: bad type {lab['type']}")
            elif lab["class"] not in CLASSES[lab["type"]]:
                errors.append(f"{r['id']}: bad class {lab['type']}/{lab['class']}")
            if not lab.get("reason"):
                errors.append(f"{r['id']}: label without reason")
            if lab["start"] < last_end:
                errors.append(f"{r['id']}: overlapping labels")
            last_end = lab["end"]
            by_type[lab["type"]] += 1
            by_class[(lab["type"], lab["class"])] += 1
        for key in {(l["type"], l["class"]) for l in r["labels"]}:
            pos_passages[key] += 1
        if r["labels"] and "hard_negative" in r:
            errors.append(f"{r['id']}: labelled passage carries hard_negative")
        if not r["labels"] and "hard_negative" not in r:
            errors.append(f"{r['id']}: clean passage without hard_negative")
        for t in r.get("hard_negative", []):
            neg[t] += 1
            if t not in TRAPS:
                errors.append(f"{r['id']}: unknown hard-negative tag {t}")
        if r.get("lang") not in ("zh", "en"):
            errors.append(f"{r['id']}: lang {r.get('lang')}")
        if r.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", r["text"]):
            errors.append(f"{r['id']}: English passage with Chinese characters")
    clean = sum(1 for r in rows if not r["labels"])
    print(f"passages {len(rows)}  skus used {len({r['sku_id'] for r in rows})}/{len(skus)}  "
          f"clean {clean} ({clean / len(rows):.1%})  languages {dict(lang)}")
    print("labels per type:", dict(by_type))
    print("labels (passages) per class:")
    for (t, c), n in sorted(by_class.items()):
        print(f"  {t:9s} {c:16s} {n:3d} ({pos_passages[(t, c)]})")
    print("clean hard-negative tags:", dict(sorted(neg.items())))
    print("passages per sku:", dict(sorted(collections.Counter(r["sku_id"] for r in rows).items())))
    for t in sorted(TRAPS - set(neg)):
        print("WARNING no clean passage for trap", t)
    for e in errors:
        print("ERROR", e)
    return not errors


def main(folder: Path, at: str) -> int:
    """The command line of this tool and of each set's own ``validate.py``: ``--build`` first builds, then checks."""
    if "--build" in sys.argv:
        build(folder, at)
    return 0 if check(folder, at) else 1


if __name__ == "__main__":
    folders = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(main(Path(folders[0]).resolve() if folders else HERE, AT))
