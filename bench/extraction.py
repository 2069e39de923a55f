"""Extraction against human tags: precision, recall and speed on the Reuters-21578 sample.

    .venv/bin/python bench/extraction.py [--limit N] [--threshold X] [--wikinews N [--seed S] [--no-corpus]]

Reads ../shared/corpus in place (research licence: never copied). Two runs: the built-in gazetteer
only (an empty archive), and the archive "filled" with the tagged names of the first half, measured
on the second half. Places are compared at country level (a city counts for its country), since
Reuters tags countries. Speed is this process's CPU time (one core), so that other work on a shared
machine does not lower it. Prints markdown for bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import gzip
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.extraction import (  # noqa: E402
    ORGANIZATION,
    PERSON,
    PLACE,
    Entry,
    Gazetteer,
    extract,
    normalise,
)

CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578-articles.jsonl.gz"
WIKINEWS = ROOT.parent / "shared" / "samples" / "wikinews"
TAGS = {PLACE: "places", PERSON: "people", ORGANIZATION: "orgs"}


def read_corpus(limit: int | None) -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for number, line in enumerate(lines) if limit is None or number < limit]


def spelling(name: str) -> str:
    """One spelling for comparison: the tags write "Organisation", "Co-operation", "Stock Exchange/Bourse"."""
    name = normalise(name).replace("organisation", "organization").replace("co-operation", "cooperation")
    return name.replace("/bourse", "")


def country_of(name: str, gazetteer: Gazetteer) -> str:
    entry = gazetteer.lookup(name, (PLACE,))
    if entry is None:
        return normalise(name)
    return normalise(entry.name if entry.place_kind == "country" or not entry.parent else entry.parent)


def predicted(suggestions, kind: str, gazetteer: Gazetteer, threshold: float) -> set[str]:
    names = set()
    for s in suggestions:
        if s.kind != kind or s.confidence < threshold:
            continue
        if kind == PLACE:
            names.add(
                normalise(s.parent)
                if s.parent and s.place_kind != "country"
                else country_of(s.name, gazetteer)
            )
        else:
            names.add(spelling(s.name))
    return names


def expected(record: dict, kind: str, gazetteer: Gazetteer) -> set[str]:
    names = record.get(TAGS[kind], [])
    if kind == PLACE:
        return {country_of(n, gazetteer) for n in names}
    if kind == ORGANIZATION:
        return {
            spelling(e.name) if (e := gazetteer.lookup(n, (ORGANIZATION,))) else spelling(n) for n in names
        }
    return {normalise(n) for n in names}


def same_person(a: str, b: str, surname_alone: bool = True) -> bool:
    """Full names match, or surname and first initial do ("James Baker" and "James A. Baker").

    With `surname_alone`, a suggestion of a surname only ("Reagan", from "President Reagan" in a text
    that never writes his first name) also matches the tagged person of that surname.
    """
    a, b = a.replace("-", " "), b.replace("-", " ")  # "Leigh-Pemberton" and "Leigh Pemberton"
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if surname_alone and (len(wa) == 1 or len(wb) == 1):
        return wa[-1] == wb[-1]
    return len(wa) > 1 and len(wb) > 1 and wa[-1] == wb[-1] and wa[0][0] == wb[0][0]


def vocabulary(gazetteer: Gazetteer) -> dict[str, set[str]]:
    """Every name the taggers could have used, per type: a suggestion outside it is not counted wrong."""
    codes = json.loads((CORPUS.parent / "reuters21578-codes.json").read_text())
    return {
        kind: expected({TAGS[kind]: list(codes[TAGS[kind]].values())}, kind, gazetteer)
        for kind in TAGS
        if TAGS[kind] in codes
    } | {
        ORGANIZATION: expected(
            {"orgs": list(codes.get("orgs", {}).values()) + list(codes.get("exchanges", {}).values())},
            ORGANIZATION,
            gazetteer,
        )
    }


def score(records, gazetteer: Gazetteer, threshold: float) -> tuple[dict, dict, float]:
    tp, fp, fn, fp_vocabulary = Counter(), Counter(), Counter(), Counter()
    tp_full_names = 0  # people found by full name, as the README's earlier runs counted them
    known = vocabulary(gazetteer)
    misses: dict[str, Counter] = {k: Counter() for k in TAGS}
    elapsed = 0.0
    for record in records:
        published = datetime.datetime.fromisoformat(record["published"]).date()
        started = time.process_time()
        suggestions = extract(record["headline"] + "\n\n" + record["body"], published, gazetteer)
        elapsed += time.process_time() - started
        for kind in TAGS:
            want = expected(record, kind, gazetteer)
            got = predicted(suggestions, kind, gazetteer, threshold)
            if kind == PERSON:
                hit = {w for w in want if any(same_person(w, g) for g in got)}
                tp_full_names += sum(any(same_person(w, g, surname_alone=False) for g in got) for w in want)
                extra = {g for g in got if not any(same_person(w, g) for w in want)}
            else:
                hit, extra = want & got, got - want
            tp[kind] += len(hit)
            fn[kind] += len(want - hit)
            fp[kind] += len(extra)
            fp_vocabulary[kind] += (
                len(extra & known[kind])
                if kind != PERSON
                else sum(any(same_person(k, g) for k in known[kind]) for g in extra)
            )
            misses[kind].update(want - hit)
    results = {}
    for kind in TAGS:
        precision = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 0.0
        recall = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 0.0
        within = tp[kind] / (tp[kind] + fp_vocabulary[kind]) if tp[kind] + fp_vocabulary[kind] else 0.0
        results[kind] = (precision, within, recall, tp[kind] + fn[kind])
    people = tp[PERSON] + fn[PERSON]
    results["people by full name"] = (None, None, tp_full_names / people if people else 0.0, people)
    return results, misses, len(records) / elapsed


def filled_gazetteer(records) -> Gazetteer:
    """The built-in names plus the tagged people and organisations of `records`, as archive rows."""
    gazetteer = Gazetteer.builtin().copy()
    names = {
        (kind, name)
        for record in records
        for kind in (PERSON, ORGANIZATION)
        for name in record.get(TAGS[kind], [])
    }
    for pk, (kind, name) in enumerate(sorted(names), start=1):
        gazetteer.add_row(Entry(kind, name, existing_id=pk), [name])
    return gazetteer


def table(title: str, results: dict, speed: float) -> str:
    lines = [
        f"**{title}** ({speed:,.0f} articles/s, CPU time)",
        "",
        "| type | precision, all suggestions | precision within the tag vocabulary | recall | tags |",
        "|---|---|---|---|---|",
    ]
    for kind, (precision, within, recall, total) in results.items():
        if precision is None:  # recall only
            lines.append(f"| {kind} | | | {recall:.3f} | {total:,} |")
        else:
            lines.append(f"| {TAGS[kind]} | {precision:.2f} | {within:.2f} | {recall:.3f} | {total:,} |")
    return "\n".join(lines)


def wikinews_sample(count: int, seed: int = 7) -> None:
    rows = []
    for path in sorted(WIKINEWS.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    gazetteer = Gazetteer.builtin()
    started = time.process_time()
    results = [
        extract(r["title"] + "\n\n" + r["text"], datetime.date.fromisoformat(r["date"]), gazetteer)
        for r in rows
    ]
    speed = len(rows) / (time.process_time() - started)
    print(f"\nWikinews: {len(rows)} articles, {speed:,.0f} articles/s (CPU time)")
    for row, suggestions in random.Random(seed).sample(list(zip(rows, results, strict=True)), count):
        print(f"\n## {row['title']} ({row['date']})")
        for kind in (PERSON, ORGANIZATION, PLACE):
            names = [
                f"{s.name}{' [' + s.title + ']' if s.title else ''}"
                for s in suggestions
                if s.kind == kind and not s.weak
            ]
            print(f"- {kind}: {'; '.join(names)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="Read only the first N articles.")
    parser.add_argument("--threshold", type=float, default=0.0, help="Count only suggestions this confident.")
    parser.add_argument(
        "--wikinews", type=int, default=0, help="Also print N random Wikinews articles' entities."
    )
    parser.add_argument("--seed", type=int, default=7, help="Which random Wikinews articles (default 7).")
    parser.add_argument("--no-corpus", action="store_true", help="Only the Wikinews sample, no Reuters run.")
    options = parser.parse_args()
    if options.no_corpus:
        wikinews_sample(options.wikinews, options.seed)
        return
    records = read_corpus(options.limit)
    Gazetteer.builtin()  # built once, outside the timing
    results, misses, speed = score(records, Gazetteer.builtin(), options.threshold)
    print(table(f"Gazetteer only, all {len(records):,} articles", results, speed))
    print(
        "\nTypical misses: "
        + "; ".join(f"{TAGS[k]}: " + ", ".join(n for n, _ in m.most_common(8)) for k, m in misses.items())
    )
    half = len(records) // 2
    results, misses, speed = score(records[half:], filled_gazetteer(records[:half]), options.threshold)
    print(
        "\n"
        + table(
            f"Archive filled from the first half, measured on the second {len(records) - half:,}",
            results,
            speed,
        )
    )
    print(
        "\nTypical misses: "
        + "; ".join(f"{TAGS[k]}: " + ", ".join(n for n, _ in m.most_common(8)) for k, m in misses.items())
    )
    if options.wikinews:
        wikinews_sample(options.wikinews, options.seed)


if __name__ == "__main__":
    main()
