using System.Text;
using System.Text.RegularExpressions;
using Herald.Extract;
using Xunit.Abstractions;

namespace Herald.Tests.Extract;

/// <summary>
/// Real pages re-encoded into legacy charsets: whatever the bytes, and whether the charset is declared in a
/// &lt;meta&gt;, only in HTTP, late in the head, not at all, or wrongly, the article text must come out the same.
/// </summary>
public sealed partial class EncodingTests(ITestOutputHelper output)
{
    private const string Portuguese = "11ea381a";
    private const string Russian = "c4a3637c";
    private const string Japanese = "f105de6e";
    private const string Chinese = "8cad00dc";

    private readonly ArticleExtractor _extractor = new();

    static EncodingTests() => HtmlDecoder.EnsureCodePages();

    public static TheoryData<string, string> DeclaredInMeta => new()
    {
        { Portuguese, "windows-1252" },
        { Portuguese, "iso-8859-1" },
        { Portuguese, "iso-8859-15" },
        { Russian, "windows-1251" },
        { Japanese, "shift_jis" },
        { Chinese, "gb18030" },
    };

    [Theory]
    [MemberData(nameof(DeclaredInMeta))]
    public void Reads_pages_whose_meta_declares_a_legacy_charset(string page, string charset)
    {
        if (!ExtractTestData.Available(output))
        {
            return;
        }

        var (id, html, expected) = Baseline(page);
        var bytes = Encode(DeclareCharset(html, charset), charset);
        Assert.Equal(expected, Text(_extractor.Extract(bytes, id)));
    }

    [Theory]
    [MemberData(nameof(DeclaredInMeta))]
    public void Honours_the_http_charset_when_the_page_declares_none(string page, string charset)
    {
        if (!ExtractTestData.Available(output))
        {
            return;
        }

        var (id, html, expected) = Baseline(page);
        var bytes = Encode(RemoveCharset(html), charset);
        Assert.Equal(expected, Text(_extractor.Extract(bytes, id, httpCharset: charset)));
    }

    [Fact]
    public void Finds_a_meta_charset_after_the_first_kilobyte()
    {
        if (!ExtractTestData.Available(output))
        {
            return;
        }

        var (id, html, expected) = Baseline(Russian);
        var padded = DeclareCharset(html, "windows-1251").Replace("<head>", "<head><!--" + new string('x', 4000) + "-->", StringComparison.OrdinalIgnoreCase);
        var outcome = _extractor.Extract(Encode(padded, "windows-1251"), id);
        Assert.Equal(CharsetSource.MetaTag, outcome.Charset);
        Assert.Equal(expected, Text(outcome));
    }

    [Theory]
    [InlineData(Russian, "windows-1251")]
    [InlineData(Japanese, "shift_jis")]
    [InlineData(Chinese, "gb18030")]
    public void Detects_the_charset_when_the_meta_lies(string page, string charset)
    {
        if (!ExtractTestData.Available(output))
        {
            return;
        }

        // The page keeps claiming UTF-8 while its bytes are in a legacy charset.
        var (id, html, expected) = Baseline(page);
        var outcome = _extractor.Extract(Encode(DeclareCharset(html, "utf-8"), charset), id);
        output.WriteLine($"detected {outcome.EncodingName}");
        Assert.Equal(CharsetSource.Detected, outcome.Charset);
        Assert.Equal(expected, Text(outcome));
    }

    [Theory]
    [InlineData(Russian, "windows-1251")]
    [InlineData(Japanese, "shift_jis")]
    public void Detects_the_charset_when_nothing_declares_one(string page, string charset)
    {
        if (!ExtractTestData.Available(output))
        {
            return;
        }

        var (id, html, expected) = Baseline(page);
        var outcome = _extractor.Extract(Encode(RemoveCharset(html), charset), id);
        Assert.Equal(expected, Text(outcome));
    }

    [Fact]
    public void Reads_utf8_bytes_labelled_as_windows_1252_as_utf8()
    {
        if (!ExtractTestData.Available(output))
        {
            return;
        }

        var (id, html, expected) = Baseline(Portuguese);
        var outcome = _extractor.Extract(Encoding.UTF8.GetBytes(DeclareCharset(html, "windows-1252")), id);
        Assert.Equal(expected, Text(outcome));
    }

