"""factory_boy factories for the participation domain.

Roles: `UserFactory(moderator=True)`, `UserFactory(process_admin=True)`, `UserFactory(evaluator=True)` put the
user in the matching group (created by the data migration). `UserFactory(unverified=True)` leaves the e-mail
unconfirmed (not a resident yet).

Phases: `ProcessFactory(with_phase="debate")` creates a published process with the whole timeline of phases
(information, submission, debate, evaluation, vote, results, implementation), the named kind open now, the
ones before it over and the ones after it to come; `with_phase="future"` puts every phase in the future,
"past" every phase in the past. `make_phases(process, open_kind=...)` does the same for an existing process.

Factories write rows directly: use them to arrange a test, never to exercise a service (a proposal created in
a state has no transition row; a support does not move `supports_count`).
"""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from participation.models import (
    Area,
    Category,
    Comment,
    CommentAlignment,
    Phase,
    PhaseKind,
    Process,
    Proposal,
    ProposalState,
    Support,
    User,
)
from participation.roles import ensure_role_groups

ROLE_GROUPS = {
    "moderator": "Moderators",
    "process_admin": "Process administrators",
    "evaluator": "Evaluators",
}

PHASE_ORDER = [
    PhaseKind.INFORMATION,
    PhaseKind.SUBMISSION,
    PhaseKind.DEBATE,
    PhaseKind.EVALUATION,
    PhaseKind.VOTE,
    PhaseKind.RESULTS,
    PhaseKind.IMPLEMENTATION,
]


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Village {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


PASSWORD = "correct-horse-battery"
_password_hash_cache: dict[str, str] = {}


def _password_hash() -> str:
    # Hashing is deliberately slow; one hash serves every user of the run (tests create hundreds).
    if PASSWORD not in _password_hash_cache:
        _password_hash_cache[PASSWORD] = make_password(PASSWORD)
    return _password_hash_cache[PASSWORD]


def _add_to_group(role):
    def add(user, create, extracted, **kwargs):
        if extracted:
            group = Group.objects.filter(name=ROLE_GROUPS[role]).first()
            if group is None:
                # A transactional test flushed the groups the data migration created: restore them as it does.
                ensure_role_groups()
                group = Group.objects.get(name=ROLE_GROUPS[role])
            user.groups.add(group)

    add.__name__ = role
    return factory.PostGeneration(add)


class UserFactory(factory.django.DjangoModelFactory):
    """A verified resident (its password is `PASSWORD`). Traits: `unverified=True`; roles `moderator=True`,
    `process_admin=True`, `evaluator=True`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        unverified = False

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Habitant·e {n}")
    preferred_language = "fr"
    email_verified = factory.LazyAttribute(lambda o: not o.unverified)
    password = factory.LazyFunction(_password_hash)

    @factory.post_generation
    def verified_address(user, create, extracted, **kwargs):
        # allauth lets a user log in only with a verified EmailAddress row: a verified resident gets one.
        if create and user.email_verified:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )

    moderator = _add_to_group("moderator")
    process_admin = _add_to_group("process_admin")
    evaluator = _add_to_group("evaluator")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Budget participatif {n}")
    slug = factory.Sequence(lambda n: f"budget-participatif-{n}")
    summary = "Proposez, débattez et votez pour les projets de votre village."
    description = "Une description du processus."
    is_published = True

    @factory.post_generation
    def with_phase(process, create, extracted, **kwargs):
        if extracted:
            make_phases(process, open_kind=extracted)


def make_phases(process, *, open_kind, now=None):
    """Gives `process` the whole timeline of phases (10 days each, back to back), with `open_kind` open now
    (started 5 days ago), the ones before it over and the ones after it to come. `open_kind="future"`
    (or None) puts every phase in the future; "past" every phase in the past. Returns the phases in order."""
    now = now or timezone.now()
    phases = []
    if open_kind == "past":
        open_index = len(PHASE_ORDER)
    elif open_kind in (None, "future"):
        open_index = -1
    else:
        open_index = PHASE_ORDER.index(PhaseKind(open_kind))
    for index, kind in enumerate(PHASE_ORDER):
        offset = index - open_index
        if open_index == -1:
            offset = index + 1
        start = now + timedelta(days=10 * offset) - timedelta(days=5)
        phases.append(
            Phase.objects.create(
                process=process, kind=kind, position=index, start_at=start, end_at=start + timedelta(days=10)
            )
        )
    return phases


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    kind = PhaseKind.DEBATE
    position = factory.Sequence(lambda n: n)
    start_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    end_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal in the given `state`, written straight to the database (bypassing the services): use it to
    arrange a test, never to exercise a transition."""

    class Meta:
        model = Proposal

    process = factory.SubFactory(ProcessFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Installer un banc public numéro {n}")
    body = "Un banc à l'ombre près de l'église, pour que les aînés puissent se reposer."
    area = factory.SubFactory(AreaFactory)
    state = ProposalState.SUBMITTED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        state = kwargs.pop("state")
        if state != ProposalState.DRAFT:
            kwargs.setdefault("submitted_at", timezone.now())
        if state in (
            ProposalState.ACCEPTED,
            ProposalState.ON_BALLOT,
            ProposalState.SELECTED,
            ProposalState.NOT_SELECTED,
        ):
            kwargs.setdefault("cost_estimate_cents", 500_000)
        if state == ProposalState.REJECTED:
            kwargs.setdefault("rejection_reason", "out_of_scope")
        proposal = model_class(*args, **kwargs)
        proposal.save()
        # `state` is a protected FSM field: arrange it with an update, as a fixture, not as a transition.
        model_class.objects.filter(pk=proposal.pk).update(state=state)
        proposal.refresh_from_db()
        return proposal


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    proposal = factory.SubFactory(ProposalFactory, state=ProposalState.IN_DEBATE)
    author = factory.SubFactory(UserFactory)
    alignment = CommentAlignment.NEUTRAL
    body = factory.Sequence(lambda n: f"Commentaire numéro {n} : je trouve l'idée intéressante.")


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory, state=ProposalState.IN_DEBATE)
    user = factory.SubFactory(UserFactory)
    process = factory.LazyAttribute(lambda o: o.proposal.process)
