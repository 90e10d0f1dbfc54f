"""Imports: CSV files of an academy's history (people, events, sessions, postcode lookup), checked
row by row, previewed, and written all or nothing."""

from flask import Blueprint

bp = Blueprint("imports", __name__)

from portal.imports import importers, views  # noqa: E402,F401
