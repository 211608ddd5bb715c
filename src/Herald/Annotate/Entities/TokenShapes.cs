namespace Herald.Annotate.Entities;

/// <summary>Orthographic classes of tokens and sentences.</summary>
internal static class TokenShapes
{
    public const int Punct = 0;
    public const int Digit = 1;
    public const int Lower = 2;
    public const int Title = 3;
    public const int AllCaps = 4;
    public const int Initial = 5;
    public const int Mixed = 6;

    public static int CaseClass(ReadOnlySpan<char> t)
    {
        int upper = 0, lower = 0, digit = 0;
        bool innerUpper = false;
        for (int k = 0; k < t.Length; k++)
        {
            char c = t[k];
            if (char.IsUpper(c))
            {
                upper++;
                innerUpper |= k > 0;
            }
            else if (char.IsLower(c))
            {
                lower++;
            }
            else if (char.IsDigit(c))
            {
                digit++;
            }
        }

        if (digit > 0)
        {
            return Digit;
        }

        if (upper + lower == 0)
        {
            return Punct;
        }

        if (lower == 0)
        {
            return upper == 1 ? Initial : AllCaps;
        }

        if (upper == 0)
        {
            return Lower;
        }

        return char.IsUpper(t[0]) && !innerUpper ? Title : Mixed;
    }

    /// <summary>Collapsed shape: "Xx" for "Mosul", "X.X." for "U.S.", "d-d" for "1-0".</summary>
    public static ulong ShapeHash(ReadOnlySpan<char> t)
    {
        ulong h = FeatureHash.Exact([]);
        char last = '\0';
        foreach (char c in t)
        {
            char k = char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : c;
            if (k != last)
            {
                h = FeatureHash.Add(h, k);
                last = k;
            }
        }

        return h;
    }

    public static int LengthBucket(int n) => n switch
    {
        <= 4 => n,
        <= 6 => 5,
        <= 9 => 6,
        _ => 7,
    };

    /// <summary>A headline or sports-results line written in capitals, where case says nothing.</summary>
    public static bool IsHeadline(string text, IReadOnlyList<TextToken> tokens, SentenceRange s)
    {
        int lettered = 0, caps = 0;
        for (int k = s.Start; k < s.End; k++)
        {
            var t = tokens[k].In(text);
            int cls = CaseClass(t);
            if (cls is Lower or Title or Mixed or AllCaps or Initial)
            {
                lettered++;
                if (cls is AllCaps)
                {
                    caps++;
                }
            }
        }

        return caps >= 2 ? caps * 2 > lettered : lettered > 0 && caps == lettered;
    }
}
