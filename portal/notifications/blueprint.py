"""The notifications area's URL rules: the public's way back in and the staff Messages pages."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
staff_bp = Blueprint("notifications_staff", __name__)
