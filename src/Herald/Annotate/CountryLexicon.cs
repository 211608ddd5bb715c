namespace Herald.Annotate;

/// <summary>A country: ISO 3166 codes, the names and adjectives news uses for it, and its capital (for "Moscow said").</summary>
internal sealed record Country(string Iso3, string Iso2, string Name, IReadOnlyList<string> Names, IReadOnlyList<string> Demonyms, string? Capital);

/// <summary>
/// Hand-written country table (names, demonyms, capitals as news writes them). Shared by the fallback name finder,
/// the fallback place resolver and the event actor coder, which needs ISO-3 codes.
/// </summary>
internal static class CountryLexicon
{
    // ISO3|ISO2|names (first is the canonical one)|demonyms|capital
    private const string Data = """
AFG|AF|Afghanistan|Afghan;Afghans|Kabul
ALB|AL|Albania|Albanian;Albanians|Tirana
DZA|DZ|Algeria|Algerian;Algerians|Algiers
AGO|AO|Angola|Angolan;Angolans|Luanda
ARG|AR|Argentina|Argentine;Argentinian;Argentinians|Buenos Aires
ARM|AM|Armenia|Armenian;Armenians|Yerevan
AUS|AU|Australia|Australian;Australians|Canberra
AUT|AT|Austria|Austrian;Austrians|Vienna
AZE|AZ|Azerbaijan|Azerbaijani;Azeri;Azerbaijanis|Baku
BHR|BH|Bahrain|Bahraini;Bahrainis|Manama
BGD|BD|Bangladesh|Bangladeshi;Bangladeshis|Dhaka
BLR|BY|Belarus|Belarusian;Belarusians|Minsk
BEL|BE|Belgium|Belgian;Belgians|Brussels
BEN|BJ|Benin|Beninese|Porto-Novo
BOL|BO|Bolivia|Bolivian;Bolivians|La Paz
BIH|BA|Bosnia and Herzegovina;Bosnia|Bosnian;Bosnians|Sarajevo
BWA|BW|Botswana|Botswanan|Gaborone
BRA|BR|Brazil|Brazilian;Brazilians|Brasilia
BGR|BG|Bulgaria|Bulgarian;Bulgarians|Sofia
BFA|BF|Burkina Faso|Burkinabe|Ouagadougou
BDI|BI|Burundi|Burundian;Burundians|Gitega
KHM|KH|Cambodia|Cambodian;Cambodians|Phnom Penh
CMR|CM|Cameroon|Cameroonian;Cameroonians|Yaounde
CAN|CA|Canada|Canadian;Canadians|Ottawa
CAF|CF|Central African Republic|Central African|Bangui
TCD|TD|Chad|Chadian;Chadians|N'Djamena
CHL|CL|Chile|Chilean;Chileans|Santiago
CHN|CN|China;People's Republic of China|Chinese|Beijing
COL|CO|Colombia|Colombian;Colombians|Bogota
COD|CD|Democratic Republic of the Congo;DR Congo;DRC|Congolese|Kinshasa
COG|CG|Republic of the Congo;Congo|Congolese|Brazzaville
CRI|CR|Costa Rica|Costa Rican;Costa Ricans|San Jose
CIV|CI|Ivory Coast;Cote d'Ivoire|Ivorian;Ivorians|Yamoussoukro
HRV|HR|Croatia|Croatian;Croatians;Croat;Croats|Zagreb
CUB|CU|Cuba|Cuban;Cubans|Havana
CYP|CY|Cyprus|Cypriot;Cypriots|Nicosia
CZE|CZ|Czech Republic;Czechia|Czech;Czechs|Prague
DNK|DK|Denmark|Danish;Dane;Danes|Copenhagen
DJI|DJ|Djibouti|Djiboutian|
DOM|DO|Dominican Republic|Dominican;Dominicans|Santo Domingo
ECU|EC|Ecuador|Ecuadorian;Ecuadorians|Quito
EGY|EG|Egypt|Egyptian;Egyptians|Cairo
SLV|SV|El Salvador|Salvadoran;Salvadorans|San Salvador
ERI|ER|Eritrea|Eritrean;Eritreans|Asmara
EST|EE|Estonia|Estonian;Estonians|Tallinn
ETH|ET|Ethiopia|Ethiopian;Ethiopians|Addis Ababa
FIN|FI|Finland|Finnish;Finn;Finns|Helsinki
FRA|FR|France|French|Paris
GAB|GA|Gabon|Gabonese|Libreville
GMB|GM|Gambia;The Gambia|Gambian;Gambians|Banjul
GEO|GE|Georgia|Georgian;Georgians|Tbilisi
DEU|DE|Germany|German;Germans|Berlin
GHA|GH|Ghana|Ghanaian;Ghanaians|Accra
GRC|GR|Greece|Greek;Greeks|Athens
GTM|GT|Guatemala|Guatemalan;Guatemalans|Guatemala City
GIN|GN|Guinea|Guinean;Guineans|Conakry
HTI|HT|Haiti|Haitian;Haitians|Port-au-Prince
HND|HN|Honduras|Honduran;Hondurans|Tegucigalpa
HUN|HU|Hungary|Hungarian;Hungarians|Budapest
ISL|IS|Iceland|Icelandic;Icelanders|Reykjavik
IND|IN|India|Indian;Indians|New Delhi
IDN|ID|Indonesia|Indonesian;Indonesians|Jakarta
IRN|IR|Iran|Iranian;Iranians|Tehran
IRQ|IQ|Iraq|Iraqi;Iraqis|Baghdad
IRL|IE|Ireland|Irish|Dublin
ISR|IL|Israel|Israeli;Israelis|Jerusalem
ITA|IT|Italy|Italian;Italians|Rome
JAM|JM|Jamaica|Jamaican;Jamaicans|Kingston
JPN|JP|Japan|Japanese|Tokyo
JOR|JO|Jordan|Jordanian;Jordanians|Amman
KAZ|KZ|Kazakhstan|Kazakh;Kazakhs|Astana
KEN|KE|Kenya|Kenyan;Kenyans|Nairobi
PRK|KP|North Korea;DPRK|North Korean;North Koreans|Pyongyang
KOR|KR|South Korea;Republic of Korea|South Korean;South Koreans|Seoul
KWT|KW|Kuwait|Kuwaiti;Kuwaitis|Kuwait City
KGZ|KG|Kyrgyzstan|Kyrgyz|Bishkek
LAO|LA|Laos|Laotian;Lao|Vientiane
LVA|LV|Latvia|Latvian;Latvians|Riga
LBN|LB|Lebanon|Lebanese|Beirut
LBR|LR|Liberia|Liberian;Liberians|Monrovia
LBY|LY|Libya|Libyan;Libyans|Tripoli
LTU|LT|Lithuania|Lithuanian;Lithuanians|Vilnius
LUX|LU|Luxembourg|Luxembourgish|
MDG|MG|Madagascar|Malagasy|Antananarivo
MWI|MW|Malawi|Malawian;Malawians|Lilongwe
MYS|MY|Malaysia|Malaysian;Malaysians|Kuala Lumpur
MLI|ML|Mali|Malian;Malians|Bamako
MRT|MR|Mauritania|Mauritanian;Mauritanians|Nouakchott
MEX|MX|Mexico|Mexican;Mexicans|Mexico City
MDA|MD|Moldova|Moldovan;Moldovans|Chisinau
MNG|MN|Mongolia|Mongolian;Mongolians|Ulaanbaatar
MNE|ME|Montenegro|Montenegrin|Podgorica
MAR|MA|Morocco|Moroccan;Moroccans|Rabat
MOZ|MZ|Mozambique|Mozambican;Mozambicans|Maputo
MMR|MM|Myanmar;Burma|Burmese|Naypyidaw
NAM|NA|Namibia|Namibian;Namibians|Windhoek
NPL|NP|Nepal|Nepali;Nepalese|Kathmandu
NLD|NL|Netherlands;Holland|Dutch|Amsterdam
NZL|NZ|New Zealand|New Zealander;New Zealanders|Wellington
NIC|NI|Nicaragua|Nicaraguan;Nicaraguans|Managua
NER|NE|Niger|Nigerien|Niamey
NGA|NG|Nigeria|Nigerian;Nigerians|Abuja
MKD|MK|North Macedonia;Macedonia|Macedonian;Macedonians|Skopje
NOR|NO|Norway|Norwegian;Norwegians|Oslo
OMN|OM|Oman|Omani;Omanis|Muscat
PAK|PK|Pakistan|Pakistani;Pakistanis|Islamabad
PSE|PS|Palestine;Palestinian Territories;West Bank;Gaza;Gaza Strip|Palestinian;Palestinians|Ramallah
PAN|PA|Panama|Panamanian;Panamanians|Panama City
PNG|PG|Papua New Guinea|Papua New Guinean|Port Moresby
PRY|PY|Paraguay|Paraguayan;Paraguayans|Asuncion
PER|PE|Peru|Peruvian;Peruvians|Lima
PHL|PH|Philippines|Filipino;Filipinos;Philippine|Manila
POL|PL|Poland|Polish;Pole;Poles|Warsaw
PRT|PT|Portugal|Portuguese|Lisbon
QAT|QA|Qatar|Qatari;Qataris|Doha
ROU|RO|Romania|Romanian;Romanians|Bucharest
RUS|RU|Russia;Russian Federation|Russian;Russians|Moscow
RWA|RW|Rwanda|Rwandan;Rwandans|Kigali
SAU|SA|Saudi Arabia|Saudi;Saudis|Riyadh
SEN|SN|Senegal|Senegalese|Dakar
SRB|RS|Serbia|Serbian;Serbians;Serb;Serbs|Belgrade
SLE|SL|Sierra Leone|Sierra Leonean|Freetown
SGP|SG|Singapore|Singaporean;Singaporeans|
SVK|SK|Slovakia|Slovak;Slovaks|Bratislava
SVN|SI|Slovenia|Slovenian;Slovenians;Slovene|Ljubljana
SOM|SO|Somalia|Somali;Somalis|Mogadishu
ZAF|ZA|South Africa|South African;South Africans|Pretoria
SSD|SS|South Sudan|South Sudanese|Juba
ESP|ES|Spain|Spanish;Spaniard;Spaniards|Madrid
LKA|LK|Sri Lanka|Sri Lankan;Sri Lankans|Colombo
SDN|SD|Sudan|Sudanese|Khartoum
SWE|SE|Sweden|Swedish;Swede;Swedes|Stockholm
CHE|CH|Switzerland|Swiss|Bern
SYR|SY|Syria|Syrian;Syrians|Damascus
TWN|TW|Taiwan|Taiwanese|Taipei
TJK|TJ|Tajikistan|Tajik;Tajiks|Dushanbe
TZA|TZ|Tanzania|Tanzanian;Tanzanians|Dodoma
THA|TH|Thailand|Thai;Thais|Bangkok
TGO|TG|Togo|Togolese|Lome
TUN|TN|Tunisia|Tunisian;Tunisians|Tunis
TUR|TR|Turkey;Turkiye|Turkish;Turk;Turks|Ankara
TKM|TM|Turkmenistan|Turkmen|Ashgabat
UGA|UG|Uganda|Ugandan;Ugandans|Kampala
UKR|UA|Ukraine|Ukrainian;Ukrainians|Kiev;Kyiv
ARE|AE|United Arab Emirates;UAE|Emirati;Emiratis|Abu Dhabi
GBR|GB|United Kingdom;Britain;Great Britain;UK;U.K.;England;Scotland;Wales|British;Briton;Britons;English;Scottish;Welsh|London
USA|US|United States;United States of America;US;U.S.;USA;America|American;Americans|Washington
URY|UY|Uruguay|Uruguayan;Uruguayans|Montevideo
UZB|UZ|Uzbekistan|Uzbek;Uzbeks|Tashkent
VEN|VE|Venezuela|Venezuelan;Venezuelans|Caracas
VNM|VN|Vietnam|Vietnamese|Hanoi
YEM|YE|Yemen|Yemeni;Yemenis|Sanaa
ZMB|ZM|Zambia|Zambian;Zambians|Lusaka
ZWE|ZW|Zimbabwe|Zimbabwean;Zimbabweans|Harare
VAT|VA|Vatican;Holy See|Vatican|Vatican City
""";

