using Herald.Model;

namespace Herald.Annotate.Entities;

/// <summary>
/// BILOU tags over the four CoNLL types: 0 is O; type k (PER, ORG, LOC, MISC) has B = 1 + 4k, I = 2 + 4k,
/// L = 3 + 4k, U = 4 + 4k. Decoding only follows transitions that make well-formed spans.
/// </summary>
internal static class BilouTags
{
    public const int Count = 17;
    public const int Outside = 0;

    public static readonly string[] TypeNames = ["PER", "ORG", "LOC", "MISC"];

    public static int Begin(int type) => 1 + 4 * type;

    public static int Inside(int type) => 2 + 4 * type;

    public static int Last(int type) => 3 + 4 * type;

    public static int Unit(int type) => 4 + 4 * type;

    public static int TypeOf(int tag) => (tag - 1) / 4;

    public static int PartOf(int tag) => (tag - 1) % 4; // 0 B, 1 I, 2 L, 3 U

    public static int TypeIndex(string conllType) => conllType switch
    {
        "PER" => 0,
        "ORG" => 1,
        "LOC" => 2,
        "MISC" => 3,
        _ => -1,
    };

    public static EntityType EntityTypeOf(int type) => type switch
    {
        0 => EntityType.Person,
        1 => EntityType.Org,
        2 => EntityType.Place,
        _ => EntityType.Other,
    };

    /// <summary>Whether tag b may follow tag a; a = -1 is the sentence start.</summary>
    public static bool Allowed(int a, int b)
    {
        bool open = a > 0 && PartOf(a) is 0 or 1;
        if (open)
        {
            return b > 0 && TypeOf(b) == TypeOf(a) && PartOf(b) is 1 or 2;
        }

        return b == Outside || PartOf(b) is 0 or 3;
    }

    public static bool CanEnd(int tag) => tag == Outside || PartOf(tag) is 2 or 3;

    /// <summary>Writes BILOU tags for spans given as (first token, last token exclusive, type).</summary>
    public static void Encode(ReadOnlySpan<(int Start, int End, int Type)> spans, Span<int> tags)
    {
        tags.Clear();
        foreach (var (start, end, type) in spans)
        {
            if (end - start == 1)
            {
                tags[start] = Unit(type);
                continue;
            }

            tags[start] = Begin(type);
            for (int k = start + 1; k < end - 1; k++)
            {
                tags[k] = Inside(type);
            }

            tags[end - 1] = Last(type);
        }
    }
}
