using System.Globalization;
using System.Text;
using Herald.Model;

namespace Herald.Query;

/// <summary>A parsed query: words, "phrases", AND / OR / NOT (or -word), parentheses, and field filters.</summary>
public abstract record QueryNode;

/// <summary>A word; <see cref="ProperNoun"/> when written capitalised ("Iraq"), which also matches demonyms ("Iraqi").</summary>
public sealed record TermNode(string Word, bool ProperNoun) : QueryNode;

public sealed record PhraseNode(IReadOnlyList<string> Words) : QueryNode;

public sealed record AndNode(IReadOnlyList<QueryNode> Items) : QueryNode;

public sealed record OrNode(IReadOnlyList<QueryNode> Items) : QueryNode;

public sealed record NotNode(QueryNode Item) : QueryNode;

public enum FilterField
{
    Outlet,
    After,
    Before,
    Language,
    Story,
    Section,

    /// <summary>
    /// A country the article is about: one its annotated places lie in (ISO 3166 alpha-2, upper case), as GDELT
    /// places stories, not the outlet's country of publication (Media Cloud's), which Herald knows only for
    /// country-code domains. A copy is about what its original is about.
    /// </summary>
    Country,
}

/// <summary>A field filter such as outlet:"ABC News" or after:2025-07-01. Dates are inclusive days (UTC).</summary>
public sealed record FilterNode(FilterField Field, string Value) : QueryNode
{
    public DateOnly Date => DateOnly.ParseExact(Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// A topic query. Filters apply to the whole query (they may only be combined with AND); <see cref="Match"/>
/// is the boolean text part, null when the query is filters only.
/// </summary>
public sealed record TopicQuery(string Text, QueryNode? Match, IReadOnlyList<FilterNode> Filters)
{
    public static readonly TopicQuery All = new("", null, []);

    /// <summary>Parses a query; a <see cref="HeraldException"/> names the query and the problem.</summary>
    public static TopicQuery Parse(string text) => new QueryParser(text).Parse();
}

/// <summary>Recursive-descent parser: or := and (OR and)*; and := unary ([AND] unary)*; unary := (NOT|-) unary | primary.</summary>
internal sealed class QueryParser(string text)
{
    private readonly List<Token> _tokens = [];
    private int _pos;

    private enum Kind
    {
        Word,
        Phrase,
        Field,
        LParen,
        RParen,
        And,
        Or,
        Not,
        Minus,
    }

    private readonly record struct Token(Kind Kind, string Value, int At, string? Field = null);

    public TopicQuery Parse()
    {
        if (text.Length > 2000)
        {
            throw Error("is longer than 2,000 characters");
        }

        Tokenize();
        if (_tokens.Count == 0)
        {
            throw Error("is empty");
        }

        var node = ParseOr();
        if (_pos < _tokens.Count)
        {
            var t = _tokens[_pos];
            throw Error(t.Kind == Kind.RParen ? $"has an unmatched \")\" at position {t.At + 1}" : $"has an unexpected \"{t.Value}\" at position {t.At + 1}");
        }

        var filters = new List<FilterNode>();
        var match = ExtractFilters(node, filters);
        if (match is not null && !HasPositive(match))
        {
            throw Error("needs at least one word to match besides NOT terms");
        }

        return new TopicQuery(text, match, filters);
    }

    private static bool HasPositive(QueryNode node) => node switch
    {
        TermNode or PhraseNode => true,
        AndNode a => a.Items.Any(HasPositive),
        OrNode o => o.Items.All(HasPositive),
        _ => false,
    };

    /// <summary>Pulls top-level filters out; filters nested under OR or NOT are refused (their meaning would be unclear).</summary>
    private QueryNode? ExtractFilters(QueryNode node, List<FilterNode> filters)
    {
        switch (node)
        {
            case FilterNode f:
                filters.Add(f);
                return null;
            case AndNode a:
                var rest = new List<QueryNode>();
                foreach (var item in a.Items)
                {
                    if (item is FilterNode f2)
                    {
                        filters.Add(f2);
                    }
                    else
                    {
                        CheckNoFilter(item);
                        rest.Add(item);
                    }
                }

                return rest.Count switch
                {
                    0 => null,
                    1 => rest[0],
                    _ => new AndNode(rest),
                };
            default:
                CheckNoFilter(node);
                return node;
        }
    }

    private void CheckNoFilter(QueryNode node)
    {
        switch (node)
        {
            case FilterNode f:
                throw Error($"uses {f.Field.ToString().ToLowerInvariant()}: inside OR, NOT or parentheses; field filters may only be combined with AND");
            case AndNode a:
                a.Items.ToList().ForEach(CheckNoFilter);
                break;
            case OrNode o:
                o.Items.ToList().ForEach(CheckNoFilter);
                break;
            case NotNode n:
                CheckNoFilter(n.Item);
                break;
        }
    }

    private QueryNode ParseOr()
    {
        var items = new List<QueryNode> { ParseAnd() };
        while (Peek(Kind.Or))
        {
            var op = _tokens[_pos++];
            if (AtEnd || Peek(Kind.RParen))
            {
                throw Error($"ends with OR at position {op.At + 1}; OR needs a term on both sides");
            }

            items.Add(ParseAnd());
        }

        return items.Count == 1 ? items[0] : new OrNode(items);
    }

    private QueryNode ParseAnd()
    {
        var items = new List<QueryNode> { ParseUnary() };
        while (!AtEnd && !Peek(Kind.Or) && !Peek(Kind.RParen))
        {
            if (Peek(Kind.And))
            {
                var op = _tokens[_pos++];
                if (AtEnd || Peek(Kind.RParen) || Peek(Kind.Or))
                {
                    throw Error($"has AND at position {op.At + 1} without a term after it");
                }
            }

            items.Add(ParseUnary());
        }

        return items.Count == 1 ? items[0] : new AndNode(items);
    }

    private QueryNode ParseUnary()
    {
        if (AtEnd)
        {
            throw Error("ends too early");
        }

        var t = _tokens[_pos];
        if (t.Kind is Kind.Not or Kind.Minus)
        {
            _pos++;
            if (AtEnd || Peek(Kind.RParen) || Peek(Kind.Or) || Peek(Kind.And))
            {
                throw Error($"has NOT at position {t.At + 1} without a term after it");
            }

            return new NotNode(ParseUnary());
        }

        return ParsePrimary();
    }

    private QueryNode ParsePrimary()
    {
        var t = _tokens[_pos++];
        switch (t.Kind)
        {
            case Kind.LParen:
                if (Peek(Kind.RParen))
                {
                    throw Error($"has empty parentheses at position {t.At + 1}");
                }

                var inner = ParseOr();
                if (!Peek(Kind.RParen))
                {
                    throw Error($"has an unclosed \"(\" at position {t.At + 1}");
                }

                _pos++;
                return inner;
            case Kind.Word:
                return new TermNode(t.Value.ToLowerInvariant(), char.IsUpper(t.Value[0]));
            case Kind.Phrase:
                var words = Words(t.Value);
                if (words.Count == 0)
                {
                    throw Error($"has an empty phrase at position {t.At + 1}");
                }

                return words.Count == 1 ? new TermNode(words[0].ToLowerInvariant(), false) : new PhraseNode(words.Select(w => w.ToLowerInvariant()).ToList());
            case Kind.Field:
                return MakeFilter(t);
            default:
                throw Error($"has \"{t.Value}\" at position {t.At + 1} where a word was expected");
        }
    }

    private FilterNode MakeFilter(Token t)
    {
        var field = t.Field!.ToLowerInvariant() switch
        {
            "outlet" or "source" => FilterField.Outlet,
            "after" or "since" => FilterField.After,
            "before" or "until" => FilterField.Before,
            "lang" or "language" => FilterField.Language,
            "story" => FilterField.Story,
            "section" => FilterField.Section,
            "country" => FilterField.Country,
            _ => throw Error($"has an unknown field \"{t.Field}:\" at position {t.At + 1} (known: outlet, after, before, lang, story, section, country)"),
        };
        var value = t.Value.Trim();
        if (value.Length == 0)
        {
            throw Error($"has an empty {t.Field}: filter at position {t.At + 1}");
        }

        if (field is FilterField.After or FilterField.Before)
        {
            if (!DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy-MM", "yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                throw Error($"has a bad date \"{value}\" in {t.Field}: (use YYYY-MM-DD)");
            }

            value = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (field is FilterField.Country)
        {
            if (value.Length != 2 || !char.IsAsciiLetter(value[0]) || !char.IsAsciiLetter(value[1]))
            {
                throw Error($"has a bad country \"{value}\" in {t.Field}: (use a two-letter ISO 3166 code, such as IQ)");
            }

            value = value.ToUpperInvariant();
        }

        return new FilterNode(field, value);
    }

    private static List<string> Words(string phrase)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        foreach (var c in phrase)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0)
            {
                words.Add(sb.ToString());
                sb.Clear();
            }
        }

        if (sb.Length > 0)
        {
            words.Add(sb.ToString());
        }

        return words;
    }

