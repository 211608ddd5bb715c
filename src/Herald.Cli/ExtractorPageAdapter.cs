using Herald.Extract;
using Herald.Ingest.Fetch;
using Herald.Model;
using Herald.Text;

namespace Herald.Cli;

/// <summary>
/// Lets the fetcher (Ingest) use the extractor (Extract) without either stage depending on the other: the host
/// wires them here. The HTTP charset from Content-Type is passed on so the decoder can weigh it.
/// </summary>
internal sealed class ExtractorPageAdapter(ArticleExtractor extractor) : IPageExtractor
{
    public Article? Extract(byte[] html, string? contentType, Uri url)
    {
        string? charset = null;
        if (contentType is not null)
        {
            var at = contentType.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                charset = contentType[(at + 8)..].Split(';')[0].Trim().Trim('"', '\'');
            }
        }

        return extractor.Extract(html, StableHash.Hex16(url.AbsoluteUri), url.AbsoluteUri, charset).Article;
    }
}
