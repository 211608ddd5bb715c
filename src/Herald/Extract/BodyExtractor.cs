using System.Text;
using AngleSharp.Dom;

namespace Herald.Extract;

/// <summary>The article body found in a page, with the figures the extractor judges it by.</summary>
internal sealed record BodyResult(string Text, int Paragraphs, int TextChars, int DocumentTextChars, double LinkDensity, int ContainerDepth);

/// <summary>
/// Finds the article body on a parsed page. The DOM is flattened once into arrays (pre-order, parent links),
/// every text run is credited to its nearest block element, and each element is scored as the sum of its
/// blocks' values: prose counts for, link lists and page furniture count against. The element with the
/// highest sum is the tightest box that holds the article and little else; its blocks are then written out,
/// dropping furniture that lives inside article containers (link lists, "Advertisement", bylines).
/// All walks are iterative, so deeply nested markup costs time linear in its size and no stack.
/// </summary>
internal sealed class BodyExtractor
{
    private const byte FlagJunk = 1;
    private const byte FlagBoiler = 2;
    private const byte FlagBlock = 4;
    private const byte FlagLink = 8;
    private const byte FlagHeading = 16;
    private const byte FlagCaption = 32;

    private readonly List<IElement> _elements = new(4096);
    private readonly List<int> _parent = new(4096);
    private readonly List<int> _depth = new(4096);
    private byte[] _flags = [];
    private BoilerplateMatch[] _match = [];
    private int[] _blockOf = [];
    private int[] _text = [];
    private int[] _link = [];
    private int[] _punct = [];
    private double[] _score = [];
    private double[] _rawGood = [];
    private Dictionary<int, (int Text, int Link)>? _listLinks;

    public int MaxDepth { get; private set; }

    /// <summary>Extracts the body under <paramref name="root"/>; <paramref name="title"/> lets a repeated headline be dropped.</summary>
    public BodyResult Extract(IElement root, string? title, string? jsonLdBody)
    {
        Flatten(root);
        var n = _elements.Count;
        ScoreBlocks(n, useBoilerFlags: false);
        for (var i = 0; i < n; i++)
        {
            // Prose only: the guard below asks how much of the page's prose a box holds, whatever else it holds.
            _rawGood[i] = Math.Max(0, _score[i]);
        }

        AccumulateUp(_rawGood, n);
        ApplyBoilerplateFlags(n);
        ScoreBlocks(n, useBoilerFlags: true);
        AccumulateUp(_score, n);

        var best = 0;
        for (var i = 0; i < n; i++)
        {
            if ((_flags[i] & (FlagJunk | FlagBoiler)) == 0 && _score[i] >= _score[best])
            {
                best = i;
            }
        }

        var roots = ChooseRoots(best, n);
        if (jsonLdBody is { Length: > 200 })
        {
            var hinted = PreferJsonLdMatch(roots, n, jsonLdBody);
            if (hinted >= 0)
            {
                roots = [hinted];
            }
        }

        best = roots[0];

        var totalText = 0;
        for (var i = 0; i < n; i++)
        {
            if ((_flags[i] & FlagJunk) == 0)
            {
                totalText += _text[i];
            }
        }

        var paragraphs = new List<string>();
        foreach (var r in roots)
        {
            paragraphs.AddRange(Collect(r, n, title));
        }

        TrimPromotions(paragraphs);
        var sb = new StringBuilder();
        var chars = 0;
        foreach (var p in paragraphs)
        {
            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }

            sb.Append(p);
            chars += p.Length;
        }

