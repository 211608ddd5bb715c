using System.Text;
using Herald.Model;

namespace Herald.Bench.Stories;

/// <summary>
/// An endless, deterministic stream of synthetic news articles for throughput and memory figures: events come
/// and go over time (each lives about a day), every article reports one event with its names and vocabulary
/// over Zipf-distributed common words, and a few are wire copies of an earlier article.
/// </summary>
internal sealed class ArticleGenerator(int seed = 42)
{
    private const int Vocabulary = 40_000;
    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ra", "te", "su", "no", "ve", "di", "an", "or", "el", "um", "ta", "ri", "po", "ge", "ba", "sh", "qu"];

    private readonly Random _rng = new(seed);
    private readonly List<Event> _events = [];
    private readonly double[] _zipf = BuildZipf();
    private readonly List<Article> _recent = [];
    private DateTimeOffset _clock = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _n;

    public Article Next()
    {
        _n++;
        _clock = _clock.AddSeconds(8.64); // 10,000 articles a day
        _events.RemoveAll(e => e.Ends < _clock);
        if (_events.Count < 50 || _rng.NextDouble() < 0.15)
        {
            _events.Add(NewEvent());
        }

        var id = "g" + _n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_recent.Count > 0 && _rng.NextDouble() < 0.05)
        {
            var original = _recent[_rng.Next(_recent.Count)];
            return original with { Id = id, Url = $"https://copy.example/{id}", Published = _clock, Outlet = "Wire reprint" };
        }

        var ev = _events[_rng.Next(_events.Count)];
        var title = new StringBuilder();
        for (var i = 0; i < 7; i++)
        {
            title.Append(i % 3 == 0 ? ev.Names[_rng.Next(ev.Names.Length)] : ev.Words[_rng.Next(ev.Words.Length)]).Append(' ');
        }

        var body = new StringBuilder();
        var paragraphs = _rng.Next(4, 9);
        for (var p = 0; p < paragraphs; p++)
        {
            var sentenceWords = 0;
            for (var w = 0; w < 30; w++)
            {
                var r = _rng.NextDouble();
                var word = r < 0.25 ? ev.Words[_rng.Next(ev.Words.Length)]
                    : r < 0.32 ? ev.Names[_rng.Next(ev.Names.Length)]
                    : Word(SampleZipf());
                body.Append(sentenceWords == 0 ? Capitalise(word) : word);
                sentenceWords++;
                if (sentenceWords > 10 && _rng.NextDouble() < 0.12)
                {
                    body.Append(". ");
                    sentenceWords = 0;
                }
                else
                {
                    body.Append(' ');
                }
            }

            body.Append(".\n\n");
        }

        var article = new Article
        {
            Id = id,
            Url = $"https://news{_rng.Next(500)}.example/{id}",
            Title = title.ToString().Trim(),
            Text = body.ToString().Trim(),
            Published = _clock,
            Outlet = $"Outlet {_rng.Next(500)}",
        };
        if (_recent.Count < 1000)
        {
            _recent.Add(article);
        }
        else
        {
            _recent[_rng.Next(_recent.Count)] = article;
        }

        return article;
    }

    private Event NewEvent()
    {
        var words = Enumerable.Range(0, 12).Select(_ => Word(_rng.Next(2_000, Vocabulary))).ToArray();
        var names = Enumerable.Range(0, 3).Select(_ => Capitalise(Word(Vocabulary + _rng.Next(1_000_000)))).ToArray();
        return new Event(words, names, _clock.AddHours(6 + (_rng.NextDouble() * 42)));
    }

    private int SampleZipf()
    {
        var idx = Array.BinarySearch(_zipf, _rng.NextDouble());
        return idx < 0 ? Math.Min(~idx, Vocabulary - 1) : idx;
    }

    private static double[] BuildZipf()
    {
        var cdf = new double[Vocabulary];
        double sum = 0;
        for (var i = 0; i < Vocabulary; i++)
        {
            sum += 1.0 / (i + 1);
            cdf[i] = sum;
        }

        for (var i = 0; i < Vocabulary; i++)
        {
            cdf[i] /= sum;
        }

        return cdf;
    }

    /// <summary>A pronounceable pseudo-word per rank, so vocabulary size is controlled and tokenisation is realistic.</summary>
    private static string Word(int rank)
    {
        var sb = new StringBuilder();
        var x = rank + 1;
        while (x > 0)
        {
            sb.Append(Syllables[x % Syllables.Length]);
            x /= Syllables.Length;
        }

        return sb.ToString();
    }

    private static string Capitalise(string w) => char.ToUpperInvariant(w[0]) + w[1..];

    private sealed record Event(string[] Words, string[] Names, DateTimeOffset Ends);
}
