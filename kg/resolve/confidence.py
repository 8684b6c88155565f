"""How sure a merge decision is, from how often its rule was right on the development sets.

A merge report row's rule is a chain of steps ("fuller name in the same article; knowledge
base"). A chain judged on the development sets has its measured share of right decisions,
(right + 1) / (judged + 2), so a rule seen rarely stays near one half; a chain never judged
has the product of its steps' confidences, each step's as a chain of its own (one half when
never judged). `python -m kg.check.calibrate` measures the chains on builds of the development sets
and writes the table (ontology/kb/merge_confidence.json); the README shows it.
"""

from __future__ import annotations

import json
from functools import cache

from kg.paths import KB_DIR

CONFIDENCE_FILE = KB_DIR / "merge_confidence.json"
STEP_SEPARATOR = "; "
# The calibration's promise: of the names joined with at least this confidence, at least
# this share is right. Names under it are marked on the page.
SURE = 0.9
UNMEASURED = 0.5  # a step never judged: as likely right as wrong


@cache
def _measured() -> dict[str, float]:
    data = json.loads(CONFIDENCE_FILE.read_text(encoding="utf-8"))
    return {rule: float(row["confidence"]) for rule, row in data["rules"].items()}


def rule_confidence(right: int, wrong: int) -> float:
    """A rule's confidence from its judged decisions: the rule of succession."""
    return round((right + 1) / (right + wrong + 2), 3)


def confidence(rule: str, measured: dict[str, float] | None = None) -> float:
    """How likely a surface joined to its node by `rule` names that node (0-1): by the
    shipped table, or by `measured` (a table being calibrated)."""
    return _shipped(rule) if measured is None else _score(rule, measured)


@cache
def _shipped(rule: str) -> float:
    # a build asks for every surface: a few dozen rules, asked thousands of times
    return _score(rule, _measured())


def _score(rule: str, table: dict[str, float]) -> float:
    if rule in table:
        return round(table[rule], 2)
    score = 1.0
    for step in rule.split(STEP_SEPARATOR):
        score *= table.get(step, UNMEASURED)
    return round(score, 2)
