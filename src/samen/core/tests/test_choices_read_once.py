"""``samen.core.forms.ChoicesReadOnce``: a model choice field reads its rows once per form, or
not at all when the page read them; validation still asks the database."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from samen.accounts.models import Organisation
from samen.core.forms import read_choices_once

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), empty_label=None, label="Organisation"
    )

    def __init__(self, *args: Any, rows: Any = None, once: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(name__startswith="Org").order_by("name")
        if once:
            read_choices_once(field, rows)


@pytest.fixture
def organisations(org_factory: Any) -> list[Organisation]:
    return [org_factory(name="Org B"), org_factory(name="Org A"), org_factory(name="Other")]


def test_django_reads_a_required_select_twice(
    organisations: list[Organisation], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        str(PickForm(once=False)["organisation"])


def test_read_once_gives_the_same_html_with_one_query(
    organisations: list[Organisation], django_assert_num_queries: Any
) -> None:
    plain = str(PickForm(once=False)["organisation"])
    with django_assert_num_queries(1):
        form = PickForm()
        html = str(form["organisation"])
        assert str(form["organisation"]) == html  # a second rendering reads nothing more
    assert html == plain
    assert html.index("Org A") < html.index("Org B")
    assert "Other" not in html


def test_rows_read_already_cost_no_query(
    organisations: list[Organisation], django_assert_num_queries: Any
) -> None:
    plain = str(PickForm(once=False)["organisation"])
    rows = sorted(organisations[:2], key=lambda org: org.name)
    with django_assert_num_queries(0):
        html = str(PickForm(rows=rows)["organisation"])
    assert html == plain


def test_validation_still_asks_the_database(organisations: list[Organisation]) -> None:
    # Rows given for the choices do not widen what is accepted.
    other = organisations[2]
    form = PickForm({"organisation": other.pk}, rows=[other])
    assert not form.is_valid()
    chosen = PickForm({"organisation": organisations[0].pk}, rows=[])
    assert chosen.is_valid()
    assert chosen.cleaned_data["organisation"] == organisations[0]


def test_a_new_queryset_is_read_again(organisations: list[Organisation]) -> None:
    form = PickForm()
    field = form.fields["organisation"]
    assert isinstance(field, forms.ModelChoiceField)
    assert "Org A" in str(form["organisation"])
    field.queryset = Organisation.objects.filter(name="Other")
    html = str(form["organisation"])
    assert "Other" in html
    assert "Org A" not in html
