"""Checks and re-encoding of the files associations upload for funded projects (photos of updates, receipts
of expenses), so that nothing a browser could execute is ever served back.

- Size: at most `settings.PLACETTE_UPLOAD_MAX_BYTES`, checked before anything is read.
- Photos: Pillow must open and verify the file, its format must be JPEG, PNG or WebP; the pixels are then
  re-encoded into a new file (JPEG, or PNG when the image has transparency), at most `MAX_SIDE` pixels on its
  longest side, without any metadata (EXIF, GPS position, comments). What the person sent is never stored.
- Receipts: a PDF (magic bytes `%PDF-`, stored as is and always served as an attachment) or a photo
  (re-encoded as above).

Each check raises `InvalidInputError` with a message a person understands and nothing is stored."""

import io
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from participation.exceptions import InvalidInputError

MAX_SIDE = 2000
ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
# Pillow refuses images that would decompress to more pixels than this (decompression bombs).
MAX_PIXELS = 40_000_000


def _check_size(upload, field: str) -> None:
    limit = settings.PLACETTE_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise InvalidInputError(
            field_errors={
                field: [
                    _("The file is too large: at most %(size)s MB.") % {"size": f"{limit / 1024 / 1024:.0f}"}
                ]
            }
        )


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def reencode_image(data: bytes, *, field: str = "photo") -> ContentFile:
    """Verifies that `data` is a JPEG, PNG or WebP image and returns a re-encoded copy without metadata, at
    most `MAX_SIDE` pixels on its longest side (named `<random>.jpg` or `.png`)."""
    refusal = InvalidInputError(field_errors={field: [_("This file is not a JPEG, PNG or WebP image.")]})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_IMAGE_FORMATS:
                raise refusal
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidInputError(field_errors={field: [_("This image is too large.")]})
            probe.verify()
        # verify() leaves the image unusable: open it again to read the pixels.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
            image = image.convert("RGBA" if has_alpha else "RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            output = io.BytesIO()
            if has_alpha:
                image.save(output, format="PNG", optimize=True)
                extension = "png"
            else:
                image.save(output, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise refusal from error
    content = ContentFile(output.getvalue(), name=f"{secrets.token_hex(12)}.{extension}")
    content.width, content.height = image.size
    return content


def clean_photo(upload, *, field: str = "photo") -> ContentFile:
    """A photo of an update: size checked, then re-encoded (see `reencode_image`)."""
    _check_size(upload, field)
    return reencode_image(_read(upload), field=field)


def clean_receipt(upload, *, field: str = "receipt") -> tuple[ContentFile, str]:
    """A receipt: a PDF (checked by its magic bytes, stored under a random name) or a photo (re-encoded).
    Returns (file, "pdf" | "image")."""
    _check_size(upload, field)
    data = _read(upload)
    if data.startswith(b"%PDF-"):
        return ContentFile(data, name=f"{secrets.token_hex(12)}.pdf"), "pdf"
    try:
        return reencode_image(data, field=field), "image"
    except InvalidInputError as error:
        raise InvalidInputError(
            field_errors={field: [_("A receipt must be a PDF file or a JPEG, PNG or WebP image.")]}
        ) from error
