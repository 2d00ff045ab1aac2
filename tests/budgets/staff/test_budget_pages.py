"""Creating and editing a budget from the staff pages (`budgets.services.budgets_admin`): process
administrators only, before the vote opens; every bad input is a message on its field and nothing changes;
once the vote has opened the budget is shown read-only."""

import pytest
from django.urls import reverse

from budgets.models import Budget
from budgets.services.budgets_admin import budget_create, budget_update, parse_euros
from participation.exceptions import InvalidInputError, PhaseClosedError

from .conftest import ROLES, make_budget, make_process, messages_of

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Budget de Sud",
    "slug": "sud",
    "description": "Pour les villages du sud.",
    "area": "",
    "amount": "25 000,50",
    "ballot_rule": "approval",
    "min_projects": "1",
    "max_projects": "3",
    "min_share_percent": "",
    "allocation_rule": "greedy",
    "position": "",
}


@pytest.fixture
def future_process(db, north, south):
    """A published process whose phases (the vote included) are all to come."""
    return make_process("future", north, south, title="Budget participatif de Ciney", slug="ciney")


@pytest.fixture
def commune(future_process):
    return make_budget(future_process, position=0)


def create_url(process):
    return reverse("staff_budget_create", kwargs={"slug": process.slug})


def edit_url(budget):
    return reverse("staff_budget_edit", kwargs={"slug": budget.process.slug, "budget_slug": budget.slug})


def snapshot(process):
    return list(Budget.objects.filter(process=process).order_by("pk").values())


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("25000", 2_500_000), ("25000,5", 2_500_050), ("25 000.50", 2_500_050), ("1\u202f000 €", 100_000)],
)
def test_an_amount_in_euros_is_read_with_a_comma_or_a_dot(typed, cents):
    assert parse_euros(typed) == cents


@pytest.mark.parametrize("typed", ["", "abc", "1,234", "1.2.3", "NaN", "Infinity"])
def test_an_amount_that_is_not_euros_and_cents_is_not_read(typed):
    assert parse_euros(typed) is None


def test_an_admin_creates_a_budget_on_the_page(login, future_process, commune, south):
    response = login("admin").post(create_url(future_process), {**VALID, "area": str(south.pk)})

    assert response.status_code == 302
    assert response.url == reverse("staff_vote_dashboard", kwargs={"slug": future_process.slug})
    budget = Budget.objects.get(process=future_process, slug="sud")
    assert (budget.title, budget.amount_cents, budget.area, budget.ballot_rule) == (
        "Budget de Sud",
        2_500_050,
        south,
        "approval",
    )
    assert (budget.min_projects, budget.max_projects, budget.min_share_percent) == (1, 3, None)
    assert (budget.allocation_rule, budget.position) == ("greedy", 1)
    assert messages_of(login("admin").get(response.url)) == []  # consumed by the redirect target


def test_the_slug_is_made_from_the_title_when_left_empty(people, future_process):
    budget = budget_create(
        actor=people["admin"], process=future_process, title="Budget des Jeunes", amount="5000", slug=""
    )
    assert budget.slug == "budget-des-jeunes"
    assert budget.amount_cents == 500_000


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Give the budget a title."),
        ({"amount": "0"}, "amount", "Enter an amount of more than 0 €, for example 25000 or 25000,50."),
        ({"amount": "-5"}, "amount", "Enter an amount of more than 0 €, for example 25000 or 25000,50."),
        ({"amount": "douze"}, "amount", "Enter an amount of more than 0 €, for example 25000 or 25000,50."),
        ({"slug": "sud sud"}, "slug", "Use only letters, digits, hyphens and underscores in the slug."),
        (
            {"min_projects": "4", "max_projects": "3"},
            "min_projects",
            "The minimum number of projects cannot be above the maximum.",
        ),
        ({"max_projects": ""}, "max_projects", "An approval ballot needs a maximum number of projects."),
        (
            {"min_share_percent": "50"},
            "min_share_percent",
            "A minimum share of the envelope only applies to a knapsack ballot; leave it empty.",
        ),
        (
            {"ballot_rule": "knapsack", "min_share_percent": "101"},
            "min_share_percent",
            "Enter a percentage from 0 to 100.",
        ),
    ],
)
def test_each_bad_input_is_shown_on_its_field_and_nothing_is_created(
    login, future_process, commune, changes, field, message
):
    before = snapshot(future_process)

    response = login("admin").post(create_url(future_process), {**VALID, **changes})

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert f'id="id_{field}"' in response.content.decode()
    assert snapshot(future_process) == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "0"}, "amount", "Enter an amount of more than 0 €, for example 25000 or 25000,50."),
        (
            {"min_share_percent": -1, "ballot_rule": "knapsack"},
            "min_share_percent",
            "Enter a percentage from 0 to 100.",
        ),
        ({"ballot_rule": "lottery"}, "ballot_rule", "Choose one of the ballot rules."),
        ({"allocation_rule": "dice"}, "allocation_rule", "Choose one of the allocation rules."),
        ({"max_projects": 0}, "max_projects", "Enter 1 or more."),
    ],
)
def test_the_service_refuses_what_the_form_would_not_send(people, future_process, changes, field, message):
    fields = {**VALID, "area": None, **changes}
    with pytest.raises(InvalidInputError) as raised:
        budget_create(actor=people["admin"], process=future_process, **fields)
    assert [str(text) for text in raised.value.field_errors[field]] == [message]
    assert not Budget.objects.filter(process=future_process).exists()


