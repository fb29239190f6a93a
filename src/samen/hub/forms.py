from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samen.core.widgets import (
    LongCheckboxSelectMultiple,
    LongRadioSelect,
    LongSelect,
    LongSelectMultiple,
)
from samen.hub.importing import MAX_IMPORT_BYTES
from samen.hub.models import CityProfile, Concept, Language, Practice
from samen.hub.places import country_choices

_TEXT = {"rows": 6}


def _cities() -> Any:
    return CityProfile.objects.order_by("city")


def _country_field(required: bool = False) -> forms.ChoiceField:
    # Every country of the world: Django's template-rendered select costs ~25 ms a form.
    return forms.ChoiceField(label=_("Country"), required=required, choices=[], widget=LongSelect)


def _city_field(label: Any) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    """The hub's cities, as many as it has profiles."""
    return forms.ModelChoiceField(
        label=label, queryset=CityProfile.objects.none(), required=False, widget=LongSelect
    )


def _concept_choices() -> Any:
    """The concepts as options: their labels only (not their notes, other labels and sources)."""
    return Concept.objects.order_by("code").only("id", "code", "label_nl", "label_en", "label_fr")


def _set_countries(form: forms.BaseForm) -> None:
    form.fields["country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    country = _country_field()
    keywords_text = forms.CharField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separated by commas; thesaurus concepts are recognised in any language."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = CityProfile
        fields = [
            "city",
            "country",
            "region",
            "population",
            "leader_name",
            "leader_role",
            "language",
            "last_updated",
            "background",
            "national_overview",
            "local_overview",
            "working_groups",
            "sources",
            "unplaced_text",
        ]
        widgets = {
            "last_updated": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "background": forms.Textarea(attrs=_TEXT),
            "national_overview": forms.Textarea(attrs=_TEXT),
            "local_overview": forms.Textarea(attrs=_TEXT),
            "working_groups": forms.Textarea(attrs={"rows": 3}),
            "sources": forms.Textarea(attrs={"rows": 3}),
            "unplaced_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_countries(self)


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title of the initiative"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    key = forms.BooleanField(label=_("Key initiative"), required=False, initial=True)


InitiativeFormSet = forms.formset_factory(InitiativeForm, extra=2, max_num=60)


class PracticeForm(forms.ModelForm):  # type: ignore[type-arg]
    keywords_text = forms.CharField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separated by commas; thesaurus concepts are recognised in any language."),
    )

    class Meta:
        model = Practice
        fields = [
            "title",
            "city",
            "language",
            "description",
            "themes",
            "target_groups",
            "links",
        ]
        widgets = {
            "description": forms.Textarea(attrs=_TEXT),
            "city": LongSelect,
            "themes": LongCheckboxSelectMultiple,  # every concept of the thesaurus
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _concept_choices()  # type: ignore[attr-defined]

    def clean_links(self) -> str:
        links: str = self.cleaned_data["links"]
        for line in links.splitlines():
            if line.strip() and not line.strip().startswith(("https://", "http://")):
                raise ValidationError(_("Each link must start with https:// or http://."))
        return links


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    city = _city_field(_("City"))
    country = _country_field()
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, required=False)
    keywords_text = forms.CharField(label=_("Keywords"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = _cities()  # type: ignore[attr-defined]
        self.fields["country"].help_text = _("Leave empty to take the city's country.")
        _set_countries(self)


class ImportForm(forms.Form):
    class Kind:
        AUTO = "auto"
        PROFILE = "profile"
        DOCUMENT = "document"

    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=[
            ("auto", _("Recognise it")),
            ("profile", _("A city profile")),
            ("document", _("An action plan, report or other document")),
        ],
        initial="auto",
        widget=LongRadioSelect,
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOCX, HTML or plain text."),
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    title = forms.CharField(
        label=_("Title of the document"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to take the document's first heading."),
    )
    city = _city_field(_("City the document is about"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = _cities()  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            raise ValidationError(_("Choose a file or paste a text."))
        return cleaned


class ConceptForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Concept
        fields = ["code", "label_nl", "label_en", "label_fr", "alt_labels", "note", "broader"]
        widgets = {
            "alt_labels": forms.Textarea(attrs={"rows": 5}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "broader": LongSelectMultiple(attrs={"size": 8}),  # every other concept
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = _concept_choices()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["broader"].queryset = others  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"label_{code}") for code in ("nl", "en", "fr")):
            raise ValidationError(_("Give the concept a label in at least one language."))
        return cleaned


class ImportConfirmForm(forms.Form):
    """The choices of the review step: the document's place, and whether it replaces the
    document it repeats."""

    city = _city_field(_("City the document is about"))
    country = _country_field()
    replace = forms.ChoiceField(
        label=_("This text repeats a document already in the hub"),
        choices=[
            ("update", _("Update that document with this text")),
            ("new", _("Save it as a new document")),
        ],
        initial="update",
        required=False,
        widget=LongRadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = _cities()  # type: ignore[attr-defined]
        _set_countries(self)
