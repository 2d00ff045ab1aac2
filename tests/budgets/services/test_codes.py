"""Voting codes: generated once in clear, stored as digests, redeemed once, wrong guesses rate-limited."""

import pytest
from django.core.exceptions import PermissionDenied

from budgets.exceptions import (
    AlreadyVotedError,
    InvalidInputError,
    InvalidVotingCodeError,
    PhaseClosedError,
    TooManyAttemptsError,
)
from budgets.models import Ballot, Voter, VotingCode, VotingCodeBatch
from budgets.services import codes as code_services
from budgets.services.ballots import ballot_cast
from budgets.services.codes import voter_from_code, voting_codes_generate
from budgets.services.digests import CODE_ALPHABET
from budgets.services.voters import budgets_for_voter
from participation.models import DomainEvent, EventKind
from tests.budgets.services.conftest import make_scene
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_codes_are_generated_in_clear_once_and_stored_as_digests(scene, admin, north):
    batch, codes = voting_codes_generate(actor=admin, process=scene["process"], area=north, count=50)

    assert (batch.size, batch.area, batch.created_by) == (50, north, admin)
    assert len(set(codes)) == 50
    for code in codes:
        groups = code.split("-")
        assert [len(group) for group in groups] == [4, 4, 4]
        assert set("".join(groups)) <= set(CODE_ALPHABET)
    stored = set(VotingCode.objects.filter(batch=batch).values_list("code_digest", flat=True))
    assert len(stored) == 50
    assert not stored & {code.replace("-", "") for code in codes}
    assert DomainEvent.objects.get(kind=EventKind.VOTING_CODES_GENERATED).payload["count"] == 50


@pytest.mark.parametrize("count", [0, 5001, "10", None])
def test_a_bad_number_of_codes_is_refused(scene, admin, count):
    with pytest.raises(InvalidInputError):
        voting_codes_generate(actor=admin, process=scene["process"], area=None, count=count)
    assert VotingCodeBatch.objects.count() == 0


def test_an_area_outside_the_process_is_refused(scene, admin):
    with pytest.raises(InvalidInputError):
        voting_codes_generate(actor=admin, process=scene["process"], area=AreaFactory(), count=1)


def test_only_administrators_generate_codes(scene):
    with pytest.raises(PermissionDenied):
        voting_codes_generate(actor=UserFactory(), process=scene["process"], area=None, count=1)
    assert VotingCodeBatch.objects.count() == 0


def test_a_code_creates_its_voter_once_and_lets_them_come_back(scene, admin, north):
    _batch, (code,) = voting_codes_generate(actor=admin, process=scene["process"], area=north, count=1)

    voter = voter_from_code(process=scene["process"], code=code, client_key="1.2.3.4")
    again = voter_from_code(
        process=scene["process"], code=code.lower().replace("-", " "), client_key="5.6.7.8"
    )

    assert again == voter
    assert (voter.area, voter.user) == (north, None)
    assert VotingCode.objects.get().redeemed_at is not None
    assert budgets_for_voter(voter=voter) == [scene["town"], scene["north_budget"]]


def test_a_code_lets_one_person_vote_once_per_budget(scene, admin):
    _batch, (code,) = voting_codes_generate(actor=admin, process=scene["process"], area=None, count=1)
    voter = voter_from_code(process=scene["process"], code=code, client_key="k")
    project = scene["town_projects"][0]

    ballot_cast(actor=None, voter=voter, budget=scene["town"], project_ids=[project.pk])
    with pytest.raises(AlreadyVotedError):
        ballot_cast(
            actor=None,
            voter=voter_from_code(process=scene["process"], code=code, client_key="k"),
            budget=scene["town"],
            project_ids=[project.pk],
        )

    assert Ballot.objects.count() == 1


def test_a_code_of_another_process_is_not_valid_here(scene, admin, north, south):
    other = make_scene(north=north, south=south)
    _batch, (code,) = voting_codes_generate(actor=admin, process=other["process"], area=None, count=1)

    with pytest.raises(InvalidVotingCodeError):
        voter_from_code(process=scene["process"], code=code, client_key="k")
    assert Voter.objects.filter(voting_code__isnull=False).count() == 0


def test_wrong_codes_are_rate_limited_per_client_and_process(scene, admin):
    _batch, (code,) = voting_codes_generate(actor=admin, process=scene["process"], area=None, count=1)
    for _attempt in range(code_services.CODE_ATTEMPTS_LIMIT):
        with pytest.raises(InvalidVotingCodeError):
            voter_from_code(process=scene["process"], code="AAAA-BBBB-CCCC", client_key="attacker")

    with pytest.raises(TooManyAttemptsError):
        voter_from_code(process=scene["process"], code=code, client_key="attacker")
    assert VotingCode.objects.get().redeemed_at is None
    assert (
        voter_from_code(process=scene["process"], code=code, client_key="someone else").voting_code
        is not None
    )


def test_malformed_codes_are_refused_without_counting(scene, admin):
    _batch, (code,) = voting_codes_generate(actor=admin, process=scene["process"], area=None, count=1)
    for _attempt in range(code_services.CODE_ATTEMPTS_LIMIT + 1):
        with pytest.raises(InvalidVotingCodeError) as error:
            voter_from_code(process=scene["process"], code="12", client_key="k")
    assert error.value.message == "A voting code has 12 letters and digits, like ABCD-EFGH-JKMN."

    assert voter_from_code(process=scene["process"], code=code, client_key="k").voting_code is not None


def test_codes_work_only_while_the_vote_is_open(db, north, south, admin):
    scene = make_scene("evaluation", north=north, south=south)
    _batch, (code,) = voting_codes_generate(actor=admin, process=scene["process"], area=None, count=1)

    with pytest.raises(PhaseClosedError):
        voter_from_code(process=scene["process"], code=code, client_key="k")
    assert VotingCode.objects.get().redeemed_at is None
