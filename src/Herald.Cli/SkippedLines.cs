using System.Globalization;
using Herald.Model;

namespace Herald.Cli;

/// <summary>
/// The bad-input contract of the verbs that read JSONL records (`cluster`, `annotate`), the same as `ingest`'s: a
/// broken line is skipped with a one-line warning naming the file, the line and the problem; the good lines are
/// processed; the summary says how many lines were skipped and why; and a file with no usable record at all is an
/// error (exit 2) rather than an empty output.
/// </summary>
internal sealed class SkippedLines(string file)
{
    // Problem kind (the problem without its detail in parentheses) → lines skipped for it, in order first seen.
    private readonly List<(string Kind, int Count)> _kinds = [];

    public int Count { get; private set; }

    /// <summary>Warns about one skipped line now, on stderr, and counts it under its kind of problem.</summary>
    public void Skip(HeraldException e)
    {
        Count++;
        var kind = Kind(e.Problem);
        var at = _kinds.FindIndex(k => k.Kind == kind);
        if (at < 0)
        {
            _kinds.Add((kind, 1));
        }
        else
        {
            _kinds[at] = (kind, _kinds[at].Count + 1);
        }

        Console.Error.WriteLine($"herald: warning: {e.Input}: {OneLine(e.Problem)}; line skipped");
    }

    /// <summary>`; 2 lines skipped (1 not valid JSON, 1 record has no "id")`, or nothing when none was.</summary>
    public string Summary() => Count == 0
        ? ""
        : string.Create(CultureInfo.InvariantCulture,
            $"; {Count} {(Count == 1 ? "line" : "lines")} skipped ({string.Join(", ", _kinds.Select(k => $"{k.Count} {k.Kind}"))})");

    /// <summary>The error for a file that gave no usable record: every line was skipped, or there was none.</summary>
    public HeraldException NothingUsable() => Count == 0
        ? new HeraldException(file, "no article record in the file (it is empty)")
        : new HeraldException(file, string.Create(CultureInfo.InvariantCulture,
            $"no usable article record: all {Count} non-empty {(Count == 1 ? "line was" : "lines were")} skipped ({string.Join(", ", _kinds.Select(k => $"{k.Count} {k.Kind}"))})"));

    private static string Kind(string problem)
    {
        var detail = problem.IndexOf(" (", StringComparison.Ordinal);
        return OneLine(detail > 0 ? problem[..detail] : problem);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
