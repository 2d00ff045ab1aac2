"""The census upload page: configure the matching details and the minimum age, upload a CSV, read a report of
rejected lines (line numbers and reasons, no personal data); a bad file is refused with a clear message and
changes nothing, not even the configuration."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets.models import Census, CensusEntry

from .conftest import CENSUS_CSV

pytestmark = pytest.mark.django_db


def upload(client, process, content: bytes, *, match_fields=("birth_date", "postal_code"), minimum_age="16"):
    return client.post(
        reverse("staff_census", kwargs={"slug": process.slug}),
        {
            "match_fields": list(match_fields),
            "minimum_age": minimum_age,
            "file": SimpleUploadedFile("census.csv", content, content_type="text/csv"),
        },
    )


def test_an_administrator_uploads_a_census_and_reads_the_report_of_rejected_lines(login, vote_process):
    content = (
        CENSUS_CSV
        + "1980-03-12;5370;nord\n"  # line 5: the same person as line 2
        + "2020-01-01;5370;nord\n"  # line 6: under 16
        + "31/31/1990;5370;sud\n"  # line 7: not a date
        + "1990-01-01;5370;Atlantis\n"  # line 8: unknown area
    ).encode()

    response = upload(login("admin"), vote_process, content)

    assert response.status_code == 200
    census = Census.objects.get(process=vote_process)
    assert (census.match_fields, census.minimum_age) == (["birth_date", "postal_code"], 16)
    assert CensusEntry.objects.filter(census=census).count() == 3
    report = response.context["report"]
    assert (report["total"], report["created"]) == (7, 3)
    assert [(rejection["line"], rejection["code"]) for rejection in report["rejected"]] == [
        (5, "duplicate"),
        (6, "under_age"),
        (7, "bad_date"),
        (8, "unknown_area"),
    ]
    html = response.content.decode()
    assert "Same person as line 2." in html
    assert "Lines rejected" in html
    # No personal data in the report.
    assert "5370" not in str(report) and "Atlantis" not in str(report)
    assert response.context["census_status"].entries == 3


def test_the_page_shows_the_number_of_entries_and_of_entries_bound_to_an_account(
    login, vote_process, census, people
):
    first = CensusEntry.objects.filter(census=census).order_by("pk").first()
    CensusEntry.objects.filter(pk=first.pk).update(user=people["resident"])

    response = login("admin").get(reverse("staff_census", kwargs={"slug": vote_process.slug}))

    status = response.context["census_status"]
    assert (status.entries, status.bound) == (3, 1)
    html = response.content.decode()
    assert "People on the census" in html and "Verified with an account" in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "birth_date;postal_code;area\n1980-03-12;5370;Liège-Nord\n".encode("latin-1"),
            "The file is not UTF-8 text (byte 47 cannot be read).",
        ),
        (
            b"birth_date;area\n1980-03-12;nord\n",
            "The first line of the file must name the columns; missing: \u201cpostal_code\u201d.",
        ),
        (b"", "The submitted file is empty."),
        (b"\n  \n", "The file is empty."),
        (
            b"birth_date;postal_code;area\n",
            "The file has no line after its first line (the names of the columns).",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "The file is not UTF-8 text"),
    ],
    ids=["wrong-encoding", "missing-column", "empty-file", "blank-file", "header-only", "binary"],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_changes_nothing(
    login, vote_process, census, content, message
):
    before = sorted(CensusEntry.objects.filter(census=census).values_list("match_digest", flat=True))

    response = upload(login("admin"), vote_process, content, match_fields=["postal_code"], minimum_age="18")

    assert response.status_code == 400
    assert message in response.content.decode()
    census.refresh_from_db()
    assert (census.match_fields, census.minimum_age) == (["birth_date", "postal_code"], 16)
    assert sorted(CensusEntry.objects.filter(census=census).values_list("match_digest", flat=True)) == before


def test_a_file_the_service_refuses_rolls_back_the_configuration_too(
    login, vote_process, census, monkeypatch
):
    from budgets import views_staff
    from budgets.exceptions import InvalidInputError

    def refuse(**kwargs):
        raise InvalidInputError("The file is not a valid CSV file.")

    monkeypatch.setattr(views_staff, "census_import", refuse)

    response = upload(login("admin"), vote_process, CENSUS_CSV.encode(), minimum_age="18")

    assert response.status_code == 400
    assert "The file is not a valid CSV file." in response.content.decode()
    census.refresh_from_db()
    assert census.minimum_age == 16


def test_a_semicolon_or_comma_separated_file_with_a_byte_order_mark_is_read(login, vote_process):
    content = "\ufeffbirth_date,postal_code,area\n12/03/1980,5370,Nord\n".encode()

    response = upload(login("admin"), vote_process, content)

    assert response.status_code == 200
    assert response.context["report"]["created"] == 1


def test_a_missing_choice_of_details_is_a_form_error(login, vote_process):
    response = upload(login("admin"), vote_process, CENSUS_CSV.encode(), match_fields=[])

    assert response.status_code == 400
    assert not Census.objects.exists()