    private static readonly Lazy<(IReadOnlyList<Country> All, Dictionary<string, (Country Country, bool IsDemonym, bool IsCapital)> ByName, int MaxWords)> Table =
        new(Load);

    public static IReadOnlyList<Country> All => Table.Value.All;

    /// <summary>Longest number of words in any name, for greedy matching.</summary>
    public static int MaxWords => Table.Value.MaxWords;

    /// <summary>Looks up a name, demonym or capital, exactly as written ("U.S.", "Russian", "Moscow").</summary>
    public static bool TryFind(string phrase, out Country country, out bool isDemonym, out bool isCapital)
    {
        if (Table.Value.ByName.TryGetValue(phrase, out var hit))
        {
            (country, isDemonym, isCapital) = hit;
            return true;
        }

        country = null!;
        isDemonym = isCapital = false;
        return false;
    }

    public static Country? ByIso3(string iso3) => All.FirstOrDefault(c => c.Iso3 == iso3);

    private static (IReadOnlyList<Country>, Dictionary<string, (Country, bool, bool)>, int) Load()
    {
        var all = new List<Country>();
        var byName = new Dictionary<string, (Country, bool, bool)>(StringComparer.Ordinal);
        var maxWords = 1;
        foreach (var line in Data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split('|');
            var names = f[2].Split(';', StringSplitOptions.RemoveEmptyEntries);
            var demonyms = f[3].Split(';', StringSplitOptions.RemoveEmptyEntries);
            var capitals = f[4].Split(';', StringSplitOptions.RemoveEmptyEntries);
            var c = new Country(f[0], f[1], names[0], names, demonyms, capitals.FirstOrDefault());
            all.Add(c);
            foreach (var n in names)
            {
                byName.TryAdd(n, (c, false, false));
                maxWords = Math.Max(maxWords, n.Split(' ').Length);
            }

            foreach (var d in demonyms)
            {
                byName.TryAdd(d, (c, true, false));
            }

            foreach (var cap in capitals)
            {
                byName.TryAdd(cap, (c, false, true));
            }
        }

        return (all, byName, maxWords);
    }
}
