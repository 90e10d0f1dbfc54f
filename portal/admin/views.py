from flask import render_template, request
from sqlalchemy import select

from portal.admin import bp
from portal.auth.models import User
from portal.extensions import db


@bp.get("/users")
def list_users():
    page = db.paginate(
        select(User).order_by(User.name, User.id),
        page=request.args.get("page", 1, type=int),
        per_page=50,
        error_out=False,
    )
    return render_template("admin/user_list.html", page=page)
