import pytest

from portal.careers.reference import load_careers
from portal.extensions import db


@pytest.fixture
def catalogue(app):
    load_careers()
    db.session.commit()