def test_an_area_of_another_process_is_refused(people, future_process, db):
    from tests.factories import AreaFactory

    elsewhere = AreaFactory(name="Ailleurs")
    with pytest.raises(InvalidInputError) as raised:
        budget_create(actor=people["admin"], process=future_process, **{**VALID, "area": elsewhere})
    assert [str(text) for text in raised.value.field_errors["area"]] == [
        "This area is not part of the process."
    ]
    assert not Budget.objects.filter(process=future_process).exists()


def test_a_slug_already_used_in_the_process_is_a_field_error(login, future_process, commune):
    before = snapshot(future_process)

    response = login("admin").post(create_url(future_process), {**VALID, "slug": "commune"})

    assert response.status_code == 400
    assert response.context["form"].errors["slug"] == [
        "Another budget of this process already uses this slug."
    ]
    assert snapshot(future_process) == before


def test_the_same_slug_in_another_process_is_fine(people, future_process, vote_process, budgets):
    budget = budget_create(
        actor=people["admin"], process=future_process, **{**VALID, "slug": "commune", "area": None}
    )
    assert budget.slug == "commune"


def test_an_admin_edits_a_budget_before_the_vote(login, future_process, commune, north):
    page = login("admin").get(edit_url(commune))
    assert page.status_code == 200
    assert page.context["form"].initial["amount"] == "100000"

    response = login("admin").post(
        edit_url(commune),
        {
            **VALID,
            "title": "Budget communal",
            "slug": "communal",
            "area": str(north.pk),
            "amount": "90000.25",
        },
    )

    assert response.status_code == 302
    commune.refresh_from_db()
    assert (commune.title, commune.slug, commune.area, commune.amount_cents) == (
        "Budget communal",
        "communal",
        north,
        9_000_025,
    )
    assert (commune.ballot_rule, commune.max_projects, commune.position) == ("approval", 3, 0)


def test_renaming_a_budget_to_the_slug_of_another_is_a_field_error(login, future_process, commune):
    other = make_budget(future_process, slug="autre", title="Autre", position=1)
    before = snapshot(future_process)

    response = login("admin").post(edit_url(other), {**VALID, "slug": "commune"})

    assert response.status_code == 400
    assert response.context["form"].errors["slug"] == [
        "Another budget of this process already uses this slug."
    ]
    assert snapshot(future_process) == before


def test_once_the_vote_is_open_the_budget_is_read_only_and_a_post_changes_nothing(
    login, vote_process, budgets
):
    commune = budgets["commune"]
    before = snapshot(vote_process)

    page = login("admin").get(edit_url(commune))
    assert page.status_code == 200
    html = page.content.decode()
    assert "The vote has opened: the envelope and the rules of this budget can no longer change" in html
    assert '<form method="post" novalidate>' not in html
    assert "<dt>Envelope</dt><dd>100,000 €</dd>" in html

    response = login("admin").post(edit_url(commune), {**VALID, "slug": "commune", "amount": "1"})

    assert response.status_code == 409
    assert snapshot(vote_process) == before


