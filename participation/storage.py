"""Where files that must never be public are stored.

The default storage (`MEDIA_ROOT`) is served by the web server under `/media/` to anyone who knows a file's
address. Voting-code sheets (codes in clear) and other staff-only files go to the `private` storage instead
(`PRIVATE_MEDIA_ROOT`, from `PLACETTE_PRIVATE_MEDIA_ROOT`, outside `MEDIA_ROOT`, never served): a view reads
them after checking the rules."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under `settings.PRIVATE_MEDIA_ROOT`, read at each use (like the default storage reads
    `MEDIA_ROOT`), with no URL: `url()` raises, so no template can link to them by mistake."""

    def __init__(self, **options):
        options.pop("base_url", None)
        super().__init__(base_url=None, **options)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL: a view serves them after checking the rules.")


def private_storage():
    """The `private` storage of `settings.STORAGES` (a callable, so the FileFields that use it do not freeze
    its location into their migrations)."""
    return storages["private"]
