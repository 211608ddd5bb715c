using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Herald.Annotate;
using Herald.Annotate.Events;
using Herald.Model;

namespace Herald.Bench.Annotate;

/// <summary>
/// Scores Herald's CAMEO event coder on the PETRARCH2 unit-test records and the UniversalPetrarch validation suite,
/// using each suite's own toy actor and agent dictionaries for actors and Herald's verb lexicon for events. A coding
/// counts as found when source, target and event code all match; false positives are predicted codings no record
/// expects, as a share of all predictions (UniversalPetrarch's own definition). Records marked evaluate="false" or
/// error="…" are skipped, as the suites' own runners do.
/// </summary>
internal static partial class EventsEvaluation
{
    public sealed record Score(string Suite, int Records, int Expected, int Found, int Predicted, int FalsePositives, int ToyCodes)
    {
        public double Recall => Expected == 0 ? 0 : (double)Found / Expected;

        public double FalsePositiveRate => Predicted == 0 ? 0 : (double)FalsePositives / Predicted;
    }

    /// <param name="verbs">The suite's own verb dictionary, or null to use Herald's CAMEO lexicon.</param>
    /// <param name="ontology">The suite's internal coding ontology, which says what negated verbs code, or null.</param>
    public static Score Run(string suite, string records, string actors, string agents, string? verbs, string? ontology, Action<string>? trace = null)
    {
        var dictionary = new PetrarchActors(actors, agents);
        var coder = new EventCoder(dictionary, verbs is null ? null : PetrarchVerbs.Load(verbs), ontology is null ? null : PetrarchOntology.Negations(ontology));
        var names = new CapitalisedNameFinder();
        // The suites' files are not well-formed XML ("--" inside comments), so records are read element by element.
        var content = Comments().Replace(File.ReadAllText(records), "");
        int n = 0, expected = 0, found = 0, predicted = 0, falsePositives = 0, toy = 0;
        foreach (Match block in SentenceBlock().Matches(content))
        {
            XElement s;
            try
            {
                var xml = block.Value;
                var parse = xml.IndexOf("<Parse>", StringComparison.Ordinal);
                if (parse >= 0)
                {
                    xml = xml[..parse] + "</Sentence>";
                }

                s = XElement.Parse(xml);
            }
            catch (System.Xml.XmlException)
            {
                continue;
            }

            if ((string?)s.Attribute("evaluate") == "false" || s.Elements("EventCoding").Any(e => e.Attribute("error") is not null))
            {
                continue;
            }

            var text = Spaces().Replace(s.Element("Text")?.Value ?? "", " ").Trim();
            if (text.Length == 0)
            {
                continue;
            }

            n++;
            var gold = new HashSet<(string, string, string)>();
            foreach (var e in s.Elements("EventCoding"))
            {
                if (e.Attribute("eventcode") is { } code)
                {
                    var c = code.Value.Trim();
                    // "FRO/BIL/SAM" lists alternatives that each act: the coder emits one coding per pair, so gold is expanded alike.
                    foreach (var src in ((string?)e.Attribute("sourcecode") ?? "").Split('/'))
                    {
                        foreach (var tgt in ((string?)e.Attribute("targetcode") ?? "").Split('/'))
                        {
                            gold.Add((src, tgt, c));
                        }
                    }

                    if (!IsCameo(c))
                    {
                        toy++;
                    }
                }
            }

            dictionary.Date = int.TryParse((string?)s.Attribute("date"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 20000101;
            var units = TextUnits.Of(text);
            var events = new List<EventMention>();
            var entities = names.Recognize(text);
            var quotes = Herald.Annotate.Quotes.QuoteAnnotator.FindQuoteSpans(text);
            foreach (var sentence in units.Sentences)
            {
                coder.CodeSentence(units, sentence, entities, [], quotes, events);
            }

            var got = events.Select(e => (e.Source, e.Target, e.Code)).ToHashSet();
            expected += gold.Count;
            found += gold.Count(g => got.Contains(g));
            predicted += got.Count;
            falsePositives += got.Count(g => !gold.Contains(g));
            if (trace is not null && !gold.SetEquals(got))
            {
                trace($"{(string?)s.Attribute("id")}: {text}\n   expected {string.Join(' ', gold)}\n   got      {string.Join(' ', got)}");
            }
        }

        return new Score(suite, n, expected, found, predicted, falsePositives, toy);
    }

    /// <summary>A real CAMEO event code: root 01–20 and up to two more digits (the suites also use WEIS-era toy codes such as 903).</summary>
    public static bool IsCameo(string code) => CameoCode().IsMatch(code);

    [GeneratedRegex(@"^(0[1-9]|1[0-9]|20)[0-9]{1,2}$")]
    private static partial Regex CameoCode();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"<Sentence\b.*?</Sentence>", RegexOptions.Singleline)]
    private static partial Regex SentenceBlock();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
