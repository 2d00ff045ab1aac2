"""Voting codes: generate N codes for an area → a PDF sheet of cards stored once in the batch, downloadable,
deletable after printing; the database never holds the codes in clear."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from budgets.models import VotingCode, VotingCodeBatch
from budgets.services.codes import voter_from_code
from budgets.services.digests import normalise_code

pytestmark = pytest.mark.django_db


def codes_in(pdf: bytes) -> list[str]:
    import re

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", text)


def test_an_administrator_generates_codes_for_an_area_and_downloads_their_sheet(login, vote_process, north):
    client = login("admin")

    response = client.post(
        reverse("staff_codes", kwargs={"slug": vote_process.slug}), {"area": north.pk, "count": "12"}
    )

    assert response.status_code == 302
    batch = VotingCodeBatch.objects.get(process=vote_process)
    assert (batch.area, batch.size, batch.codes.count()) == (north, 12, 12)
    assert batch.sheet.name.endswith(".pdf")
    download = client.get(reverse("staff_codes_sheet", kwargs={"slug": vote_process.slug, "pk": batch.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    pdf = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # ten cards per page
    codes = codes_in(pdf)
    assert len(set(codes)) == 12
    text = reader.pages[0].extract_text()
    assert "Budget participatif de Havelange" in text and "Nord" in text
    assert "/processes/havelange/vote/code/" in text.replace("\n", "")
    # Only digests are stored: no code in clear in the database.
    stored = set(VotingCode.objects.values_list("code_digest", flat=True))
    assert not any(normalise_code(code) in digest or code in digest for code in codes for digest in stored)
    # A printed code works.
    voter = voter_from_code(process=vote_process, code=codes[0], client_key="test")
    assert voter.area == north


def test_the_sheet_is_stored_outside_the_publicly_served_media(login, vote_process, media_root, tmp_path):
    client = login("admin")
    client.post(reverse("staff_codes", kwargs={"slug": vote_process.slug}), {"area": "", "count": "2"})
    batch = VotingCodeBatch.objects.get()

    stored = Path(batch.sheet.path)
    assert stored.is_file()
    assert stored.is_relative_to(tmp_path / "private")
    assert not stored.is_relative_to(media_root)
    assert not any(media_root.rglob("*.pdf"))
    # Not served anywhere: the private storage has no URL.
    with pytest.raises(ValueError):
        _ = batch.sheet.url


def test_the_sheet_can_be_deleted_after_printing_and_the_codes_stay_valid(login, vote_process):
    client = login("admin")
    client.post(reverse("staff_codes", kwargs={"slug": vote_process.slug}), {"area": "", "count": "1"})
    batch = VotingCodeBatch.objects.get()
    url = reverse("staff_codes_sheet", kwargs={"slug": vote_process.slug, "pk": batch.pk})
    pdf = b"".join(client.get(url).streaming_content)
    path = batch.sheet.path

    response = client.post(
        reverse("staff_codes_sheet_delete", kwargs={"slug": vote_process.slug, "pk": batch.pk})
    )

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.sheet.name == ""
    import os

    assert not os.path.exists(path)
    assert client.get(url).status_code == 404
    assert voter_from_code(process=vote_process, code=codes_in(pdf)[0], client_key="test").pk is not None
    page = client.get(reverse("staff_codes", kwargs={"slug": vote_process.slug})).content.decode()
    assert "Deleted after printing" in page


def test_a_wrong_number_of_codes_is_refused_and_nothing_is_generated(login, vote_process):
    response = login("admin").post(
        reverse("staff_codes", kwargs={"slug": vote_process.slug}), {"area": "", "count": "0"}
    )

    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    assert VotingCodeBatch.objects.count() == 0


def test_an_area_outside_the_process_is_refused(login, vote_process):
    from tests.factories import AreaFactory

    elsewhere = AreaFactory(name="Ailleurs", slug="ailleurs")

    response = login("admin").post(
        reverse("staff_codes", kwargs={"slug": vote_process.slug}), {"area": elsewhere.pk, "count": "3"}
    )

    assert response.status_code == 400
    assert VotingCodeBatch.objects.count() == 0


def test_a_failing_sheet_leaves_no_batch_behind(login, vote_process, monkeypatch):
    from budgets import views_staff

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(views_staff, "render_code_sheet_pdf", broken)

    with pytest.raises(OSError):
        login("admin").post(
            reverse("staff_codes", kwargs={"slug": vote_process.slug}), {"area": "", "count": "3"}
        )

    assert (VotingCodeBatch.objects.count(), VotingCode.objects.count()) == (0, 0)


def test_no_codes_can_be_generated_once_the_vote_is_over(login, north, south):
    from .conftest import make_process

    process = make_process("results", north, south, slug="fini")

    client = login("admin")
    page = client.get(reverse("staff_codes", kwargs={"slug": process.slug}))
    response = client.post(reverse("staff_codes", kwargs={"slug": process.slug}), {"area": "", "count": "3"})

    assert "The vote is over: no more codes can be generated." in page.content.decode()
    assert response.status_code == 400
    assert VotingCodeBatch.objects.count() == 0
