"""Embedded places: US cities with state, ZIP prefix and area code; streets; passport countries."""

from __future__ import annotations

# (city, state, three-digit ZIP prefix, telephone area code)
CITIES: tuple[tuple[str, str, str, str], ...] = (
    ("Los Angeles", "CA", "900", "213"),
    ("Houston", "TX", "770", "713"),
    ("Miami", "FL", "331", "305"),
    ("New York", "NY", "100", "212"),
    ("Brooklyn", "NY", "112", "718"),
    ("Flushing", "NY", "113", "718"),
    ("Chicago", "IL", "606", "312"),
    ("Phoenix", "AZ", "850", "602"),
    ("San Antonio", "TX", "782", "210"),
    ("Dallas", "TX", "752", "214"),
    ("San Diego", "CA", "921", "619"),
    ("San Jose", "CA", "951", "408"),
    ("Orlando", "FL", "328", "407"),
    ("Atlanta", "GA", "303", "404"),
    ("Newark", "NJ", "071", "973"),
    ("Elizabeth", "NJ", "072", "908"),
    ("Paterson", "NJ", "075", "973"),
    ("Jersey City", "NJ", "073", "201"),
    ("Boston", "MA", "021", "617"),
    ("Lowell", "MA", "018", "978"),
    ("Seattle", "WA", "981", "206"),
    ("Denver", "CO", "802", "303"),
    ("Las Vegas", "NV", "891", "702"),
    ("El Paso", "TX", "799", "915"),
    ("McAllen", "TX", "785", "956"),
    ("Laredo", "TX", "780", "956"),
    ("Austin", "TX", "787", "512"),
    ("Fresno", "CA", "937", "559"),
    ("Sacramento", "CA", "958", "916"),
    ("Santa Ana", "CA", "927", "714"),
    ("Garden Grove", "CA", "928", "714"),
    ("San Francisco", "CA", "941", "415"),
    ("Oakland", "CA", "946", "510"),
    ("Charlotte", "NC", "282", "704"),
    ("Raleigh", "NC", "276", "919"),
    ("Nashville", "TN", "372", "615"),
    ("Minneapolis", "MN", "554", "612"),
    ("Philadelphia", "PA", "191", "215"),
    ("Washington", "DC", "200", "202"),
    ("Silver Spring", "MD", "209", "301"),
    ("Arlington", "VA", "222", "703"),
    ("Dearborn", "MI", "481", "313"),
    ("Hialeah", "FL", "330", "305"),
    ("Fort Lauderdale", "FL", "333", "954"),
    ("Salt Lake City", "UT", "841", "801"),
    ("Omaha", "NE", "681", "402"),
    ("Portland", "OR", "972", "503"),
    ("Tucson", "AZ", "857", "520"),
    ("Albuquerque", "NM", "871", "505"),
    ("Providence", "RI", "029", "401"),
)

STREETS: tuple[str, ...] = (
    "Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Lincoln",
    "Jefferson", "Madison", "Franklin", "Jackson", "Church", "Spring", "Ridge", "Sunset", "Highland",
    "Valley", "Center", "Mill", "River", "Forest", "Meadow", "Willow", "Chestnut", "Walnut", "Cherry",
    "Magnolia", "Palm", "Bay", "Ocean", "Mission", "Alameda", "Santa Rosa", "Cesar Chavez",
    "Martin Luther King Jr", "Broadway", "Grand", "Central", "Market", "Union", "Liberty", "Bedford",
    "Flatbush", "Roosevelt", "Kennedy", "Pershing", "Fulton", "Atlantic", "Pacific", "Mockingbird",
    "Bellaire", "Westheimer", "Flagler", "Biscayne", "Coral", "Kedzie", "Pulaski", "Halsted",
    "Ashland", "Cicero", "Western", "Vermont", "Figueroa", "Alvarado", "Hoover", "Normandie", "Pico",
    "Olympic", "Whittier", "Euclid", "Harbor", "Bolsa", "Brookhurst", "Magnolia Park", "Evergreen",
)

# Street type: (full word, usual abbreviation)
STREET_TYPES: tuple[tuple[str, str], ...] = (
    ("Street", "St"), ("Avenue", "Ave"), ("Boulevard", "Blvd"), ("Road", "Rd"), ("Drive", "Dr"),
    ("Lane", "Ln"), ("Court", "Ct"), ("Place", "Pl"), ("Terrace", "Ter"), ("Way", "Way"),
)

# Passport countries (ISO 3166 alpha-3) by origin; a country listed twice is drawn twice as often.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "hispanic": ("MEX", "MEX", "MEX", "MEX", "GTM", "HND", "SLV", "COL", "VEN", "DOM", "CUB", "PER",
                 "ECU", "NIC"),
    "anglo": ("GBR", "GBR", "CAN", "CAN", "IRL", "AUS", "JAM", "NZL"),
    "chinese": ("CHN", "CHN", "CHN", "TWN", "HKG", "MYS"),
    "vietnamese": ("VNM",),
    "arabic": ("EGY", "SYR", "IRQ", "JOR", "LBN", "YEM", "SAU", "MAR", "SDN"),
    "indian": ("IND", "IND", "IND", "IND", "KEN", "FJI"),
    "haitian": ("HTI",),
    "filipino": ("PHL",),
    "korean": ("KOR",),
    "nigerian": ("NGA",),
    "slavic": ("UKR", "UKR", "RUS", "POL"),
    "brazilian": ("BRA", "BRA", "PRT"),
}

# Origin weights among people born abroad, and among citizens by birth.
FOREIGN_ORIGINS: dict[str, float] = {
    "hispanic": 0.42, "chinese": 0.07, "indian": 0.08, "vietnamese": 0.04, "filipino": 0.05,
    "arabic": 0.05, "haitian": 0.04, "anglo": 0.06, "korean": 0.03, "nigerian": 0.03, "slavic": 0.04,
    "brazilian": 0.03,
}
NATIVE_ORIGINS: dict[str, float] = {
    "anglo": 0.50, "hispanic": 0.28, "chinese": 0.04, "indian": 0.03, "vietnamese": 0.03,
    "filipino": 0.03, "arabic": 0.02, "haitian": 0.03, "korean": 0.02, "nigerian": 0.02,
}
