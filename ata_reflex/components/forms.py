"""Form controls that keep Chinese input-method composition intact.

Every text control here is uncontrolled: the browser owns the text while the user types, and
the server hears of it only when the field loses focus. Controlled inputs would round-trip each
keystroke, including the pinyin still being composed, and break the composed text.
"""

from __future__ import annotations

import reflex as rx


def text_field(field_id: str | rx.Var, default_value: rx.Var | str, on_blur, placeholder: str = "",
               input_type: str = "text", datalist_id: str = "", **props) -> rx.Component:
    """Build an uncontrolled text input that reports its value on blur, optionally searchable through a datalist."""
    extra = {"list": datalist_id} if datalist_id else {}
    return rx.input(
        id=field_id,
        default_value=default_value,
        on_blur=on_blur,
        placeholder=placeholder,
        type=input_type,
        size="3",
        width="100%",
        auto_complete="off" if datalist_id else None,
        **extra,
        **props,
    )


def text_area(field_id: str | rx.Var, default_value: rx.Var | str, on_blur, placeholder: str = "",
              rows: str = "3") -> rx.Component:
    """Build an uncontrolled multi-line input that reports its value on blur."""
    return rx.text_area(id=field_id, default_value=default_value, on_blur=on_blur, placeholder=placeholder,
                        rows=rows, size="3", width="100%")


def choice_select(field_id: str | rx.Var, options: list[tuple[str, str]] | rx.Var, default_value: rx.Var | str,
                  on_change, placeholder: str) -> rx.Component:
    """Build a Radix select over a short list; ``options`` are (value, label) pairs or a Var of Choice."""
    if isinstance(options, rx.Var):
        items = rx.foreach(options, lambda choice: rx.select.item(choice.label, value=choice.value))
    else:
        items = [rx.select.item(label, value=value) for value, label in options]
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, id=field_id, width="100%"),
        rx.select.content(rx.select.group(items), position="popper"),
        default_value=default_value,
        on_change=on_change,
        size="3",
    )


def datalist(datalist_id: str, options: list[tuple[str, str]] | rx.Var) -> rx.Component:
    """Build the options that a searchable text field suggests as the user types.

    Static options are (value, hint) pairs: the browser matches typed text against both, so a
    country is found by its Chinese label and by its English name.
    """
    if isinstance(options, rx.Var):
        children = rx.foreach(options, lambda choice: rx.el.option(value=choice.label))
    else:
        children = [rx.el.option(hint, value=value) for value, hint in options]
    return rx.el.datalist(children, id=datalist_id)


def native_select(field_id: str | rx.Var, options: list[tuple[str, str]], default_value: rx.Var | str,
                  on_change, placeholder: str) -> rx.Component:
    """Build the browser's own select over a short fixed list, for controls repeated hundreds of times.

    A Radix select mounts its popper and item collection even while closed, so a goods list of
    500 rows rendered slowly. A phone shows this one in its own picker. The placeholder
    option stands for an empty value, so a row without a unit does not look like the first one.
    """
    return rx.el.select(
        rx.el.option(placeholder, value="", disabled=True),
        *[rx.el.option(label, value=value) for value, label in options],
        id=field_id,
        default_value=default_value,
        on_change=on_change,
        class_name="ata-native-select",
    )
