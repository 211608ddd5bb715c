using System.Globalization;
using System.Text;

namespace Herald.Tests.Ingest.Feeds;

/// <summary>Raised when an expectation reads something that is not there (Python's KeyError/IndexError).</summary>
internal sealed class PyEvalException(string message) : Exception(message);

/// <summary>A Python tuple: compared element-wise, never equal to a list.</summary>
internal sealed record PyTuple(IReadOnlyList<object?> Items)
{
    public bool Equals(PyTuple? other) => other is not null && Items.Count == other.Items.Count
        && Items.Zip(other.Items).All(p => PyExpression.PyEquals(p.First, p.Second));

    public override int GetHashCode() => Items.Count;
}

/// <summary>A dictionary that answers alias keys the way feedparser's result does.</summary>
internal sealed class PyDict(Dictionary<string, object?> values, Func<PyDict, string, (bool Found, object? Value)>? alias = null)
{
    public Dictionary<string, object?> Values { get; } = values;

    public bool TryGet(string key, out object? value)
    {
        if (alias is not null)
        {
            var (found, v) = alias(this, key);
            if (found)
            {
                value = v;
                return true;
            }
        }

        return Values.TryGetValue(key, out value);
    }
}

/// <summary>
/// Evaluates the Python expressions of the Universal Feed Parser suite's <c>Expect:</c> lines over a
/// projection of Herald's parse result. Supports exactly the subset those lines use: literals (strings
/// with escapes, numbers, tuples, lists, dicts), subscripts, attribute access, comparisons (chained),
/// not/and/or/in/is, string +, and the calls len, ord, get, has_key and keys.
/// </summary>
internal sealed class PyExpression
{
    private readonly List<(string Kind, string Text)> _tokens;
    private int _pos;

    private PyExpression(string source)
    {
        _tokens = Tokenize(source);
    }

    /// <summary>Names and keys the expression reads, to decide whether it concerns fields Herald parses.</summary>
    public static (HashSet<string> Names, HashSet<string> Keys) References(string source)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var tokens = Tokenize(source);
        for (var i = 0; i < tokens.Count; i++)
        {
            var (kind, text) = tokens[i];
            var prev = i > 0 ? tokens[i - 1].Text : "";
            var next = i + 1 < tokens.Count ? tokens[i + 1].Text : "";
            if (kind == "name" && prev == "." && next == "(")
            {
                continue;
            }

            if (kind == "name" && prev == ".")
            {
                keys.Add(text);
            }
            else if (kind == "name" && text is not ("not" or "and" or "or" or "in" or "is" or "True" or "False" or "None"))
            {
                names.Add(text);
            }
            else if (kind == "str" && prev is "[" or "(" && next is "]" or ")" or "," && i >= 2 && (tokens[i - 2].Kind == "name" || tokens[i - 2].Text is "]" or ")"))
            {
                keys.Add(Unquote(text));
            }
        }

