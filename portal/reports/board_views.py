"""The board pack: headlines with their trends, the funnel, the key characteristics and the
opportunities-and-outcomes tables, on one page that prints, and the same page as a PDF made on
the server."""

from flask import Response, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from portal.audit import services as audit
from portal.reports import board, keeping, outcomes, services
from portal.reports.blueprint import bp
from portal.reports.outcomes_views import outcomes_context
from portal.reports.views import _filters, _funnel, _sections, percent_of

BOARD_SECTIONS = ("route", "age_band", "ethnic_group", "disability", "imd_quintile", "refugee_background")


def _period_text(start, end) -> str:
    return _("%(start)s to %(end)s", start=format_date(start, "d MMMM yyyy"), end=format_date(end, "d MMMM yyyy"))


def _page_counter_css() -> Markup:
    """ "Page N of M" for the PDF's page margins, as CSS content in the reader's language."""
    words = _("Page %(page)s of %(pages)s", page="\x00", pages="\x01")

    def css_text(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    before, rest = words.split("\x00", 1)
    middle, after = rest.split("\x01", 1)
    return Markup(f"{css_text(before)} counter(page) {css_text(middle)} counter(pages) {css_text(after)}")  # noqa: S704


def _board_context(form, filters, *, pdf: bool) -> dict:
    def figures():
        report = services.widening_participation(filters, suppressed=True)
        sections = [s for s in _sections(report) if s["key"] in BOARD_SECTIONS]
        return (
            report,
            _funnel(report),
            sections,
            board.board_headlines(filters),
            outcomes.outcomes_report(filters, suppressed=True),
        )

    context = {
        "form": form,
        "report": True,  # figures are shown (the page's frame needs no more of them)
        "period_text": _period_text(filters.start, filters.end),
        "filters_described": filters.describe()[1:],
        "rule": services.rule_text(True),
        "period_label": form.period_label(),
        "pdf": pdf,
        "page_counter": _page_counter_css() if pdf else "",
        "pdf_url": url_for("reports.board_pack_pdf", **request.args.to_dict()),
    }

    def body() -> Markup:
        report, funnel, sections, (headlines, periods), outcomes_figures = keeping.kept_figures(
            "board_pack", (filters,), figures
        )
        return Markup(  # noqa: S704 - our own template
            render_template(
                "reports/_board_body.html",
                **{**context, "report": report},
                funnel=funnel,
                sections=sections,
                headlines=headlines,
                previous_text=_period_text(*periods["previous"]),
                last_year_text=_period_text(*periods["last_year"]),
                percent_of=percent_of,
                **outcomes_context(outcomes_figures),
            )
        )

    # The figures' tables and charts are the same for every reader (the board pack is always
    # suppressed): drawn once and kept whole, so a kept page reads no figures at all.
    context["body"] = keeping.kept_figures("board_pack_body", (filters, pdf), body)
    return context


@bp.get("/board-pack")
def board_pack():
    form, filters = _filters()
    if filters is None:
        return render_template("reports/board_pack.html", form=form, report=None, pdf=False)
    context = _board_context(form, filters, pdf=False)
    audit.record("view", "board_pack", detail=f"{filters.start}..{filters.end}")
    return render_template("reports/board_pack.html", **context)


@bp.get("/board-pack.pdf")
def board_pack_pdf():
    from portal.reports.pdf import html_to_pdf

    form, filters = _filters()
    if filters is None:
        return redirect(url_for("reports.board_pack", **request.args.to_dict()))
    html = render_template("reports/board_pack.html", **_board_context(form, filters, pdf=True))
    audit.record("export", "board_pack", detail=f"pdf {filters.start}..{filters.end}")
    return Response(
        html_to_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="board-pack-{filters.start}-{filters.end}.pdf"'},
    )
