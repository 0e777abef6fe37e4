"""Factories for users, holders and carnet forms, written straight to the test database."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from ata_reflex.domain.outbound import GoodsRowForm, OutboundForm
from ata_reflex.models import Holder, User

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures"

# A unified social credit code with a valid GB 32100-2015 check digit.
VALID_CREDIT_CODE = "91350100M000100Y43"


def make_user(db: Session, *, username: str = "zhangsan", role: str = "holder", active: bool = True) -> User:
    """Insert an account; the password hash is a placeholder because these tests never log in."""
    user = User(
        username=username,
        username_key=username.lower(),
        email=f"{username}@example.com",
        email_key=f"{username}@example.com",
        password_hash="!",
        role=role,
        is_active=active,
    )
    db.add(user)
    db.flush()
    return user


def make_holder(db: Session, *, owner: User, name_zh: str = "上海展览器材有限公司") -> Holder:
    """Insert a holder with every particular an outbound carnet needs."""
    holder = Holder(
        owner_id=owner.id,
        name_zh=name_zh,
        name_en="Shanghai Exhibition Equipment Co., Ltd.",
        address_zh="上海市浦东新区世纪大道100号",
        address_en="100 Century Avenue, Pudong, Shanghai",
        credit_code=VALID_CREDIT_CODE,
    )
    db.add(holder)
    db.flush()
    return holder


def fixture_goods() -> list[GoodsRowForm]:
    """Return the five rows of the synthetic general list as typed goods rows."""
    with (FIXTURE_DIR / "general_list_fixture_SYNTHETIC.csv").open(encoding="utf-8") as handle:
        return [
            GoodsRowForm(
                description_zh=row["description_zh"],
                description_en=row["description_en"],
                quantity=row["pieces"],
                unit=row["unit"],
                weight_kg=row["weight_kg"],
                value_cny=row["value"],
                origin_country=row["origin_iso2"],
            )
            for row in csv.DictReader(handle)
        ]


def complete_form(holder: Holder, *, port: str, office: str, today: date) -> OutboundForm:
    """Return a form that passes every rule: Germany and France, the five fixture rows."""
    return OutboundForm(
        holder_id=str(holder.id),
        import_countries=["DE", "FR"],
        intended_use="exhibition",
        intended_use_detail="参加2027年汉诺威工业博览会",
        exit_port=port,
        transport_mode="5",
        declaration_date=(today + timedelta(days=10)).isoformat(),
        transit_countries="",
        itinerary="中国-德国-法国-中国",
        issuing_office=office,
        collection_method="pickup",
        security_type="bank_guarantee",
        agreement_accepted=True,
        goods=fixture_goods(),
    )