        return (names, keys);
    }

    public static object? Evaluate(string source, Func<string, object?> names)
    {
        var p = new PyExpression(source);
        var value = p.ParseOr(names);
        if (p._pos != p._tokens.Count)
        {
            throw new PyEvalException($"unexpected '{p._tokens[p._pos].Text}'");
        }

        return value;
    }

    public static bool Truthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        PyTuple t => t.Items.Count > 0,
        IReadOnlyList<object?> l => l.Count > 0,
        PyDict d => d.Values.Count > 0,
        _ => true,
    };

    public static bool PyEquals(object? a, object? b)
    {
        if (a is bool ab)
        {
            a = ab ? 1L : 0L;
        }

        if (b is bool bb)
        {
            b = bb ? 1L : 0L;
        }

        return (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (long x, long y) => x == y,
            (long x, double y) => x == y,
            (double x, long y) => x == y,
            (double x, double y) => x == y,
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (PyTuple x, PyTuple y) => x.Equals(y),
            (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => x.Count == y.Count && x.Zip(y).All(p => PyEquals(p.First, p.Second)),
            (PyDict x, PyDict y) => x.Values.Count == y.Values.Count
                && x.Values.All(kv => y.Values.TryGetValue(kv.Key, out var v) && PyEquals(kv.Value, v)),
            _ => false,
        };
    }

    private object? ParseOr(Func<string, object?> names)
    {
        var left = ParseAnd(names);
        while (Accept("or"))
        {
            var right = ParseAnd(names);
            left = Truthy(left) ? left : right;
        }

        return left;
    }

    private object? ParseAnd(Func<string, object?> names)
    {
        var left = ParseNot(names);
        while (Accept("and"))
        {
            // Python short-circuits; an expectation such as "not bozo and feed[...]" must not evaluate the
            // right side when the left already failed, but the parse must still consume it.
            var start = _pos;
            if (!Truthy(left))
            {
                SkipOperand(names, start);
                continue;
            }

            left = ParseNot(names);
        }

        return left;
    }

    private void SkipOperand(Func<string, object?> names, int start)
    {
        _pos = start;
        try
        {
            ParseNot(names);
        }
        catch (PyEvalException)
        {
            // Skip tokens up to the next top-level 'and'/'or'.
            var depth = 0;
            _pos = start;
            while (_pos < _tokens.Count)
            {
                var t = _tokens[_pos].Text;
                if (t is "(" or "[" or "{")
                {
                    depth++;
                }
                else if (t is ")" or "]" or "}")
                {
                    depth--;
                }
                else if (depth == 0 && t is "and" or "or" && _tokens[_pos].Kind == "name")
                {
                    break;
                }

                _pos++;
            }
        }
    }

    private object? ParseNot(Func<string, object?> names)
    {
        if (Accept("not"))
        {
            return !Truthy(ParseNot(names));
        }

        return ParseComparison(names);
    }

    private object? ParseComparison(Func<string, object?> names)
    {
        var left = ParseSum(names);
        var result = true;
        var any = false;
        while (true)
        {
            string? op = null;
            if (Accept("=="))
            {
                op = "==";
            }
            else if (Accept("!="))
            {
                op = "!=";
            }
            else if (Peek("not") && PeekAt(1, "in"))
            {
                _pos += 2;
                op = "not in";
            }
            else if (Accept("in"))
            {
                op = "in";
            }
            else if (Accept("is"))
            {
                op = Accept("not") ? "is not" : "is";
            }
            else if (Accept(">="))
            {
                op = ">=";
            }
            else if (Accept("<="))
            {
                op = "<=";
            }
            else if (Accept(">"))
            {
                op = ">";
            }
            else if (Accept("<"))
            {
                op = "<";
            }

            if (op is null)
            {
                break;
            }

            any = true;
            var right = ParseSum(names);
            result &= op switch
            {
                "==" => PyEquals(left, right),
                "!=" => !PyEquals(left, right),
                "in" => Contains(right, left),
                "not in" => !Contains(right, left),
                "is" => Is(left, right),
                "is not" => !Is(left, right),
                _ => Compare(left, right, op),
            };
            left = right;
        }

        return any ? result : left;
    }

    private static bool Is(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (bool x, bool y) => x == y,
        _ => false,
    };

    private static bool Compare(object? a, object? b, string op)
    {
        var x = Convert.ToDouble(a is bool ba ? (ba ? 1 : 0) : a ?? throw new PyEvalException("compare None"), CultureInfo.InvariantCulture);
        var y = Convert.ToDouble(b is bool bb ? (bb ? 1 : 0) : b ?? throw new PyEvalException("compare None"), CultureInfo.InvariantCulture);
        return op switch { ">" => x > y, "<" => x < y, ">=" => x >= y, _ => x <= y };
    }

    private static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string i => s.Contains(i, StringComparison.Ordinal),
        PyDict d when item is string k => d.TryGet(k, out _),
        PyTuple t => t.Items.Any(x => PyEquals(x, item)),
        IReadOnlyList<object?> l => l.Any(x => PyEquals(x, item)),
        _ => throw new PyEvalException("'in' on a non-container"),
    };

    private object? ParseSum(Func<string, object?> names)
    {
        var left = ParseUnary(names);
        while (Accept("+"))
        {
            var right = ParseUnary(names);
            left = (left, right) switch
            {
                (string a, string b) => a + b,
                (long a, long b) => a + b,
                _ => throw new PyEvalException("unsupported +"),
            };
        }

        return left;
    }

    private object? ParseUnary(Func<string, object?> names)
    {
        if (Accept("-"))
        {
            return ParseUnary(names) switch
            {
                long l => -l,
                double d => -d,
                _ => throw new PyEvalException("bad unary minus"),
            };
        }

        return ParsePostfix(names);
    }

    private object? ParsePostfix(Func<string, object?> names)
    {
        var value = ParseAtom(names, out var calledName);
        while (true)
        {
            if (Accept("["))
            {
                var index = ParseOr(names);
                Expect("]");
                value = Subscript(value, index);
            }
            else if (Peek("."))
            {
                _pos++;
                var attr = Next("name");
                if (Accept("("))
                {
                    var args = ParseArgs(names);
                    value = CallMethod(value, attr, args);
                }
                else
                {
                    value = value is PyDict d && d.TryGet(attr, out var v) ? v : throw new PyEvalException($"no attribute {attr}");
                }
            }
            else if (calledName is not null && Accept("("))
            {
                var args = ParseArgs(names);
                value = CallFunction(calledName, args);
                calledName = null;
            }
            else
            {
                return value;
            }
        }
    }

    private List<object?> ParseArgs(Func<string, object?> names)
    {
        var args = new List<object?>();
        while (!Accept(")"))
        {
            args.Add(ParseOr(names));
            Accept(",");
        }

        return args;
    }

    private static object? CallFunction(string name, List<object?> args) => name switch
    {
        "len" => args[0] switch
        {
            string s => (long)s.Length,
            PyTuple t => (long)t.Items.Count,
            IReadOnlyList<object?> l => (long)l.Count,
            PyDict d => (long)d.Values.Count,
            _ => throw new PyEvalException("len of a non-container"),
        },
        "ord" => args[0] is string { Length: 1 } s ? (long)s[0] : throw new PyEvalException("ord needs one character"),
        _ => throw new PyEvalException($"unknown function {name}"),
    };

    private static object? CallMethod(object? target, string name, List<object?> args)
    {
        if (target is not PyDict d)
        {
            throw new PyEvalException($"method {name} on a non-dict");
        }

        return name switch
        {
            "get" => d.TryGet((string)args[0]!, out var v) ? v : args.Count > 1 ? args[1] : null,
            "has_key" => d.TryGet((string)args[0]!, out _),
            "keys" => d.Values.Keys.Cast<object?>().ToList(),
            _ => throw new PyEvalException($"unknown method {name}"),
        };
    }

    private static object? Subscript(object? value, object? index)
    {
        switch (value)
        {
            case PyDict d when index is string key:
                return d.TryGet(key, out var v) ? v : throw new PyEvalException($"KeyError {key}");
            case PyTuple t when index is long i:
                return ListIndex(t.Items, i);
            case IReadOnlyList<object?> l when index is long i:
                return ListIndex(l, i);
            case string s when index is long i:
                var at = i < 0 ? s.Length + i : i;
                return at >= 0 && at < s.Length ? s[(int)at].ToString() : throw new PyEvalException("IndexError");
            default:
                throw new PyEvalException("bad subscript");
        }
    }

    private static object? ListIndex(IReadOnlyList<object?> l, long i)
    {
        var at = i < 0 ? l.Count + i : i;
        return at >= 0 && at < l.Count ? l[(int)at] : throw new PyEvalException("IndexError");
    }

    private object? ParseAtom(Func<string, object?> names, out string? calledName)
    {
        calledName = null;
        if (_pos >= _tokens.Count)
        {
            throw new PyEvalException("unexpected end");
        }

        var (kind, text) = _tokens[_pos++];
        switch (kind)
        {
            case "str":
                var s = Unquote(text);
                while (_pos < _tokens.Count && _tokens[_pos].Kind == "str")
                {
                    s += Unquote(_tokens[_pos++].Text);
                }

                return s;
            case "num":
                return text.Contains('.', StringComparison.Ordinal)
                    ? (object)double.Parse(text, CultureInfo.InvariantCulture)
                    : long.Parse(text, CultureInfo.InvariantCulture);
            case "name":
                switch (text)
                {
                    case "True": return true;
                    case "False": return false;
                    case "None": return null;
                }

                if (Peek("("))
                {
                    calledName = text;
                    return null;
                }

                return names(text);
            default:
                break;
        }

        if (text == "(")
        {
            var items = new List<object?>();
            var sawComma = false;
            while (!Accept(")"))
            {
                items.Add(ParseOr(names));
                sawComma |= Accept(",");
            }

            return items.Count == 1 && !sawComma ? items[0] : new PyTuple(items);
        }

        if (text == "[")
        {
            var items = new List<object?>();
            while (!Accept("]"))
            {
                items.Add(ParseOr(names));
                Accept(",");
            }

            return items;
        }

        if (text == "{")
        {
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (!Accept("}"))
            {
                var key = ParseOr(names) as string ?? throw new PyEvalException("non-string dict key");
                Expect(":");
                dict[key] = ParseOr(names);
                Accept(",");
            }

            return new PyDict(dict);
        }

        throw new PyEvalException($"unexpected '{text}'");
    }

    private bool Peek(string text) => _pos < _tokens.Count && _tokens[_pos].Text == text && _tokens[_pos].Kind != "str";

    private bool PeekAt(int offset, string text) => _pos + offset < _tokens.Count && _tokens[_pos + offset].Text == text;

    private bool Accept(string text)
    {
        if (Peek(text))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(string text)
    {
        if (!Accept(text))
        {
            throw new PyEvalException($"expected '{text}'");
        }
    }

    private string Next(string kind)
    {
        if (_pos >= _tokens.Count || _tokens[_pos].Kind != kind)
        {
            throw new PyEvalException($"expected {kind}");
        }

        return _tokens[_pos++].Text;
    }

    private static List<(string Kind, string Text)> Tokenize(string s)
    {
        var tokens = new List<(string, string)>();
        var p = 0;
        while (p < s.Length)
        {
            var c = s[p];
            if (char.IsWhiteSpace(c))
            {
                p++;
            }
            else if (c is '\'' or '"' || (c is 'u' or 'b' or 'r' or 'U' && p + 1 < s.Length && s[p + 1] is '\'' or '"'))
            {
                var start = p;
                if (c is not ('\'' or '"'))
                {
                    p++;
                }

                var quote = s[p];
                var triple = p + 2 < s.Length && s[p + 1] == quote && s[p + 2] == quote;
                var delim = triple ? new string(quote, 3) : quote.ToString();
                p += delim.Length;
                while (p < s.Length && string.CompareOrdinal(s, p, delim, 0, delim.Length) != 0)
                {
                    p += s[p] == '\\' ? 2 : 1;
                }

                p = Math.Min(s.Length, p + delim.Length);
                tokens.Add(("str", s[start..p]));
            }
            else if (char.IsDigit(c))
            {
                var start = p;
                while (p < s.Length && (char.IsDigit(s[p]) || s[p] == '.'))
                {
                    p++;
                }

                if (p < s.Length && s[p] is 'L' or 'l')
                {
                    p++;
                    tokens.Add(("num", s[start..(p - 1)]));
                    continue;
                }

                tokens.Add(("num", s[start..p]));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = p;
                while (p < s.Length && (char.IsLetterOrDigit(s[p]) || s[p] == '_'))
                {
                    p++;
                }

                tokens.Add(("name", s[start..p]));
            }
            else if (p + 1 < s.Length && s.Substring(p, 2) is "==" or "!=" or ">=" or "<=")
            {
                tokens.Add(("op", s.Substring(p, 2)));
                p += 2;
            }
            else
            {
                tokens.Add(("op", c.ToString()));
                p++;
            }
        }

        return tokens;
    }

    private static string Unquote(string token)
    {
        var raw = false;
        var i = 0;
        while (token[i] is not ('\'' or '"'))
        {
            raw |= token[i] is 'r';
            i++;
        }

        var quote = token[i];
        var triple = token.Length - i >= 6 && token[i + 1] == quote && token[i + 2] == quote;
        var q = triple ? 3 : 1;
        var body = token[(i + q)..^q];
        if (raw)
        {
            return body;
        }

        var sb = new StringBuilder(body.Length);
        for (var p = 0; p < body.Length; p++)
        {
            if (body[p] != '\\' || p + 1 >= body.Length)
            {
                sb.Append(body[p]);
                continue;
            }

            var e = body[++p];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '0': sb.Append('\0'); break;
                case 'x':
                    sb.Append((char)Convert.ToInt32(body.Substring(p + 1, 2), 16));
                    p += 2;
                    break;
                case 'u':
                    sb.Append((char)Convert.ToInt32(body.Substring(p + 1, 4), 16));
                    p += 4;
                    break;
                case 'U':
                    sb.Append(char.ConvertFromUtf32(Convert.ToInt32(body.Substring(p + 1, 8), 16)));
                    p += 8;
                    break;
                case '\n': break;
                default: sb.Append(e is '\\' or '\'' or '"' ? e.ToString() : "\\" + e); break;
            }
        }

        return sb.ToString();
    }
}
