"""Private file storage and its route: owner and staff get the file, everyone else a 404."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from ata_reflex.api import build_api
from ata_reflex.domain.errors import DomainError
from ata_reflex.domain.images import ImagePolicy
from ata_reflex.services import files
from ata_reflex.services.sessions import start_session
from tests.images import jpeg_bytes


@pytest.fixture
def stored(db, make_user):
    owner = make_user("owner1")
    view = files.store_image(db, owner_id=owner.id, kind="green_cover", original_name="../../etc/封面.jpg",
                             data=jpeg_bytes(gps=True), policy=ImagePolicy())
    db.commit()
    return owner, view


def test_stored_outside_public_dirs(stored, settings):
    _, view = stored
    paths = list((settings.data_dir / "private_uploads").iterdir())
    assert len(paths) == 1
    assert paths[0].suffix == ".jpg"
    assert "封面" not in paths[0].name
    assert view.original_name == "封面.jpg"
    assert view.url == f"/files/{view.public_id}"


def test_foreign_owner_not_found(db, stored, make_user):
    _, view = stored
    other = make_user("other1")
    with pytest.raises(DomainError):
        files.get_owned_file(db, owner_id=other.id, public_id=view.public_id)


def test_delete_removes_bytes(db, stored, settings):
    owner, view = stored
    files.delete_file(db, owner_id=owner.id, public_id=view.public_id)
    db.commit()
    assert list((settings.data_dir / "private_uploads").iterdir()) == []
    with pytest.raises(DomainError):
        files.get_owned_file(db, owner_id=owner.id, public_id=view.public_id)


def _client_with(db, user=None) -> TestClient:
    client = TestClient(build_api())
    if user is not None:
        client.cookies.set("ata_session", start_session(db, user=user))
        db.commit()
    return client


def test_route_serves_owner(db, stored):
    owner, view = stored
    response = _client_with(db, owner).get(view.url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert "no-store" in response.headers["cache-control"]


def test_route_serves_staff(db, stored, make_user):
    _, view = stored
    clerk = make_user("clerk1", role="staff")
    assert _client_with(db, clerk).get(view.url).status_code == 200


def test_route_hides_from_others(db, stored, make_user):
    _, view = stored
    stranger = make_user("stranger1")
    assert _client_with(db, stranger).get(view.url).status_code == 404
    assert _client_with(db).get(view.url).status_code == 404
    assert _client_with(db, stranger).get("/files/not-a-real-id").status_code == 404
