namespace Herald.Annotate.Entities;

/// <summary>A token as a UTF-16 span of the text it came from; End is exclusive.</summary>
public readonly record struct TextToken(int Start, int End)
{
    public int Length => End - Start;

    public ReadOnlySpan<char> In(string text) => text.AsSpan(Start, End - Start);
}

/// <summary>A sentence as a range of token indices; End is exclusive.</summary>
public readonly record struct SentenceRange(int Start, int End)
{
    public int Count => End - Start;
}
