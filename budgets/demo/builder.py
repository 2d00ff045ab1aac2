"""The budgets part of the demo: a demo extension of `participation.demo` (see
`participation.demo.extensions`), planned from `content` and written through the budgets services at the
right moments of each process's timeline.

- During the evaluation, before the vote: the budgets (configuration, written directly like areas: there is
  no service that creates budgets, staff do it in the Django admin), the census (`census_configure`,
  `census_import`), projects staff add (`budget_add_project`) and a batch of voting codes
  (`voting_codes_generate`).
- When the vote opens: `budgets_advance` puts the accepted proposals on the ballot of their budget.
- During the vote: residents verify against the census (`voter_verify_with_census`) and vote
  (`ballot_cast`); code holders redeem a code (`voter_from_code`) and vote; the desk agent casts ballots at a
  desk (`ballot_cast_at_desk`); paper ballots are typed in twice (`paper_entry_record`, by the desk agent then
  the process administrator), one of them read differently the second time and one typed in once only.
- When the results phase opens (the finished process): `budgets_advance` counts each budget
  (`budget_allocate`), which selects the projects — no state is set by hand.

The codes in clear exist only in memory during the run: three unused ones are printed by `summary()` for
testers, never stored."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from participation.models import PhaseKind, Process

from ..models import (
    Ballot,
    BallotChannel,
    Basket,
    Budget,
    BudgetOutcome,
    BudgetProject,
    Census,
    CensusEntry,
    FundedProject,
    FundedProjectExpense,
    FundedProjectTransition,
    FundedProjectUpdate,
    PaperBallotEntry,
    PaperEntryStatus,
    Voter,
    VotingCode,
    VotingCodeBatch,
)
from ..roles import ensure_budget_role_groups
from ..services.ballots import ballot_cast, ballot_cast_at_desk, paper_entry_record
from ..services.census import census_configure, census_import, voter_verify_with_census
from ..services.codes import voter_from_code, voting_codes_generate
from ..services.lifecycle import budget_add_project, budgets_advance
from . import content, funded
from .content import DESK_AGENT, VOTES, BudgetSpec, VoterSpec, VoteSpec

# Moments, as fractions of the phase that holds them (see `participation.demo.timeline.ProcessClock.moment`).
PREPARED_AT = (PhaseKind.EVALUATION, 0.93)
VOTES_FROM, VOTES_TO = 0.05, 0.85
SAMPLE_CODES = 3
CODE_CLIENT = "seed_demo"


class BudgetsDemo:
    """The budgets demo extension (one instance per build; see the module docstring)."""

    accounts = [DESK_AGENT, funded.ASSOCIATION_MANAGER]
    runs_the_vote = True

    def __init__(self, builder):
        self.builder = builder
        self.budget_ids: dict[tuple[str, str], int] = {}  # (process slug, budget slug) -> pk
        self.staff_project_ids: dict[tuple[str, str], int] = {}  # (process slug, project key) -> pk
        self.codes: dict[str, list[str]] = {}  # process slug -> codes in clear not used yet (memory only)
        self.loaded = False

    # --- The extension protocol ---------------------------------------------------------------------------

    def reference_data(self) -> None:
        # The group comes from a data migration; making sure here keeps the role working on any database.
        ensure_budget_role_groups()

    def actions(self, spec, clock) -> list:
        vote = VOTES.get(spec.slug)
        if vote is None or not clock.has_started(PhaseKind.VOTE):
            return []
        slug = spec.slug
        kind, fraction = PREPARED_AT
        planned = [
            (clock.moment(kind, fraction), 1, f"{slug}: budgets and census", lambda: self.prepare(vote)),
            (
                clock.moment(PhaseKind.VOTE, 0.0),
                1,
                f"{slug}: projects on the ballot",
                lambda: self.advance(slug),
            ),
        ]
        count = len(vote.voters)
        for index, voter in enumerate(vote.voters):
            planned.append(
                (
                    clock.moment(PhaseKind.VOTE, VOTES_FROM + (VOTES_TO - VOTES_FROM) * index / count),
                    1,
                    f"{slug}: {voter.channel} ballot",
                    lambda voter=voter: self.vote(vote, voter),
                )
            )
        if vote.counted:
            planned.append(
                (
                    clock.moment(PhaseKind.RESULTS, 0.0),
                    1,
                    f"{slug}: the vote is counted",
                    lambda: self.advance(slug),
                )
            )
            planned.append(
                (
                    clock.moment(PhaseKind.RESULTS, 0.5),
                    1,
                    f"{slug}: associations report on the funded projects",
                    lambda: funded.build_funded_projects(
                        self.builder, slug, start=clock.moment(PhaseKind.RESULTS, 0.5).date()
                    ),
                )
            )
        return planned

    @staticmethod
    def backdated_rows(process: Process) -> list:
        return [
            (Budget.objects.filter(process=process), ["created_at", "allocated_at"]),
            (BudgetProject.objects.filter(budget__process=process), ["created_at"]),
            (BudgetOutcome.objects.filter(budget__process=process), ["computed_at"]),
            (Census.objects.filter(process=process), ["uploaded_at"]),
            (CensusEntry.objects.filter(census__process=process), ["bound_at"]),
            (VotingCodeBatch.objects.filter(process=process), ["created_at"]),
            (VotingCode.objects.filter(batch__process=process), ["redeemed_at"]),
            (Voter.objects.filter(process=process), ["created_at"]),
            (Basket.objects.filter(budget__process=process), ["updated_at"]),
            (Ballot.objects.filter(budget__process=process), ["cast_at"]),
            (
                PaperBallotEntry.objects.filter(budget__process=process),
                ["first_entered_at", "second_entered_at"],
            ),
            (FundedProject.objects.filter(process=process), ["created_at", "state_changed_at"]),
            (FundedProjectTransition.objects.filter(project__process=process), ["created_at"]),
            (FundedProjectUpdate.objects.filter(project__process=process), ["created_at"]),
            (FundedProjectExpense.objects.filter(project__process=process), ["created_at"]),
        ]

    @staticmethod
    def delete(process_slugs: list[str]) -> None:
        """Deletes the budgets rows of the demo processes that the database protects (ballots protect their
        voters and projects, voters their census entries and codes, projects their proposals); deleting the
        processes then removes the rest."""
        funded.delete_demo_rows(process_slugs)
        in_demo = Q(budget__process__slug__in=process_slugs)
        PaperBallotEntry.objects.filter(in_demo).delete()
        Ballot.objects.filter(in_demo).delete()
        Basket.objects.filter(in_demo).delete()
        BudgetProject.objects.filter(in_demo).delete()
        Voter.objects.filter(process__slug__in=process_slugs).delete()

    def summary(self) -> list[str]:
        if not self.loaded:
            return []
        budgets = Budget.objects.filter(process__slug__in=VOTES)
        projects = BudgetProject.objects.filter(budget__in=budgets).count()
        ballots = Ballot.objects.filter(budget__in=budgets)
        online, desk, paper = (ballots.filter(channel=channel).count() for channel in BallotChannel.values)
        vote = content.PATRIMOINE_VOTE
        titles = {spec.slug: spec.title for spec in vote.budgets}
        identities = "; ".join(
            f"born {person.birth_date:%d/%m/%Y}, postal code {content.POSTAL_CODES[person.area]}"
            for person in content.TESTER_IDENTITIES
        )
        lines = [
            f"Budgets: {budgets.count()} budgets, {projects} projects, {ballots.count()} ballots "
            f"(online {online}, at a desk {desk}, on paper {paper}); "
            f"results in /processes/{content.PREMIERE_EDITION}/.",
            f"Vote open in /processes/{vote.process}/budgets/: habitant@placette.localhost has voted in "
            f"« {titles[content.OUFFET]} » and can still vote in « {titles[content.TERRITORY]} ».",
            f"Census identities nobody has used (fake demo data, to verify a new account): {identities}.",
            f"Desk and paper ballots: {DESK_AGENT.address} (desk agent).",
        ]
        lines.extend(funded.summary_lines())
        codes = self.codes.get(vote.process, [])[:SAMPLE_CODES]
        if codes:
            lines.append(
                f"Unused voting codes (Ouffet, /processes/{vote.process}/vote/code/): {', '.join(codes)}"
            )
        return lines

    # --- Actions ------------------------------------------------------------------------------------------

    def prepare(self, vote: VoteSpec) -> None:
        """Before the vote: budgets, projects staff add, census, voting codes."""
        admin = self.builder.people["admin"]
        process = self.builder.process(vote.process)
        for position, spec in enumerate(vote.budgets):
            self.budget_ids[(vote.process, spec.slug)] = self._create_budget(process, spec, position).pk
        for project in vote.staff_projects:
            added = budget_add_project(
                actor=admin,
                budget=self._budget(vote.process, project.budget),
                title=project.title,
                description=project.description,
                cost_cents=project.cost_euros * 100,
                area=self.builder.areas[project.area] if project.area else None,
                category=self.builder.categories[project.category],
            )
            self.staff_project_ids[(vote.process, project.key)] = added.pk
        census = census_configure(
            actor=admin, process=process, match_fields=content.MATCH_FIELDS, minimum_age=content.MINIMUM_AGE
        )
        report = census_import(actor=admin, census=census, rows=[person.row() for person in vote.census])
        if report["rejected"] or report["created"] != len(vote.census):
            raise ValueError(f"the demo census of {vote.process} was not imported as planned: {report}")
        _batch, codes = voting_codes_generate(
            actor=admin,
            process=process,
            area=self.builder.areas[vote.codes_area] if vote.codes_area else None,
            count=vote.codes,
        )
        self.codes[vote.process] = codes
        self.loaded = True

    def advance(self, process_slug: str) -> None:
        """What Celery beat does every minute: projects on the ballot when the vote opens, the count when it
        is over."""
        budgets_advance(process=self.builder.process(process_slug))

    def vote(self, vote: VoteSpec, voter: VoterSpec) -> None:
        process = self.builder.process(vote.process)
        census = {person.key: person for person in vote.census}
        if voter.channel == "online":
            user = self.builder.people[voter.key]
            registered = voter_verify_with_census(
                actor=user, process=process, values=census[voter.key].values()
            )
            for budget, letters in voter.ballots:
                ballot_cast(
                    actor=user,
                    voter=registered,
                    budget=self._budget(vote.process, budget),
                    project_ids=self._project_ids(vote, budget, letters),
                )
        elif voter.channel == "code":
            code = self.codes[vote.process].pop()
            registered = voter_from_code(process=process, code=code, client_key=CODE_CLIENT)
            for budget, letters in voter.ballots:
                ballot_cast(
                    actor=AnonymousUser(),
                    voter=registered,
                    budget=self._budget(vote.process, budget),
                    project_ids=self._project_ids(vote, budget, letters),
                )
        elif voter.channel == "desk":
            for budget, letters in voter.ballots:
                ballot_cast_at_desk(
                    actor=self.builder.people[DESK_AGENT.key],
                    process=process,
                    budget=self._budget(vote.process, budget),
                    census_values=census[voter.key].values(),
                    project_ids=self._project_ids(vote, budget, letters),
                )
        else:
            for budget, letters in voter.ballots:
                self._paper(vote, voter, census[voter.key].values(), budget, letters)

    def _paper(self, vote: VoteSpec, voter: VoterSpec, values: dict, budget_slug: str, letters: str) -> None:
        budget = self._budget(vote.process, budget_slug)
        number = f"{budget_slug[:3].upper()}-{PaperBallotEntry.objects.filter(budget=budget).count() + 1:04d}"
        readings = [(DESK_AGENT.key, letters)]
        if voter.paper == "matched":
            readings.append(("admin", letters))
        elif voter.paper == "mismatch":
            readings.append(("admin", voter.second_reading))
        for person, reading in readings:
            paper_entry_record(
                actor=self.builder.people[person],
                budget=budget,
                paper_number=number,
                census_values=values,
                project_ids=self._project_ids(vote, budget_slug, reading),
            )
        expected = {
            "matched": PaperEntryStatus.MATCHED,
            "mismatch": PaperEntryStatus.MISMATCH,
            "awaiting": PaperEntryStatus.AWAITING_SECOND_ENTRY,
        }[voter.paper]
        if PaperBallotEntry.objects.get(budget=budget, paper_number=number).status != expected:
            raise ValueError(f"paper ballot {number} of {vote.process} did not end {expected}")

    # --- Helpers ------------------------------------------------------------------------------------------

    def _create_budget(self, process: Process, spec: BudgetSpec, position: int) -> Budget:
        budget = Budget(
            process=process,
            slug=spec.slug,
            title=spec.title,
            description=spec.description,
            area=self.builder.areas[spec.area] if spec.area else None,
            amount_cents=spec.amount_euros * 100,
            ballot_rule=spec.ballot_rule,
            max_projects=spec.max_projects,
            allocation_rule=spec.allocation_rule,
            position=position,
        )
        budget.full_clean()
        budget.save()
        return budget

    def _budget(self, process_slug: str, budget_slug: str) -> Budget:
        return Budget.objects.select_related("process").get(pk=self.budget_ids[(process_slug, budget_slug)])

    def _project_ids(self, vote: VoteSpec, budget_slug: str, letters: str) -> list[int]:
        ids = []
        for letter in letters:
            key = vote.projects[letter]
            if (vote.process, key) in self.staff_project_ids:
                ids.append(self.staff_project_ids[(vote.process, key)])
            else:
                ids.append(
                    BudgetProject.objects.get(
                        budget_id=self.budget_ids[(vote.process, budget_slug)],
                        proposal_id=self.builder.proposal_ids[key],
                    ).pk
                )
        return ids
