"""No personal data and nothing non-public in any open data file: no e-mail, no resident's name, no draft,
no hidden text, nothing of an unpublished process."""

import pytest

from participation.models import User
from participation.opendata import registry
from tests.factories import CommentFactory

from .conftest import SECRET_DRAFT, SECRET_HIDDEN, SECRET_UNPUBLISHED, download

pytestmark = pytest.mark.django_db


def every_open_data_url(process_slugs) -> list[str]:
    urls = ["/open-data/", "/open-data/catalog.jsonld"]
    for dataset in registry.datasets():
        for extension in dataset.formats:
            urls.append(f"/open-data/{dataset.id}.{extension}")
            if dataset.per_process:
                urls += [f"/open-data/processes/{slug}/{dataset.id}.{extension}" for slug in process_slugs]
        urls += [link.path for link in dataset.link_list()]
    return urls


def test_no_open_data_file_holds_an_email_a_name_a_draft_or_hidden_content(client, proposals):
    comment = CommentFactory(proposal=proposals["located"], body="Un commentaire signé par une habitante")
    forbidden = [SECRET_DRAFT, SECRET_HIDDEN, SECRET_UNPUBLISHED, "Insultes", comment.body]
    for email, name in User.objects.values_list("email", "display_name"):
        forbidden += [email, name]
    assert len(forbidden) > 10

    urls = every_open_data_url(["ciney"])
    # The page, the catalogue, 24 files of the whole platform (funded projects: 3, associations: 2), 16 files
    # of the process (funded projects: 3).
    assert len(urls) == 2 + 24 + 16

    for url in urls:
        response, text = download(client, url)
        assert response.status_code == 200, url
        for secret in forbidden:
            assert secret not in text, (url, secret)
