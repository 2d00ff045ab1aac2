"""The DCAT-AP catalogue of the open data, as JSON-LD with its `@context` inline (a harvester needs no remote
fetch): one `dcat:Catalog`, one `dcat:Dataset` per registered dataset, one `dcat:Distribution` per file.

Properties written (DCAT-AP 2/3 mandatory and recommended ones): catalog — dct:title, dct:description,
dct:publisher, foaf:homepage, dct:language, dct:license, dct:modified, dcat:dataset; dataset — dct:identifier,
dct:title, dct:description, dct:publisher, dcat:contactPoint, dcat:keyword, dcat:landingPage, dct:issued and
dct:modified (when it has rows), dcat:distribution; distribution — dcat:accessURL, dcat:downloadURL,
dct:format (EU file-type authority), dcat:mediaType (IANA), dct:license, dct:title. Titles and descriptions
are given in every language of the site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .registry import FORMATS, Dataset, datasets
from .writers import iso_datetime

EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
LANGUAGE_CODES = {"fr": "FRA", "nl": "NLD", "de": "DEU", "en": "ENG"}

# Licences Placette knows by name (PLACETTE_OPEN_DATA_LICENSE may be any other address, then shown as is).
KNOWN_LICENCES = {
    "https://creativecommons.org/licenses/by/4.0/": "Creative Commons Attribution 4.0 (CC BY 4.0)",
    "https://creativecommons.org/publicdomain/zero/1.0/": "Creative Commons Zero 1.0 (CC0 1.0)",
    "https://www.etalab.gouv.fr/licence-ouverte-open-licence/": "Licence Ouverte / Open Licence 2.0 (Etalab)",
    "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf": (
        "Licence Ouverte / Open Licence 2.0 (Etalab)"
    ),
    "https://opendatacommons.org/licenses/odbl/1-0/": "Open Database License 1.0 (ODbL)",
}

CATALOG_DESCRIPTION = _(
    "The open data of the participatory processes: processes and their phases, proposals, budgets, projects, "
    "results and anonymised ballots. No personal data."
)

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:issued": {"@type": "xsd:dateTime"},
    "dct:modified": {"@type": "xsd:dateTime"},
}


@dataclass(frozen=True)
class Licence:
    url: str
    name: str


def open_data_licence() -> Licence:
    url = settings.PLACETTE_OPEN_DATA_LICENSE
    return Licence(url=url, name=KNOWN_LICENCES.get(url, url))


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def dataset_path(dataset: Dataset, extension: str, process_slug: str | None = None) -> str:
    if process_slug is not None:
        return reverse(
            "open_data_process_file",
            kwargs={"slug": process_slug, "dataset": dataset.id, "extension": extension},
        )
    return reverse("open_data_file", kwargs={"dataset": dataset.id, "extension": extension})


def _in_every_language(text) -> list[dict]:
    """The text in English (the source) and in every language of the site that translates it."""
    with translation.override("en"):
        source = str(text)
    values = [{"@value": source, "@language": "en"}]
    for code, _name in settings.LANGUAGES:
        if code == "en":
            continue
        with translation.override(code):
            translated = str(text)
        if translated != source:
            values.append({"@value": translated, "@language": code})
    return values


def _distribution(*, url: str, extension: str, title: str, licence: Licence) -> dict:
    file_format = FORMATS[extension]
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": EU_FILE_TYPE + file_format.eu_file_type},
        "dcat:mediaType": {"@id": IANA_MEDIA_TYPE + file_format.media_type},
        "dct:license": {"@id": licence.url},
    }


def _contact_point() -> dict:
    node = {"@type": "vcard:Organization", "vcard:fn": settings.PLACETTE_OPEN_DATA_PUBLISHER}
    if settings.PLACETTE_CONTACT_EMAIL:
        node["vcard:hasEmail"] = {"@id": f"mailto:{settings.PLACETTE_CONTACT_EMAIL}"}
    else:
        node["vcard:hasURL"] = {"@id": absolute(reverse("help"))}
    return node


def dataset_node(dataset: Dataset, *, licence: Licence, publisher: dict) -> tuple[dict, datetime | None]:
    """The dcat:Dataset of `dataset` and its last modification. Queries: the dataset's `dates` (one)."""
    issued, modified = dataset.dates_for()
    page = absolute(reverse("open_data")) + f"#dataset-{dataset.id}"
    distributions = [
        _distribution(
            url=absolute(dataset_path(dataset, extension)),
            extension=extension,
            title=f"{dataset.id}.{extension}",
            licence=licence,
        )
        for extension in dataset.formats
    ]
    distributions += [
        _distribution(url=absolute(link.path), extension=link.format, title=link.title, licence=licence)
        for link in dataset.link_list()
    ]
    node = {
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.id,
        "dct:title": _in_every_language(dataset.title),
        "dct:description": _in_every_language(dataset.description),
        "dct:publisher": publisher,
        "dcat:contactPoint": _contact_point(),
        "dcat:landingPage": {"@id": page},
        "dct:license": {"@id": licence.url},
        "dcat:distribution": distributions,
    }
    if dataset.keywords:
        node["dcat:keyword"] = list(dataset.keywords)
    if issued is not None:
        node["dct:issued"] = iso_datetime(issued)
    if modified is not None:
        node["dct:modified"] = iso_datetime(modified)
    return node, modified


def dcat_catalog() -> dict:
    """The whole catalogue. Queries: one `dates` query per dataset, plus what each dataset's `links` read."""
    licence = open_data_licence()
    publisher = {
        "@id": absolute("/") + "#publisher",
        "@type": "foaf:Agent",
        "foaf:name": settings.PLACETTE_OPEN_DATA_PUBLISHER,
    }
    nodes, modified = [], []
    for dataset in datasets():
        node, dataset_modified = dataset_node(dataset, licence=licence, publisher=publisher)
        nodes.append(node)
        if dataset_modified is not None:
            modified.append(dataset_modified)
    catalog = {
        "@context": CONTEXT,
        "@id": absolute(reverse("open_data_catalog")),
        "@type": "dcat:Catalog",
        "dct:title": [{"@value": f"{settings.PLACETTE_OPEN_DATA_PUBLISHER} — Placette", "@language": "fr"}],
        "dct:description": _in_every_language(CATALOG_DESCRIPTION),
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": absolute(reverse("open_data"))},
        "dct:language": [
            {"@id": EU_LANGUAGE + LANGUAGE_CODES.get(code, code.upper())}
            for code, _name in settings.LANGUAGES
        ],
        "dct:license": {"@id": licence.url, "@type": "dct:LicenseDocument"},
        "dcat:dataset": nodes,
    }
    if modified:
        catalog["dct:modified"] = iso_datetime(max(modified))
    return catalog
