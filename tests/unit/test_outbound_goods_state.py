"""What one goods-cell edit marks for sending: the totals, never the list of rows."""

from __future__ import annotations

import pytest

from ata_reflex.state.outbound import GoodsRowView, OutboundFormState


@pytest.fixture
def form_state(monkeypatch) -> OutboundFormState:
    """A form state with three loaded rows; saving is skipped, since only the vars matter here."""
    monkeypatch.setattr(OutboundFormState, "_stored", lambda self, field_id, value: None)
    monkeypatch.setattr(OutboundFormState, "_persist", lambda self: None)
    state = OutboundFormState()
    state._goods = [GoodsRowView(key=str(n), quantity="1", value_cny="100") for n in range(3)]
    state._publish_rows()
    state.dirty_vars.clear()
    return state


def test_cell_edit_keeps_rows_unsent(form_state):
    """Editing a description leaves goods_rows out of the delta."""
    form_state.set_goods_field(1, "description_zh", "展示样机")
    assert "goods_rows" not in form_state.dirty_vars


def test_cell_edit_stores_value(form_state):
    """The edited text lands in the backend rows."""
    form_state.set_goods_field(1, "description_zh", "展示样机")
    assert form_state._goods[1].description_zh == "展示样机"


def test_value_edit_updates_totals(form_state):
    """A changed value recounts the totals."""
    form_state.set_goods_field(0, "value_cny", "250")
    assert form_state.totals["value_cny"] == "450.00"


def test_text_edit_leaves_totals_clean(form_state):
    """A description edit does not resend the totals."""
    form_state.set_goods_field(0, "description_en", "Demo unit")
    assert "totals" not in form_state.dirty_vars


def test_add_row_publishes_rows(form_state):
    """Adding a row sends the row list, which now has four rows."""
    form_state.add_goods_item()
    assert len(form_state.goods_rows) == 4


def test_remove_row_publishes_rows(form_state):
    """Deleting a row sends the remaining rows in order."""
    form_state.remove_goods_item(0)
    assert [row.key for row in form_state.goods_rows] == ["1", "2"]


def test_unknown_field_is_ignored(form_state):
    """A field name outside the goods fields changes nothing."""
    form_state.set_goods_field(0, "owner_id", "7")
    assert form_state.dirty_vars == set()
