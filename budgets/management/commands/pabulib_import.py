"""`python manage.py pabulib_import FILE --process SLUG [--budget-slug SLUG] [--title TITLE]`

Loads a real participatory-budgeting election (pabulib format, https://pabulib.org) into a budget of a
process, for demonstrations and tests: the envelope, the projects (name, cost, description) and every ballot,
as an online ballot of a synthetic voter. Counting the budget afterwards (`budget_allocate`) then gives the
election's real outcome, and the results pages show a real vote.

How the synthetic voters are made: each ballot gets a `Voter` identified by a one-time `VotingCode` of a
batch created for the import, already redeemed, whose digest is not an HMAC of any code but
`"pabulib:" + random hex` (`budgets.selectors_staff.IMPORTED_CODE_PREFIX`): no code typed by a person can
ever match it, and the ballots of imported voters can be told from real ones. Receipt digests are random:
nobody holds their receipt. Everything is written with bulk inserts inside one transaction: an error
leaves nothing behind.

Refusals (nothing written): a process that does not exist; a process with real ballots (cast online by a
resident, at a desk or on paper); a budget slug already taken by a budget that has projects or ballots; a
file that cannot be read or whose costs are not whole cents."""

import secrets
from fractions import Fraction
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from budgets.allocation.pabulib import PabulibFormatError, read_pabulib
from budgets.models import (
    AllocationRule,
    Ballot,
    BallotChannel,
    BallotRule,
    BallotSelection,
    Budget,
    BudgetProject,
    Voter,
    VotingCode,
    VotingCodeBatch,
)
from budgets.selectors_staff import IMPORTED_CODE_PREFIX, real_ballots
from participation.models import Process

BATCH_SIZE = 1000
TITLE_MAX_LENGTH = 200

# The pabulib `rule` of the file → the allocation rule of the budget (equal shares when unknown).
RULES = {
    "greedy": AllocationRule.GREEDY,
    "equalshares": AllocationRule.EQUAL_SHARES_PLAIN,
    "equalshares/add1": AllocationRule.EQUAL_SHARES,
}


def _cents(value, *, what: str) -> int:
    cents = Fraction(value) * 100
    if cents.denominator != 1:
        raise CommandError(f"{what} is not a whole number of cents ({value}).")
    return int(cents)


def _positive_int(text) -> int | None:
    try:
        number = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class Command(BaseCommand):
    help = "Loads a pabulib election (projects and ballots) into a budget of a process, for demos and tests."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A pabulib file (.pb).")
        parser.add_argument("--process", required=True, help="Slug of the process receiving the budget.")
        parser.add_argument(
            "--budget-slug", help="Slug of the budget (default: from the file's description)."
        )
        parser.add_argument("--title", help="Title of the budget (default: the file's description).")
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            election = read_pabulib(path)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {path}") from error
        except (PabulibFormatError, UnicodeDecodeError) as error:
            raise CommandError(f"{path} is not a readable pabulib file: {error}") from error
        try:
            process = Process.objects.get(slug=options["process"])
        except Process.DoesNotExist as error:
            raise CommandError(f"No process with the slug {options['process']!r}.") from error

        title = (options["title"] or election.meta.get("description") or path.stem)[:TITLE_MAX_LENGTH]
        slug = slugify(options["budget_slug"] or title or path.stem)[:120]
        if not slug:
            raise CommandError("Give the budget a slug with --budget-slug.")
        budget = import_election(
            process=process,
            election=election,
            slug=slug,
            title=title,
            progress=not options["no_progress"],
            stderr=self.stderr,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(election.projects)} projects and {len(election.ballots)} ballots into the "
                f"budget {budget.slug!r} of {process.slug!r}."
            )
        )


