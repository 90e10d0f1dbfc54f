"""The postcode lookup's optional centroids (latitude, longitude), for opportunities near me."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.pipeline.models import PostcodeLookup
from tests.imports.test_imports import import_file, write


def centroids():
    return {
        postcode: (latitude, longitude)
        for postcode, latitude, longitude in db.session.execute(
            select(PostcodeLookup.postcode, PostcodeLookup.latitude, PostcodeLookup.longitude)
        )
    }


@pytest.mark.db
def test_onspd_lat_and_long_are_loaded(app, runner, tmp_path):
    text = "pcds,lsoa21cd,imd_decile,lat,long\nSO16 6YD,E01017190,3,50.933,-1.434\nPO6 3LY,E01017003,5,,\n"
    result = import_file(runner, "postcode-lookup", write(tmp_path, "lookup.csv", text))
    assert result.exit_code == 0, result.output
    assert centroids() == {"SO16 6YD": (50.933, -1.434), "PO6 3LY": (None, None)}


def test_a_file_without_centroids_keeps_those_loaded(app, runner, tmp_path):
    with_centroid = "postcode,lsoa_code,imd_decile,latitude,longitude\nSO16 6YD,E01017190,3,50.933,-1.434\n"
    import_file(runner, "postcode-lookup", write(tmp_path, "one.csv", with_centroid))
    newer = "postcode,lsoa_code,imd_decile\nSO16 6YD,E01017190,4\n"
    assert import_file(runner, "postcode-lookup", write(tmp_path, "two.csv", newer)).exit_code == 0
    assert centroids() == {"SO16 6YD": (50.933, -1.434)}
    assert db.session.scalar(select(PostcodeLookup.imd_decile)) == 4


def test_bad_centroids_are_refused(app, runner, tmp_path):
    text = (
        "postcode,lsoa_code,imd_decile,latitude,longitude\n"
        "SO16 6YD,E01017190,3,99.999999,0\n"
        "SO17 1BJ,E01017200,3,north,-1.4\n"
        "SO14 7LP,E01017192,3,50.9,\n"
    )
    result = import_file(runner, "postcode-lookup", write(tmp_path, "lookup.csv", text))
    assert "line 2, latitude: must be from 49.0 to 61.0" in result.output
    assert "line 3, latitude: 'north' is not a number" in result.output
    assert "line 4, longitude: give both latitude and longitude" in result.output
    assert centroids() == {}
