"""The admin area's URL rules (its views add to them); importing its services never imports its views."""

from flask import Blueprint

bp = Blueprint("admin", __name__)
