"""Template tags rendering GOV.UK Frontend patterns from Django forms and values.

``{% load govuk %}`` then ``{% govuk_field form.comment %}`` (label, hint, error message, widget
with the GOV.UK classes), ``{% govuk_error_summary form %}``, ``{% rag_tag "amber" %}``,
``{% status_tag action.status action.get_status_display %}``.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

#: GOV.UK tag colours for RAG ratings and action statuses; text always names the value too.
TAG_COLOURS = {
    "red": "red",
    "amber": "orange",
    "green": "green",
    "grey": "grey",
    "none": "grey",
    "": "grey",
    # action statuses
    "not_started": "grey",
    "on_track": "green",
    "at_risk": "orange",
    "off_track": "red",
    "complete": "blue",
    "completed": "blue",
    "done": "blue",
    "cancelled": "grey",
    "blocked": "red",
    "delayed": "orange",
}


def tag_class(value: object) -> str:
    """The GOV.UK tag modifier for a RAG rating or status value (grey when unknown)."""
    colour = TAG_COLOURS.get(str(value or "").lower(), "grey")
    return "govuk-tag" if colour == "blue" else f"govuk-tag govuk-tag--{colour}"


@register.simple_tag
def rag_tag(rating: object, label: str | None = None) -> SafeString:
    """A RAG rating as a GOV.UK tag: ``Red``, ``Amber``, ``Green``, or grey ``No data``."""
    text = label or (str(rating).capitalize() if rating and rating != "grey" else "No data")
    return format_html('<strong class="{}">{}</strong>', tag_class(rating), text)


@register.simple_tag
def status_tag(status: object, label: object = None) -> SafeString:
    """A status (e.g. of an action) as a GOV.UK tag with its display text."""
    text = label or str(status or "").replace("_", " ").capitalize() or "Unknown"
    return format_html('<strong class="{}">{}</strong>', tag_class(status), text)


def field_kind(field: forms.BoundField) -> str:
    """Which GOV.UK component renders the field: radios, checkboxes, textarea, select, input."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def field_anchor(field: forms.BoundField) -> str:
    """The id the error summary links to: the field, or the first option of a radio group."""
    if field_kind(field) in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.inclusion_tag("web/fields/field.html")
def govuk_field(
    field: forms.BoundField, label_size: str = "s", classes: str = "", inline: bool = False
) -> dict[str, Any]:
    """A form field as its GOV.UK component, with hint and error message linked by
    ``aria-describedby``. ``label_size`` is s, m, l or xl; ``classes`` go on the input."""
    kind = field_kind(field)
    hint_id = f"{field.auto_id}-hint" if field.help_text else ""
    error_id = f"{field.auto_id}-error" if field.errors else ""
    described = " ".join(i for i in (hint_id, error_id) if i)
    context: dict[str, Any] = {
        "field": field,
        "kind": kind,
        "hint_id": hint_id,
        "error_id": error_id,
        "described": described,
        "label_class": f"govuk-label--{label_size}" if label_size else "",
        "legend_class": f"govuk-fieldset__legend--{label_size}" if label_size else "",
        "inline": inline,
    }
    if kind in ("radios", "checkboxes"):
        context["options"] = [
            {
                "id": f"{field.auto_id}_{i}",
                "value": option.data["value"],
                "label": option.choice_label,
                "checked": option.data["selected"],
            }
            for i, option in enumerate(field.subwidgets)
        ]
    else:
        css = {
            "textarea": "govuk-textarea",
            "select": "govuk-select",
            "input": "govuk-input",
            "file": "govuk-file-upload",
        }[kind]
        if field.errors:
            css += f" {css}--error"
        attrs = {"class": f"{css} {classes}".strip()}
        if described:
            attrs["aria-describedby"] = described
        context["widget"] = field.as_widget(attrs=attrs)
    return context


@register.inclusion_tag("web/includes/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    """The GOV.UK error summary for one or more forms: each error links to its field; errors
    not about one field link to the form's first field."""
    errors: list[tuple[str, str]] = []
    for form in forms_:
        if form is None or not form.errors:
            continue
        fields = [form[name] for name in form.fields]
        first = field_anchor(fields[0]) if fields else ""
        errors += [(first, str(message)) for message in form.non_field_errors()]
        # one message per field, as the field shows it
        errors += [(field_anchor(b), str(b.errors[0])) for b in fields if b.errors]
    return {"errors": errors}


@register.filter
def commands(text: object) -> SafeString:
    """A message naming commands in backticks (``load it: `cspkit load ...` ``), escaped, with
    each command as ``<code>``."""
    parts = str(text).split("`")
    html = "".join(
        format_html("<code>{}</code>", part) if i % 2 else format_html("{}", part)
        for i, part in enumerate(parts)
    )
    return SafeString(html)
