"""The schools area's URL rules (its views add to them); importing its services never imports its views."""

from flask import Blueprint

bp = Blueprint("schools", __name__)
staff_bp = Blueprint("schools_staff", __name__)
