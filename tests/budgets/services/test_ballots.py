"""Baskets and ballots: the ballot rule with clear messages, casting online, at a desk and on paper (double
entry), one ballot per person across channels, receipts."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from budgets.exceptions import (
    AlreadyDoneError,
    AlreadyVotedError,
    BallotNotFoundError,
    BallotRuleError,
    CensusNoMatchError,
    InvalidInputError,
    NotEligibleError,
    NotVerifiedError,
    PaperEntryError,
    PhaseClosedError,
    VoteCountedError,
)
from budgets.models import (
    Ballot,
    BallotRule,
    BallotSelection,
    Basket,
    Budget,
    PaperBallotEntry,
    PaperEntryStatus,
    Voter,
)
from budgets.services.ballots import (
    ballot_cast,
    ballot_cast_at_desk,
    ballot_find_by_receipt,
    paper_entry_record,
    paper_entry_resolve,
)
from budgets.services.baskets import basket_add, basket_remove
from budgets.services.census import voter_verify_with_census
from budgets.services.digests import normalise_code, receipt_digest
from budgets.services.voters import budgets_for_voter, voter_for_user
from participation.models import DomainEvent, EventKind
from tests.budgets.factories import (
    BudgetFactory,
    BudgetProjectFactory,
    census_person,
    desk_agent,
    verified_voter,
)
from tests.budgets.services.conftest import make_scene
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def voter(scene, north):
    return verified_voter(UserFactory(area=north), scene["census"], area=north)


def ids(projects):
    return [project.pk for project in projects]


def nothing_cast():
    return Ballot.objects.count() == 0 and BallotSelection.objects.count() == 0


# --- Voters -------------------------------------------------------------------------------------------------


def test_a_voter_votes_in_the_territory_wide_budget_and_in_their_area_only(scene, voter, south):
    BudgetFactory(process=scene["process"], area=south, slug="sud")

    assert budgets_for_voter(voter=voter) == [scene["town"], scene["north_budget"]]


def test_with_a_census_only_a_verified_account_is_a_voter(scene, voter):
    assert voter_for_user(user=voter.user, process=scene["process"]) == voter
    with pytest.raises(NotVerifiedError):
        voter_for_user(user=UserFactory(), process=scene["process"])


def test_without_a_census_a_resident_becomes_a_voter_of_their_area_once(db, north, south):
    scene = make_scene(north=north, south=south, census=False)
    user = UserFactory(area=north)

    voter = voter_for_user(user=user, process=scene["process"])
    user.area = south
    user.save()

    assert voter_for_user(user=user, process=scene["process"]) == voter
    assert Voter.objects.get(pk=voter.pk).area == north
    with pytest.raises(NotVerifiedError):
        voter_for_user(user=UserFactory(unverified=True), process=scene["process"])


# --- Basket -------------------------------------------------------------------------------------------------


def test_the_basket_keeps_the_choices_until_casting(scene, voter):
    bike, playground, *_rest = scene["town_projects"]

    basket_add(actor=voter.user, voter=voter, project=bike)
    basket_add(actor=voter.user, voter=voter, project=playground)
    basket_remove(actor=voter.user, voter=voter, project=bike)

    assert list(Basket.objects.get(voter=voter, budget=scene["town"]).projects.all()) == [playground]


def test_the_basket_refuses_a_project_over_what_is_left_of_the_envelope(scene, voter):
    bike, _playground, _benches, fountain = scene["town_projects"]
    basket_add(actor=voter.user, voter=voter, project=bike)

    with pytest.raises(BallotRuleError) as error:
        basket_add(actor=voter.user, voter=voter, project=fountain)

    assert error.value.message == (
        "“Fontaine” costs 45,000.00 € but only 40,000.00 € are left in your envelope "
        "of 100,000.00 €. Remove a project first."
    )
    assert list(Basket.objects.get(voter=voter).projects.all()) == [bike]


def test_the_basket_refuses_more_projects_than_the_approval_maximum(scene, voter):
    first, second, third = scene["north_projects"]
    basket_add(actor=voter.user, voter=voter, project=first)
    basket_add(actor=voter.user, voter=voter, project=second)

    with pytest.raises(BallotRuleError) as error:
        basket_add(actor=voter.user, voter=voter, project=third)

    assert error.value.message == "You can choose at most 2 projects."
    assert Basket.objects.get(voter=voter).projects.count() == 2


def test_the_basket_refuses_a_project_twice_and_removing_one_not_in_it(scene, voter):
    bike, playground, *_rest = scene["town_projects"]
    basket_add(actor=voter.user, voter=voter, project=bike)

    with pytest.raises(AlreadyDoneError):
        basket_add(actor=voter.user, voter=voter, project=bike)
    with pytest.raises(AlreadyDoneError):
        basket_remove(actor=voter.user, voter=voter, project=playground)


def test_the_basket_refuses_another_areas_budget(scene, south):
    other = verified_voter(UserFactory(area=south), scene["census"], area=south)

    with pytest.raises(NotEligibleError):
        basket_add(actor=other.user, voter=other, project=scene["north_projects"][0])

    assert Basket.objects.count() == 0


def test_the_basket_refuses_someone_else_acting_for_the_voter(scene, voter):
    with pytest.raises(PermissionDenied):
        basket_add(actor=UserFactory(), voter=voter, project=scene["town_projects"][0])
    assert Basket.objects.count() == 0


def test_the_basket_is_closed_outside_the_vote(db, north, south):
    scene = make_scene("results", north=north, south=south)
    voter = verified_voter(UserFactory(), scene["census"], area=north)

    with pytest.raises(PhaseClosedError):
        basket_add(actor=voter.user, voter=voter, project=scene["town_projects"][0])


def test_the_basket_is_closed_after_casting(scene, voter):
    bike, playground, *_rest = scene["town_projects"]
    ballot_cast(actor=voter.user, voter=voter, budget=scene["town"], project_ids=[bike.pk])

    with pytest.raises(AlreadyVotedError):
        basket_add(actor=voter.user, voter=voter, project=playground)


# --- The ballot rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arrange", "chosen", "message"),
    [
        (
            {},
            lambda town, other: ids(town[:1] + town[3:]),
            "Your choice costs 105,000.00 €, more than the envelope of 100,000.00 €.",
        ),
        ({"max_projects": 2}, lambda town, other: ids(town[1:4]), "You can choose at most 2 projects."),
        ({"min_projects": 2}, lambda town, other: ids(town[2:3]), "Choose at least 2 projects; you chose 1."),
        (
            {"min_share_percent": 50},
            lambda town, other: ids(town[1:3]),
            "Your choice costs 35,000.00 €: choose projects worth at least 50,000.00 € "
            "(50% of the envelope).",
        ),
        ({}, lambda town, other: [], "Choose at least one project."),
        (
            {},
            lambda town, other: ids(other[:1]),
            "“Projet du Nord 0” is not on the ballot of Budget de la commune.",
        ),
        ({}, lambda town, other: [town[0].pk, town[0].pk], "Project {dup} is chosen more than once."),
        ({}, lambda town, other: [999_999], "Unknown project: 999999."),
        ({}, lambda town, other: ["x"], "Unknown project: x."),
    ],
)
def test_a_ballot_breaking_the_rule_is_refused_with_a_clear_message(scene, voter, arrange, chosen, message):
    Budget.objects.filter(pk=scene["town"].pk).update(**arrange)
    project_ids = chosen(scene["town_projects"], scene["north_projects"])

    with pytest.raises(BallotRuleError) as error:
        ballot_cast(actor=voter.user, voter=voter, budget=scene["town"], project_ids=project_ids)

    expected = message.replace("{dup}", str(scene["town_projects"][0].pk))
    assert error.value.message == expected
    assert error.value.field_errors == {"projects": [expected]}
    assert nothing_cast()


def test_an_approval_ballot_ignores_the_envelope_but_not_the_maximum(scene, voter):
    Budget.objects.filter(pk=scene["north_budget"].pk).update(amount_cents=1_00)

    ballot, _receipt = ballot_cast(
        actor=voter.user,
        voter=voter,
        budget=scene["north_budget"],
        project_ids=ids(scene["north_projects"][:2]),
    )

    assert ballot.total_cost_cents == 20_000_00
    assert scene["north_budget"].ballot_rule == BallotRule.APPROVAL


# --- Casting online -----------------------------------------------------------------------------------------


def test_casting_the_basket_stores_the_ballot_and_only_the_receipts_digest(scene, voter):
    bike, _playground, benches, _fountain = scene["town_projects"]
    basket_add(actor=voter.user, voter=voter, project=bike)
    basket_add(actor=voter.user, voter=voter, project=benches)

    ballot, receipt = ballot_cast(actor=voter.user, voter=voter, budget=scene["town"])

    assert (ballot.channel, ballot.recorded_by, ballot.total_cost_cents) == ("online", None, 65_000_00)
    assert set(ballot.selections.values_list("project_id", flat=True)) == {bike.pk, benches.pk}
    assert len(receipt) == 19 and receipt.count("-") == 3
    assert (
        ballot.receipt_digest
        == hashlib.sha256(f"placette-receipt:{normalise_code(receipt)}".encode()).hexdigest()
    )
    assert normalise_code(receipt) not in str(Ballot.objects.values().get())
    assert not Basket.objects.filter(voter=voter, budget=scene["town"]).exists()
    event = DomainEvent.objects.get(kind=EventKind.BALLOT_CAST)
    assert event.payload == {"budget": scene["town"].pk, "channel": "online"}


def test_the_receipt_finds_the_ballot_whatever_its_case_and_dashes(scene, voter):
    ballot, receipt = ballot_cast(
        actor=voter.user, voter=voter, budget=scene["town"], project_ids=ids(scene["town_projects"][:1])
    )

    typed = receipt.lower().replace("-", " ")
    assert ballot_find_by_receipt(process=scene["process"], receipt_code=typed) == ballot
    with pytest.raises(BallotNotFoundError):
        ballot_find_by_receipt(process=scene["process"], receipt_code="0000-0000-0000-0000")
    with pytest.raises(BallotNotFoundError):
        ballot_find_by_receipt(
            process=make_scene(north=voter.area, south=voter.area)["process"], receipt_code=receipt
        )


def test_a_ballot_is_final(scene, voter):
    ballot_cast(
        actor=voter.user, voter=voter, budget=scene["town"], project_ids=ids(scene["town_projects"][:1])
    )

    with pytest.raises(AlreadyVotedError):
        ballot_cast(
            actor=voter.user, voter=voter, budget=scene["town"], project_ids=ids(scene["town_projects"][1:2])
        )

    assert Ballot.objects.count() == 1
    assert list(Ballot.objects.get().selections.values_list("project_id", flat=True)) == [
        scene["town_projects"][0].pk
    ]


def test_a_ballot_cannot_be_cast_once_the_budget_is_counted(scene, voter):
    from django.utils import timezone

    Budget.objects.filter(pk=scene["town"].pk).update(allocated_at=timezone.now())

    with pytest.raises(VoteCountedError):
        ballot_cast(
            actor=voter.user, voter=voter, budget=scene["town"], project_ids=ids(scene["town_projects"][:1])
        )
    assert nothing_cast()


# --- At a desk ----------------------------------------------------------------------------------------------


def test_a_desk_agent_casts_for_a_resident_found_in_the_census(scene, north):
    agent = desk_agent()
    values = census_person(scene["census"], area=north)

    ballot, receipt = ballot_cast_at_desk(
        actor=agent,
        process=scene["process"],
        budget=scene["north_budget"],
        census_values=values,
        project_ids=ids(scene["north_projects"][:1]),
    )

    assert (ballot.channel, ballot.recorded_by) == ("desk", agent)
    assert ballot.voter.user is None and ballot.voter.area == north
    assert ballot_find_by_receipt(process=scene["process"], receipt_code=receipt) == ballot


def test_the_desk_refuses_someone_not_in_the_census_or_of_another_area(scene, south):
    agent = desk_agent()
    with pytest.raises(CensusNoMatchError):
        ballot_cast_at_desk(
            actor=agent,
            process=scene["process"],
            budget=scene["town"],
            census_values={"birth_date": "1900-01-01", "register_number": "0"},
            project_ids=ids(scene["town_projects"][:1]),
        )
    with pytest.raises(NotEligibleError):
        ballot_cast_at_desk(
            actor=agent,
            process=scene["process"],
            budget=scene["north_budget"],
            census_values=census_person(scene["census"], area=south),
            project_ids=ids(scene["north_projects"][:1]),
        )
    assert nothing_cast()


def test_a_resident_who_voted_online_cannot_vote_at_a_desk(scene, voter):
    ballot_cast(
        actor=voter.user, voter=voter, budget=scene["town"], project_ids=ids(scene["town_projects"][:1])
    )

    with pytest.raises(AlreadyVotedError) as error:
        ballot_cast_at_desk(
            actor=desk_agent(),
            process=scene["process"],
            budget=scene["town"],
            census_values=voter.census_values,
            project_ids=ids(scene["town_projects"][1:2]),
        )

    assert (
        error.value.message == "This person has already voted in this budget (online, at a desk or on paper)."
    )
    assert Ballot.objects.count() == 1


def test_a_resident_who_voted_at_a_desk_cannot_vote_online(scene, north):
    values = census_person(scene["census"], area=north)
    ballot_cast_at_desk(
        actor=desk_agent(),
        process=scene["process"],
        budget=scene["town"],
        census_values=values,
        project_ids=ids(scene["town_projects"][:1]),
    )
    user = UserFactory()
    voter = voter_verify_with_census(actor=user, process=scene["process"], values=values)

    with pytest.raises(AlreadyVotedError):
        basket_add(actor=user, voter=voter, project=scene["town_projects"][1])
    with pytest.raises(AlreadyVotedError):
        ballot_cast(
            actor=user, voter=voter, budget=scene["town"], project_ids=ids(scene["town_projects"][1:2])
        )

    assert Ballot.objects.count() == 1
    # The north budget is still theirs to vote in, online.
    ballot_cast(
        actor=user, voter=voter, budget=scene["north_budget"], project_ids=ids(scene["north_projects"][:1])
    )


# --- On paper -----------------------------------------------------------------------------------------------


@pytest.fixture
def agents(db):
    return desk_agent(), desk_agent()


def test_two_matching_entries_count_the_paper_ballot(scene, agents, north):
    first, second = agents
    values = census_person(scene["census"], area=north)
    chosen = ids(scene["town_projects"][1:3])

    entry = paper_entry_record(
        actor=first, budget=scene["town"], paper_number="A-17", census_values=values, project_ids=chosen
    )
    assert (entry.status, entry.ballot) == (PaperEntryStatus.AWAITING_SECOND_ENTRY, None)
    assert Ballot.objects.count() == 0

    entry = paper_entry_record(
        actor=second,
        budget=scene["town"],
        paper_number=" A-17 ",
        census_values=values,
        project_ids=list(reversed(chosen)),
    )

    assert entry.status == PaperEntryStatus.MATCHED
    assert (entry.ballot.channel, entry.ballot.recorded_by) == ("paper", second)
    assert set(entry.ballot.selections.values_list("project_id", flat=True)) == set(chosen)


def test_differing_entries_are_flagged_and_not_counted(scene, agents, north):
    first, second = agents
    values = census_person(scene["census"], area=north)
    paper_entry_record(
        actor=first,
        budget=scene["town"],
        paper_number="7",
        census_values=values,
        project_ids=ids(scene["town_projects"][1:2]),
    )

    entry = paper_entry_record(
        actor=second,
        budget=scene["town"],
        paper_number="7",
        census_values=values,
        project_ids=ids(scene["town_projects"][2:3]),
    )

    assert (entry.status, entry.ballot, entry.second_voter) == (PaperEntryStatus.MISMATCH, None, None)
    assert nothing_cast()
    assert DomainEvent.objects.filter(kind=EventKind.PAPER_ENTRY_MISMATCH).count() == 1


def test_an_administrator_resolves_a_mismatch_by_reading_the_paper(scene, agents, admin, north):
    first, second = agents
    values = census_person(scene["census"], area=north)
    paper_entry_record(
        actor=first,
        budget=scene["town"],
        paper_number="7",
        census_values=values,
        project_ids=ids(scene["town_projects"][1:2]),
    )
    entry = paper_entry_record(
        actor=second,
        budget=scene["town"],
        paper_number="7",
        census_values=census_person(scene["census"], area=north),
        project_ids=ids(scene["town_projects"][1:2]),
    )
    assert entry.second_voter is not None

    with pytest.raises(InvalidInputError):
        paper_entry_resolve(actor=admin, entry=entry)
    with pytest.raises(PermissionDenied):
        paper_entry_resolve(actor=first, entry=entry, project_ids=ids(scene["town_projects"][2:3]))
    entry = paper_entry_resolve(actor=admin, entry=entry, project_ids=ids(scene["town_projects"][2:3]))

    assert entry.status == PaperEntryStatus.RESOLVED
    assert (entry.ballot.channel, entry.ballot.recorded_by, entry.ballot.voter_id) == (
        "paper",
        admin,
        entry.voter_id,
    )
    assert list(entry.ballot.selections.values_list("project_id", flat=True)) == [
        scene["town_projects"][2].pk
    ]


def test_an_administrator_voids_a_paper_ballot(scene, agents, admin, north):
    entry = paper_entry_record(
        actor=agents[0],
        budget=scene["town"],
        paper_number="7",
        census_values=census_person(scene["census"], area=north),
        project_ids=ids(scene["town_projects"][1:2]),
    )

    entry = paper_entry_resolve(actor=admin, entry=entry, void=True)

    assert entry.status == PaperEntryStatus.VOID
    assert nothing_cast()
    with pytest.raises(PaperEntryError):
        paper_entry_resolve(actor=admin, entry=entry, void=True)


def test_the_second_entry_must_be_made_by_another_person_and_only_once(scene, agents, north):
    first, second = agents
    values = census_person(scene["census"], area=north)
    chosen = ids(scene["town_projects"][1:2])
    paper_entry_record(
        actor=first, budget=scene["town"], paper_number="7", census_values=values, project_ids=chosen
    )

    with pytest.raises(PaperEntryError):
        paper_entry_record(
            actor=first, budget=scene["town"], paper_number="7", census_values=values, project_ids=chosen
        )
    paper_entry_record(
        actor=second, budget=scene["town"], paper_number="7", census_values=values, project_ids=chosen
    )
    with pytest.raises(PaperEntryError):
        paper_entry_record(
            actor=desk_agent(),
            budget=scene["town"],
            paper_number="7",
            census_values=values,
            project_ids=chosen,
        )
    assert Ballot.objects.count() == 1


def test_the_same_person_cannot_vote_on_paper_and_online(scene, agents, voter):
    ballot_cast(
        actor=voter.user, voter=voter, budget=scene["town"], project_ids=ids(scene["town_projects"][:1])
    )

    with pytest.raises(AlreadyVotedError):
        paper_entry_record(
            actor=agents[0],
            budget=scene["town"],
            paper_number="9",
            census_values=voter.census_values,
            project_ids=ids(scene["town_projects"][1:2]),
        )

    assert PaperBallotEntry.objects.count() == 0


def test_a_paper_ballot_being_entered_blocks_online_voting_when_it_is_counted_first(scene, agents, voter):
    chosen = ids(scene["town_projects"][1:2])
    paper_entry_record(
        actor=agents[0],
        budget=scene["town"],
        paper_number="9",
        census_values=voter.census_values,
        project_ids=chosen,
    )
    paper_entry_record(
        actor=agents[1],
        budget=scene["town"],
        paper_number="9",
        census_values=voter.census_values,
        project_ids=chosen,
    )

    with pytest.raises(AlreadyVotedError):
        ballot_cast(actor=voter.user, voter=voter, budget=scene["town"], project_ids=chosen)
    assert Ballot.objects.count() == 1


def test_a_person_has_one_paper_ballot_per_budget(scene, agents, north):
    values = census_person(scene["census"], area=north)
    paper_entry_record(
        actor=agents[0],
        budget=scene["town"],
        paper_number="1",
        census_values=values,
        project_ids=ids(scene["town_projects"][1:2]),
    )

    with pytest.raises(PaperEntryError) as error:
        paper_entry_record(
            actor=agents[0],
            budget=scene["town"],
            paper_number="2",
            census_values=values,
            project_ids=ids(scene["town_projects"][1:2]),
        )

    assert error.value.message == "This person already has a paper ballot in this budget (number 1)."
    assert PaperBallotEntry.objects.count() == 1


def test_paper_entries_follow_the_ballot_rule(scene, agents, north):
    with pytest.raises(BallotRuleError):
        paper_entry_record(
            actor=agents[0],
            budget=scene["town"],
            paper_number="1",
            census_values=census_person(scene["census"], area=north),
            project_ids=ids(scene["town_projects"]),
        )
    with pytest.raises(InvalidInputError):
        paper_entry_record(
            actor=agents[0],
            budget=scene["town"],
            paper_number="  ",
            census_values=census_person(scene["census"], area=north),
            project_ids=ids(scene["town_projects"][:1]),
        )
    assert PaperBallotEntry.objects.count() == 0


def test_a_project_added_to_another_budget_cannot_be_on_this_ballot(scene, voter):
    stray = BudgetProjectFactory(budget=BudgetFactory(process=scene["process"], slug="autre"))

    with pytest.raises(BallotRuleError):
        ballot_cast(actor=voter.user, voter=voter, budget=scene["town"], project_ids=[stray.pk])
    assert nothing_cast()


def test_receipt_digests_are_sha256_of_the_normalised_code():
    assert receipt_digest("ABCD") == hashlib.sha256(b"placette-receipt:ABCD").hexdigest()
