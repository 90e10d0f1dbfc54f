"""The public toolkit's resources: links and uploaded files (checked by their first bytes)."""

import secrets
import zipfile
from pathlib import Path

from flask import current_app
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from portal.audit import services as audit
from portal.careers.models import Career
from portal.database import after_commit
from portal.extensions import db
from portal.schools.choices import RESOURCE_FILE_TYPES
from portal.schools.models import (
    Resource,
)


class UploadError(ValueError):
    """A file the toolkit will not keep, with a reason fit to show."""


def _looks_like(kind: str, head: bytes, path: Path) -> bool:
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if not head.startswith(b"PK\x03\x04"):
        return False
    required = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}[kind]
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist() and required in archive.namelist()
    except zipfile.BadZipFile:
        return False


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(storage) -> dict:
    """Keep an uploaded PDF, DOCX or PPTX under a random name outside static/. Both the name's
    extension and the file's first bytes must agree; anything else is refused and not kept."""
    from flask_babel import gettext as _

    original = (storage.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    kind = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if kind not in RESOURCE_FILE_TYPES:
        raise UploadError(_("The file must be a PDF, DOCX or PPTX"))
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = storage.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_("The file must be smaller than %(size)d MB", size=limit // (1024 * 1024)))
    if not data:
        raise UploadError(_("The file is empty"))
    stored_name = f"{secrets.token_hex(16)}.{kind}"
    path = upload_folder() / stored_name
    path.write_bytes(data)
    if not _looks_like(kind, data[:8], path):
        path.unlink()
        raise UploadError(_("The file is not a real %(kind)s file", kind=kind.upper()))
    return {"stored_name": stored_name, "original_name": original[:200], "file_type": kind, "file_size": len(data)}


def resources_query(key_stage: str = "", career_id: int | None = None, q: str = "") -> Select:
    statement = select(Resource).options(selectinload(Resource.careers))
    if key_stage:
        statement = statement.where(Resource.key_stages.like(f"%|{key_stage}|%"))
    if career_id:
        statement = statement.where(Resource.careers.any(Career.id == career_id))
    if q:
        like = f"%{q.lower()}%"
        statement = statement.where(or_(func.lower(Resource.title).like(like), func.lower(Resource.subject).like(like)))
    return statement.order_by(Resource.title, Resource.id)


def save_resource(resource: Resource | None, fields: dict, career_ids: list[int], upload: dict | None, user):
    creating = resource is None
    resource = resource or Resource(created_by_id=user.id)
    old_file = resource.stored_name if upload else None
    for name, value in fields.items():
        setattr(resource, name, value)
    if upload:
        for name, value in upload.items():
            setattr(resource, name, value)
    resource.careers = list(db.session.scalars(select(Career).where(Career.id.in_(career_ids)))) if career_ids else []
    db.session.add(resource)
    db.session.flush()
    audit.record("create" if creating else "update", "school_resource", resource.id, user=user)
    db.session.flush()
    if old_file:
        after_commit(db.session, lambda: (upload_folder() / old_file).unlink(missing_ok=True))
    return resource


def delete_resource(resource: Resource, user) -> None:
    stored = resource.stored_name
    audit.record("delete", "school_resource", resource.id, user=user)
    db.session.delete(resource)
    db.session.flush()
    if stored:
        after_commit(db.session, lambda: (upload_folder() / stored).unlink(missing_ok=True))
