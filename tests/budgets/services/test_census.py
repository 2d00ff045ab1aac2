"""The census: configuration, upload (accepted and rejected lines, re-upload), matching, verification and its
rate limit. Only keyed digests are stored."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from budgets.exceptions import (
    AlreadyVerifiedError,
    CensusEntryTakenError,
    CensusNoMatchError,
    DomainError,
    InvalidInputError,
    PhaseClosedError,
    TooManyAttemptsError,
)
from budgets.models import Census, CensusEntry, Voter
from budgets.services import census as census_services
from budgets.services.census import (
    census_configure,
    census_find_entry,
    census_import,
    census_match_digest,
    voter_verify_with_census,
)
from participation.models import DomainEvent, EventKind
from tests.budgets.factories import census_person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "birth_date;register_number;area;name\n"


def csv_of(*lines, header=HEADER) -> io.StringIO:
    return io.StringIO(header + "".join(line + "\n" for line in lines))


def vote_end(process):
    return timezone.localdate(process.phases.get(kind="vote").end_at)


# --- Configuration ------------------------------------------------------------------------------------------


def test_configuring_creates_the_census_with_a_random_salt(scene, admin):
    process = scene["process"]
    Census.objects.filter(process=process).delete()

    census = census_configure(
        actor=admin, process=process, match_fields=["postal_code", "birth_date"], minimum_age=18
    )

    assert (census.match_fields, census.minimum_age) == (["postal_code", "birth_date"], 18)
    assert len(census.salt) == 64
    assert DomainEvent.objects.filter(kind=EventKind.CENSUS_CONFIGURED, process=process).count() == 1


@pytest.mark.parametrize(
    ("match_fields", "minimum_age", "field"),
    [
        ([], 16, "match_fields"),
        (["shoe_size"], 16, "match_fields"),
        (["birth_date", "birth_date"], 16, "match_fields"),
        ("birth_date", 16, "match_fields"),
        (["birth_date"], -1, "minimum_age"),
        (["birth_date"], 121, "minimum_age"),
        (["birth_date"], "16", "minimum_age"),
    ],
)
def test_configuring_with_bad_input_is_refused_with_the_field_named(
    scene, admin, match_fields, minimum_age, field
):
    census = scene["census"]

    with pytest.raises(InvalidInputError) as error:
        census_configure(
            actor=admin, process=scene["process"], match_fields=match_fields, minimum_age=minimum_age
        )

    assert list(error.value.field_errors) == [field]
    census.refresh_from_db()
    assert (census.match_fields, census.minimum_age) == (["birth_date", "register_number"], 16)


def test_changing_the_fields_clears_unbound_entries(scene, admin):
    census = scene["census"]
    census_person(census)

    census_configure(actor=admin, process=scene["process"], match_fields=["postal_code"], minimum_age=16)

    assert CensusEntry.objects.filter(census=census).count() == 0


def test_changing_the_fields_is_refused_once_someone_is_verified(scene, admin):
    census = scene["census"]
    values = census_person(census)
    voter_verify_with_census(actor=UserFactory(), process=scene["process"], values=values)

    with pytest.raises(DomainError):
        census_configure(actor=admin, process=scene["process"], match_fields=["postal_code"], minimum_age=16)

    assert CensusEntry.objects.filter(census=census).count() == 1
    assert Census.objects.get(pk=census.pk).match_fields == ["birth_date", "register_number"]


def test_a_resident_cannot_configure_the_census(scene):
    with pytest.raises(PermissionDenied):
        census_configure(
            actor=UserFactory(), process=scene["process"], match_fields=["postal_code"], minimum_age=16
        )


# --- Import -------------------------------------------------------------------------------------------------


def test_good_lines_create_entries_holding_only_digests(scene, admin):
    census = scene["census"]

    report = census_import(
        actor=admin,
        census=census,
        rows=csv_of(
            "1980-03-12;80.03.12-123.45;nord;Camille Dupont",
            "24/12/1975;75122412345;Sud;Luc Martin",
            "01.01.1990;90010112345;SUD;Ana Silva",
        ),
    )

    assert report == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "kept": 0,
        "rejected": [],
        "total": 3,
    }
    entries = list(CensusEntry.objects.filter(census=census).order_by("pk"))
    assert [entry.area.slug for entry in entries] == ["nord", "sud", "sud"]
    stored = " ".join(entry.match_digest for entry in entries)
    for secret in ("1980", "12345", "Dupont", "Camille", "Martin"):
        assert secret not in stored
    assert all(len(entry.match_digest) == 64 for entry in entries)
    census.refresh_from_db()
    assert census.uploaded_by == admin and census.uploaded_at is not None
    assert census.last_import_report == report
    assert "Dupont" not in str(DomainEvent.objects.get(kind=EventKind.CENSUS_IMPORTED).payload)


def test_rejected_lines_are_reported_with_their_number_and_reason(scene, admin):
    census = scene["census"]
    end = vote_end(scene["process"])
    fifteen = end.replace(year=end.year - 16) + timedelta(days=1)

    report = census_import(
        actor=admin,
        census=census,
        rows=csv_of(
            "1980-03-12;80031212345;nord;ok",
            ";80031254321;nord;no birth date",
            "1980-03-12;;nord;no register number",
            "12/31/1980;80123112345;nord;a US date",
            f"{fifteen.isoformat()};{fifteen:%y%m%d}12345;nord;fifteen at the end of the vote",
            "1970-01-01;70010112345;Atlantide;unknown area",
            "1970-01-01;70010154321;;no area",
            "1980-03-12;80.03.12.123.45;nord;same person as line 2",
        ),
    )

    assert report["created"] == 1
    assert [(line["line"], line["code"]) for line in report["rejected"]] == [
        (3, "missing_field"),
        (4, "missing_field"),
        (5, "bad_date"),
        (6, "under_age"),
        (7, "unknown_area"),
        (8, "missing_field"),
        (9, "duplicate"),
    ]
    reasons = {line["line"]: line["reason"] for line in report["rejected"]}
    assert reasons[3] == "Missing field: birth_date."
    assert reasons[4] == "Missing field: register_number."
    assert reasons[5] == "birth_date is not a date (YYYY-MM-DD or DD/MM/YYYY)."
    assert reasons[6] == "Under the minimum age of 16 years at the end of the vote."
    assert reasons[7] == "Unknown area: not an area of this process."
    assert reasons[8] == "Missing field: area."
    assert reasons[9] == "Same person as line 2."
    assert CensusEntry.objects.filter(census=census).count() == 1


def test_someone_reaching_the_minimum_age_on_the_last_day_of_the_vote_is_accepted(scene, admin):
    end = vote_end(scene["process"])
    sixteen = end.replace(year=end.year - 16)

    report = census_import(
        actor=admin, census=scene["census"], rows=csv_of(f"{sixteen.isoformat()};0000000001;nord;x")
    )

    assert (report["created"], report["rejected"]) == (1, [])


def test_a_file_without_a_required_column_is_refused_and_changes_nothing(scene, admin):
    census = scene["census"]
    census_person(census)

    with pytest.raises(InvalidInputError) as error:
        census_import(actor=admin, census=census, rows=csv_of("1980-03-12;nord", header="birth_date;area\n"))

    assert "register_number" in str(error.value.message)
    assert CensusEntry.objects.filter(census=census).count() == 1


def test_a_comma_separated_utf8_file_with_a_bom_and_rows_as_dicts_are_read(scene, admin):
    census = scene["census"]
    raw = "\ufeffBirth Date,Register Number,Area\r\n1980-03-12,1,nord\r\n".encode()

    assert census_import(actor=admin, census=census, rows=io.BytesIO(raw))["created"] == 1
    report = census_import(
        actor=admin,
        census=census,
        rows=[
            {"birth_date": "1980-03-12", "register_number": "1", "area": "nord"},
            {"birth_date": "1981-03-12", "register_number": "2", "area": "sud"},
        ],
    )
    assert (report["unchanged"], report["created"]) == (1, 1)


def test_a_file_that_is_not_utf8_is_refused(scene, admin):
    with pytest.raises(InvalidInputError):
        census_import(
            actor=admin,
            census=scene["census"],
            rows=io.BytesIO("birth_date;register_number;area\n1980-03-12;1;Lige\xe9\n".encode("latin-1")),
        )


def test_a_reupload_updates_removes_and_keeps_bound_entries(scene, admin, north, south):
    census, process = scene["census"], scene["process"]
    census_import(
        actor=admin,
        census=census,
        rows=csv_of(
            "1980-03-12;1;nord;stays",
            "1981-03-12;2;nord;moves",
            "1982-03-12;3;nord;leaves",
            "1983-03-12;4;nord;leaves but verified",
            "1984-03-12;5;nord;voted at a desk",
        ),
    )
    user = UserFactory()
    voter_verify_with_census(
        actor=user, process=process, values={"birth_date": "1983-03-12", "register_number": "4"}
    )
    desk_entry = census_find_entry(census=census, values={"birth_date": "1984-03-12", "register_number": "5"})
    Voter.objects.create(process=process, census_entry=desk_entry, area=north)

    report = census_import(
        actor=admin,
        census=census,
        rows=csv_of(
            "1980-03-12;1;nord;stays",
            "1981-03-12;2;sud;moves",
            "1990-03-12;6;sud;new",
        ),
    )

    assert {key: report[key] for key in ("created", "updated", "unchanged", "removed", "kept")} == {
        "created": 1,
        "updated": 1,
        "unchanged": 1,
        "removed": 1,
        "kept": 2,
    }
    assert CensusEntry.objects.filter(census=census).count() == 5
    assert CensusEntry.objects.get(census=census, user=user).area == north
    moved = census_find_entry(census=census, values={"birth_date": "1981-03-12", "register_number": "2"})
    assert moved.area == south
    with pytest.raises(CensusNoMatchError):
        census_find_entry(census=census, values={"birth_date": "1982-03-12", "register_number": "3"})


def test_a_reupload_after_a_secret_key_rotation_rekeys_every_entry(scene, admin, settings):
    census, process = scene["census"], scene["process"]
    census_import(actor=admin, census=census, rows=csv_of("1980-03-12;1;nord;x", "1981-03-12;2;nord;y"))
    user = UserFactory()
    voter_verify_with_census(
        actor=user, process=process, values={"birth_date": "1980-03-12", "register_number": "1"}
    )
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-brand-new-secret-key-for-placette", [old_key]

    found = census_find_entry(census=census, values={"birth_date": "1981-03-12", "register_number": "2"})
    report = census_import(
        actor=admin, census=census, rows=csv_of("1980-03-12;1;nord;x", "1981-03-12;2;nord;y")
    )
    settings.SECRET_KEY_FALLBACKS = []

    assert (report["updated"], report["created"], report["removed"]) == (2, 0, 0)
    assert (
        census_find_entry(census=census, values={"birth_date": "1981-03-12", "register_number": "2"}) == found
    )
    assert (
        census_find_entry(census=census, values={"birth_date": "1980-03-12", "register_number": "1"}).user
        == user
    )


def test_the_census_cannot_change_once_the_vote_is_over(db, north, south, admin):
    from tests.budgets.services.conftest import make_scene

    scene = make_scene("results", north=north, south=south)

    with pytest.raises(PhaseClosedError):
        census_import(actor=admin, census=scene["census"], rows=csv_of("1980-03-12;1;nord;x"))
    assert CensusEntry.objects.count() == 0


def test_progress_is_reported_until_the_last_line(scene, admin, monkeypatch):
    monkeypatch.setattr(census_services, "PROGRESS_EVERY", 2)
    calls = []

    census_import(
        actor=admin,
        census=scene["census"],
        rows=csv_of(*[f"1980-03-12;{n};nord;x" for n in range(5)]),
        progress=lambda done, total: calls.append((done, total)),
    )

    assert calls == [(2, 5), (4, 5), (5, 5)]


# --- Matching and verification ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed_date", "typed_number"),
    [
        ("1980-03-12", "80.03.12-123.45"),
        ("12/03/1980", "80031212345"),
        (" 12.03.1980 ", "80 03 12 123 45"),
    ],
)
def test_matching_details_are_normalised(scene, typed_date, typed_number):
    census = scene["census"]
    census_person(census, birth_date="1980-03-12", register_number="80031212345")

    entry = census_find_entry(
        census=census, values={"birth_date": typed_date, "register_number": typed_number}
    )

    assert entry.census == census


def test_names_match_without_accents_case_or_hyphens(scene, admin):
    census = scene["census"]
    census = census_configure(
        actor=admin, process=scene["process"], match_fields=["last_name", "birth_date"], minimum_age=16
    )
    census_import(
        actor=admin,
        census=census,
        rows=[{"last_name": "Dupont-Hélène", "birth_date": "1980-03-12", "area": "nord"}],
    )

    entry = census_find_entry(
        census=census, values={"last_name": "  dupont  helene", "birth_date": "12/03/1980"}
    )

    assert entry.match_digest == census_match_digest(
        census=census, values={"last_name": "DUPONT HÉLÈNE", "birth_date": "1980-03-12"}
    )


def test_verification_binds_the_entry_and_creates_the_voter_of_its_area(scene, north):
    census, process = scene["census"], scene["process"]
    values = census_person(census, area=north)
    user = UserFactory()

    voter = voter_verify_with_census(actor=user, process=process, values=values)

    assert (voter.user, voter.area, voter.census_entry.user) == (user, north, user)
    assert voter.census_entry.bound_at is not None
    assert voter_verify_with_census(actor=user, process=process, values=values) == voter
    assert DomainEvent.objects.filter(kind=EventKind.VOTER_VERIFIED).count() == 1


def test_one_census_entry_binds_to_one_account_only(scene):
    census, process = scene["census"], scene["process"]
    values = census_person(census)
    first = UserFactory()
    voter_verify_with_census(actor=first, process=process, values=values)

    with pytest.raises(CensusEntryTakenError):
        voter_verify_with_census(actor=UserFactory(), process=process, values=values)

    assert CensusEntry.objects.get(census=census).user == first
    assert Voter.objects.count() == 1


def test_one_account_binds_to_one_census_entry_only(scene):
    census, process = scene["census"], scene["process"]
    user = UserFactory()
    voter_verify_with_census(actor=user, process=process, values=census_person(census))

    with pytest.raises(AlreadyVerifiedError):
        voter_verify_with_census(actor=user, process=process, values=census_person(census))

    assert CensusEntry.objects.filter(user=user).count() == 1


def test_the_database_refuses_a_second_entry_for_one_account(scene):
    census = scene["census"]
    user = UserFactory()
    census_person(census)
    census_person(census)
    first, second = CensusEntry.objects.filter(census=census).order_by("pk")
    CensusEntry.objects.filter(pk=first.pk).update(user=user)

    with pytest.raises(IntegrityError), transaction.atomic():
        CensusEntry.objects.filter(pk=second.pk).update(user=user)


def test_a_person_who_voted_at_a_desk_gets_the_same_voter_when_verifying(scene, north):
    census, process = scene["census"], scene["process"]
    values = census_person(census, area=north)
    entry = census_find_entry(census=census, values=values)
    desk_voter = Voter.objects.create(process=process, census_entry=entry, area=north)
    user = UserFactory()

    voter = voter_verify_with_census(actor=user, process=process, values=values)

    assert voter.pk == desk_voter.pk
    assert voter.user == user


def test_wrong_guesses_are_limited_per_account(scene):
    census, process = scene["census"], scene["process"]
    values = census_person(census)
    user = UserFactory()
    for attempt in range(census_services.VERIFY_ATTEMPTS_LIMIT):
        with pytest.raises(CensusNoMatchError):
            voter_verify_with_census(
                actor=user,
                process=process,
                values={"birth_date": "1980-03-12", "register_number": f"9{attempt}"},
            )

    with pytest.raises(TooManyAttemptsError):
        voter_verify_with_census(actor=user, process=process, values=values)

    assert CensusEntry.objects.get(census=census).user is None
    assert voter_verify_with_census(actor=UserFactory(), process=process, values=values).user is not None


def test_missing_or_malformed_details_are_refused_without_counting_a_guess(scene):
    census, process = scene["census"], scene["process"]
    values = census_person(census)
    user = UserFactory()
    for _attempt in range(census_services.VERIFY_ATTEMPTS_LIMIT + 1):
        with pytest.raises(InvalidInputError) as error:
            voter_verify_with_census(
                actor=user, process=process, values={"birth_date": "31/02/1980", "register_number": ""}
            )
    assert set(error.value.field_errors) == {"birth_date", "register_number"}

    assert voter_verify_with_census(actor=user, process=process, values=values).user == user


def test_an_unverified_account_cannot_verify(scene):
    values = census_person(scene["census"])

    with pytest.raises(PermissionDenied):
        voter_verify_with_census(actor=UserFactory(unverified=True), process=scene["process"], values=values)

    assert CensusEntry.objects.get().user is None
