"""The opportunities area's URL rules (its views add to them); importing its services never imports its views."""

from flask import Blueprint

bp = Blueprint("opportunities", __name__)
staff_bp = Blueprint("opportunities_staff", __name__)