def test_the_service_refuses_an_edit_or_a_new_budget_once_the_vote_is_open(people, vote_process, budgets):
    before = snapshot(vote_process)
    with pytest.raises(PhaseClosedError):
        budget_update(
            actor=people["admin"], budget=budgets["commune"], **{**VALID, "slug": "x", "area": None}
        )
    with pytest.raises(PhaseClosedError):
        budget_create(actor=people["admin"], process=vote_process, **{**VALID, "area": None})
    assert snapshot(vote_process) == before


def test_the_create_page_explains_why_no_budget_can_be_added_once_the_vote_is_open(
    login, vote_process, budgets
):
    before = snapshot(vote_process)
    page = login("admin").get(create_url(vote_process))
    assert "no budget can be added any more" in page.content.decode()
    response = login("admin").post(create_url(vote_process), VALID)
    assert response.status_code == 409
    assert snapshot(vote_process) == before


@pytest.mark.parametrize("role", [None, *ROLES])
def test_only_process_admins_open_and_use_the_budget_pages(login, role, future_process, commune):
    before = snapshot(future_process)
    client = login(role)

    responses = [
        client.get(create_url(future_process)),
        client.post(create_url(future_process), VALID),
        client.get(edit_url(commune)),
        client.post(edit_url(commune), {**VALID, "slug": "commune"}),
    ]

    codes = [response.status_code for response in responses]
    if role is None:
        assert codes == [302] * 4
        assert all("/login/" in response.url or "login" in response.url for response in responses)
    elif role == "admin":
        assert codes == [200, 302, 200, 302]
        return
    else:
        assert codes == [403] * 4
    assert snapshot(future_process) == before


def test_the_service_refuses_someone_who_is_not_a_process_admin(people, future_process, commune):
    from django.core.exceptions import PermissionDenied

    before = snapshot(future_process)
    for role in ["resident", "moderator", "evaluator", "desk"]:
        with pytest.raises(PermissionDenied):
            budget_create(actor=people[role], process=future_process, **{**VALID, "area": None})
        with pytest.raises(PermissionDenied):
            budget_update(actor=people[role], budget=commune, **{**VALID, "slug": "commune", "area": None})
    assert snapshot(future_process) == before


def test_an_unknown_budget_or_process_is_a_404(login, future_process, commune):
    client = login("admin")
    assert (
        client.get(reverse("staff_budget_edit", kwargs={"slug": "ciney", "budget_slug": "nope"})).status_code
        == 404
    )
    assert client.get(reverse("staff_budget_create", kwargs={"slug": "nope"})).status_code == 404


@pytest.mark.parametrize("extra", [0, 5])
def test_the_budget_pages_take_a_fixed_number_of_queries(
    login, future_process, commune, django_assert_num_queries, extra
):
    for index in range(2 + extra):
        make_budget(future_process, slug=f"b{index}", title=f"B{index}", position=index + 1)
    client = login("admin")
    client.get(create_url(future_process))  # warm the session and the permission caches
    # 1 session, 2 user, 3 the user's own permissions, 4 the permissions of their groups, 5 the process,
    # 6 its phases, 7 its areas (selector), 8 the areas of the select; edit: + 9 the budget with its area.
    with django_assert_num_queries(8):
        assert client.get(create_url(future_process)).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(edit_url(commune)).status_code == 200


def test_the_dashboard_links_to_the_budget_pages_for_admins_only(login, vote_process, budgets):
    dashboard = reverse("staff_vote_dashboard", kwargs={"slug": vote_process.slug})
    admin_html = login("admin").get(dashboard).content.decode()
    assert f'href="{edit_url(budgets["commune"])}"' in admin_html
    assert f'href="{edit_url(budgets["nord"])}"' in admin_html
    # The vote is open: no budget can be added, the dashboard does not offer it.
    assert create_url(vote_process) not in admin_html

    desk_html = login("desk").get(dashboard).content.decode()
    assert create_url(vote_process) not in desk_html
    assert edit_url(budgets["commune"]) not in desk_html


def test_before_the_vote_the_dashboard_offers_to_add_a_budget(login, future_process, commune):
    dashboard = reverse("staff_vote_dashboard", kwargs={"slug": future_process.slug})
    html = login("admin").get(dashboard).content.decode()
    assert f'<a class="button" href="{create_url(future_process)}">Add a budget</a>' in html
    assert f'href="{edit_url(commune)}"' in html
