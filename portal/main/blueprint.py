"""The main area's URL rules (its views add to them); importing its services never imports its views."""

from flask import Blueprint

bp = Blueprint("main", __name__)
