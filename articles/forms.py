"""Reader-facing forms: the search query and its filters, validated before anything is searched."""

from django import forms

from .models import Organization, Person, Place, Source, Topic
from .search import SORTS

MAX_QUERY_LENGTH = 1000
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class SlugChoiceField(forms.ModelChoiceField):
    """An entity picked by its slug in the URL (?person=valery-gerasimov), as facet links write it."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, widget=forms.HiddenInput, **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text='Words, "an exact phrase", OR between alternatives, -word to leave out.',
    )
    date_from = forms.DateField(label="Published from", required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label="Published until", required=False, widget=DATE_INPUT)
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(sort, sort.capitalize()) for sort in SORTS]
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    source = SlugChoiceField(Source.objects.none(), label="Source")
    person = SlugChoiceField(Person.objects.none(), label="Person")
    organization = SlugChoiceField(Organization.objects.none(), label="Organisation")
    place = SlugChoiceField(Place.objects.none(), label="Place")
    topic = SlugChoiceField(Topic.objects.none(), label="Topic")

    language = forms.CharField(label="Language", required=False, max_length=12, widget=forms.HiddenInput)

    FILTERS = ("source", "person", "organization", "place", "topic", "language")
    ENTITY_FILTERS = {
        "source": Source,
        "person": Person,
        "organization": Organization,
        "place": Place,
        "topic": Topic,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: "public" depends on the time (scheduled stories) and drafts stay unseen.
        for name, model in self.ENTITY_FILTERS.items():
            self.fields[name].queryset = model.objects.public()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date is before the start date.")
        data["sort"] = data.get("sort") or ("relevance" if data.get("q") else "newest")
        data["page"] = data.get("page") or 1
        return data

    def has_criteria(self) -> bool:
        """Whether there is anything to search for: a query, a filter or a date."""
        data = self.cleaned_data
        return bool(data.get("q") or data.get("date_from") or data.get("date_to")) or any(
            data.get(name) for name in self.FILTERS
        )

    def active_filters(self) -> list[tuple[str, str, object]]:
        """(parameter, label, value) of each filter in use, for "remove this filter" links."""
        return [
            (name, self.fields[name].label, self.cleaned_data[name])
            for name in self.FILTERS
            if self.cleaned_data.get(name)
        ]