        var (text, link) = SubtreeTextAndLinks(best, n);
        return new BodyResult(sb.ToString(), paragraphs.Count, chars, totalText, text == 0 ? 1 : (double)link / text, _depth[best]);
    }

    private (int Text, int Link) SubtreeTextAndLinks(int root, int n)
    {
        var text = 0;
        var link = 0;
        var end = SubtreeEnd(root, n);
        for (var i = root; i < end; i++)
        {
            if ((_flags[i] & FlagJunk) == 0)
            {
                text += _text[i];
                link += _link[i];
            }
        }

        return (text, link);
    }

    private int SubtreeEnd(int root, int n)
    {
        var d = _depth[root];
        var i = root + 1;
        while (i < n && _depth[i] > d)
        {
            i++;
        }

        return i;
    }

    private void Flatten(IElement root)
    {
        _elements.Clear();
        _parent.Clear();
        _depth.Clear();
        _listLinks = null;
        MaxDepth = 0;
        var stack = new Stack<(IElement El, int Parent, int Depth)>();
        stack.Push((root, -1, 0));
        while (stack.Count > 0)
        {
            var (el, parent, depth) = stack.Pop();
            _elements.Add(el);
            _parent.Add(parent);
            _depth.Add(depth);
            if (depth > MaxDepth)
            {
                MaxDepth = depth;
            }

            var index = _elements.Count - 1;
            // Push children right to left so they pop in document order.
            for (var c = el.LastElementChild; c is not null; c = c.PreviousElementSibling)
            {
                stack.Push((c, index, depth + 1));
            }
        }

        var n = _elements.Count;
        _flags = new byte[n];
        _match = new BoilerplateMatch[n];
        _blockOf = new int[n];
        _text = new int[n];
        _link = new int[n];
        _punct = new int[n];
        _score = new double[n];
        _rawGood = new double[n];

        for (var i = 0; i < n; i++)
        {
            var el = _elements[i];
            var p = _parent[i];
            var tag = el.LocalName;
            byte f = p >= 0 ? (byte)(_flags[p] & (FlagJunk | FlagLink | FlagCaption)) : (byte)0;
            var match = BoilerplateMatch.None;
            if (IsJunkTag(tag) || (f & FlagJunk) != 0)
            {
                f |= FlagJunk;
            }
            else
            {
                match = Classify(el, tag, out var hidden);
                if (hidden)
                {
                    f |= FlagJunk;
                }
            }

            if (tag == "a")
            {
                f |= FlagLink;
            }

            if (IsBlockTag(tag) || i == 0)
            {
                f |= FlagBlock;
            }

            if (tag is "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
            {
                f |= FlagHeading;
            }

            if (tag is "figcaption" or "caption")
            {
                f |= FlagCaption;
            }

            _flags[i] = f;
            _match[i] = (f & FlagJunk) == 0 ? match : BoilerplateMatch.None;
            _blockOf[i] = (f & FlagBlock) != 0 ? i : _blockOf[p];
            if ((f & FlagJunk) != 0)
            {
                continue;
            }

            var owner = _blockOf[i];
            for (var child = el.FirstChild; child is not null; child = child.NextSibling)
            {
                if (child.NodeType == NodeType.Text)
                {
                    var (count, punct) = CountText(child.TextContent);
                    _text[owner] += count;
                    _punct[owner] += punct;
                    if ((f & FlagLink) != 0)
                    {
                        _link[owner] += count;
                    }
                }
            }
        }
    }

    /// <summary>Reads every attribute once (class, id, itemprop, role, hiding) and names the element's role.</summary>
    private static BoilerplateMatch Classify(IElement el, string tag, out bool hidden)
    {
        hidden = false;
        string? className = null;
        string? id = null;
        var articleBody = false;
        var furnitureRole = false;
        foreach (var attr in el.Attributes)
        {
            switch (attr.LocalName)
            {
                case "class":
                    className = attr.Value;
                    break;
                case "id":
                    id = attr.Value;
                    break;
                case "hidden":
                    hidden = true;
                    break;
                case "aria-hidden":
                    hidden |= attr.Value == "true";
                    break;
                case "style":
                    var style = attr.Value.AsSpan();
                    hidden |= ContainsCompact(style, "display:none") || ContainsCompact(style, "visibility:hidden");
                    break;
                case "itemprop":
                    articleBody = attr.Value.Contains("articleBody", StringComparison.OrdinalIgnoreCase);
                    break;
                case "role":
                    furnitureRole = attr.Value is "navigation" or "complementary" or "contentinfo" or "banner" or "dialog" or "alert";
                    break;
                default:
                    break;
            }
        }

        if (articleBody)
        {
            return BoilerplateMatch.Positive;
        }

        if (furnitureRole)
        {
            return BoilerplateMatch.Hard;
        }

        var structural = tag switch
        {
            "nav" or "aside" or "footer" => BoilerplateMatch.Hard,
            "header" or "menu" => BoilerplateMatch.Soft,
            _ => BoilerplateMatch.None,
        };
        var named = className is null && id is null ? BoilerplateMatch.None : BoilerplateLexicon.Classify(className, id);
        return structural > named ? structural : named;
    }

    /// <summary>Marks furniture subtrees, sparing any that hold most of the page's prose (wrappers with odd names).</summary>
    private void ApplyBoilerplateFlags(int n)
    {
        var total = Math.Max(1.0, _rawGood[0]);
        for (var i = 0; i < n; i++)
        {
            var p = _parent[i];
            if (p >= 0 && (_flags[p] & FlagBoiler) != 0)
            {
                _flags[i] |= FlagBoiler;
                continue;
            }

            // A furniture name on a box that holds most of the prose is a wrapper with an odd name ("has-comments").
            var share = _rawGood[i] / total;
            var spared = i == 0 || share >= 0.5 || (share >= 0.3 && HasPositiveName(i)) || (share >= 0.4 && _match[i] == BoilerplateMatch.Soft);
            if (_match[i] is BoilerplateMatch.Hard or BoilerplateMatch.Soft && !spared)
            {
                _flags[i] |= FlagBoiler;
            }
        }
    }

    /// <summary>Gives each block its own value: prose for, link lists and furniture against.</summary>
    private void ScoreBlocks(int n, bool useBoilerFlags)
    {
        for (var i = 0; i < n; i++)
        {
            var f = _flags[i];
            if ((f & FlagJunk) != 0 || (f & FlagBlock) == 0)
            {
                _score[i] = 0;
                continue;
            }

            double len = _text[i];
            if (len == 0)
            {
                _score[i] = 0;
                continue;
            }

            var linkDensity = _link[i] / len;
            if (useBoilerFlags && (f & FlagBoiler) != 0)
            {
                _score[i] = -len;
            }
            else if (linkDensity > 0.5)
            {
                _score[i] = -len;
            }
            else if (len < 25 && (f & FlagHeading) == 0)
            {
                _score[i] = _punct[i] > 0 ? len * 0.5 : -len * 0.5;
            }
            else
            {
                _score[i] = (len * (1 - linkDensity)) - _link[i];
                if (_punct[i] > 0)
                {
                    _score[i] += Math.Min(_punct[i], 10) * 5;
                }
            }
        }
    }

    private void AccumulateUp(double[] values, int n)
    {
        for (var i = n - 1; i > 0; i--)
        {
            var p = _parent[i];
            values[p] += values[i];
        }
    }

    private bool HasPositiveName(int i)
    {
        var el = _elements[i];
        var name = (el.GetAttribute("class") + " " + el.Id).ToLowerInvariant();
        return name.Contains("article", StringComparison.Ordinal) || name.Contains("content", StringComparison.Ordinal)
            || name.Contains("story", StringComparison.Ordinal) || name.Contains("body", StringComparison.Ordinal)
            || name.Contains("main", StringComparison.Ordinal) || name.Contains("post", StringComparison.Ordinal);
    }

    /// <summary>
    /// The box that directly holds the article's paragraphs: each prose block credits its parent fully and its
    /// grandparent by half, so the winner is the element whose own children are the paragraphs, not a page
    /// wrapper that also holds teasers and comments. Siblings that hold prose too (articles split around an ad)
    /// join it. Falls back to the best-sum box when no block reads as prose.
    /// </summary>
    private List<int> ChooseRoots(int fallback, int n)
    {
        var cand = new double[n];
        var subText = new double[n];
        var subLink = new double[n];
        for (var i = 0; i < n; i++)
        {
            if ((_flags[i] & FlagJunk) == 0)
            {
                subText[i] = _text[i];
                subLink[i] = _link[i];
            }
        }

        AccumulateUp(subText, n);
        AccumulateUp(subLink, n);
        for (var i = 0; i < n; i++)
        {
            var f = _flags[i];
            if ((f & (FlagJunk | FlagBoiler | FlagBlock)) != FlagBlock || (f & (FlagHeading | FlagCaption)) != 0 || _text[i] < 25)
            {
                continue;
            }

            var tag = _elements[i].LocalName;
            if (tag is "li" or "dt" or "dd" or "th" or "ul" or "ol" || (tag == "td" && IsDataCell(i)))
            {
                continue;
            }

            double len = _text[i];
            if (_link[i] / len > 0.5)
            {
                continue;
            }

            var value = 1 + Math.Min(_punct[i], 20) + Math.Min(len / 100, 3);
            var p = _parent[i];
            if (p < 0)
            {
                continue;
            }

            cand[p] += value;
            var g = _parent[p];
            if (g >= 0)
            {
                cand[g] += value / 2;
                var gg = _parent[g];
                if (gg >= 0)
                {
                    cand[gg] += value / 6;
                }
            }
        }

        var top = -1;
        var topScore = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (cand[i] <= 0 || (_flags[i] & FlagBoiler) != 0)
            {
                continue;
            }

            var ld = subText[i] == 0 ? 0 : subLink[i] / subText[i];
            cand[i] *= 1 - ld;
            if (_match[i] == BoilerplateMatch.Positive)
            {
                cand[i] += 10;
            }

            if (cand[i] > topScore)
            {
                topScore = cand[i];
                top = i;
            }
        }

        if (top < 0)
        {
            return [fallback];
        }

        var parent = _parent[top];
        if (parent < 0)
        {
            return [top];
        }

        var roots = new List<int>();
        var threshold = Math.Max(10, topScore * 0.2);
        var topClass = _elements[top].GetAttribute("class");
        var end = SubtreeEnd(parent, n);
        for (var s = parent + 1; s < end; s = SubtreeEnd(s, n))
        {
            if (s == top)
            {
                roots.Add(s);
                continue;
            }

            if ((_flags[s] & (FlagJunk | FlagBoiler)) != 0 || subText[s] == 0)
            {
                continue;
            }

            // An <article> beside the article is another article (a teaser), never a continuation.
            if (_elements[s].LocalName == "article")
            {
                continue;
            }

            var ld = subLink[s] / subText[s];
            var bonus = topClass is { Length: > 0 } && topClass == _elements[s].GetAttribute("class") ? topScore * 0.2 : 0;
            var tag = _elements[s].LocalName;
            if (cand[s] + bonus >= threshold
                || (IsProseLeaf(s, n) && subText[s] >= 80 && ld < 0.25)
                || (IsProseLeaf(s, n) && subText[s] < 80 && ld == 0 && EndsSentence(_elements[s].TextContent)))
            {
                roots.Add(s);
            }
        }

        // Articles split into several boxes of the same kind ("post__content" sections between figures) further up.
        if (topClass is { Length: > 0 })
        {
            var topTag = _elements[top].LocalName;
            // Boxes of one kind share their first class name; modifiers after it vary ("block-text block-text_initial-letter").
            var topKind = FirstClass(topClass);
            for (var i = 0; i < n; i++)
            {
                if (i == top || roots.Contains(i) || (_flags[i] & (FlagJunk | FlagBoiler)) != 0 || cand[i] < 3
                    || _elements[i].LocalName != topTag || FirstClass(_elements[i].GetAttribute("class")) != topKind || InsideAny(i, roots))
                {
                    continue;
                }

                roots.Add(i);
            }

            roots.Sort();
        }

        return roots;
    }

    /// <summary>
    /// A cell of a data table (rows of several cells, many rows): its text is an entry, not a paragraph, so it must
    /// not vote its row or table in as the article's box (a list of films with a synopsis per row). A layout table's
    /// cell, one big cell in one of a few rows, still votes.
    /// </summary>
    private bool IsDataCell(int td)
    {
        var row = _elements[td].ParentElement;
        return row is { LocalName: "tr", ChildElementCount: >= 2 } && row.ParentElement is { ChildElementCount: >= 4 };
    }

    /// <summary>A paragraph in all but name: a &lt;p&gt;, or a box whose prose sits in at most one paragraph block.</summary>
    private bool IsProseLeaf(int s, int n)
    {
        if (_elements[s].LocalName == "p")
        {
            return true;
        }

        var end = SubtreeEnd(s, n);
        var blocksWithText = 0;
        for (var i = s; i < end; i++)
        {
            if ((_flags[i] & FlagJunk) == 0 && (_flags[i] & FlagBlock) != 0 && _text[i] > 0)
            {
                if ((_flags[i] & FlagHeading) != 0 || ++blocksWithText > 1)
                {
                    return false;
                }
            }
        }

        return blocksWithText == 1;
    }

    private static bool EndsSentence(string text)
    {
        var t = text.AsSpan().TrimEnd();
        return t.Length > 0 && t[^1] is '.' or '!' or '?' or '"' or '”' or '。';
    }

    private static string? FirstClass(string? className)
    {
        if (className is null)
        {
            return null;
        }

        var t = className.AsSpan().Trim();
        var space = t.IndexOfAny(' ', '\t', '\n');
        return (space < 0 ? t : t[..space]).ToString();
    }

    private bool InsideAny(int i, List<int> roots)
    {
        for (var a = _parent[i]; a >= 0; a = _parent[a])
        {
            if (roots.Contains(a))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A site's JSON-LD articleBody is a hint, not the truth (it can be a teaser or stale): when an ancestor of the
    /// chosen box covers it much better and is not mostly other text, widen to that ancestor. Word hits are counted
    /// once per text node and summed up the tree, so this costs one pass whatever the depth.
    /// </summary>
    private int PreferJsonLdMatch(List<int> roots, int n, string jsonLdBody)
    {
        var target = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var targetWords = 0;
        foreach (var range in WordRanges(jsonLdBody))
        {
            target.Add(jsonLdBody[range]);
            targetWords++;
        }

        var lookup = target.GetAlternateLookup<ReadOnlySpan<char>>();
        var words = new double[n];
        var hits = new double[n];
        void CountOwnText(int i)
        {
            if ((_flags[i] & (FlagJunk | FlagBoiler)) != 0)
            {
                return;
            }

            for (var child = _elements[i].FirstChild; child is not null; child = child.NextSibling)
            {
                if (child.NodeType != NodeType.Text)
                {
                    continue;
                }

                var data = child.TextContent;
                foreach (var range in WordRanges(data))
                {
                    words[i]++;
                    if (lookup.Contains(data.AsSpan()[range]))
                    {
                        hits[i]++;
                    }
                }
            }
        }

        // Most pages' chosen box already covers the hint: check it alone before counting the whole page.
        double rootHits = 0, rootWords = 0;
        foreach (var r in roots)
        {
            var end = SubtreeEnd(r, n);
            for (var i = r; i < end; i++)
            {
                CountOwnText(i);
                rootHits += hits[i];
                rootWords += words[i];
            }
        }

        if (rootHits / Math.Max(1, targetWords) > 0.9)
        {
            return -1;
        }

        Array.Clear(words);
        Array.Clear(hits);
        for (var i = 0; i < n; i++)
        {
            CountOwnText(i);
        }

        AccumulateUp(words, n);
        AccumulateUp(hits, n);
        double Fit(double h, double w) => Math.Min(1, h / Math.Max(1, targetWords)) - (0.5 * (w == 0 ? 1 : 1 - (h / w)));

        var chosen = -1;
        var chosenFit = Fit(rootHits, rootWords);
        // Only ancestors of the winner are considered: the hint widens the box, it does not jump across the page.
        for (var a = _parent[roots[0]]; a >= 0; a = _parent[a])
        {
            var fit = Fit(hits[a], words[a]);
            if (fit > chosenFit + 0.05)
            {
                chosen = a;
                chosenFit = fit;
            }
        }

        return chosen;
    }

    private static IEnumerable<Range> WordRanges(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                yield return start..i;
            }
        }
    }

    /// <summary>Writes the container's blocks as paragraphs, skipping furniture subtrees and link-heavy blocks.</summary>
    private List<string> Collect(int root, int n, string? title)
    {
        var paragraphs = new List<string>();
        var end = SubtreeEnd(root, n);
        var current = new StringBuilder();
        var currentOwner = -1;
        // Element-level walk within the container, visiting text nodes in document order.
        var stack = new Stack<(INode Node, int Index, bool Exit)>();
        stack.Push((_elements[root], root, false));
        var indexOf = new Dictionary<IElement, int>(end - root, ReferenceEqualityComparer.Instance);
        for (var i = root; i < end; i++)
        {
            indexOf[_elements[i]] = i;
        }

        while (stack.Count > 0)
        {
            var (node, index, exit) = stack.Pop();
            if (exit)
            {
                if ((_flags[index] & FlagBlock) != 0)
                {
                    Flush(paragraphs, current, ref currentOwner, title);
                }

                continue;
            }

            if (node is IText textNode)
            {
                var owner = _blockOf[index];
                if (owner != currentOwner)
                {
                    Flush(paragraphs, current, ref currentOwner, title);
                    currentOwner = owner;
                }

                AppendCollapsed(current, textNode.Data);
                continue;
            }

            if (node is not IElement el)
            {
                continue;
            }

            if (el.LocalName == "br")
            {
                Flush(paragraphs, current, ref currentOwner, title);
                continue;
            }

            if ((_flags[index] & (FlagJunk | FlagBoiler)) != 0 && index != root && !IsWordInProse(el, _flags[index]))
            {
                continue;
            }

            if ((_flags[index] & FlagBlock) != 0)
            {
                Flush(paragraphs, current, ref currentOwner, title);
                stack.Push((el, index, true));
            }

            for (var c = el.LastChild; c is not null; c = c.PreviousSibling)
            {
                if (c is IElement ce)
                {
                    if (indexOf.TryGetValue(ce, out var ci))
                    {
                        stack.Push((ce, ci, false));
                    }
                }
                else if (c.NodeType == NodeType.Text)
                {
                    stack.Push((c, index, false));
                }
            }
        }

        Flush(paragraphs, current, ref currentOwner, title);
        return paragraphs;
    }

    /// <summary>
    /// An inline element named like furniture that sits inside a sentence ("its position on
    /// &lt;a class="meta-loc"&gt;Sudan&lt;/a&gt; and lift"): words on both sides, so dropping it would cut the sentence.
    /// </summary>
    private static bool IsWordInProse(IElement el, byte flags)
    {
        if ((flags & (FlagJunk | FlagBlock)) != 0)
        {
            return false;
        }

        return el.PreviousSibling is IText before && HasWord(before.Data, fromEnd: true)
            && el.NextSibling is IText after && HasWord(after.Data, fromEnd: false);
    }

    /// <summary>A letter or digit within the few characters next to the element.</summary>
    private static bool HasWord(string text, bool fromEnd)
    {
        var span = text.AsSpan();
        span = fromEnd ? span[Math.Max(0, span.Length - 4)..] : span[..Math.Min(4, span.Length)];
        foreach (var c in span)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] PromotionMarks =
    [
        "newsletter", "sign up", "signup", "subscribe", "click here", "follow @", "follow us", "follow him", "follow her",
        "our app", "download the", "have a tip", "contact us at", "email us",
    ];

    /// <summary>
    /// Drops short calls to action at the ends of an article ("Sign up for our newsletter…"): sites put them inside
    /// the article box, and they read as prose, so only their place and their words give them away.
    /// </summary>
    private static void TrimPromotions(List<string> paragraphs)
    {
        bool IsPromotion(string p) =>
            p.Length < 300 && PromotionMarks.Any(m => p.Contains(m, StringComparison.OrdinalIgnoreCase));

        for (var k = 0; k < 3 && paragraphs.Count > 1 && IsPromotion(paragraphs[^1]); k++)
        {
            paragraphs.RemoveAt(paragraphs.Count - 1);
        }

        for (var k = 0; k < 2 && paragraphs.Count > 1 && IsPromotion(paragraphs[0]); k++)
        {
            paragraphs.RemoveAt(0);
        }
    }

    private void Flush(List<string> paragraphs, StringBuilder current, ref int owner, string? title)
    {
        if (current.Length == 0)
        {
            owner = -1;
            return;
        }

        var text = current.ToString().Trim();
        current.Clear();
        var o = owner;
        owner = -1;
        if (text.Length == 0 || o < 0)
        {
            return;
        }

        if (KeepBlock(o, text, title))
        {
            paragraphs.Add(text);
        }
    }

    private bool KeepBlock(int block, string text, string? title)
    {
        var f = _flags[block];
        double len = Math.Max(1, _text[block]);
        if (_link[block] / len > 0.6 && !InProseList(block))
        {
            return false;
        }

        if ((f & FlagCaption) != 0)
        {
            return false;
        }

        if (BoilerplateLexicon.IsFurnitureLine(text))
        {
            return false;
        }

        if ((f & FlagHeading) != 0 && title is not null && SameText(text, title))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// A link that is a whole item of a list or a cell of a table whose other items are prose ("Here's our year in
    /// review!" among release notes, a film's linked name beside its synopsis): the list is content, so its linked
    /// items are too. Related-story lists and link menus are links throughout and stay out.
    /// </summary>
    private bool InProseList(int block)
    {
        // The item itself or a paragraph inside it, up to the nearest list or table with enough text to judge by:
        // a short nested list ("see also: a, b, c" under a prose item) is judged by the list that holds it.
        var a = block;
        for (var hops = 0; a >= 0 && hops < 8; hops++, a = _parent[a])
        {
            if (_elements[a].LocalName is not ("ul" or "ol" or "table" or "dl"))
            {
                continue;
            }

            _listLinks ??= [];
            if (!_listLinks.TryGetValue(a, out var tl))
            {
                tl = SubtreeTextAndLinks(a, _elements.Count);
                _listLinks[a] = tl;
            }

            if (tl.Text >= 200)
            {
                return tl.Link < 0.3 * tl.Text;
            }
        }

        return false;
    }

    private static bool SameText(string a, string b)
    {
        var x = a.AsSpan().Trim();
        var y = b.AsSpan().Trim();
        return x.Equals(y, StringComparison.OrdinalIgnoreCase) || (x.Length > 20 && y.StartsWith(x, StringComparison.OrdinalIgnoreCase));
    }

    private static void AppendCollapsed(StringBuilder sb, string data)
    {
        var space = sb.Length > 0 && sb[^1] == ' ';
        foreach (var ch in data)
        {
            if (char.IsWhiteSpace(ch) || ch == '\u200B')
            {
                if (!space && sb.Length > 0)
                {
                    sb.Append(' ');
                    space = true;
                }
            }
            else
            {
                sb.Append(ch);
                space = false;
            }
        }
    }

    private static (int Count, int Punct) CountText(string s)
    {
        var count = 0;
        var punct = 0;
        foreach (var ch in s)
        {
            if (!char.IsWhiteSpace(ch))
            {
                count++;
                if (ch is '.' or ',' or '!' or '?' or '。' or '、' or '，' or ';' or ':')
                {
                    punct++;
                }
            }
        }

        return (count, punct);
    }

    /// <summary>Case-insensitive containment ignoring spaces in the haystack ("display: none").</summary>
    private static bool ContainsCompact(ReadOnlySpan<char> s, string needle)
    {
        for (var start = 0; start < s.Length; start++)
        {
            var j = 0;
            var i = start;
            while (i < s.Length && j < needle.Length)
            {
                var c = s[i];
                if (c == ' ')
                {
                    i++;
                    continue;
                }

                if (char.ToLowerInvariant(c) != needle[j])
                {
                    break;
                }

                i++;
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsJunkTag(string tag) => tag is "script" or "style" or "noscript" or "template" or "iframe" or "svg"
        or "canvas" or "video" or "audio" or "object" or "embed" or "button" or "input" or "select" or "textarea"
        or "option" or "dialog" or "map" or "head" or "title" or "meta" or "link" or "picture" or "source" or "img";

    private static bool IsBlockTag(string tag) => tag is "p" or "div" or "section" or "article" or "main" or "header"
        or "footer" or "aside" or "nav" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "li" or "ul" or "ol"
        or "dl" or "dt" or "dd" or "blockquote" or "pre" or "table" or "tbody" or "thead" or "tr" or "td" or "th"
        or "figure" or "figcaption" or "caption" or "form" or "fieldset" or "address" or "center" or "body" or "hr"
        or "details" or "summary" or "hgroup";
}
