"""Pages of the knowledge hub. Reading: anyone when SAMEN_HUB_PUBLIC, else any logged-in user.
Editing: the hub editor role (``hub.edit``). Changes go through ``hub/actions.py``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires_any
from samen.audit.actor import Actor
from samen.hub import actions
from samen.hub.compare import line_up
from samen.hub.forms import (
    ConceptForm,
    DocumentForm,
    ImportConfirmForm,
    ImportForm,
    InitiativeFormSet,
    PracticeForm,
    ProfileForm,
)
from samen.hub.importing import (
    UnreadableFile,
    extract,
    looks_like_profile,
    read_document,
    read_profile,
)
from samen.hub.models import (
    CityProfile,
    Concept,
    Document,
    DocumentAction,
    ImportRecord,
    Keyword,
    Practice,
    ProfileVersion,
)
from samen.hub.search import (
    FILTERS,
    PROFILE_PASSAGES,
    Hit,
    QueryPlan,
    SearchResult,
    search,
    snippet,
)

PAGE_SIZE = 25
SEARCH_PAGE_SIZE = 20
MAX_COMPARED = 4
IMPORT_SESSION_KEY = "hub_import"

View = Callable[..., HttpResponse]


def readable(view: View) -> View:
    """Open to everyone when the hub is public, else to any logged-in user."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.HUB_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


editor = requires_any(Capability.EDIT_HUB)


