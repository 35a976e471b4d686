"""The model's groups and regions of birth, and their codes (shared by the parameter
schema and the state)."""

MAJORITY, IMMIGRANT = 0, 1
GROUPS = ("majority", "immigrant")
#: Regions of birth, following SSB's country groups: the majority (no immigrant
#: background), then Nordic countries, the rest of Western Europe, North America and
#: Oceania ("western"); EU and other Eastern Europe; Asia (with Turkey) and South and
#: Central America; Africa.
ORIGINS = ("majority", "western", "eastern_europe", "asia_latin_america", "africa")
IMMIGRANT_ORIGINS = ORIGINS[1:]
#: How the regions of birth read in text.
ORIGIN_LABELS = {"majority": "without immigrant background", "western": "Western",
                 "eastern_europe": "Eastern Europe",
                 "asia_latin_america": "Asia and Latin America", "africa": "Africa"}
N_ORIGINS = len(ORIGINS)
