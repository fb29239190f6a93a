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
        fields = ["audience", "title", "start", "active"]

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
        fields = ["kind", "text", "emergency", "offer_report"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class GuidanceAnswerForm(forms.ModelForm):
    class Meta:
        model = GuidanceAnswer
        fields = ["question", "label", "leads_to"]

    def __init__(self, *args: Any, tree: GuidanceTree, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nodes = GuidanceNode.objects.filter(tree=tree)
        cast(forms.ModelChoiceField, self.fields["question"]).queryset = nodes.filter(
            kind=GuidanceNode.Kind.QUESTION
        )
        cast(forms.ModelChoiceField, self.fields["leads_to"]).queryset = nodes
