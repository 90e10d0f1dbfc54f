"""The ledger's old addresses: its overview moved to the reports area and a person's pages to the
people area; bookmarks still arrive."""

from flask import redirect, request, url_for

from portal.pipeline.blueprint import bp


@bp.get("/")
def old_overview():
    return redirect(url_for("reports.pipeline_overview", **request.args.to_dict()), 308)


@bp.get("/people")
def old_people_list():
    return redirect(url_for("people.list_people"), 308)


@bp.get("/people/<person_ref>")
def old_person_page(person_ref: str):
    return redirect(url_for("people.view_person", person_ref=person_ref), 308)
