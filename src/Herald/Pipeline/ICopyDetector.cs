using Herald.Model;

namespace Herald.Pipeline;

/// <summary>How an article was recognised as a copy of an earlier one.</summary>
public enum CopyKind
{
    SameUrl = 1,
    SameContent = 2,
    NearDuplicate = 3,
    SharedSentences = 4,
    /// <summary>Two headline-only items (feed entries, related-post links) with the same folded headline, close in time.</summary>
    SameHeadline = 5,
}

/// <summary>An earlier article this one copies; <see cref="OriginalId"/> is the first-seen member of the copy group.</summary>
public sealed record CopyMatch(string OriginalId, CopyKind Kind, double Score);

/// <summary>Streaming copy detection: each call checks an article against those seen before, then remembers it.</summary>
public interface ICopyDetector
{
    CopyMatch? FindAndAdd(Article article);
}
