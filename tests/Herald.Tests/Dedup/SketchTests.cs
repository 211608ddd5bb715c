using FsCheck;
using FsCheck.Xunit;
using Herald.Dedup;
using Herald.Stories;
using Herald.Text;

namespace Herald.Tests.Dedup;

/// <summary>The hashing and selection helpers behind copy detection and story vectors, against plain references.</summary>
public sealed class SketchTests
{
    [Property(MaxTest = 300)]
    public void Selection_finds_what_sorting_puts_at_the_index(NonEmptyArray<NormalFloat> input, PositiveInt at)
    {
        var values = input.Get.Select(f => (float)f.Get).ToArray();
        var k = at.Get % values.Length;
        var sorted = values.Order().ToArray();
        Assert.Equal(sorted[k], SparseVector.Select(values.ToArray(), k));
    }

    [Property(MaxTest = 200)]
    public void Distinct_shingles_are_the_shingle_set_sorted(NonNull<string>[] words)
    {
        var text = string.Join(" ", words.Select(w => w.Get));
        var buffer = System.Buffers.ArrayPool<ulong>.Shared.Rent(4);
        var n = Fingerprints.DistinctShingles(text, ref buffer);
        var got = buffer.AsSpan(0, n).ToArray();
        System.Buffers.ArrayPool<ulong>.Shared.Return(buffer);

        // Reference: the same shingles built the obvious way.
        var hashes = new List<ulong>();
        foreach (var w in System.Text.RegularExpressions.Regex.Matches(text, @"[\p{L}\p{Nd}]+").Select(m => m.Value))
        {
            hashes.Add(Fingerprints.NormalizedHash(w));
        }

        var expected = new SortedSet<ulong>();
        for (var i = 0; i + 4 <= hashes.Count; i++)
        {
            var h = 0xcbf29ce484222325UL;
            for (var j = 0; j < 4; j++)
            {
                h = Fingerprints.Mix(h ^ hashes[i + j]);
            }

            expected.Add(h);
        }

        Assert.Equal(expected.ToArray(), got);
    }

    [Fact]
    public void Sketches_estimate_jaccard_similarity_of_large_and_small_sets()
    {
        var rng = new Random(5);
        foreach (var size in new[] { 20, 60, 400, 3000 })
        {
            foreach (var overlap in new[] { 0.0, 0.3, 0.6, 0.9, 1.0 })
            {
                double error = 0;
                const int Trials = 40;
                for (var t = 0; t < Trials; t++)
                {
                    var shared = Enumerable.Range(0, (int)(size * overlap)).Select(_ => (ulong)rng.NextInt64()).ToList();
                    var a = shared.Concat(Enumerable.Range(0, size - shared.Count).Select(_ => (ulong)rng.NextInt64())).Distinct().Order().ToArray();
                    var b = shared.Concat(Enumerable.Range(0, size - shared.Count).Select(_ => (ulong)rng.NextInt64())).Distinct().Order().ToArray();
                    var truth = a.Intersect(b).Count() / (double)a.Union(b).Count();
                    error += MinHashSketch.Of(a).Jaccard(MinHashSketch.Of(b)) - truth;
                }

                // Unbiased on average (one sketch has 64 bins: a single estimate's spread is about 0.06).
                Assert.True(Math.Abs(error / Trials) < 0.04, $"size {size}, overlap {overlap}: mean error {error / Trials:0.000}");
            }
        }
    }

    [Fact]
    public void Equal_sets_have_equal_sketches_and_an_empty_set_none()
    {
        var set = Enumerable.Range(1, 7).Select(i => Fingerprints.Mix((ulong)i)).Order().ToArray();
        Assert.Equal(1.0, MinHashSketch.Of(set).Jaccard(MinHashSketch.Of(set)));
        Assert.Equal(0, MinHashSketch.Of([]).SetSize);
        Assert.Equal(1.0, MinHashSketch.OfText("one two three four five six").Containment(MinHashSketch.OfText("One two, three four five six!")));
    }
}
