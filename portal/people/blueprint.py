"""The people area's URL rules, apart from its code: importing the services never imports the views."""

from flask import Blueprint

bp = Blueprint("people", __name__)
