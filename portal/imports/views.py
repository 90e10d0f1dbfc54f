"""Web pages for imports: upload, preview with every error, confirm, then progress."""

from flask import Response, abort, current_app, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from portal.extensions import db
from portal.imports import services
from portal.imports.blueprint import bp
from portal.imports.forms import ConfirmImportForm, UploadFileForm
from portal.imports.labels import shown
from portal.imports.models import ImportRun
from portal.imports.template_files import template_csv, template_xlsx
from portal.ui.exports import csv_response
from portal.uploads import megabytes

SESSION_KEY = "import_uploads"

STATUSES = {"running": _l("Running"), "done": _l("Done"), "failed": _l("Failed")}
COUNT_LABELS = {
    "rows": _l("Rows in the file"),
    "new": _l("New"),
    "existing": _l("Already there, will be left as they are"),
    "changed": _l("Changed"),
    "people": _l("People"),
    "new_organisations": _l("New organisations to be created"),
}


def _importer(kind: str):
    importer = services.IMPORTERS.get(kind)
    if importer is None:
        abort(404)
    if current_user.role not in importer.roles:
        abort(403)
    return importer


@bp.route("/")
def list_imports():
    importers = [i for _kind, i in sorted(services.IMPORTERS.items()) if current_user.role in i.roles]
    runs = db.session.scalars(services.recent_runs()).all()
    return render_template("imports/import_list.html", importers=importers, runs=runs, statuses=STATUSES)


@bp.route("/<string:kind>", methods=["GET", "POST"])
def upload(kind):
    importer = _importer(kind)
    form = UploadFileForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        filename = form.file.data.filename or "upload.csv"
        plan = services.plan_import(importer, data)
        token = services.keep_upload(data) if plan.ok else None
        if token:
            session[SESSION_KEY] = [*session.get(SESSION_KEY, [])[-4:], token]
        confirm = ConfirmImportForm(token=token, filename=filename)
        return render_template(
            "imports/import_preview.html",
            importer=importer,
            plan=plan,
            filename=filename,
            confirm=confirm,
            count_labels={**COUNT_LABELS, **importer.count_labels},
        )
    return render_template(
        "imports/import_upload.html",
        importer=importer,
        form=form,
        limit=megabytes(current_app.config["IMPORT_MAX_BYTES"]),
        allowed={column: _marked(shown(values)) for column, values in importer.allowed_values().items()},
    )


def _marked(pairs):
    # The allowed words and codes are English inside a page that may be in another language.
    return [(Markup('<code lang="en">{}</code>').format(code), Markup('<span lang="en">{}</span>').format(label))
            for code, label in pairs]  # fmt: skip


@bp.get("/<string:kind>/template.csv")
def download_csv_template(kind):
    importer = _importer(kind)
    return csv_response(template_csv(importer), f"{importer.kind}-template.csv", bom=False)


@bp.get("/<string:kind>/template.xlsx")
def download_excel_template(kind):
    importer = _importer(kind)
    titles = {
        "sheet": _("Rows"), "values": _("Allowed values"),
        "error_title": _("Not an allowed value"), "error": _("Choose a value from the list."),
        "several": _("Choose one, or type several separated by ;"),
    }  # fmt: skip
    return Response(
        template_xlsx(importer, importer.allowed_values(), titles),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{importer.kind}-template.xlsx"'},
    )  # fmt: skip


@bp.route("/<string:kind>/confirm", methods=["POST"])
def confirm_import(kind):
    importer = _importer(kind)
    form = ConfirmImportForm()
    token = form.token.data or ""
    if not form.validate_on_submit() or token not in session.get(SESSION_KEY, []):
        abort(400)
    session[SESSION_KEY] = [t for t in session.get(SESSION_KEY, []) if t != token]
    run = services.start_background_import(importer, token, form.filename.data or "upload.csv", current_user)
    if run is None:
        return render_template("imports/import_gone.html", importer=importer), 409
    return redirect(url_for("imports.view_run", run_id=run.id))


@bp.route("/runs/<int:run_id>")
def view_run(run_id):
    run = db.get_or_404(ImportRun, run_id)
    importer = _importer(run.kind)
    progress = services.Progress.read(run.id) if run.status == "running" else None
    return render_template("imports/import_run.html", run=run, importer=importer, progress=progress, statuses=STATUSES)


@bp.route("/runs/<int:run_id>/progress.json")
def run_progress(run_id):
    run = db.get_or_404(ImportRun, run_id)
    _importer(run.kind)
    progress = services.Progress.read(run.id) or {"done": 0, "total": run.rows}
    return {"status": run.status, **progress}
