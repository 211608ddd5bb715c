using Herald.Model;

namespace Herald.Annotate.Events;

/// <summary>An actor found in a sentence: token range [First, End) and its CAMEO actor code ("RUS", "USAMIL", "IRQGOV").</summary>
internal readonly record struct ActorSpan(int First, int End, string Code, string Text);

/// <summary>Finds CAMEO actors in one sentence. Implementations are pure; the coder asks once per sentence.</summary>
internal interface IActorCoder
{
    IReadOnlyList<ActorSpan> Find(TextUnits units, Sentence sentence, IReadOnlyList<EntityMention> entities);
}

/// <summary>
/// Herald's actor coder: countries, their adjectives and capitals as ISO-3 codes (<see cref="CountryLexicon"/>), combined
/// with the agent a role word names ("ministry", "troops", "rebels" → GOV, MIL, REB…) when it follows or precedes the
/// country ("Russia's Ministry of Defense" → RUSGOV, "the US military" → USAMIL, "Iraqi police" → IRQCOP); a few
/// international organisations by their CAMEO codes; and a bare role word as an agent-only actor ("rebels" → REB).
/// </summary>
internal sealed class CameoActorCoder : IActorCoder
{
    private static readonly Dictionary<string, string> Agents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["government"] = "GOV", ["administration"] = "GOV", ["ministry"] = "GOV", ["minister"] = "GOV", ["president"] = "GOV",
        ["officials"] = "GOV", ["official"] = "GOV", ["spokesman"] = "GOV", ["spokeswoman"] = "GOV", ["spokesperson"] = "GOV",
        ["cabinet"] = "GOV", ["authorities"] = "GOV", ["diplomats"] = "GOV", ["diplomat"] = "GOV", ["ambassador"] = "GOV",
        ["envoy"] = "GOV", ["regime"] = "GOV", ["leader"] = "GOV", ["leaders"] = "GOV", ["secretary"] = "GOV", ["premier"] = "GOV",
        ["chancellor"] = "GOV", ["king"] = "GOV", ["embassy"] = "GOV", ["foreign"] = "GOV", ["state"] = "GOV",
        ["military"] = "MIL", ["army"] = "MIL", ["troops"] = "MIL", ["soldiers"] = "MIL", ["forces"] = "MIL", ["navy"] = "MIL",
        ["defense"] = "MIL", ["defence"] = "MIL", ["commander"] = "MIL", ["commanders"] = "MIL", ["warplanes"] = "MIL",
        ["jets"] = "MIL", ["command"] = "MIL", ["pentagon"] = "MIL", ["generals"] = "MIL",
        ["police"] = "COP", ["policemen"] = "COP", ["cops"] = "COP",
        ["rebels"] = "REB", ["rebel"] = "REB", ["insurgents"] = "REB", ["militants"] = "REB", ["guerrillas"] = "REB", ["militia"] = "REB",
        ["militias"] = "REB", ["separatists"] = "REB", ["jihadists"] = "REB",
        ["opposition"] = "OPP", ["dissidents"] = "OPP", ["protesters"] = "OPP", ["demonstrators"] = "OPP", ["activists"] = "OPP",
        ["parliament"] = "LEG", ["lawmakers"] = "LEG", ["legislators"] = "LEG", ["congress"] = "LEG", ["senate"] = "LEG", ["mps"] = "LEG",
        ["court"] = "JUD", ["judge"] = "JUD", ["judges"] = "JUD", ["prosecutors"] = "JUD", ["prosecutor"] = "JUD", ["judiciary"] = "JUD",
        ["media"] = "MED", ["newspaper"] = "MED", ["journalists"] = "MED", ["television"] = "MED",
        ["companies"] = "BUS", ["company"] = "BUS", ["firms"] = "BUS", ["businesses"] = "BUS",
        ["civilians"] = "CVL", ["residents"] = "CVL", ["villagers"] = "CVL", ["citizens"] = "CVL",
        ["refugees"] = "REF",
    };

    // Agent words that may stand alone as an actor; "officials" alone has no country and is left out.
    private static readonly HashSet<string> StandaloneAgents = new(StringComparer.OrdinalIgnoreCase)
    {
        "rebels", "insurgents", "militants", "guerrillas", "militia", "militias", "separatists", "jihadists", "protesters",
        "demonstrators", "opposition", "police",
    };

    private static readonly Dictionary<string, string> Organisations = new(StringComparer.Ordinal)
    {
        ["United Nations"] = "IGOUNO", ["UN"] = "IGOUNO", ["U.N."] = "IGOUNO", ["NATO"] = "IGOWSTNAT", ["European Union"] = "IGOEUREEC",
        ["EU"] = "IGOEUREEC", ["African Union"] = "IGOAFRAU", ["Arab League"] = "IGOARBLEG", ["ISIS"] = "IMGSUNISI",
        ["ISIL"] = "IMGSUNISI", ["Islamic State"] = "IMGSUNISI", ["al-Qaeda"] = "IMGSUNALQ", ["Al Qaeda"] = "IMGSUNALQ",
        ["Hamas"] = "PSEREBHMS", ["Hezbollah"] = "LBNREBHEZ", ["Taliban"] = "AFGREBTAL", ["Kremlin"] = "RUSGOV",
        ["White House"] = "USAGOV", ["Pentagon"] = "USAMIL", ["State Department"] = "USAGOV", ["Red Cross"] = "NGOIRC",
        ["Amnesty International"] = "NGOAMN", ["Human Rights Watch"] = "NGOHRW", ["IMF"] = "IGOIMF", ["World Bank"] = "IGOWBK",
    };

    public IReadOnlyList<ActorSpan> Find(TextUnits units, Sentence sentence, IReadOnlyList<EntityMention> entities)
    {
        var tokens = units.Tokens;
        var text = units.Text;
        var end = sentence.FirstToken + sentence.TokenCount;
        var found = new List<ActorSpan>();
        for (var i = sentence.FirstToken; i < end; i++)
        {
            if (!tokens[i].IsWord)
            {
                continue;
            }

            if (TryOrganisation(units, i, end, out var orgEnd, out var orgCode))
            {
                found.Add(new ActorSpan(i, orgEnd, orgCode, text[tokens[i].Start..tokens[orgEnd - 1].End]));
                i = orgEnd - 1;
                continue;
            }

            if (!tokens[i].IsCapitalised || !TryCountry(units, i, end, out var countryEnd, out var iso3, out var capital))
            {
                // Agent then "of" country: "the foreign minister of Iraq".
                if (Agents.TryGetValue(CapitalisedNameFinder.Bare(tokens[i].Text), out var lone))
                {
                    var k = i + 1;
                    while (k < end && tokens[k].IsWord && Agents.ContainsKey(CapitalisedNameFinder.Bare(tokens[k].Text)))
                    {
                        k++;
                    }

                    if (k + 1 < end && tokens[k].Is("of") && TryCountry(units, k + 1, end, out var ce, out var c3, out _))
                    {
                        found.Add(new ActorSpan(i, ce, c3 + AgentOf(tokens, i, k, lone), text[tokens[i].Start..tokens[ce - 1].End]));
                        i = ce - 1;
                    }
                    else if (StandaloneAgents.Contains(tokens[i].Text) && !(i > sentence.FirstToken && found.Count > 0 && found[^1].End == i))
                    {
                        found.Add(new ActorSpan(i, k, lone, text[tokens[i].Start..tokens[k - 1].End]));
                        i = k - 1;
                    }
                }

                continue;
            }

            // Country, then up to four modifier or agent words: "Russia's Ministry of Defense", "US military officials".
            var code = iso3;
            var j = countryEnd;
            string? agent = capital ? "GOV" : null;
            var last = countryEnd;
            for (var k = countryEnd; k < end && k < countryEnd + 5; k++)
            {
                var w = CapitalisedNameFinder.Bare(tokens[k].Text);
                if (!tokens[k].IsWord)
                {
                    break;
                }

                if (Agents.TryGetValue(w, out var a))
                {
                    // A more specific agent later in the phrase wins ("Ministry of Defense" → MIL would be wrong: a ministry governs).
                    agent = agent is null || (agent == "GOV" && a != "GOV" && !IsMinistryPhrase(tokens, countryEnd, k)) ? a : agent;
                    last = k + 1;
                    continue;
                }

                if (tokens[k].Is("of") || w is "Foreign" or "Interior" or "Affairs" or "Iraqi" or "civil" or "air" or "Air" or "special" or "security" or "top" or "senior" or "armed" or "riot" or "federal" or "national" or "National" or "local" or "state-run" or "led" or "Defense" or "Defence")
                {
                    continue;
                }

                break;
            }

            if (last > countryEnd)
            {
                j = last;
            }

            if (agent is not null)
            {
                code += agent;
            }

            found.Add(new ActorSpan(i, j, code, CapitalisedNameFinder.Bare(text[tokens[i].Start..tokens[j - 1].End])));
            i = j - 1;
        }

        return found;
    }

    private static bool IsMinistryPhrase(IReadOnlyList<Token> tokens, int from, int k)
    {
        for (var x = from; x < k; x++)
        {
            if (tokens[x].Is("ministry") || tokens[x].Is("minister") || tokens[x].Is("secretary"))
            {
                return true;
            }
        }

        return false;
    }

    private static string AgentOf(IReadOnlyList<Token> tokens, int from, int to, string first)
    {
        for (var x = from; x < to; x++)
        {
            if (Agents.TryGetValue(tokens[x].Text, out var a) && a != "GOV")
            {
                return IsMinistryPhrase(tokens, from, to) ? "GOV" : a;
            }
        }

        return first;
    }

    private static bool TryOrganisation(TextUnits units, int i, int end, out int orgEnd, out string code)
    {
        var tokens = units.Tokens;
        // Looked up by span: this runs at every word of every sentence, and a substring for each of its three
        // lengths was most of event coding's garbage.
        var organisations = Organisations.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var n = Math.Min(3, end - i); n >= 1; n--)
        {
            var phrase = CapitalisedNameFinder.Bare(units.Text.AsSpan(tokens[i].Start, tokens[i + n - 1].End - tokens[i].Start));
            if (organisations.TryGetValue(phrase, out code!))
            {
                orgEnd = i + n;
                return true;
            }
        }

        orgEnd = i;
        code = "";
        return false;
    }

    private static bool TryCountry(TextUnits units, int i, int end, out int countryEnd, out string iso3, out bool capital)
    {
        var tokens = units.Tokens;
        for (var n = Math.Min(CountryLexicon.MaxWords, end - i); n >= 1; n--)
        {
            var phrase = CapitalisedNameFinder.Bare(units.Text[tokens[i].Start..tokens[i + n - 1].End]);
            var hyphen = n == 1 ? phrase.IndexOf('-', StringComparison.Ordinal) : -1;
            if (hyphen > 0 && !CountryLexicon.TryFind(phrase, out _, out _, out _))
            {
                phrase = phrase[..hyphen];
            }

            if (CountryLexicon.TryFind(phrase, out var country, out _, out capital))
            {
                countryEnd = i + n;
                iso3 = country.Iso3;
                return true;
            }
        }

        countryEnd = i;
        iso3 = "";
        capital = false;
        return false;
    }
}
