"""Demo postcode lookup rows with real-ish centroids around Southampton and Portsmouth, so
"opportunities near me" works in the demo. The LSOA codes and deciles are placeholders."""

from sqlalchemy import select

from portal.extensions import db
from portal.pipeline.models import PostcodeLookup

# postcode: (LSOA, IMD decile, latitude, longitude)
DEMO_POSTCODES = {
    "SO16 6YD": ("E01017190", 5, 50.9330, -1.4340),  # Southampton General Hospital
    "SO15 2JU": ("E01017191", 3, 50.9110, -1.4170),
    "SO14 7LP": ("E01017192", 2, 50.9050, -1.3930),
    "SO17 1BJ": ("E01017200", 7, 50.9340, -1.3960),
    "SO19 9RR": ("E01017201", 4, 50.8990, -1.3520),
    "SO40 3WX": ("E01023001", 6, 50.9190, -1.4910),
    "PO1 2EF": ("E01017001", 2, 50.7990, -1.0910),
    "PO4 8LD": ("E01017002", 3, 50.7880, -1.0530),
    "PO6 3LY": ("E01017003", 5, 50.8505, -1.0705),  # Queen Alexandra Hospital, Cosham
}
# Where the demo's in-person opportunities happen, in turn.
OPPORTUNITY_POSTCODES = ("SO16 6YD", "PO6 3LY", "SO14 7LP", "SO40 3WX", "PO1 2EF")


def seed_postcodes() -> str:
    known = set(db.session.scalars(select(PostcodeLookup.postcode).where(PostcodeLookup.postcode.in_(DEMO_POSTCODES))))
    for postcode, (lsoa, decile, latitude, longitude) in DEMO_POSTCODES.items():
        if postcode not in known:
            db.session.add(
                PostcodeLookup(
                    postcode=postcode, lsoa_code=lsoa, imd_decile=decile, latitude=latitude, longitude=longitude
                )
            )
    db.session.commit()
    return f"Postcode lookup: {len(DEMO_POSTCODES) - len(known)} demo postcodes added."
