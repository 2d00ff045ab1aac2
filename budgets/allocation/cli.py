"""Run an allocation rule on a pabulib file, without Django:

    python -m budgets.allocation.cli FILE --rule greedy|equal-shares|equal-shares-plain [--json]

``allocate_file`` is what ``manage.py pabulib_allocate`` wraps. With ``--json`` the output is one object
``{"selected": [ids, natural order], "total_cost": number, "seconds": time of the rule alone}``; the total
cost is an integer when whole, else a float.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from fractions import Fraction

from budgets.allocation import RULES
from budgets.allocation.election import Money
from budgets.allocation.pabulib import PabulibFormatError, read_pabulib


def allocate_file(path: str, rule: str) -> dict:
    """Read the pabulib file at ``path`` and run ``rule`` on it. Returns ``{"selected": [...ids, natural
    sort], "total_cost": exact int or Fraction, "seconds": wall time of the rule alone (parsing excluded),
    "election": the parsed Election}``. Raises ``KeyError`` for an unknown rule, ``PabulibFormatError`` for a
    malformed file, ``OSError`` when the file cannot be read."""
    if rule not in RULES:
        raise KeyError(f"unknown rule {rule!r}; choose one of {', '.join(RULES)}")
    election = read_pabulib(path)
    started = time.perf_counter()
    outcome = RULES[rule](election)
    seconds = time.perf_counter() - started
    return {
        "selected": list(outcome.selected),
        "total_cost": outcome.total_cost,
        "seconds": seconds,
        "election": election,
    }


def json_number(value: Money) -> int | float:
    """An exact amount for JSON: an integer when whole, else the nearest float."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else float(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m budgets.allocation.cli", description=__doc__.split("\n")[0]
    )
    parser.add_argument("file", help="a pabulib file (.pb)")
    parser.add_argument("--rule", required=True, choices=sorted(RULES), help="the allocation rule")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    options = parser.parse_args(argv)
    try:
        result = allocate_file(options.file, options.rule)
    except (OSError, PabulibFormatError, UnicodeDecodeError) as error:
        print(f"{options.file}: {error}", file=sys.stderr)
        return 2
    if options.json:
        print(
            json.dumps(
                {
                    "selected": result["selected"],
                    "total_cost": json_number(result["total_cost"]),
                    "seconds": result["seconds"],
                }
            )
        )
    else:
        print(f"rule: {options.rule}")
        print(f"funded ({len(result['selected'])}): {', '.join(result['selected']) or 'nothing'}")
        print(f"total cost: {json_number(result['total_cost'])}")
        print(f"seconds: {result['seconds']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
