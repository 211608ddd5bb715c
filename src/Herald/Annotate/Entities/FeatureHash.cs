using System.Runtime.CompilerServices;

namespace Herald.Annotate.Entities;

/// <summary>
/// 64-bit hashing of feature strings and their combinations. Features are never materialised as strings:
/// each template hashes the characters it needs, and the model maps hashes to weight rows (the hashing trick).
/// </summary>
internal static class FeatureHash
{
    private const ulong Basis = 0xCBF29CE484222325UL;
    private const ulong Prime = 0x100000001B3UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong h, char c) => (h ^ c) * Prime;

    public static ulong Exact(ReadOnlySpan<char> s)
    {
        ulong h = Basis;
        foreach (char c in s)
        {
            h = Add(h, c);
        }

        return h;
    }

    /// <summary>Lowercase with every digit mapped to 0, so "1996" and "1997" share a feature.</summary>
    public static ulong Normalised(ReadOnlySpan<char> s)
    {
        ulong h = Basis;
        foreach (char c in s)
        {
            h = Add(h, Norm(c));
        }

        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char Norm(char c) => char.IsAsciiDigit(c) ? '0' : char.ToLowerInvariant(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(int template, ulong a) => Mix(a + (ulong)template * 0x9E3779B97F4A7C15UL);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(int template, ulong a, ulong b) =>
        Mix((a * 0x2545F4914F6CDD1DUL) ^ (ulong)template * 0x9E3779B97F4A7C15UL ^ Mix(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(int template, ulong a, ulong b, ulong c) => Of(template, a, Mix(b) ^ (c * 0x632BE59BD9B4E019UL));
}