def import_election(
    *, process: Process, election, slug: str, title: str, progress: bool = False, stderr=None
) -> Budget:
    """Writes `election` (a `budgets.allocation` Election) as the budget `slug` of `process`, with its
    projects (in the file's order: `position`) and its ballots as online ballots of synthetic voters (see the
    module docstring), in one transaction. Raises `CommandError` for the refusals listed there."""
    projects = list(election.projects.values())
    amount_cents = _cents(election.budget, what="The budget")
    if amount_cents <= 0:
        raise CommandError("The election's budget must be positive.")
    costs = {
        project.project_id: _cents(project.cost, what=f"The cost of project {project.project_id}")
        for project in projects
    }
    if any(cost <= 0 for cost in costs.values()):
        raise CommandError("Every project must cost more than nothing.")
    with transaction.atomic():
        process = Process.objects.select_for_update().get(pk=process.pk)
        if real_ballots(process).exists():
            raise CommandError(
                f"The process {process.slug!r} has real ballots: an import would mix them with imported ones."
            )
        budget = Budget.objects.select_for_update().filter(process=process, slug=slug).first()
        if budget is not None and (budget.projects.exists() or budget.ballots.exists()):
            raise CommandError(
                f"The budget {slug!r} already has projects or ballots: choose another --budget-slug."
            )
        if budget is None:
            budget = Budget(process=process, slug=slug, title=title, amount_cents=amount_cents)
        longest = max((len(ballot) for ballot in election.ballots), default=0)
        max_projects = _positive_int(election.meta.get("max_length")) or max(longest, 1)
        min_projects = _positive_int(election.meta.get("min_length"))
        if min_projects is not None and min_projects > max_projects:
            min_projects = None
        budget.title = title
        budget.amount_cents = amount_cents
        budget.ballot_rule = BallotRule.APPROVAL
        budget.max_projects = max_projects
        budget.min_projects = min_projects
        budget.min_share_percent = None
        budget.allocation_rule = RULES.get(
            str(election.meta.get("rule", "")).strip().lower(), AllocationRule.EQUAL_SHARES
        )
        budget.save()

        stored = BudgetProject.objects.bulk_create(
            [
                BudgetProject(
                    budget=budget,
                    title=(project.name or f"Project {project.project_id}")[:TITLE_MAX_LENGTH],
                    description=(project.fields.get("description") or ""),
                    cost_cents=costs[project.project_id],
                    area=budget.area,
                    position=index,
                )
                for index, project in enumerate(projects)
            ]
        )
        stored_ids = {
            project.project_id: row.pk
            for project, row in zip(projects, _with_ids(stored, budget), strict=True)
        }
        _import_ballots(budget, election, stored_ids, costs, progress=progress, stderr=stderr)
    return budget


def _with_ids(rows: list[BudgetProject], budget: Budget) -> list[BudgetProject]:
    """The created rows with their primary keys (re-read in position order when the database did not return
    them)."""
    if all(row.pk is not None for row in rows):
        return rows
    return list(BudgetProject.objects.filter(budget=budget).order_by("position"))


def _import_ballots(
    budget: Budget, election, project_ids: dict, costs: dict, *, progress: bool, stderr
) -> None:
    ballots = election.ballots
    now = timezone.now()
    batch = VotingCodeBatch.objects.create(process=budget.process, area=budget.area, size=len(ballots))
    bar = tqdm(total=len(ballots), unit="ballot", desc="Ballots", disable=not progress, file=stderr)
    try:
        for start in range(0, len(ballots), BATCH_SIZE):
            chunk = ballots[start : start + BATCH_SIZE]
            codes = VotingCode.objects.bulk_create(
                VotingCode(
                    batch=batch, code_digest=IMPORTED_CODE_PREFIX + secrets.token_hex(28), redeemed_at=now
                )
                for _ballot in chunk
            )
            if any(code.pk is None for code in codes):
                codes = list(VotingCode.objects.filter(batch=batch).order_by("-pk")[: len(chunk)])[::-1]
            voters = Voter.objects.bulk_create(
                Voter(process=budget.process, voting_code=code, area=budget.area) for code in codes
            )
            if any(voter.pk is None for voter in voters):
                voters = list(Voter.objects.filter(voting_code__in=codes).order_by("voting_code_id"))
            rows = Ballot.objects.bulk_create(
                Ballot(
                    budget=budget,
                    voter=voter,
                    channel=BallotChannel.ONLINE,
                    receipt_digest=secrets.token_hex(32),
                    total_cost_cents=sum(costs[project_id] for project_id in ballot),
                )
                for voter, ballot in zip(voters, chunk, strict=True)
            )
            if any(row.pk is None for row in rows):
                by_voter = dict(Ballot.objects.filter(voter__in=voters).values_list("voter_id", "pk"))
                for row in rows:
                    row.pk = by_voter[row.voter_id]
            BallotSelection.objects.bulk_create(
                BallotSelection(ballot_id=row.pk, project_id=project_ids[project_id])
                for row, ballot in zip(rows, chunk, strict=True)
                for project_id in sorted(ballot)
            )
            bar.update(len(chunk))
    finally:
        bar.close()
