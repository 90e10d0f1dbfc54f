"""The NHS.UK table, rendered in Python. The nhsuk-frontend-jinja table macro renders each cell
through several nested macros, which made tables most of the time of a report page (146 ms of a
schools reach report with 30 tables). This writes the same markup for the parameters our
templates use: caption, captionSize, firstCellIsHeader, classes, head and rows of cells with
text or html, format ("numeric"), classes, href and visuallyHiddenText."""

from markupsafe import Markup, escape


def _value(cell) -> Markup:
    if not isinstance(cell, dict):
        return escape(cell)
    content = (
        Markup(cell["html"])  # noqa: S704 - "html" is markup the page built, as in the nhsuk component's contract
        if cell.get("html")
        else escape(cell.get("text", "") if cell.get("text") is not None else "")
    )
    if cell.get("href"):
        content = Markup('<a class="nhsuk-link" href="{}">{}</a>').format(cell["href"], content)
    if cell.get("visuallyHiddenText"):
        content += Markup(' <span class="nhsuk-u-visually-hidden">{}</span>').format(cell["visuallyHiddenText"])
    return content


def _cell(cell, element: str, fmt: str | None, scope: str | None) -> Markup:
    base = "nhsuk-table__header" if element == "th" else "nhsuk-table__cell"
    classes = [base]
    data = cell if isinstance(cell, dict) else {}
    fmt = data.get("format") or fmt
    if fmt == "numeric":
        classes.append(f"{base}--numeric")
    if data.get("classes"):
        classes.append(data["classes"])
    attributes = Markup(' class="{}"').format(" ".join(classes))
    if scope:
        attributes += Markup(' scope="{}"').format(scope)
    if data.get("colspan"):
        attributes += Markup(' colspan="{}"').format(data["colspan"])
    opening, closing = (Markup("<th"), Markup("</th>")) if element == "th" else (Markup("<td"), Markup("</td>"))
    return opening + attributes + Markup(">") + _value(cell) + closing


def render_table(params: dict) -> Markup:
    classes = "nhsuk-table" + (f" {params['classes']}" if params.get("classes") else "")
    parts = [Markup('<table class="{}">').format(classes)]
    caption = params.get("caption")
    if caption:
        size = params.get("captionSize")
        caption_classes = "nhsuk-table__caption" + (f" nhsuk-table__caption--{size}" if size else "")
        parts.append(Markup('<caption class="{}">{}</caption>').format(caption_classes, caption))
    head = params.get("head") or []
    formats = [item.get("format") if isinstance(item, dict) else None for item in head]
    if head:
        parts.append(Markup('<thead class="nhsuk-table__head"><tr class="nhsuk-table__row">'))
        parts.extend(_cell(item, "th", None, "col") for item in head)
        parts.append(Markup("</tr></thead>"))
    parts.append(Markup('<tbody class="nhsuk-table__body">'))
    first_is_header = params.get("firstCellIsHeader")
    for row in params.get("rows") or []:
        parts.append(Markup('<tr class="nhsuk-table__row">'))
        for index, cell in enumerate(row):
            header = first_is_header and index == 0
            fmt = formats[index] if index < len(formats) else None
            parts.append(_cell(cell, "th" if header else "td", fmt, "row" if header else None))
        parts.append(Markup("</tr>"))
    parts.append(Markup("</tbody></table>"))
    return Markup("").join(parts)
