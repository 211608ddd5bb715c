using Herald.Model;
using Herald.Pipeline;
using Herald.Web.Html;

namespace Herald.Tests.Web;

public sealed class SearchHtmlTests
{
    private static SearchView View(BoundedSearchPage page, SearchFacets? facets = null) =>
        new("Iraq", "relevance", 1, 20, page, facets, AnnotationSummary.Empty, null);

    private static readonly SearchHit Hit = new(new Article { Id = "a", Title = "Iraq today" }, null, -1.0);

    [Fact]
    public void Relevance_pages_end_where_the_ranked_window_ends_and_the_page_says_so()
    {
        var html = SearchHtml.Render(View(new BoundedSearchPage([Hit], 10_000, TotalIsLowerBound: true, RankedAmongNewest: 2_000)));
        Assert.Contains("10,000+ results", html, StringComparison.Ordinal);
        Assert.Contains("ranked by relevance among the newest 2,000", html, StringComparison.Ordinal);
        Assert.Contains("page 1 of 100", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_totals_page_through_every_result()
    {
        var html = SearchHtml.Render(View(new BoundedSearchPage([Hit], 45, TotalIsLowerBound: false, RankedAmongNewest: null)));
        Assert.Contains("45 results", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ranked by relevance among", html, StringComparison.Ordinal);
        Assert.Contains("page 1 of 3", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sampled_facets_say_how_many_matches_they_counted()
    {
        var facets = new SearchFacets([new FacetCount("Reuters", 1_500)], [new FacetCount("en", 2_000)], [], Sampled: 2_000);
        var html = SearchHtml.Render(View(new BoundedSearchPage([Hit], 10_000, true, 2_000), facets));
        Assert.Contains("Counted over the 2,000 most recently collected matches, not all of them.", html, StringComparison.Ordinal);
    }
}
