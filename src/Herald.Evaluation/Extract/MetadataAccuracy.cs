using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Model;

namespace Herald.Evaluation.Extract;

/// <summary>Expected metadata for one page, written by a person who read it.</summary>
public sealed record GoldenMetadata
{
    public required string Id { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    /// <summary>The publication day as the page states it (yyyy-MM-dd), null when the page gives none.</summary>
    public string? Published { get; init; }
    public string? Outlet { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Language { get; init; }
}

/// <summary>Per-field hits over a golden set; one instance per run.</summary>
public sealed class MetadataAccuracy
{
    public static readonly string[] Fields = ["title", "authors", "published", "outlet", "canonicalUrl", "language"];

    private readonly Dictionary<string, (int Hits, int Total)> _counts = Fields.ToDictionary(f => f, _ => (0, 0), StringComparer.Ordinal);
    private readonly List<string> _misses = [];

    public IReadOnlyList<string> Misses => _misses;

    public static IReadOnlyList<GoldenMetadata> Load(string path)
    {
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };
        return JsonSerializer.Deserialize<List<GoldenMetadata>>(File.ReadAllText(path), options)
            ?? throw new HeraldException(path, "expected a JSON array of golden metadata records");
    }

    /// <summary>Scores one page; a failed extraction (null) misses every field.</summary>
    public void Add(GoldenMetadata expected, Article? actual)
    {
        Count("title", expected.Id, Norm(expected.Title), Norm(actual?.Title));
        Count("authors", expected.Id, string.Join("; ", expected.Authors.Select(Norm).Order(StringComparer.Ordinal)),
            actual is null ? null : string.Join("; ", actual.Authors.Select(Norm).Order(StringComparer.Ordinal)));
        Count("published", expected.Id, expected.Published ?? "", DayMatches(expected.Published, actual));
        Count("outlet", expected.Id, Norm(expected.Outlet), Norm(actual?.Outlet));
        Count("canonicalUrl", expected.Id, NormUrl(expected.CanonicalUrl), NormUrl(actual?.CanonicalUrl));
        Count("language", expected.Id, expected.Language ?? "", actual?.Language ?? "");
    }

    public double Accuracy(string field) => _counts[field].Total == 0 ? 0 : (double)_counts[field].Hits / _counts[field].Total;

    public int Total(string field) => _counts[field].Total;

    /// <summary>The page's day in its own time zone, or in UTC: sites disagree about which one their date means.</summary>
    private static string DayMatches(string? expected, Article? actual)
    {
        if (actual?.Published is not { } p)
        {
            return "";
        }

        var local = p.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var utc = p.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return expected is not null && (expected == local || expected == utc) ? expected : local;
    }

    private void Count(string field, string id, string? expected, string? actual)
    {
        var (hits, total) = _counts[field];
        var ok = string.Equals(expected ?? "", actual ?? "", StringComparison.Ordinal);
        _counts[field] = (hits + (ok ? 1 : 0), total + 1);
        if (!ok)
        {
            _misses.Add($"{id[..Math.Min(8, id.Length)]} {field}: expected \"{expected}\", got \"{actual}\"");
        }
    }

    private static string Norm(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return "";
        }

        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s.Trim())
        {
            var c = ch switch
            {
                '‘' or '’' or '′' => '\'',
                '“' or '”' => '"',
                '–' or '—' => '-',
                _ => ch,
            };
            if (char.IsWhiteSpace(c))
            {
                if (!space)
                {
                    sb.Append(' ');
                }

                space = true;
                continue;
            }

            space = false;
            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    private static string NormUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "";
        }

        var u = url.Trim();
        u = u.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? u[8..] : u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? u[7..] : u;
        return u.TrimEnd('/').ToLowerInvariant();
    }
}
