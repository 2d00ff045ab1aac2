"""Turns the demo plan (`content`, `accounts`) into rows, through the domain services.

Everything a person or Placette itself does goes through the service that does it for real (create, update,
submit, admit, withdraw, reject, accept, comment, support, follow, report, hide, dismiss, `process_advance`).
The services run at the right moment of each process's timeline (`timeline.ProcessClock`), so phases,
states, timelines, events and counters are what real use produces, dated consistently.

The vote (on_ballot, then selected / not_selected) belongs to the budgets app: its demo extension (see
`extensions`) adds budgets, voters and ballots to the vote and finished processes and lets the real count
select the projects. Without an extension that runs the vote, the builder applies those transitions itself
through `proposal_apply_system_transition`.

Only reference data and accounts are written directly: areas, categories, role groups, users with their
verified allauth address (sign-up and e-mail confirmation are interactive flows with no service to call)."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from participation.models import (
    Area,
    Category,
    Comment,
    DomainEvent,
    Phase,
    PhaseKind,
    Process,
    Proposal,
    ProposalState,
    RejectionReason,
    Report,
    User,
)
from participation.services import comments, follows, phases, proposals, reports, supports
from participation.services.pdf_reports import pdf_reports_purge_orphans

from . import content
from .accounts import DEMO_ACCOUNTS, DEMO_EMAILS, DEMO_PASSWORD, DEMO_PEOPLE, ROLE_GROUP_PERMISSIONS
from .content import PROCESSES, PROPOSALS, REPORTS, ProcessSpec, ProposalSpec
from .extensions import extension_accounts, installed_demo_extensions
from .notifications import settle_demo_notifications
from .timeline import ProcessClock

DEMO_PROCESS_SLUGS = content.DEMO_PROCESS_SLUGS

# Final states reached through an evaluation (accepted, then possibly on the ballot and after the results).
EVALUATED_STATES = {
    ProposalState.ACCEPTED,
    ProposalState.ON_BALLOT,
    ProposalState.SELECTED,
    ProposalState.NOT_SELECTED,
}
BALLOT_STATES = {ProposalState.ON_BALLOT, ProposalState.SELECTED, ProposalState.NOT_SELECTED}
# Public reasons of the transitions Placette makes at the vote and the results (stored text, in French).
ON_BALLOT_REASON = "Le vote est ouvert : la proposition figure sur le bulletin de vote."
SELECTED_REASON = "Projet retenu par le vote des habitant·e·s."
NOT_SELECTED_REASON = (
    "Projet non retenu : d'autres projets ont recueilli plus de voix dans la limite de l'enveloppe."
)


class DemoDataError(Exception):
    """The demo data cannot be written or removed; the message says why and what to do."""


@dataclass(frozen=True)
class Step:
    label: str
    run: Callable[[], None]


def demo_emails() -> list[str]:
    """The addresses of every demo account: the participation ones and those of the demo extensions."""
    return DEMO_EMAILS + [person.address for person in extension_accounts()]


def demo_data_status() -> str:
    """Where the demo stands: "absent", "present" (every demo process and account exists) or "partial"."""
    emails = demo_emails()
    processes = Process.objects.filter(slug__in=DEMO_PROCESS_SLUGS).count()
    accounts = User.objects.filter(email__in=emails).count()
    if processes == 0 and accounts == 0:
        return "absent"
    if processes == len(DEMO_PROCESS_SLUGS) and accounts == len(emails):
        return "present"
    return "partial"


def delete_demo_data() -> None:
    """Deletes the demo processes (with everything in them, the extensions' rows first) and the demo
    accounts. Areas, categories and role groups stay: they are reference data other processes may use.
    Raises `DemoDataError` and deletes nothing when a demo account wrote something outside the demo
    processes."""
    with transaction.atomic():
        for extension in installed_demo_extensions():
            extension.delete(DEMO_PROCESS_SLUGS)
        Process.objects.filter(slug__in=DEMO_PROCESS_SLUGS).delete()
        # The PDF reports of the deleted processes, proposals and budgets (they keep only an id).
        pdf_reports_purge_orphans()
        try:
            User.objects.filter(email__in=demo_emails()).delete()
        except ProtectedError as error:
            raise DemoDataError(
                "A demo account wrote proposals or comments outside the demo processes; delete them (or the "
                "account) in the admin first."
            ) from error


class DemoBuilder:
    """Plans the demo as a list of `Step`s (run them in order, inside one transaction: `build`)."""

    def __init__(self, *, now: datetime | None = None):
        self.now = now or timezone.now()
        extensions = installed_demo_extensions()
        self.backdated_rows = [extension.backdated_rows for extension in extensions]
        self.people: dict[str, User] = {}
        self.first_event_id = 0
        self.areas: dict[str, Area] = {}
        self.categories: dict[str, Category] = {}
        self.processes: dict[str, Process] = {}
        self.clocks = {spec.slug: self._clock(spec) for spec in PROCESSES}
        self.proposal_ids: dict[str, int] = {}
        self.comment_ids: dict[str, int] = {}
        self.supports_used: Counter = Counter()  # (person key, process slug) -> supports given
        self.extensions = [extension(self) for extension in extensions]
        self.extension_people = [person for extension in extensions for person in extension.accounts]

    # --- The plan -------------------------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        plan = [
            Step("Villages, themes and roles", self.create_reference_data),
            Step("Demo accounts", self.create_people),
        ]
        for spec in PROCESSES:
            clock = self.clocks[spec.slug]
            plan.append(Step(spec.title, lambda spec=spec: self.create_process(spec)))
            for moment, _order, label, action in sorted(self.actions(spec), key=lambda item: item[:2]):
                plan.append(
                    Step(
                        label,
                        lambda clock=clock, moment=moment, action=action: self._run_at(clock, moment, action),
                    )
                )
            plan.append(Step(spec.title, clock.finish))
        plan.append(Step("Notifications", self.create_notifications))
        return plan

    def build(self, *, progress: Callable[[Step], None] | None = None) -> None:
        """Writes the whole demo in one transaction: a failure leaves the database as it was."""
        with transaction.atomic():
            self.first_event_id = DomainEvent.objects.aggregate(last=Max("pk"))["last"] or 0
            for step in self.steps():
                step.run()
                if progress is not None:
                    progress(step)

    def create_notifications(self) -> None:
        settle_demo_notifications(first_event_id=self.first_event_id, resident=self.people["marie"])

    # --- Reference data and people -------------------------------------------------------------------------

    def create_reference_data(self) -> None:
        for position, area in enumerate(content.AREAS):
            self.areas[area.slug], _created = Area.objects.get_or_create(
                slug=area.slug, defaults={"name": area.name, "position": position}
            )
        for position, (slug, name) in enumerate(content.CATEGORIES):
            self.categories[slug], _created = Category.objects.get_or_create(
                slug=slug, defaults={"name": name, "position": position}
            )
        # The groups come from a data migration; making sure here keeps the roles working on any database.
        for group_name, codename in ROLE_GROUP_PERMISSIONS.items():
            group, _created = Group.objects.get_or_create(name=group_name)
            group.permissions.add(
                Permission.objects.get(content_type__app_label="participation", codename=codename)
            )
        for extension in self.extensions:
            extension.reference_data()

    def create_people(self) -> None:
        # One hash for every account: hashing 36 times would take most of the seeding time.
        password = make_password(DEMO_PASSWORD)
        people = DEMO_PEOPLE + self.extension_people
        wanted = {person.group for person in people if person.group}
        groups = {group.name: group for group in Group.objects.filter(name__in=wanted)}
        if missing := wanted - set(groups):
            raise DemoDataError(
                f"The groups {', '.join(sorted(missing))} do not exist: run `manage.py migrate` first."
            )
        for index, person in enumerate(people):
            user = User.objects.create(
                email=person.address,
                password=password,
                display_name=person.display_name,
                preferred_language="fr",
                area=self.areas[person.area],
                email_verified=True,
                is_staff=person.superuser,
                is_superuser=person.superuser,
                date_joined=self.now - timedelta(days=600 - 2 * index),
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            if person.group:
                user.groups.add(groups[person.group])
            self.people[person.key] = user

    # --- Processes -----------------------------------------------------------------------------------------

    def _clock(self, spec: ProcessSpec) -> ProcessClock:
        windows = [
            (phase.kind, self.now + timedelta(days=phase.start_day), self.now + timedelta(days=phase.end_day))
            for phase in spec.phases
        ]
        return ProcessClock(name=spec.slug, windows=windows, now=self.now, extra_rows=self.backdated_rows)

    def create_process(self, spec: ProcessSpec) -> None:
        process = Process.objects.create(
            slug=spec.slug,
            title=spec.title,
            summary=spec.summary,
            description=spec.description,
            is_published=True,
            support_threshold=spec.support_threshold,
            support_limit_per_user=spec.support_limit_per_user,
        )
        process.areas.set(self.areas.values())
        process.categories.set(self.categories[slug] for slug in spec.categories)
        clock = self.clocks[spec.slug]
        Phase.objects.bulk_create(
            Phase(
                process=process,
                kind=phase.kind,
                title=phase.title,
                description=phase.description,
                position=position,
                start_at=start,
                end_at=end,
            )
            for position, (phase, (_kind, start, end)) in enumerate(
                zip(spec.phases, clock.windows, strict=True)
            )
        )
        self.processes[spec.slug] = process
        clock.attach(process)

    @staticmethod
    def _run_at(clock: ProcessClock, moment: datetime, action: Callable[[], None]) -> None:
        with clock.at(moment):
            action()

    def actions(self, spec: ProcessSpec) -> list[tuple[datetime, int, str, Callable[[], None]]]:
        """(moment, order at that moment, label, action) for everything that happens in the process."""
        clock = self.clocks[spec.slug]
        started = clock.started_kinds()
        planned: list[tuple[datetime, int, str, Callable[[], None]]] = []

        def at(kind, fraction, label, action, order=1):
            planned.append((clock.moment(kind, fraction), order, label, action))

        def advance():
            phases.process_advance(process=self._process(spec.slug))

        # Placette applies each phase opening (and the closing of the one before) when it starts.
        for kind in started:
            at(kind, 0.0, f"{spec.slug}: {kind} opens", advance, order=0)
        if clock.last_end() <= self.now:
            planned.append((clock.last_end(), 0, f"{spec.slug}: last phase closes", advance))

        at(PhaseKind.INFORMATION, 0.5, f"{spec.slug}: follows", lambda: self.follow_process(spec))

        specs = [proposal for proposal in PROPOSALS if proposal.process == spec.slug]
        count = len(specs)
        debated = [proposal for proposal in specs if self._reaches_debate(proposal, clock)]
        for index, proposal in enumerate(specs):
            at(
                PhaseKind.SUBMISSION,
                0.05 + 0.75 * index / count,
                f"{proposal.key}: written",
                lambda p=proposal: self.write(p),
            )
            if proposal.edit:
                at(
                    PhaseKind.SUBMISSION,
                    0.1 + 0.75 * index / count,
                    f"{proposal.key}: edited",
                    lambda p=proposal: self.edit(p),
                )
            if self._decided_in(proposal, clock) == PhaseKind.SUBMISSION:
                at(
                    PhaseKind.SUBMISSION,
                    0.9 + 0.005 * index,
                    f"{proposal.key}: {proposal.state}",
                    lambda p=proposal: self.decide(p),
                )
        for index, proposal in enumerate(debated):
            base = 0.08 + 0.6 * index / len(debated)
            at(
                PhaseKind.DEBATE,
                base,
                f"{proposal.key}: supports",
                lambda p=proposal: self.support_and_follow(p),
            )
            for number, comment in enumerate(proposal.comments):
                start = base + 0.02 * (number + 1)
                at(
                    PhaseKind.DEBATE,
                    start,
                    f"{proposal.key}: comment",
                    lambda p=proposal, c=comment: self.comment(p, c),
                )
                for reply_number, reply in enumerate(comment.replies):
                    at(
                        PhaseKind.DEBATE,
                        start + 0.004 * (reply_number + 1),
                        f"{proposal.key}: reply",
                        lambda p=proposal, c=comment, r=reply: self.comment(p, r, parent=c),
                    )
            if self._decided_in(proposal, clock) == PhaseKind.DEBATE:
                at(
                    PhaseKind.DEBATE,
                    0.9 + 0.005 * index,
                    f"{proposal.key}: {proposal.state}",
                    lambda p=proposal: self.decide(p),
                )
        targets = {proposal.key for proposal in debated} | {
            comment.key for proposal in debated for comment in self._all_comments(proposal) if comment.key
        }
        for index, report in enumerate(REPORTS):
            target = report.comment or report.proposal
            if target in targets:
                at(
                    PhaseKind.DEBATE,
                    0.82 + 0.01 * index,
                    f"{target}: report",
                    lambda r=report: self.report(r),
                )
        evaluated = [
            proposal for proposal in debated if self._decided_in(proposal, clock) == PhaseKind.EVALUATION
        ]
        for index, proposal in enumerate(evaluated):
            at(
                PhaseKind.EVALUATION,
                0.15 + 0.7 * index / len(evaluated),
                f"{proposal.key}: evaluated",
                lambda p=proposal: self.decide(p),
            )
        for extension in self.extensions:
            planned += extension.actions(spec, clock)
        if any(extension.runs_the_vote for extension in self.extensions):
            return planned
        results = {
            ProposalState.SELECTED: ("select", SELECTED_REASON),
            ProposalState.NOT_SELECTED: ("mark_not_selected", NOT_SELECTED_REASON),
        }
        for proposal in debated:
            if proposal.state in BALLOT_STATES and PhaseKind.VOTE in started:
                at(
                    PhaseKind.VOTE,
                    0.0,
                    f"{proposal.key}: on the ballot",
                    lambda p=proposal: self.system_transition(p, "put_on_ballot", ON_BALLOT_REASON),
                )
            if proposal.state in results and PhaseKind.RESULTS in started:
                transition, reason = results[proposal.state]
                at(
                    PhaseKind.RESULTS,
                    0.0,
                    f"{proposal.key}: {proposal.state}",
                    lambda p=proposal, t=transition, r=reason: self.system_transition(p, t, r),
                )
        return planned

    def _reaches_debate(self, spec: ProposalSpec, clock: ProcessClock) -> bool:
        if spec.state in (ProposalState.DRAFT, ProposalState.SUBMITTED):
            return False
        return clock.has_started(PhaseKind.DEBATE) and self._decided_in(spec, clock) != PhaseKind.SUBMISSION

    def _decided_in(self, spec: ProposalSpec, clock: ProcessClock) -> str:
        """The phase in which the proposal takes its final decision ("" when it has none: draft, submitted,
        or in debate through the phase opening)."""
        if spec.decided_in:
            return spec.decided_in
        if spec.state == ProposalState.IN_DEBATE:
            # In debate before the debate phase opened: a moderator admitted it during the submission.
            return "" if clock.has_started(PhaseKind.DEBATE) else PhaseKind.SUBMISSION
        if spec.state in EVALUATED_STATES or (
            spec.state == ProposalState.REJECTED and spec.rejection.reason == RejectionReason.NOT_FEASIBLE
        ):
            return PhaseKind.EVALUATION
        if spec.state in (ProposalState.WITHDRAWN, ProposalState.REJECTED):
            return PhaseKind.DEBATE if clock.has_started(PhaseKind.DEBATE) else PhaseKind.SUBMISSION
        return ""

    # --- Actions (each one or a few service calls) ----------------------------------------------------------

    def follow_process(self, spec: ProcessSpec) -> None:
        process = self._process(spec.slug)
        for key in spec.followers:
            follows.follow_add(actor=self.people[key], process=process)

    def write(self, spec: ProposalSpec) -> None:
        """The author writes the proposal and, unless it stays a draft, submits it."""
        author = self.people[spec.author]
        latitude, longitude = spec.location or (None, None)
        proposal = proposals.proposal_create(
            actor=author,
            process=self._process(spec.process),
            title=spec.title,
            body=spec.body,
            area=self.areas[spec.area],
            category=self.categories[spec.category],
            latitude=latitude,
            longitude=longitude,
        )
        self.proposal_ids[spec.key] = proposal.pk
        if spec.state != ProposalState.DRAFT:
            proposals.proposal_submit(actor=author, proposal=proposal)

    def edit(self, spec: ProposalSpec) -> None:
        proposal = self._proposal(spec.key)
        proposals.proposal_update(
            actor=self.people[spec.author],
            proposal=proposal,
            title=proposal.title,
            body=f"{proposal.body}\n\n{spec.edit}",
            area=proposal.area,
            category=proposal.category,
            latitude=proposal.latitude,
            longitude=proposal.longitude,
        )

    def support_and_follow(self, spec: ProposalSpec) -> None:
        for supporter in self._supporters(spec):
            supports.support_add(actor=supporter, proposal=self._proposal(spec.key))
            self.supports_used[(supporter.email, spec.process)] += 1
        for key in spec.followers:
            follows.follow_add(actor=self.people[key], proposal=self._proposal(spec.key))

    def comment(
        self, spec: ProposalSpec, comment: content.CommentSpec, parent: content.CommentSpec | None = None
    ) -> None:
        written = comments.comment_create(
            actor=self.people[comment.author],
            proposal=self._proposal(spec.key),
            body=comment.body,
            alignment=comment.alignment,
            parent=Comment.objects.get(pk=self.comment_ids[self._comment_id(parent)]) if parent else None,
        )
        self.comment_ids[self._comment_id(comment)] = written.pk

    def report(self, spec: content.ReportSpec) -> None:
        if spec.comment:
            target = {"comment": Comment.objects.get(pk=self.comment_ids[spec.comment])}
        else:
            target = {"proposal": self._proposal(spec.proposal)}
        made = [
            reports.report_create(actor=self.people[key], reason=spec.reason, details=spec.details, **target)
            for key in (spec.reporter, *spec.extra_reporters)
        ]
        moderator = self.people["moderation"]
        if spec.outcome == "hidden":
            if spec.comment:
                comments.comment_hide(
                    actor=moderator, comment=target["comment"], reason=spec.moderator_reason
                )
            else:
                proposals.proposal_hide(
                    actor=moderator, proposal=target["proposal"], reason=spec.moderator_reason
                )
        elif spec.outcome == "dismissed":
            for report in made:
                reports.report_dismiss(actor=moderator, report=Report.objects.get(pk=report.pk))

    def decide(self, spec: ProposalSpec) -> None:
        """The decision that puts the proposal in its final state (or on the way to it)."""
        proposal = self._proposal(spec.key)
        if spec.state == ProposalState.IN_DEBATE:
            proposals.proposal_admit(actor=self.people["moderation"], proposal=proposal)
        elif spec.state == ProposalState.WITHDRAWN:
            proposals.proposal_withdraw(actor=self.people[spec.author], proposal=proposal)
        elif spec.state == ProposalState.REJECTED:
            rejection = spec.rejection
            # Evaluators reject what is not feasible during the evaluation; moderators the rest, at any time.
            actor = self.people[
                "evaluation" if rejection.reason == RejectionReason.NOT_FEASIBLE else "moderation"
            ]
            proposals.proposal_reject(
                actor=actor,
                proposal=proposal,
                reason=rejection.reason,
                public_reason=rejection.public_reason,
                duplicate_of=self._proposal(rejection.duplicate_of) if rejection.duplicate_of else None,
            )
        else:
            proposals.proposal_accept(
                actor=self.people["evaluation"],
                proposal=proposal,
                cost_estimate_cents=spec.evaluation.cost_euros * 100,
                answer=spec.evaluation.answer,
            )

    def system_transition(self, spec: ProposalSpec, transition: str, public_reason: str) -> None:
        # Without a demo extension that runs the vote, the demo asks the service the budgets app calls.
        proposals.proposal_apply_system_transition(
            proposal=self._proposal(spec.key), transition=transition, public_reason=public_reason
        )

    # --- Helpers --------------------------------------------------------------------------------------------

    def _process(self, slug: str) -> Process:
        # A fresh instance each time: a Process caches its phases, which the clock moves.
        return Process.objects.get(pk=self.processes[slug].pk)

    def process(self, slug: str) -> Process:
        """A fresh instance of a demo process (for the extensions)."""
        return self._process(slug)

    def proposal(self, key: str) -> Proposal:
        """A fresh instance of a demo proposal, by its key in `content.PROPOSALS` (for the extensions)."""
        return self._proposal(key)

    def _proposal(self, key: str) -> Proposal:
        return Proposal.objects.select_related("process").get(pk=self.proposal_ids[key])

    def _supporters(self, spec: ProposalSpec) -> list[User]:
        """`spec.supports` residents other than the author, the named ones first, within the process's limit
        per person. Deterministic: the same plan always gives the same supporters."""
        limit = content.process_spec(spec.process).support_limit_per_user
        pool = [self.people[key] for key in spec.supporters]
        residents = [person.key for person in DEMO_PEOPLE if person not in DEMO_ACCOUNTS[1:]]
        offset = sum(map(ord, spec.key)) % len(residents)
        pool += [
            self.people[key] for key in residents[offset:] + residents[:offset] if key not in spec.supporters
        ]
        chosen = []
        for user in pool:
            if len(chosen) == spec.supports:
                break
            if user.email == self.people[spec.author].email:
                continue
            if limit is not None and self.supports_used[(user.email, spec.process)] >= limit:
                continue
            chosen.append(user)
        if len(chosen) < spec.supports:
            raise DemoDataError(f"Not enough demo residents to give {spec.key} {spec.supports} supports.")
        return chosen

    @staticmethod
    def _all_comments(spec: ProposalSpec):
        for comment in spec.comments:
            yield comment
            yield from comment.replies

    @staticmethod
    def _comment_id(comment: content.CommentSpec) -> str:
        # Comments without a key are found by identity within this run.
        return comment.key or f"id:{id(comment)}"
