"""Calibrate merge confidence: how often each merge rule joins a name to the right node.

    python -m kg.check.calibrate BUILD GOLD [BUILD GOLD ...] [--write]

A row of a build's merge report (a name, the node it joined, the rule that joined them) is
judged against the gold file's entities: right when the name and the node's preferred label
are one gold entity, wrong when they are two, not judged when either is no gold entity. Each
rule's confidence is its share of right judgements (kg/resolve/confidence.py); `--write`
stores the table in ontology/kb/merge_confidence.json. The output also checks the promise
the table makes: of the judged rows scored at least SURE, at least SURE of them are right.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDFS

from kg.check.evaluate import load_gold, load_graph, norm
from kg.resolve.confidence import (
    CONFIDENCE_FILE,
    SURE,
    UNMEASURED,
    confidence,
    rule_confidence,
)


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    unjudged: int = 0


@dataclass
class Calibration:
    rules: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    judged: list[tuple[str, bool]] = field(default_factory=list)  # (rule, right?)
    wrong_rows: list[str] = field(default_factory=list)

    def measured(self) -> dict[str, float]:
        return {rule: rule_confidence(t.right, t.wrong) for rule, t in self.rules.items()}

    def table(self) -> dict[str, object]:
        return {
            "about": "merge rules: judged right and wrong on the development sets, and the "
            "confidence (right + 1) / (judged + 2); written by python -m kg.check.calibrate",
            "unmeasured": UNMEASURED,
            "rules": {
                rule: {
                    "right": t.right,
                    "wrong": t.wrong,
                    "confidence": rule_confidence(t.right, t.wrong),
                }
                for rule, t in sorted(self.rules.items())
            },
        }

    def share_right(self, at_least: float) -> tuple[int, float]:
        """How many judged rows the table scores at least `at_least`, and the share of them
        that is right."""
        measured = self.measured()
        rows = [right for rule, right in self.judged if confidence(rule, measured) >= at_least]
        return len(rows), (sum(rows) / len(rows) if rows else 1.0)


def judge(build: Path, gold: Path, into: Calibration) -> None:
    """Judge every row of one build's merge report against one gold file."""
    entities, _ = load_gold(gold)
    graph = load_graph(build)
    preferred: dict[str, set[str]] = defaultdict(set)
    for subject, label in graph.subject_objects(RDFS.label):
        iri = str(subject)
        if "/entity/" in iri:
            preferred[iri.rsplit("/entity/", 1)[1]].add(norm(str(label)))

    def gold_entities(labels: set[str]) -> set[str]:
        return {
            key
            for key, patterns in entities.items()
            if any(p.fullmatch(label) for p in patterns for label in labels)
        }

    with (build / "merge-report.csv").open(encoding="utf-8", newline="") as report:
        for row in csv.DictReader(report):
            named = gold_entities({norm(row["surface_form"])})
            node = gold_entities(preferred[row["entity"]])
            verdict = bool(named & node) if named and node else None
            tally = into.rules[row["rule"]]
            if verdict is None:
                tally.unjudged += 1
            elif verdict:
                tally.right += 1
            else:
                tally.wrong += 1
            if verdict is not None:
                into.judged.append((row["rule"], verdict))
            if verdict is False:
                into.wrong_rows.append(f"{row['surface_form']} → {row['entity']} ({row['rule']})")


def format_table(calibration: Calibration) -> str:
    measured = calibration.measured()
    lines = ["| rule | right | wrong | not judged | confidence |", "|---|---|---|---|---|"]
    for rule, t in sorted(
        calibration.rules.items(), key=lambda kv: (-kv[1].right - kv[1].wrong, kv[0])
    ):
        lines.append(
            f"| {rule} | {t.right} | {t.wrong} | {t.unjudged} | {confidence(rule, measured):.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.check.calibrate", description=__doc__)
    parser.add_argument("pairs", nargs="+", help="BUILD GOLD pairs: a build folder, its gold")
    parser.add_argument("--write", action="store_true", help=f"write {CONFIDENCE_FILE.name}")
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        parser.error("give each build folder with its gold file")
    calibration = Calibration()
    for build, gold in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        judge(Path(build), Path(gold), calibration)
    print(format_table(calibration))
    count, share = calibration.share_right(SURE)
    print(f"\njudged rows with confidence ≥ {SURE}: {count}, right: {share:.1%}")
    for row in calibration.wrong_rows:
        print(f"  wrong: {row}")
    if args.write:
        text = json.dumps(calibration.table(), ensure_ascii=False, indent=1) + "\n"
        CONFIDENCE_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {CONFIDENCE_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
