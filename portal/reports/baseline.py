"""Loading the local population baseline (e.g. Census 2021 shares for the ICS's area) through the
imports framework: `flask import population-baseline FILE` and the same on the imports page."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.imports.csvfile import Cells, CsvTable, RowError
from portal.imports.services import Importer, Plan, register
from portal.reports.models import PopulationShare
from portal.reports.widening import CHARACTERISTICS


class PopulationBaselineImporter(Importer):
    kind = "population-baseline"
    title = _l("Population baseline")
    description = _l(
        "Each group's share of the local population, per characteristic, so the widening-participation "
        "report can show who is under-represented."
    )
    columns = {"characteristic": True, "group": True, "population_pct": True, "source": False}
    roles = ("admin",)

    def validate(self, table: CsvTable) -> Plan:
        errors: list[RowError] = []
        shares, first_line = {}, {}
        totals: dict[str, float] = {}
        for line, row in table.rows:
            cells = Cells(line, row, errors)
            characteristic = cells.choice("characteristic", [c for c in CHARACTERISTICS if c != "all"], required=True)
            group = cells.text("group", required=True, max_length=30)
            pct_text = cells.text("population_pct", required=True, max_length=10)
            source = cells.text("source", max_length=200)
            pct = None
            if pct_text is not None:
                if re.fullmatch(r"\d{1,3}(\.\d{1,2})?", pct_text) and float(pct_text) <= 100:
                    pct = float(pct_text)
                else:
                    cells.error(
                        "population_pct", _l("'%(value)s' is not a percentage from 0 to 100", value=pct_text[:20])
                    )
            if characteristic and group and group not in CHARACTERISTICS[characteristic]:
                allowed = ", ".join(CHARACTERISTICS[characteristic])
                cells.error("group", _l("'%(value)s' is not one of: %(allowed)s", value=group, allowed=allowed))
                continue
            if characteristic and group and pct is not None:
                key = (characteristic, group)
                if key in first_line:
                    errors.append(RowError(line, "group", str(_l("the same as line %(line)s", line=first_line[key]))))
                    continue
                first_line[key] = line
                shares[key] = (pct, source)
                totals[characteristic] = totals.get(characteristic, 0) + pct
        for characteristic, total in totals.items():
            if total > 100.5:
                errors.append(
                    RowError(
                        None,
                        "population_pct",
                        str(_l("the shares for %(c)s add up to more than 100", c=characteristic)),
                    )
                )
        existing = {
            (c, g): (float(p), s)
            for c, g, p, s in db.session.execute(
                select(
                    PopulationShare.characteristic,
                    PopulationShare.group_name,
                    PopulationShare.share_pct,
                    PopulationShare.source,
                )
            )
        }
        changed = {key: value for key, value in shares.items() if existing.get(key) != value}
        return Plan(
            records=changed,
            errors=errors,
            counts={
                "rows": len(table.rows),
                "new": sum(k not in existing for k in changed),
                "changed": sum(k in existing for k in changed),
                "existing": len(shares) - len(changed),
            },
        )

    def write(self, plan: Plan, *, run, user, progress) -> tuple[int, int]:
        for (characteristic, group), (pct, source) in plan.records.items():
            share = db.session.scalar(
                select(PopulationShare).where(
                    PopulationShare.characteristic == characteristic, PopulationShare.group_name == group
                )
            ) or PopulationShare(characteristic=characteristic, group_name=group)
            share.share_pct, share.source, share.loaded_by_id = pct, source, getattr(user, "id", None)
            db.session.add(share)
        progress.advance(plan.counts["rows"])
        return len(plan.records), plan.counts["existing"]


register(PopulationBaselineImporter())