def _page(request: HttpRequest, queryset: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _keywords() -> Prefetch[Any]:
    return Prefetch("keywords", queryset=Keyword.objects.select_related("concept"))


def _can_edit(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.can(Capability.EDIT_HUB))  # type: ignore[union-attr]


# --- reading -------------------------------------------------------------------------------


EDITOR_LIST = 10


@readable
def home(request: HttpRequest) -> HttpResponse:
    can_edit = _can_edit(request)
    context: dict[str, Any] = {
        "profiles": CityProfile.objects.order_by("-updated_at")[:8],
        "practices": Practice.objects.select_related("city").order_by("-updated_at")[:8],
        "documents": Document.objects.select_related("city").order_by("-imported_at")[:8],
        "counts": {
            "profiles": CityProfile.objects.count(),
            "practices": Practice.objects.count(),
            "documents": Document.objects.count(),
        },
        "all_cities": CityProfile.objects.order_by("city").only("slug", "city", "country"),
        "can_edit": can_edit,
    }
    if can_edit:
        context.update(_editor_start(request))
    return render(request, "hub/home.html", context)


def _editor_start(request: HttpRequest) -> dict[str, Any]:
    """What a hub editor has to do: the import waiting for confirmation, recent imports,
    profiles with text the import could not place, documents without a place, concepts
    without a label in every language, and what changed lately."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    missing_label = Q(label_nl="") | Q(label_en="") | Q(label_fr="")
    changes: list[tuple[Any, str, Any]] = []
    for profile in CityProfile.objects.order_by("-updated_at")[:EDITOR_LIST]:
        changes.append((profile.updated_at, _("City profile"), profile))
    for practice in Practice.objects.order_by("-updated_at")[:EDITOR_LIST]:
        changes.append((practice.updated_at, _("Practice"), practice))
    for document in Document.objects.order_by("-updated_at")[:EDITOR_LIST]:
        changes.append((document.updated_at, _("Document"), document))
    changes.sort(key=lambda item: item[0], reverse=True)
    return {
        "pending_import": pending,
        "recent_imports": ImportRecord.objects.select_related("profile", "document").order_by(
            "-imported_at"
        )[:EDITOR_LIST],
        "to_review": CityProfile.objects.exclude(unplaced_text="").order_by("-updated_at")[
            :EDITOR_LIST
        ],
        "without_place": Document.objects.filter(city__isnull=True, country="").order_by(
            "-imported_at"
        )[:EDITOR_LIST],
        "without_place_count": Document.objects.filter(city__isnull=True, country="").count(),
        "incomplete_concepts": Concept.objects.filter(missing_label).order_by("code")[:EDITOR_LIST],
        "incomplete_concepts_count": Concept.objects.filter(missing_label).count(),
        "recent_changes": changes[:EDITOR_LIST],
    }


@readable
def profile_list(request: HttpRequest) -> HttpResponse:
    profiles = CityProfile.objects.annotate(n_initiatives=Count("initiatives")).order_by("city")
    return render(
        request,
        "hub/profile_list.html",
        {"page": _page(request, profiles), "can_edit": _can_edit(request)},
    )


@readable
def profile_detail(request: HttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(
        CityProfile.objects.prefetch_related("initiatives", _keywords()), slug=slug
    )
    initiatives = list(profile.initiatives.all())
    return render(
        request,
        "hub/profile_detail.html",
        {
            "profile": profile,
            "key_initiatives": [i for i in initiatives if i.key],
            "other_initiatives": [i for i in initiatives if not i.key],
            "practices": profile.practices.order_by("title")[:10],
            "documents": profile.documents.order_by("title")[:10],
            "versions": ProfileVersion.objects.filter(profile=profile).order_by("-number")[:10],
            "can_edit": _can_edit(request),
        },
    )


@readable
def practice_list(request: HttpRequest) -> HttpResponse:
    practices = Practice.objects.select_related("city").order_by("title")
    return render(
        request,
        "hub/practice_list.html",
        {"page": _page(request, practices), "can_edit": _can_edit(request)},
    )


@readable
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(
        Practice.objects.select_related("city").prefetch_related("themes", _keywords()), pk=pk
    )
    return render(
        request,
        "hub/practice_detail.html",
        {"practice": practice, "can_edit": _can_edit(request)},
    )


@readable
def document_list(request: HttpRequest) -> HttpResponse:
    # The page's ids from the index hub_document_title alone (an index-only scan, however deep
    # the page), then those documents with their city and number of sections: ordering the
    # documents joined to their cities sorted all of them.
    page = _page(request, Document.objects.order_by("title", "pk").values_list("pk", flat=True))
    found = (
        Document.objects.filter(pk__in=list(page.object_list))
        .select_related("city")
        .defer("fingerprint")
        .annotate(n_sections=Count("sections"))
        .in_bulk()
    )
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return render(
        request,
        "hub/document_list.html",
        {"page": page, "can_edit": _can_edit(request)},
    )


@readable
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        Document.objects.select_related("city").prefetch_related(_keywords()), pk=pk
    )
    sections = document.sections.prefetch_related(
        Prefetch("actions", queryset=DocumentAction.objects.order_by("position"))
    ).order_by("position")
    return render(
        request,
        "hub/document_detail.html",
        {"document": document, "sections": sections, "can_edit": _can_edit(request)},
    )


@readable
def compare(request: HttpRequest) -> HttpResponse:
    slugs = list(dict.fromkeys(request.GET.getlist("city")))[:MAX_COMPARED]
    found = {
        p.slug: p
        for p in CityProfile.objects.filter(slug__in=slugs).prefetch_related(
            "initiatives",
            _keywords(),
            Prefetch("documents", queryset=Document.objects.order_by("title")),
            Prefetch("practices", queryset=Practice.objects.order_by("title")),
        )
    }
    profiles = [found[s] for s in slugs if s in found]
    keyword_sets = [{k.pk for k in p.keywords.all()} for p in profiles]
    shared = set.intersection(*keyword_sets) if len(keyword_sets) > 1 else set()
    return render(
        request,
        "hub/compare.html",
        {
            "profiles": profiles,
            "shared": shared,
            "themes": line_up(profiles) if len(profiles) > 1 else [],
            "selected": set(slugs),
            "all_cities": CityProfile.objects.order_by("city").only("slug", "city", "country"),
            "too_few": len(profiles) < 2,
            "max_compared": MAX_COMPARED,
        },
    )


@readable
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    typing = bool(getattr(request, "htmx", False)) and not request.GET.get("q", "").endswith(" ")
    filters = {name: request.GET.get(name, "")[:120] for name in FILTERS}
    result = search(query, filters, typing=typing) if query else None
    page = None
    rows: list[dict[str, Any]] = []
    if result is not None and result.results is not None:
        page = Paginator(result.results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [_row(hit, result.plan) for hit in page.object_list]
    context = {
        "query": query,
        "filters": filters,
        "result": result,
        "page": page,
        "rows": rows,
        "page_query": urlencode({"q": query, **{k: v for k, v in filters.items() if v}}),
        "corrected_url": (
            "?" + urlencode({"q": result.plan.corrected_query})
            if result is not None and result.plan.corrections
            else ""
        ),
        "facet_groups": _facet_groups(result, query, filters) if result is not None else [],
    }
    template = "hub/_results.html" if getattr(request, "htmx", False) else "hub/search.html"
    return render(request, template, context)


def _facet_groups(
    result: SearchResult, query: str, filters: dict[str, str]
) -> list[dict[str, Any]]:
    """Each facet with its values and the address of each: the query with the other facets'
    filters, and this value's unless it is the one selected (then the link removes it)."""
    names = [
        ("kind", _("Type")),
        ("language", _("Language")),
        ("country", _("Country")),
        ("city", _("City")),
        ("keyword", _("Keyword")),
    ]
    groups = []
    for name, label in names:
        values = result.facets.get(name)
        if not values:
            continue
        others = urlencode({"q": query, **{k: v for k, v in filters.items() if v and k != name}})
        links = [
            {
                "value": value,
                "href": f"?{others}"
                if value.selected
                else f"?{others}&{urlencode({name: value.value})}",
            }
            for value in values
        ]
        groups.append({"label": label, "links": links})
    return groups


def _row(hit: Hit, plan: QueryPlan) -> dict[str, Any]:
    source = hit.source
    base = source.get_absolute_url()
    passages = []
    for entry in hit.passages:
        anchor = f"#section-{entry.section_id}" if entry.section_id else ""
        heading = entry.heading
        if source.kind == source.Kind.PROFILE and heading in PROFILE_PASSAGES:
            heading = _(heading)  # the msgids of the profile page's headings
        passages.append(
            {
                "heading": heading,
                "url": base + anchor,
                "snippet": snippet(entry.body or entry.heading, plan, source.language),
            }
        )
    return {"source": source, "url": base, "passages": passages}


# --- editing profiles and practices --------------------------------------------------------


def _initiatives(formset: Any) -> list[actions.InitiativeData]:
    return [
        actions.InitiativeData(f["title"], f.get("description", ""), bool(f.get("key")))
        for f in formset.cleaned_data
        if f and f.get("title", "").strip()
    ]


def _profile_form(request: HttpRequest, profile: CityProfile | None) -> HttpResponse:
    initial_initiatives = (
        [
            {"title": i.title, "description": i.description, "key": i.key}
            for i in profile.initiatives.all()
        ]
        if profile is not None
        else []
    )
    initial_keywords = (
        actions.keywords_as_text(profile.keywords.select_related("concept")) if profile else ""
    )
    form = ProfileForm(
        request.POST or None, instance=profile, initial={"keywords_text": initial_keywords}
    )
    formset = InitiativeFormSet(
        request.POST or None, initial=initial_initiatives, prefix="initiatives"
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "keywords_text"}
            saved = actions.save_profile(
                Actor.of(request),
                profile.pk if profile is not None else None,
                data,
                _initiatives(formset),
                actions.parse_keywords(form.cleaned_data["keywords_text"]),
            )
            messages.success(request, _("The city profile was saved."))
            return redirect(saved.get_absolute_url())
        status = 422
    else:
        status = 200
    return render(
        request,
        "hub/profile_form.html",
        {"form": form, "formset": formset, "profile": profile},
        status=status,
    )


@editor
def profile_create(request: HttpRequest) -> HttpResponse:
    return _profile_form(request, None)


@editor
def profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _profile_form(request, get_object_or_404(CityProfile, slug=slug))


@editor
@require_POST
def profile_delete(request: HttpRequest, slug: str) -> HttpResponse:
    actions.delete_profile(Actor.of(request), get_object_or_404(CityProfile, slug=slug).pk)
    messages.success(request, _("The city profile was deleted."))
    return redirect("hub:profile_list")


def _practice_form(request: HttpRequest, practice: Practice | None) -> HttpResponse:
    initial = {}
    if practice is not None:
        initial["keywords_text"] = actions.keywords_as_text(
            practice.keywords.select_related("concept")
        )
    form = PracticeForm(request.POST or None, instance=practice, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["city"] = data["city"].pk if data.get("city") else None
            saved = actions.save_practice(
                Actor.of(request),
                practice.pk if practice is not None else None,
                data,
                themes=data.pop("themes"),
                keywords=actions.parse_keywords(data.pop("keywords_text")),
            )
            messages.success(request, _("The practice was saved."))
            return redirect(saved.get_absolute_url())
        status = 422
    else:
        status = 200
    return render(
        request, "hub/practice_form.html", {"form": form, "practice": practice}, status=status
    )


@editor
def practice_create(request: HttpRequest) -> HttpResponse:
    return _practice_form(request, None)


@editor
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _practice_form(request, get_object_or_404(Practice, pk=pk))


@editor
@require_POST
def practice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_practice(Actor.of(request), get_object_or_404(Practice, pk=pk).pk)
    messages.success(request, _("The practice was deleted."))
    return redirect("hub:practice_list")


# --- documents and imports -----------------------------------------------------------------


@editor
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    initial = {
        "title": document.title,
        "city": document.city_id,
        "country": document.country,
        "language": document.language,
        "keywords_text": actions.keywords_as_text(document.keywords.select_related("concept")),
    }
    form = DocumentForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            actions.update_document(
                Actor.of(request),
                document.pk,
                title=data["title"],
                city_id=data["city"].pk if data["city"] else None,
                country=data["country"],
                language=data["language"],
                keywords=actions.parse_keywords(data["keywords_text"]),
            )
            messages.success(request, _("The document was saved."))
            return redirect(document.get_absolute_url())
        status = 422
    else:
        status = 200
    return render(
        request, "hub/document_form.html", {"form": form, "document": document}, status=status
    )


@editor
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_document(Actor.of(request), get_object_or_404(Document, pk=pk).pk)
    messages.success(request, _("The document was deleted."))
    return redirect("hub:document_list")


@editor
def import_start(request: HttpRequest) -> HttpResponse:
    """Step 1: read the file or text and show what was recognised; nothing is saved yet."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "hub/import_form.html", {"form": form})
    if not form.is_valid():
        return render(request, "hub/import_form.html", {"form": form}, status=422)
    data = form.cleaned_data
    upload = data.get("file")
    if upload is not None:
        try:
            extracted = extract(upload.name or "", upload.read())
        except UnreadableFile:
            form.add_error("file", _("This file could not be read."))
            return render(request, "hub/import_form.html", {"form": form}, status=422)
        text, source_format, source_name = extracted.text, extracted.source_format, upload.name
    else:
        text, source_format, source_name = data["text"], "text", ""
    kind = data["kind"]
    if kind == "auto":
        kind = "profile" if looks_like_profile(text) else "document"
    request.session[IMPORT_SESSION_KEY] = {
        "kind": kind,
        "text": text,
        "source_format": source_format,
        "source_name": source_name or "",
        "title": data.get("title") or "",
        "city": data["city"].pk if data.get("city") else None,
    }
    return render(request, "hub/import_review.html", _review_context(request))


def _review_context(request: HttpRequest, form: ImportConfirmForm | None = None) -> dict[str, Any]:
    pending = request.session[IMPORT_SESSION_KEY]
    context: dict[str, Any] = {"pending": pending, "kind": pending["kind"]}
    if pending["kind"] == "profile":
        parsed = read_profile(pending["text"], actions.vocabulary())
        context["profile"] = parsed
        context["existing"] = actions.find_profile(parsed.city, parsed.country)
    else:
        document = read_document(pending["text"], pending["title"])
        context["document"] = document
        similar = actions.find_similar_document(pending["text"])
        context["similar"] = similar[0] if similar else None
        context["similarity"] = round(similar[1] * 100) if similar else 0
        city, country = actions.suggest_place(pending["text"], document.title)
        if pending["city"]:
            city = CityProfile.objects.filter(pk=pending["city"]).first() or city
            country = city.country if city is not None else country
        context["form"] = form or ImportConfirmForm(
            initial={"city": city.pk if city else None, "country": country, "replace": "update"}
        )
    return context


@editor
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: save what the review showed (for a document, with the place and, when it
    repeats a document of the hub, whether it updates that one)."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending:
        messages.error(request, _("There is no import to save. Start again."))
        return redirect("hub:import")
    actor = Actor.of(request)
    if pending["kind"] == "profile":
        context = _review_context(request)
        profile = actions.import_profile(
            actor,
            context["profile"],
            text=pending["text"],
            source_name=pending["source_name"],
            source_format=pending["source_format"],
        )
        target = profile.get_absolute_url()
    else:
        form = ImportConfirmForm(request.POST)
        context = _review_context(request, form)
        if not form.is_valid():
            return render(request, "hub/import_review.html", context, status=422)
        data = form.cleaned_data
        similar = context["similar"]
        replace = similar.pk if similar is not None and data.get("replace") != "new" else None
        document = actions.import_document(
            actor,
            context["document"],
            text=pending["text"],
            source_name=pending["source_name"],
            source_format=pending["source_format"],
            title=pending["title"],
            city_id=data["city"].pk if data.get("city") else None,
            country=data.get("country") or "",
            replace_id=replace,
        )
        target = document.get_absolute_url()
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, _("The import was saved."))
    return redirect(target)


# --- the thesaurus -----------------------------------------------------------------------


@readable
def thesaurus(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "hub/thesaurus.html",
        {
            "page": _page(
                request,
                Concept.objects.order_by("code").prefetch_related("broader"),
                size=50,
            ),
            "can_edit": _can_edit(request),
        },
    )


def _concept_form(request: HttpRequest, concept: Concept | None) -> HttpResponse:
    form = ConceptForm(request.POST or None, instance=concept)
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "broader"}
            actions.save_concept(
                Actor.of(request),
                concept.pk if concept is not None else None,
                data,
                broader=[c.pk for c in form.cleaned_data["broader"]],
            )
            messages.success(request, _("The concept was saved."))
            return redirect("hub:thesaurus")
        status = 422
    else:
        status = 200
    return render(
        request, "hub/concept_form.html", {"form": form, "concept": concept}, status=status
    )


@editor
def concept_create(request: HttpRequest) -> HttpResponse:
    return _concept_form(request, None)


@editor
def concept_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _concept_form(request, get_object_or_404(Concept, pk=pk))


@editor
@require_POST
def concept_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_concept(Actor.of(request), get_object_or_404(Concept, pk=pk).pk)
    messages.success(request, _("The concept was deleted."))
    return redirect("hub:thesaurus")
