"""`flask seed reference`: each area with reference data has a loader."""

from collections.abc import Callable, Iterator

from portal.extensions import db


def _reference_loaders() -> list[Callable[[], str]]:
    """Each area with reference data has a loader that returns a line saying what it did."""
    from portal.careers.reference import load_careers

    return [load_careers]


def seed_reference() -> Iterator[str]:
    for loader in _reference_loaders():
        yield loader()
    db.session.commit()
