"""Uploaded photos and receipts: size and type checked, images re-encoded without metadata, files served
with safe headers."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from budgets.models import AssociationRole, FundedProjectExpense, FundedProjectPhoto, FundedProjectUpdate
from budgets.services.funded_projects import expense_declare, funded_project_post_update
from budgets.uploads import clean_photo, clean_receipt
from participation.exceptions import InvalidInputError

from .factories import image_bytes, make_association, make_funded_project, member_of

pytestmark = pytest.mark.django_db

PHP = b"<?php system($_GET['c']); ?>"
HTML = b"<html><script>alert(1)</script></html>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reporter_and_project():
    association = make_association()
    return member_of(association, role=AssociationRole.MANAGER), make_funded_project(
        associations=[association]
    )


@pytest.mark.parametrize("content", [PHP, HTML, b"GIF89a" + b"\x00" * 20])
def test_a_script_renamed_jpg_is_refused_and_nothing_is_stored(reporter_and_project, content):
    reporter, project = reporter_and_project
    upload = SimpleUploadedFile("chantier.jpg", content, content_type="image/jpeg")
    with pytest.raises(InvalidInputError) as error:
        funded_project_post_update(
            actor=reporter,
            project=project,
            body="Photos du chantier",
            happened_on=datetime.date(2026, 4, 1),
            photos=[(upload, "Le chantier")],
        )
    assert error.value.field_errors == {"photo_0": ["This file is not a JPEG, PNG or WebP image."]}
    assert FundedProjectUpdate.objects.count() == 0
    assert FundedProjectPhoto.objects.count() == 0


def test_a_photo_needs_its_alternative_text(reporter_and_project):
    reporter, project = reporter_and_project
    upload = SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg")
    with pytest.raises(InvalidInputError) as error:
        funded_project_post_update(
            actor=reporter,
            project=project,
            body="Photo",
            happened_on=datetime.date(2026, 4, 1),
            photos=[(upload, " ")],
        )
    assert error.value.field_errors == {"alt_0": ["Describe the photo for people who cannot see it."]}
    assert FundedProjectUpdate.objects.count() == 0


def test_a_valid_photo_is_re_encoded_without_its_exif_data(reporter_and_project):
    reporter, project = reporter_and_project
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x9286] = "Chez moi, 12 rue des Lilas"  # UserComment
    original = image_bytes(size=(3000, 1500), exif=exif.tobytes())
    assert b"SecretCam" in original
    upload = SimpleUploadedFile("IMG_0001.JPG", original, content_type="image/jpeg")
    update = funded_project_post_update(
        actor=reporter,
        project=project,
        body="Le lavoir",
        happened_on=datetime.date(2026, 4, 1),
        photos=[(upload, "Le lavoir")],
    )
    photo = update.photos.get()
    stored = photo.image.read()
    assert stored != original
    assert b"SecretCam" not in stored
    assert not photo.image.name.endswith("IMG_0001.JPG")
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (2000, 1000)
        assert dict(image.getexif()) == {}
    assert (photo.width, photo.height, photo.alt) == (2000, 1000, "Le lavoir")


def test_a_png_with_transparency_stays_png():
    content = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(content, format="PNG")
    cleaned = clean_photo(SimpleUploadedFile("t.png", content.getvalue()))
    assert cleaned.name.endswith(".png")


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.PLACETTE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(InvalidInputError) as error:
        clean_photo(SimpleUploadedFile("big.jpg", image_bytes(size=(400, 400)) + b"\x00" * 1000))
    assert error.value.field_errors == {"photo": ["The file is too large: at most 0 MB."]}


def test_receipts_are_pdf_or_images_only():
    pdf, kind = clean_receipt(SimpleUploadedFile("facture.pdf", b"%PDF-1.4\n%fake but starts right\n"))
    assert kind == "pdf" and pdf.name.endswith(".pdf")
    image, kind = clean_receipt(SimpleUploadedFile("ticket.png", image_bytes(fmt="PNG")))
    assert kind == "image" and image.name.endswith(".jpg")
    with pytest.raises(InvalidInputError) as error:
        clean_receipt(SimpleUploadedFile("facture.pdf", HTML))
    assert error.value.field_errors == {
        "receipt": ["A receipt must be a PDF file or a JPEG, PNG or WebP image."]
    }


def test_files_are_served_with_safe_headers(client, reporter_and_project):
    reporter, project = reporter_and_project
    update = funded_project_post_update(
        actor=reporter,
        project=project,
        body="Photo",
        happened_on=datetime.date(2026, 4, 1),
        photos=[(SimpleUploadedFile("a.jpg", image_bytes()), "Le lavoir")],
    )
    expense = expense_declare(
        actor=reporter,
        project=project,
        amount_cents=100,
        spent_on=datetime.date(2026, 4, 2),
        description="Facture",
        receipt=SimpleUploadedFile("f.pdf", b"%PDF-1.4\n"),
    )
    assert FundedProjectExpense.objects.get().receipt_kind == "pdf"
    photo = client.get(reverse("funded_photo", kwargs={"pk": update.photos.get().pk}))
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in photo["Content-Security-Policy"]
    assert photo["Content-Disposition"].startswith("inline")
    receipt = client.get(reverse("funded_receipt", kwargs={"pk": expense.pk}))
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt["Content-Disposition"] == f'attachment; filename="receipt-{expense.pk}.pdf"'
    assert receipt["X-Content-Type-Options"] == "nosniff"
