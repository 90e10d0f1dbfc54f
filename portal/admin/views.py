from flask import render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal.admin import audit_words
from portal.admin.accounts import pending_requests
from portal.admin.blueprint import bp
from portal.admin.forms import AuditSearchForm
from portal.audit import services as audit
from portal.auth.models import User
from portal.extensions import db
from portal.pipeline.models import Person
from portal.ui.exports import csv_response, to_csv
from portal.ui.forms import options
from portal.ui.pagination import paginate


@bp.get("/users")
def list_users():
    page = paginate(select(User).order_by(User.name, User.id), per_page=50)
    return render_template("admin/user_list.html", page=page, waiting=pending_requests())


def _audit_filters() -> tuple[audit.AuditFilters, AuditSearchForm]:
    form = AuditSearchForm(request.args)
    form.user.choices = options(
        [("", _("Anyone"))]
        + [
            (str(user_id), f"{name} ({email})")
            for user_id, name, email in db.session.execute(select(User.id, User.name, User.email).order_by(User.name))
        ]
    )
    filters = audit.AuditFilters()
    if request.args and form.validate():
        person = None
        if (form.person_ref.data or "").strip():
            ref = form.person_ref.data.strip().upper()
            person = db.session.scalar(select(Person).where(Person.person_ref == ref))
            if person is None:
                form.person_ref.errors.append(_("No one has this person reference: check it and try again"))
                # Nothing is shown for a reference that names no one, rather than everything.
                return audit.AuditFilters(person_id=0, person_ref=ref), form
        filters = audit.AuditFilters(
            person_id=person.id if person else None,
            person_ref=person.person_ref if person else None,
            user_id=int(form.user.data) if (form.user.data or "").isdigit() else None,
            action=form.action.data or None,
            object_type=form.object_type.data or None,
            object_id=form.object_id.data or None,
            email=form.email.data or None,
            start=form.start.data,
            end=form.end.data,
        )
    return filters, form


@bp.get("/audit")
def audit_log():
    filters, form = _audit_filters()
    page = paginate(audit.search(filters), per_page=50)
    args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "admin/audit_log.html",
        page=page,
        form=form,
        export_url=url_for("admin.export_audit_log", **args),
        audit_action_words=audit_words.action_words,
        audit_detail_words=audit_words.detail_words,
        audit_record_words=audit_words.record_words,
    )


@bp.get("/audit/export.csv")
def export_audit_log():
    filters, _form = _audit_filters()
    audit.record("export", "audit_log", detail=str(filters)[:200])
    text = to_csv(audit.CSV_HEADER, audit.csv_rows(audit.search(filters)))
    return csv_response(text, "audit-log")
