using System.Runtime.InteropServices;
using Herald.Model;

namespace Herald.Annotate.Entities;

/// <summary>
/// Finds people, organisations, places and other names (CoNLL-2003 PER, ORG, LOC, MISC) in plain text with a
/// structured averaged perceptron over hashed features and BILOU Viterbi decoding. Load once; thread-safe.
/// </summary>
public sealed class EntityRecognizer : IEntityRecognizer
{
    private const string ResourceName = "Herald.Annotate.Entities.Model.ner.bin.gz";
    private static readonly Lazy<EntityRecognizer> Default = new(() =>
    {
        using var stream = typeof(EntityRecognizer).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the entity model resource {ResourceName} is missing from the build");
        return new EntityRecognizer(NerModel.Load(stream));
    });

    private readonly NerModel model;

    internal EntityRecognizer(NerModel model) => this.model = model;

    /// <summary>Weights held in memory (both passes, after dropping all-zero rows).</summary>
    internal long WeightCount => model.First.Weights.LongLength + (model.Second?.Weights.LongLength ?? 0);

    /// <summary>The model trained by `herald train-ner` and embedded in the library (loaded once, shared).</summary>
    public static EntityRecognizer LoadDefault() => Default.Value;

    /// <summary>Loads a model file written by `herald train-ner`.</summary>
    public static EntityRecognizer Load(Stream stream) => new(NerModel.Load(stream));

    /// <summary>Entity mentions in text order, with UTF-16 offsets into <paramref name="text"/>.</summary>
    public IReadOnlyList<EntityMention> Recognize(string text)
    {
        var tokens = EntityTokenizer.Tokenize(text);
        var sentences = EntityTokenizer.SplitSentences(text, tokens);
        var mentions = new List<EntityMention>();
        foreach (var (start, end, type) in Tag(text, tokens, sentences))
        {
            int s = tokens[start].Start, e = tokens[end - 1].End;
            var entityType = BilouTags.EntityTypeOf(type);
            var surface = text.AsSpan(s, e - s);
            mentions.Add(new EntityMention(surface.ToString(), entityType, s, e, EntityNames.Normalise(surface, entityType)));
        }

        return mentions;
    }

    /// <summary>Spans as (first token, last token exclusive, type index) over the given tokenisation.</summary>
    internal List<(int Start, int End, int Type)> Tag(string text, List<TextToken> tokens, List<SentenceRange> sentences)
    {
        var spans = new List<(int, int, int)>();
        var context = RecordContext.Build(text, tokens, sentences);
        int maxLen = 1;
        foreach (var s in sentences)
        {
            maxLen = Math.Max(maxLen, s.Count);
        }

        // Every cell of these is written before it is read (rows to MaxFeatures per token, -1 padded; scores, dp
        // and back per sentence), so one set per thread serves every call: a headline ingest tags hundreds of
        // thousands of short texts, and allocating them per call was about a quarter of annotation's garbage.
        var buffers = t_buffers ??= new Buffers();
        var scratch = buffers.Scratch;
        var rows = buffers.Rows(maxLen);
        var scores = buffers.Scores(maxLen);
        var dp = buffers.Dp(maxLen);
        var back = buffers.Back(maxLen);
        var tags = new int[tokens.Count];
        Pass(model.First, null);
        if (model.Second is not null)
        {
            var prior = PriorPass.Build(text, tokens, sentences, tags);
            tags = new int[tokens.Count];
            Pass(model.Second, prior);
        }

        foreach (var s in sentences)
        {
            CollectSpans(tags.AsSpan(s.Start, s.Count), s.Start, spans);
        }

        void Pass(TaggerWeights stage, PriorPass? prior)
        {
            var all = CollectionsMarshal.AsSpan(tokens);
            foreach (var s in sentences)
            {
                var sentence = all.Slice(s.Start, s.Count);
                bool headline = TokenShapes.IsHeadline(text, tokens, s);
                model.Features.Extract(text, sentence, headline, context, scratch, rows, prior, s.Start);
                NerModel.Score(stage, rows, s.Count, scores);
                NerModel.Viterbi(scores, stage.Transitions, s.Count, dp, back, tags.AsSpan(s.Start, s.Count));
            }
        }

        return spans;
    }

    [ThreadStatic]
    private static Buffers? t_buffers;

    /// <summary>One thread's tagging buffers, grown to the longest sentence seen.</summary>
    private sealed class Buffers
    {
        private int[] _rows = [];
        private float[] _scores = [];
        private float[] _dp = [];
        private int[] _back = [];

        public FeatureExtractor.Scratch Scratch { get; } = new();

        public int[] Rows(int tokens) => Grown(ref _rows, tokens * FeatureExtractor.MaxFeatures);

        public float[] Scores(int tokens) => Grown(ref _scores, tokens * BilouTags.Count);

        public float[] Dp(int tokens) => Grown(ref _dp, tokens * BilouTags.Count);

        public int[] Back(int tokens) => Grown(ref _back, tokens * BilouTags.Count);

        private static T[] Grown<T>(ref T[] array, int length)
        {
            if (array.Length < length)
            {
                array = new T[Math.Max(length, array.Length * 2)];
            }

            return array;
        }
    }

    internal static void CollectSpans(ReadOnlySpan<int> tags, int offset, List<(int, int, int)> spans)
    {
        int open = -1;
        for (int i = 0; i < tags.Length; i++)
        {
            int tag = tags[i];
            if (tag == BilouTags.Outside)
            {
                open = -1;
                continue;
            }

            switch (BilouTags.PartOf(tag))
            {
                case 3:
                    spans.Add((offset + i, offset + i + 1, BilouTags.TypeOf(tag)));
                    open = -1;
                    break;
                case 0:
                    open = i;
                    break;
                case 2 when open >= 0:
                    spans.Add((offset + open, offset + i + 1, BilouTags.TypeOf(tag)));
                    open = -1;
                    break;
            }
        }
    }
}
