"""The pipeline area's URL rules (its views add to them); importing its services never imports its views."""

from flask import Blueprint

bp = Blueprint("pipeline", __name__)
