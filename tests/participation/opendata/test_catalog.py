"""The DCAT-AP catalogue parsed as JSON-LD with rdflib: the properties DCAT-AP requires (and those a portal
needs to harvest) are asked of the graph, not of the raw JSON."""

import json

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from participation.opendata import registry

from .conftest import download

pytestmark = [
    pytest.mark.django_db,
    # rdflib's own JSON-LD parser still builds a ConjunctiveGraph.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

# Plain namespaces: rdflib's closed ones warn when pytest inspects them.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CATALOG = URIRef("http://127.0.0.1:8000/open-data/catalog.jsonld")
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


@pytest.fixture
def graph(client, proposals):
    response, text = download(client, "/open-data/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    # The context is inline: parsing needs no network.
    assert isinstance(json.loads(text)["@context"], dict)
    return Graph().parse(data=text, format="json-ld")


def one(graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def test_the_catalog_has_its_required_properties(graph):
    assert (CATALOG, RDF.type, DCAT.Catalog) in graph
    titles = {str(title) for title in graph.objects(CATALOG, DCTERMS["title"])}
    assert titles == {"Placette — Placette"}
    assert any(isinstance(value, Literal) for value in graph.objects(CATALOG, DCTERMS.description))
    publisher = one(graph, CATALOG, DCTERMS.publisher)
    assert str(one(graph, publisher, FOAF.name)) == "Placette"
    assert one(graph, CATALOG, FOAF.homepage) == URIRef("http://127.0.0.1:8000/open-data/")
    assert one(graph, CATALOG, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert URIRef("http://publications.europa.eu/resource/authority/language/FRA") in set(
        graph.objects(CATALOG, DCTERMS.language)
    )
    assert one(graph, CATALOG, DCTERMS.modified).datatype == URIRef(
        "http://www.w3.org/2001/XMLSchema#dateTime"
    )


def test_every_registered_dataset_is_in_the_catalog_with_its_required_properties(graph):
    datasets = set(graph.objects(CATALOG, DCAT.dataset))
    identifiers = {str(one(graph, dataset, DCTERMS.identifier)) for dataset in datasets}
    assert identifiers == {dataset.id for dataset in registry.datasets()}
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        titles = {title.language: str(title) for title in graph.objects(dataset, DCTERMS["title"])}
        assert titles["en"]
        assert any(True for _description in graph.objects(dataset, DCTERMS.description))
        assert str(one(graph, one(graph, dataset, DCTERMS.publisher), FOAF.name)) == "Placette"
        contact = one(graph, dataset, DCAT.contactPoint)
        assert str(one(graph, contact, VCARD.fn)) == "Placette"
        assert one(graph, contact, VCARD.hasURL) == URIRef("http://127.0.0.1:8000/help/")
        assert str(one(graph, dataset, DCAT.landingPage)).startswith(
            "http://127.0.0.1:8000/open-data/#dataset-"
        )


def test_each_distribution_has_its_urls_format_media_type_and_licence(graph):
    proposals = next(
        dataset
        for dataset in graph.subjects(RDF.type, DCAT.Dataset)
        if str(one(graph, dataset, DCTERMS.identifier)) == "proposals"
    )
    distributions = {
        str(one(graph, distribution, DCAT.downloadURL)): distribution
        for distribution in graph.objects(proposals, DCAT.distribution)
    }
    assert sorted(distributions) == [
        "http://127.0.0.1:8000/open-data/proposals.csv",
        "http://127.0.0.1:8000/open-data/proposals.geojson",
        "http://127.0.0.1:8000/open-data/proposals.json",
    ]
    geojson = distributions["http://127.0.0.1:8000/open-data/proposals.geojson"]
    assert one(graph, geojson, DCTERMS["format"]) == URIRef(EU_FILE_TYPE + "GEOJSON")
    assert one(graph, geojson, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/geo+json"
    )
    # Every distribution of every dataset: the properties DCAT-AP requires or recommends.
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        access = one(graph, distribution, DCAT.accessURL)
        assert access == one(graph, distribution, DCAT.downloadURL)
        assert one(graph, distribution, DCTERMS.license) == URIRef(
            "https://creativecommons.org/licenses/by/4.0/"
        )
        assert str(one(graph, distribution, DCTERMS["format"])).startswith(EU_FILE_TYPE)
        assert str(one(graph, distribution, DCAT.mediaType)).startswith("https://www.iana.org/assignments/")


def test_dataset_dates_are_typed_and_given_for_datasets_with_rows(graph, proposals):
    proposals_node = next(
        dataset
        for dataset in graph.subjects(RDF.type, DCAT.Dataset)
        if str(one(graph, dataset, DCTERMS.identifier)) == "proposals"
    )
    issued = one(graph, proposals_node, DCTERMS.issued).toPython()
    modified = one(graph, proposals_node, DCTERMS.modified).toPython()
    assert issued <= modified
    public = [proposals[name] for name in ("located", "south", "unlocated", "formula", "hidden")]
    assert issued == min(proposal.created_at for proposal in public)
    assert modified == max(proposals["hidden"].hidden_at, *(proposal.state_changed_at for proposal in public))


def test_the_catalog_follows_the_licence_publisher_and_contact_settings(client, db, settings):
    settings.PLACETTE_OPEN_DATA_LICENSE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    settings.PLACETTE_OPEN_DATA_PUBLISHER = "Commune de Ciney"
    settings.PLACETTE_CONTACT_EMAIL = "donnees@ciney.be"

    _response, text = download(client, "/open-data/catalog.jsonld")

    graph = Graph().parse(data=text, format="json-ld")
    licence = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
    assert one(graph, CATALOG, DCTERMS.license) == licence
    assert set(graph.objects(None, DCTERMS.license)) == {licence}
    assert {str(name) for name in graph.objects(None, FOAF.name)} == {"Commune de Ciney"}
    assert set(graph.objects(None, VCARD.hasEmail)) == {URIRef("mailto:donnees@ciney.be")}
