"""Render form fields with NL Design System (Utrecht) classes and accessible error links."""

from django import forms, template

register = template.Library()

WIDGET_CLASSES = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.RadioSelect: "",
}
DEFAULT_CLASS = "utrecht-textbox utrecht-textbox--html-input"


def widget_class(widget) -> str:
    for kind, css in WIDGET_CLASSES.items():
        if isinstance(widget, kind):
            return css
    return DEFAULT_CLASS


@register.simple_tag
def field_widget(field, **attrs):
    """The field's input with classes, aria-invalid and aria-describedby for help and errors."""
    css = widget_class(field.field.widget)
    # Descriptions the template or the widget already gives (an explanation) are kept, not replaced.
    described = (attrs.get("aria-describedby") or field.field.widget.attrs.get("aria-describedby") or "").split()
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
        css += " utrecht-textbox--invalid" if css == DEFAULT_CLASS else ""
    if described:
        attrs["aria-describedby"] = " ".join(described)
    attrs["class"] = " ".join(filter(None, [css, attrs.get("class", "")]))
    return field.as_widget(attrs=attrs)
