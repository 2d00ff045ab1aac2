"""`census_import PROCESS_SLUG FILE` imports a census with a progress bar through the census services, prints
the report (counts, rejected line numbers), and changes nothing when the file is refused."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budgets.models import Census, CensusEntry
from tests.factories import AreaFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db

CSV = "birth_date;postal_code;area\n1980-03-12;5370;nord\n2020-01-01;5370;nord\n1975-07-01;5377;nord\n"


@pytest.fixture
def process():
    process = ProcessFactory(with_phase="vote", slug="havelange")
    process.areas.set([AreaFactory(name="Nord", slug="nord")])
    return process


@pytest.fixture
def admin():
    return UserFactory(email="ada@example.org", process_admin=True)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("census_import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_census_is_configured_and_imported_with_a_progress_bar(process, admin, tmp_path):
    path = tmp_path / "census.csv"
    path.write_text(CSV, encoding="utf-8")

    out, err = run(
        process.slug,
        str(path),
        "--match-fields",
        "birth_date,postal_code",
        "--minimum-age",
        "16",
        "--user",
        "ada@example.org",
    )

    census = Census.objects.get(process=process)
    assert (census.match_fields, census.minimum_age, census.uploaded_by) == (
        ["birth_date", "postal_code"],
        16,
        admin,
    )
    assert CensusEntry.objects.filter(census=census).count() == 2
    assert "3 lines read, 2 new" in out and "1 rejected" in out
    assert "line 3: Under the minimum age of 16 years at the end of the vote." in out
    assert "3/3" in err


def test_a_file_that_is_not_utf8_is_refused_and_changes_nothing(process, admin, tmp_path):
    path = tmp_path / "census.csv"
    path.write_bytes("birth_date;postal_code;area\n1980-03-12;5370;Liège\n".encode("latin-1"))

    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run(
            process.slug,
            str(path),
            "--match-fields",
            "postal_code",
            "--minimum-age",
            "16",
            "--user",
            "ada@example.org",
        )

    assert not Census.objects.exists()


def test_a_missing_column_is_refused_and_the_configuration_is_rolled_back(process, admin, tmp_path):
    path = tmp_path / "census.csv"
    path.write_text("postal_code;area\n5370;nord\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Nothing imported: The file lacks the columns: birth_date"):
        run(
            process.slug,
            str(path),
            "--match-fields",
            "postal_code",
            "--minimum-age",
            "16",
            "--user",
            "ada@example.org",
        )

    assert not Census.objects.exists()


def test_without_census_the_details_to_match_are_required(process, admin, tmp_path):
    path = tmp_path / "census.csv"
    path.write_text(CSV, encoding="utf-8")

    with pytest.raises(CommandError, match="give --match-fields and --minimum-age"):
        run(process.slug, str(path), "--user", "ada@example.org")


def test_someone_who_is_not_a_process_administrator_cannot_import(process, tmp_path):
    UserFactory(email="camille@example.org")
    path = tmp_path / "census.csv"
    path.write_text(CSV, encoding="utf-8")

    with pytest.raises(CommandError, match="may not manage the census"):
        run(
            process.slug,
            str(path),
            "--match-fields",
            "postal_code",
            "--minimum-age",
            "16",
            "--user",
            "camille@example.org",
        )

    assert not Census.objects.exists()


def test_an_unknown_process_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No process with the slug 'nowhere'"):
        run("nowhere", str(tmp_path / "census.csv"))
