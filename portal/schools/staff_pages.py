"""What the schools staff pages share: their roles, paging, fetch-or-404 and the form page."""

from flask import current_app, render_template

from portal.extensions import db
from portal.ui.pagination import paginate

SCHOOLS_ROLES = ("academy_staff", "manager", "admin")


def _page(statement):
    return paginate(statement, per_page=current_app.config["PER_PAGE"])


def _or_404(model, object_id):
    row = db.get_or_404(model, object_id)
    return row


def _form_page(form, title, back, submit_text, resource=None, **extra):
    return render_template(
        "components/form_page.html",
        form=form,
        page_title=title,
        back=back,
        submit_text=submit_text,
        small_choices=True,
        accept=".pdf,.docx,.pptx",
        current_file=resource.original_name if resource is not None and resource.stored_name else None,
        **extra,
    )
