"""Factories and arrangement helpers of the budgets domain's tests.

Like tests/factories, they write rows directly: use them to arrange a test, never to exercise a service.
`desk_agent()` puts a user in the "Desk agents" group (restored after a transactional test flushed it).
`census_person(census, area=..., register_number=...)` adds an eligible person through the real digest and
returns the details they type; `verified_voter(user, census, ...)` binds such a person to an account as
`voter_verify_with_census` does. `make_budget(process, ...)` and `make_project(budget, ...)` write a budget
and a project with the page tests' defaults."""

import itertools
from datetime import date

import factory
from django.contrib.auth.models import Group

from budgets.models import Budget, BudgetProject, Census, CensusEntry, Voter
from budgets.roles import DESK_AGENTS, ensure_budget_role_groups
from budgets.services import digests
from budgets.services.census import census_match_digest
from participation.roles import ensure_role_groups
from tests.factories import AreaFactory, ProcessFactory, UserFactory

_register_numbers = itertools.count(80_01_01_001_01)


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    process = factory.SubFactory(ProcessFactory, with_phase="vote")
    title = factory.Sequence(lambda n: f"Budget {n}")
    slug = factory.Sequence(lambda n: f"budget-{n}")
    amount_cents = 100_000_00
    area = None


class BudgetProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetProject

    budget = factory.SubFactory(BudgetFactory)
    title = factory.Sequence(lambda n: f"Projet {n}")
    description = "Un projet pour le village."
    cost_cents = 10_000_00
    position = factory.Sequence(lambda n: n)


class CensusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Census

    process = factory.SubFactory(ProcessFactory, with_phase="vote")
    match_fields = factory.LazyFunction(lambda: ["birth_date", "register_number"])
    minimum_age = 16
    salt = factory.LazyFunction(digests.new_salt)


def census_person(census: Census, *, area=None, birth_date="1980-03-12", register_number=None) -> dict:
    """Adds an eligible person to `census` and returns the details they would type (the census's fields)."""
    values = {
        "birth_date": birth_date,
        "register_number": register_number or str(next(_register_numbers)),
        "postal_code": "5370",
        "last_name": "Dupont",
        "first_name": "Camille",
        "document_number": str(next(_register_numbers)),
    }
    values = {name: values[name] for name in census.match_fields}
    CensusEntry.objects.create(
        census=census, match_digest=census_match_digest(census=census, values=values), area=area
    )
    return values


def verified_voter(user, census: Census, *, area=None) -> Voter:
    """`user` verified against a new person of `census` (entry bound, voter created)."""
    values = census_person(census, area=area)
    entry = CensusEntry.objects.get(
        census=census, match_digest=census_match_digest(census=census, values=values)
    )
    entry.user = user
    entry.save(update_fields=["user"])
    voter = Voter.objects.create(process=census.process, census_entry=entry, user=user, area=area)
    voter.census_values = values
    return voter


def desk_agent(**kwargs):
    user = UserFactory(**kwargs)
    group = Group.objects.filter(name=DESK_AGENTS).first()
    if group is None or not group.permissions.exists():
        ensure_role_groups()
        ensure_budget_role_groups()
        group = Group.objects.get(name=DESK_AGENTS)
    user.groups.add(group)
    return user


def birth_date_for_age(age: int, *, on: date) -> str:
    """A birth date making someone exactly `age` on `on` (their birthday)."""
    return on.replace(year=on.year - age).isoformat()


def make_budget(
    process, *, slug="commune", title="Budget de la commune", amount_cents=100_000_00, area=None, **fields
) -> Budget:
    return Budget.objects.create(
        process=process, slug=slug, title=title, amount_cents=amount_cents, area=area, **fields
    )


def make_project(budget, *, title="Un banc", cost_cents=10_000_00, **fields) -> BudgetProject:
    return BudgetProject.objects.create(budget=budget, title=title, cost_cents=cost_cents, **fields)


__all__ = [
    "AreaFactory",
    "BudgetFactory",
    "BudgetProjectFactory",
    "CensusFactory",
    "birth_date_for_age",
    "census_person",
    "desk_agent",
    "make_budget",
    "make_project",
    "verified_voter",
]
