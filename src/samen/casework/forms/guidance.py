"""Forms of the coordinator's decision-tree editor."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.casework.models import (
    GuidanceAnswer,
    GuidanceNode,
    GuidanceTree,
)


class GuidanceTreeForm(forms.ModelForm):
    class Meta:
        model = GuidanceTree
        fields = ["audience", "title_nl", "title_en", "title_fr", "start", "active"]
        widgets = {
            "title_nl": forms.TextInput(attrs={"lang": "nl"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "title_fr": forms.TextInput(attrs={"lang": "fr"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start = cast(forms.ModelChoiceField, self.fields["start"])
        start.queryset = (
            GuidanceNode.objects.filter(tree=self.instance, kind=GuidanceNode.Kind.QUESTION)
            if self.instance.pk
            else GuidanceNode.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("active") and not cleaned.get("start"):
            self.add_error("start", _("A published tree needs a first question."))
        return cleaned


class GuidanceNodeForm(forms.ModelForm):
    class Meta:
        model = GuidanceNode
        fields = ["kind", "text_nl", "text_en", "text_fr", "emergency", "offer_report"]
        widgets = {
            "text_nl": forms.Textarea(attrs={"rows": 3, "lang": "nl"}),
            "text_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "text_fr": forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
        }


class GuidanceAnswerForm(forms.ModelForm):
    class Meta:
        model = GuidanceAnswer
        fields = ["question", "label_nl", "label_en", "label_fr", "leads_to"]
        widgets = {
            "label_nl": forms.TextInput(attrs={"lang": "nl"}),
            "label_en": forms.TextInput(attrs={"lang": "en"}),
            "label_fr": forms.TextInput(attrs={"lang": "fr"}),
        }

    def __init__(self, *args: Any, tree: GuidanceTree, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nodes = GuidanceNode.objects.filter(tree=tree)
        cast(forms.ModelChoiceField, self.fields["question"]).queryset = nodes.filter(
            kind=GuidanceNode.Kind.QUESTION
        )
        cast(forms.ModelChoiceField, self.fields["leads_to"]).queryset = nodes


class GuidanceStepEditForm(GuidanceNodeForm):
    """A step's texts and flags; its kind stays (a question's answers depend on it)."""

    class Meta(GuidanceNodeForm.Meta):
        fields = ["text_nl", "text_en", "text_fr", "emergency", "offer_report"]


class GuidanceAnswerEditForm(forms.ModelForm):
    class Meta:
        model = GuidanceAnswer
        fields = ["label_nl", "label_en", "label_fr", "leads_to"]
        widgets = GuidanceAnswerForm.Meta.widgets

    def __init__(self, *args: Any, tree: GuidanceTree, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leads_to = cast(forms.ModelChoiceField, self.fields["leads_to"])
        leads_to.queryset = GuidanceNode.objects.filter(tree=tree)
