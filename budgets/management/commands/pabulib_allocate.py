"""`python manage.py pabulib_allocate FILE --rule greedy|equal-shares|equal-shares-plain [--json]`

Runs one of Placette's allocation rules on a pabulib file, so that staff and researchers can try a rule on a
real election. With `--json`, prints one JSON object: {"selected": [project ids, natural order],
"total_cost": number, "seconds": time of the rule alone}; otherwise a readable table of the projects (votes,
cost, funded). A thin wrapper over `budgets.allocation.cli.allocate_file`."""

import json
from fractions import Fraction

from django.core.management.base import BaseCommand, CommandError

from budgets.allocation.cli import allocate_file
from budgets.allocation.pabulib import PabulibFormatError
from budgets.models import AllocationRule


def _json_number(value):
    """An exact amount as JSON: an integer when whole, else a float (costs with cents)."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else float(value)


class Command(BaseCommand):
    help = "Runs an allocation rule (greedy, equal shares) on a pabulib election file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A pabulib file (.pb).")
        parser.add_argument(
            "--rule", required=True, choices=AllocationRule.values, help="The allocation rule."
        )
        parser.add_argument("--json", action="store_true", help="Print the outcome as one JSON object.")

    def handle(self, *args, **options):
        try:
            result = allocate_file(options["file"], options["rule"])
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {options['file']}") from error
        except (PabulibFormatError, UnicodeDecodeError) as error:
            raise CommandError(f"{options['file']} is not a readable pabulib file: {error}") from error
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "selected": list(result["selected"]),
                        "total_cost": _json_number(result["total_cost"]),
                        "seconds": result["seconds"],
                    }
                )
            )
            return
        self._table(result, options["rule"])

    def _table(self, result, rule):
        election = result.get("election")
        selected = set(result["selected"])
        self.stdout.write(f"Rule: {AllocationRule(rule).label} ({rule})")
        if election is not None:
            votes = election.vote_counts()
            self.stdout.write(
                f"Budget: {_json_number(election.budget)} · ballots: {len(election.ballots)} · "
                f"projects: {len(election.projects)}"
            )
            rows = sorted(
                election.projects.values(),
                key=lambda project: (-votes[project.project_id], project.project_id),
            )
            width = max((len(project.project_id) for project in rows), default=2)
            self.stdout.write(f"{'id':<{width}}  {'votes':>7}  {'cost':>12}  funded  name")
            for project in rows:
                funded = "yes" if project.project_id in selected else ""
                self.stdout.write(
                    f"{project.project_id:<{width}}  {votes[project.project_id]:>7}  "
                    f"{_json_number(project.cost):>12}  {funded:<6}  {project.name or ''}"
                )
        self.stdout.write(f"Funded: {', '.join(result['selected']) or 'nothing'}")
        self.stdout.write(f"Total cost: {_json_number(result['total_cost'])} · {result['seconds']:.4f} s")
