"""The form renderer draws Django's widgets through Jinja2 with the markup Django's own template
engine writes (only the white space between elements differs), escapes as it does, and renders
a widget whose template only the Django engine has (a library's) as before."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.forms.renderers import BaseRenderer, DjangoTemplates, get_default_renderer
from django.utils.datastructures import MultiValueDict
from django_filters.widgets import RangeWidget

from samen.core.form_renderer import WidgetRenderer

HOSTILE = '<script>alert("x")</script> & "quoted"'
CHOICES = [("", "---"), ("a", HOSTILE), ("Groep <b>", [("b", "Wijk B"), ("c", "Wijk C")])]


class EveryWidget(forms.Form):
    text = forms.CharField(label=HOSTILE, help_text="Help", max_length=20)
    email = forms.EmailField(required=False)
    number = forms.IntegerField(min_value=0)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.SplitDateTimeField(required=False)
    story = forms.CharField(widget=forms.Textarea)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    one = forms.ChoiceField(choices=CHOICES)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple, required=False
    )
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    agree = forms.BooleanField(required=False)
    file = forms.FileField(required=False)
    range = forms.CharField(widget=RangeWidget, required=False)


def _normal(html: str) -> str:
    # Jinja2 (the form renderer's widgets) writes a quote as &#34; and an apostrophe as &#39;,
    # Django as &quot; and &#x27;: the same characters to a browser.
    html = html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _rendered(form: forms.Form, renderer: BaseRenderer) -> list[str]:
    form.renderer = renderer
    return [_normal(str(field)) for field in form]


def test_samen_renders_forms_with_it() -> None:
    assert isinstance(get_default_renderer(), WidgetRenderer)


def test_every_widget_has_the_markup_of_djangos_engine() -> None:
    data = {
        "text": HOSTILE,
        "number": "-3",
        "day": "2026-13-45",
        "moment_0": "2026-12-06",
        "moment_1": "10:30",
        "story": HOSTILE,
        "secret": "s3cret",
        "hidden": HOSTILE,
        "one": "b",
        "many": ["a", "c"],
        "boxes": ["b"],
        "radio": "a",
        "agree": "on",
        "range_min": "1",
        "range_max": "<9>",
    }
    files: MultiValueDict[str, UploadedFile] = MultiValueDict(
        {"file": [SimpleUploadedFile("a.txt", b"x")]}
    )
    bound, unbound = EveryWidget(data, files), EveryWidget(initial={"day": datetime.date.today()})
    assert not bound.is_valid()  # errors are drawn as well
    for form in (bound, unbound):
        expected = _rendered(form, DjangoTemplates())
        rendered = _rendered(form, WidgetRenderer())
        assert rendered == expected
    joined = " ".join(_rendered(bound, WidgetRenderer()))
    assert "<script>" not in joined and "&lt;script&gt;" in joined
    assert 'name="range_min"' in joined and 'value="&lt;9&gt;"' in joined


def test_a_template_only_the_django_engine_has_renders_through_it() -> None:
    renderer = WidgetRenderer()
    library = renderer.get_template("django_filters/widgets/multiwidget.html")
    django_widget = renderer.get_template("django/forms/widgets/input.html")
    assert type(library).__module__ == "django.template.backends.django"
    assert type(django_widget).__module__ == "django.template.backends.jinja2"
