"""GeoJSON (RFC 7946): a FeatureCollection of Points, [longitude, latitude] in WGS 84, no `crs`; a proposal
without a location (or hidden) is not a feature."""

import json

import pytest

from .conftest import download

pytestmark = pytest.mark.django_db


def assert_rfc7946_point_collection(data: dict) -> None:
    """The rules of RFC 7946 a point collection must follow (sections 3.1.1, 3.1.2, 3.2, 3.3, 4)."""
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    assert isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert "crs" not in feature
        assert isinstance(feature["properties"], dict)
        assert isinstance(feature["id"], int | str)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        position = geometry["coordinates"]
        assert len(position) == 2 and all(isinstance(value, float | int) for value in position)
        longitude, latitude = position
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90


def test_the_proposals_geojson_is_a_feature_collection_of_located_public_proposals(client, proposals):
    response, text = download(client, "/open-data/proposals.geojson")

    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(text)
    assert_rfc7946_point_collection(data)
    features = {feature["id"]: feature for feature in data["features"]}
    # Not the unlocated proposal, not the hidden one (its location is gone), not the draft.
    assert sorted(features) == sorted([proposals["located"].pk, proposals["south"].pk])


def test_coordinates_are_longitude_then_latitude(client, proposals):
    _response, text = download(client, "/open-data/proposals.geojson")

    features = {feature["id"]: feature for feature in json.loads(text)["features"]}
    # Ciney is at 50.29° N, 5.10° E: longitude first.
    assert features[proposals["located"].pk]["geometry"]["coordinates"] == [5.1002, 50.2941]
    assert features[proposals["south"].pk]["geometry"]["coordinates"] == [-151.2093, -33.8688]
    properties = features[proposals["located"].pk]["properties"]
    assert "longitude" not in properties and "latitude" not in properties
    assert properties["title"] == "Une piste cyclable vers la gare"
    assert properties["url"] == f"http://127.0.0.1:8000/processes/ciney/proposals/{proposals['located'].pk}/"


def test_an_empty_collection_is_still_valid(client, db):
    _response, text = download(client, "/open-data/proposals.geojson")

    data = json.loads(text)
    assert data == {"type": "FeatureCollection", "features": []}