    [Fact]
    public void Repairs_utf8_that_was_decoded_as_windows_1252()
    {
        if (!ExtractTestData.Available(output))
        {
            return;
        }

        var (id, html, expected) = Baseline(Portuguese);
        // A CMS that read UTF-8 as Windows-1252 and saved the result as UTF-8: "Classificação" → "ClassificaÃ§Ã£o".
        var mojibake = Encoding.GetEncoding(1252).GetString(Encoding.UTF8.GetBytes(html));
        Assert.Contains("Ã§Ã£o", mojibake, StringComparison.Ordinal);
        var outcome = _extractor.Extract(Encoding.UTF8.GetBytes(mojibake), id);
        Assert.True(outcome.Succeeded);
        Assert.Equal(expected, outcome.Article!.Text);
    }

    [Theory]
    [InlineData("Itâ€™s â€œquotedâ€\u009D â€” said JosÃ©", "It’s “quoted” — said José")]
    [InlineData("naÃ¯ve cafÃ© Ã\u00A0 la carte", "naïve café à la carte")]
    [InlineData("ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет")]
    public void Repairs_mojibake_runs(string broken, string repaired) =>
        Assert.Equal(repaired, MojibakeRepair.Repair(broken));

    [Theory]
    [InlineData("café déjà vu")]
    [InlineData("Ærøskøbing, Ålesund — “Zürich” £5 ©2019")]
    [InlineData("Ångström ÂÃ")]
    public void Leaves_correct_accented_text_alone(string text) =>
        Assert.Same(text, MojibakeRepair.Repair(text));

    private (string Id, string Html, string Text) Baseline(string prefix)
    {
        var (id, bytes) = ExtractTestData.Page(prefix);
        var html = Encoding.UTF8.GetString(bytes);
        var outcome = _extractor.Extract(bytes, id);
        Assert.True(outcome.Succeeded, $"{id}: {outcome.Reason}");
        return (id, html, outcome.Article!.Text);
    }

    private static string Text(ExtractionOutcome outcome)
    {
        Assert.True(outcome.Succeeded, $"{outcome.Failure}: {outcome.Reason}");
        return outcome.Article!.Text;
    }

    private static string DeclareCharset(string html, string charset)
    {
        var stripped = RemoveCharset(html);
        var head = stripped.IndexOf("<head", StringComparison.OrdinalIgnoreCase);
        var insertAt = stripped.IndexOf('>', head) + 1;
        return stripped.Insert(insertAt, $"<meta charset=\"{charset}\">");
    }

    private static string RemoveCharset(string html) => CharsetDeclaration().Replace(html, "");

    /// <summary>Encodes, writing characters the charset lacks as numeric references, as a real legacy site would.</summary>
    private static byte[] Encode(string html, string charset) =>
        Encoding.GetEncoding(charset, new NumericReferenceFallback(), DecoderFallback.ReplacementFallback).GetBytes(html);

    [GeneratedRegex("""<meta[^>]*charset\s*=\s*["']?[\w-]+["']?[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetDeclaration();

    private sealed class NumericReferenceFallback : EncoderFallback
    {
        public override int MaxCharCount => 12;

        public override EncoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : EncoderFallbackBuffer
        {
            private string _pending = "";
            private int _index;

            public override int Remaining => _pending.Length - _index;

            public override bool Fallback(char charUnknown, int index) => Set(charUnknown);

            public override bool Fallback(char charUnknownHigh, char charUnknownLow, int index) =>
                Set(char.ConvertToUtf32(charUnknownHigh, charUnknownLow));

            public override char GetNextChar() => _index < _pending.Length ? _pending[_index++] : '\0';

            public override bool MovePrevious()
            {
                if (_index == 0)
                {
                    return false;
                }

                _index--;
                return true;
            }

            public override void Reset()
            {
                _pending = "";
                _index = 0;
            }

            private bool Set(int codePoint)
            {
                _pending = "&#" + codePoint.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
                _index = 0;
                return true;
            }
        }
    }
}