    private bool AtEnd => _pos >= _tokens.Count;

    private bool Peek(Kind kind) => !AtEnd && _tokens[_pos].Kind == kind;

    private HeraldException Error(string problem) => new($"query \"{text}\"", problem);

    private void Tokenize()
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            switch (c)
            {
                case '(':
                    _tokens.Add(new Token(Kind.LParen, "(", i++));
                    continue;
                case ')':
                    _tokens.Add(new Token(Kind.RParen, ")", i++));
                    continue;
                case '"' or '“' or '”':
                    _tokens.Add(new Token(Kind.Phrase, ReadQuoted(ref i), i));
                    continue;
                case '-' when i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] == '('):
                    _tokens.Add(new Token(Kind.Minus, "-", i++));
                    continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not '"')
            {
                if (text[i] == ':' && i > start)
                {
                    var field = text[start..i];
                    i++;
                    var value = i < text.Length && text[i] is '"' or '“' ? ReadQuoted(ref i) : ReadBare(ref i);
                    _tokens.Add(new Token(Kind.Field, value, start, field));
                    goto next;
                }

                i++;
            }

            var word = text[start..i];
            var kind = word switch
            {
                "AND" or "&&" => Kind.And,
                "OR" or "||" => Kind.Or,
                "NOT" => Kind.Not,
                _ => Kind.Word,
            };
            if (kind == Kind.Word)
            {
                var clean = Words(word);
                if (clean.Count == 0)
                {
                    continue;
                }

                // "Iraq's" and "U.S." are one term to the user; FTS tokenises the stored text the same way.
                if (clean.Count > 1)
                {
                    _tokens.Add(new Token(Kind.Phrase, string.Join(' ', clean), start));
                    continue;
                }

                word = clean[0];
            }

            _tokens.Add(new Token(kind, word, start));
        next:;
        }
    }

    private string ReadQuoted(ref int i)
    {
        var open = i;
        i++;
        var start = i;
        while (i < text.Length && text[i] is not '"' and not '”' and not '“')
        {
            i++;
        }

        if (i >= text.Length)
        {
            throw Error($"has an unclosed quote at position {open + 1}");
        }

        var value = text[start..i];
        i++;
        return value;
    }

    private string ReadBare(ref int i)
    {
        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')')
        {
            i++;
        }

        return text[start..i];
    }
}
