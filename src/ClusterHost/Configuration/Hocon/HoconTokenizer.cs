using System.Globalization;
using System.Text;

namespace Sfu.ClusterHost.Configuration.Hocon;

internal enum TokenKind
{
    End,
    Newline,
    Whitespace,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    QuotedString,
    Unquoted,
    Number,
    Substitution,
}

/// <summary>
/// One lexical unit. <see cref="Text"/> is the decoded string for quoted strings, the exact source text otherwise.
/// A substitution carries the tokens of its path expression.
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, HoconOrigin Origin)
{
    public bool Optional { get; init; }

    public IReadOnlyList<Token> PathTokens { get; init; } = [];

    /// <summary>How the token is named in error messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Newline => "newline",
        TokenKind.Whitespace => "whitespace",
        TokenKind.QuotedString => "quoted string " + HoconRenderer.Quote(Text),
        TokenKind.Unquoted => $"'{Text}'",
        TokenKind.Number => $"number {Text}",
        TokenKind.Substitution => "substitution ${" + (Optional ? "?" : "") + "...}",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// Splits HOCON text into tokens (HOCON.md "Syntax"): comments (<c>#</c>, <c>//</c>) are dropped, newlines and other
/// whitespace are kept because they separate fields and take part in value concatenation.
/// </summary>
internal sealed class HoconTokenizer
{
    private readonly string _text;
    private readonly string? _fileName;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    private HoconTokenizer(string text, string? fileName)
    {
        _text = text;
        _fileName = fileName;
    }

    public static List<Token> Tokenize(string text, string? fileName)
    {
        var tokenizer = new HoconTokenizer(text, fileName);
        tokenizer.Run();
        return tokenizer._tokens;
    }

    /// <summary>HOCON.md "Whitespace": Unicode separators, ASCII controls 9-13 and 28-31, and the BOM.</summary>
    public static bool IsWhitespace(char c) => c switch
    {
        ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or '\u001C' or '\u001D' or '\u001E' or '\u001F' or '\uFEFF' => true,
        _ => c > 127 && char.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator,
    };

    /// <summary>HOCON.md "Unquoted strings": characters an unquoted string may not contain.</summary>
    public static bool IsForbidden(char c) => c is '$' or '"' or '{' or '}' or '[' or ']' or ':' or '=' or ',' or '+'
        or '#' or '`' or '^' or '?' or '!' or '@' or '*' or '&' or '\\';

    private HoconOrigin Here => new(_fileName, _line, _column);

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool AtEnd => _pos >= _text.Length;

    private void Advance()
    {
        if (_text[_pos] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _pos++;
    }

    private HoconParseException Error(string reason, HoconOrigin at) => new(reason, at);

    private void Run()
    {
        while (!AtEnd)
        {
            var c = _text[_pos];
            var origin = Here;
            if (c == '\n')
            {
                Advance();
                _tokens.Add(new Token(TokenKind.Newline, "\n", origin));
            }
            else if (IsWhitespace(c))
            {
                _tokens.Add(ReadWhitespace());
            }
            else if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                SkipComment();
            }
            else
            {
                _tokens.Add(ReadToken(inSubstitution: false));
            }
        }

        _tokens.Add(new Token(TokenKind.End, "", Here));
    }

    private void SkipComment()
    {
        while (!AtEnd && _text[_pos] != '\n')
        {
            Advance();
        }
    }

    private Token ReadWhitespace()
    {
        var origin = Here;
        var start = _pos;
        while (!AtEnd && _text[_pos] != '\n' && IsWhitespace(_text[_pos]))
        {
            Advance();
        }

        return new Token(TokenKind.Whitespace, _text[start.._pos], origin);
    }

    private Token ReadToken(bool inSubstitution)
    {
        var origin = Here;
        var c = _text[_pos];
        switch (c)
        {
            case '"':
                return Peek(1) == '"' && Peek(2) == '"' ? ReadTripleQuoted() : ReadQuoted();
            case '-' or (>= '0' and <= '9') when TryReadNumber(out var number):
                return number;
        }

        if (inSubstitution && IsForbidden(c))
        {
            throw Error($"Character '{c}' is not allowed in a substitution path; quote the path element", origin);
        }

        switch (c)
        {
            case '{':
                Advance();
                return new Token(TokenKind.LeftBrace, "{", origin);
            case '}':
                Advance();
                return new Token(TokenKind.RightBrace, "}", origin);
            case '[':
                Advance();
                return new Token(TokenKind.LeftBracket, "[", origin);
            case ']':
                Advance();
                return new Token(TokenKind.RightBracket, "]", origin);
            case ',':
                Advance();
                return new Token(TokenKind.Comma, ",", origin);
            case ':':
                Advance();
                return new Token(TokenKind.Colon, ":", origin);
            case '=':
                Advance();
                return new Token(TokenKind.Equals, "=", origin);
            case '+' when Peek(1) == '=':
                Advance();
                Advance();
                return new Token(TokenKind.PlusEquals, "+=", origin);
            case '$' when Peek(1) == '{':
                return ReadSubstitution();
            case '$':
                throw Error("'$' must start a substitution '${path}'; quote the string to use a literal '$'", origin);
        }

        if (IsForbidden(c))
        {
            throw Error($"Character '{c}' is reserved in HOCON; quote the string to use it", origin);
        }

        return ReadUnquoted();
    }

    /// <summary>An unquoted run: up to whitespace, a forbidden character or <c>//</c>.</summary>
    private Token ReadUnquoted()
    {
        var origin = Here;
        var start = _pos;
        while (!AtEnd)
        {
            var c = _text[_pos];
            if (IsWhitespace(c) || IsForbidden(c) || (c == '/' && Peek(1) == '/'))
            {
                break;
            }

            Advance();
        }

        return new Token(TokenKind.Unquoted, _text[start.._pos], origin);
    }

    /// <summary>
    /// A JSON number at the current position: <c>-?digits(.digits)?([eE][+-]?digits)?</c>. Characters after it that
    /// may continue an unquoted string become the next token (so <c>10s</c> is the number 10 then <c>s</c>).
    /// </summary>
    private bool TryReadNumber(out Token token)
    {
        var origin = Here;
        var p = _pos;
        if (_text[p] == '-')
        {
            p++;
        }

        if (p >= _text.Length || !char.IsAsciiDigit(_text[p]))
        {
            token = null!;
            return false;
        }

        while (p < _text.Length && char.IsAsciiDigit(_text[p]))
        {
            p++;
        }

        if (p + 1 < _text.Length && _text[p] == '.' && char.IsAsciiDigit(_text[p + 1]))
        {
            p++;
            while (p < _text.Length && char.IsAsciiDigit(_text[p]))
            {
                p++;
            }
        }

        if (p < _text.Length && _text[p] is 'e' or 'E')
        {
            var q = p + 1;
            if (q < _text.Length && _text[q] is '+' or '-')
            {
                q++;
            }

            if (q < _text.Length && char.IsAsciiDigit(_text[q]))
            {
                p = q;
                while (p < _text.Length && char.IsAsciiDigit(_text[p]))
                {
                    p++;
                }
            }
        }

        var start = _pos;
        while (_pos < p)
        {
            Advance();
        }

        token = new Token(TokenKind.Number, _text[start..p], origin);
        return true;
    }

    /// <summary>A JSON string (RFC 8259 §7): escapes decoded, raw control characters rejected.</summary>
    private Token ReadQuoted()
    {
        var origin = Here;
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || _text[_pos] == '\n')
            {
                throw Error("Unterminated quoted string: no closing '\"' before the end of the line", origin);
            }

            var c = _text[_pos];
            if (c == '"')
            {
                Advance();
                return new Token(TokenKind.QuotedString, sb.ToString(), origin);
            }

            if (c == '\\')
            {
                sb.Append(ReadEscape(origin));
                continue;
            }

            if (c < 0x20)
            {
                throw Error(
                    string.Create(CultureInfo.InvariantCulture, $"Control character U+{(int)c:X4} must be escaped in a quoted string"),
                    Here);
            }

            sb.Append(c);
            Advance();
        }
    }

    private char ReadEscape(HoconOrigin stringOrigin)
    {
        var at = Here;
        Advance();
        if (AtEnd || _text[_pos] == '\n')
        {
            throw Error("Unterminated quoted string: no closing '\"' before the end of the line", stringOrigin);
        }

        var e = _text[_pos];
        Advance();
        switch (e)
        {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                var value = 0;
                for (var i = 0; i < 4; i++)
                {
                    var digit = AtEnd ? -1 : HexValue(_text[_pos]);
                    if (digit < 0)
                    {
                        throw Error("Invalid \\u escape: expected four hex digits", at);
                    }

                    value = (value << 4) | digit;
                    Advance();
                }

                return (char)value;
            default:
                throw Error($"Invalid escape '\\{e}' in a quoted string", at);
        }
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// HOCON.md "Multi-line strings": everything up to the closing <c>"""</c> is taken as is; a run of more than three
    /// quotes ends the string and the extra quotes belong to it.
    /// </summary>
    private Token ReadTripleQuoted()
    {
        var origin = Here;
        Advance();
        Advance();
        Advance();
        var start = _pos;
        while (true)
        {
            if (AtEnd)
            {
                throw Error("Unterminated triple-quoted string: no closing '\"\"\"'", origin);
            }

            if (_text[_pos] == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                var run = 0;
                while (Peek(run) == '"')
                {
                    run++;
                }

                var end = _pos + run - 3;
                for (var i = 0; i < run; i++)
                {
                    Advance();
                }

                return new Token(TokenKind.QuotedString, _text[start..end], origin);
            }

            Advance();
        }
    }

    /// <summary>HOCON.md "Substitutions": <c>${path}</c> or <c>${?path}</c>, the path on one line.</summary>
    private Token ReadSubstitution()
    {
        var origin = Here;
        var start = _pos;
        Advance();
        Advance();
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            Advance();
        }

        var pathTokens = new List<Token>();
        while (true)
        {
            if (AtEnd || _text[_pos] == '\n' || _text[_pos] == '#' || (_text[_pos] == '/' && Peek(1) == '/'))
            {
                throw Error("Unterminated substitution: no closing '}' on the same line", origin);
            }

            var c = _text[_pos];
            if (c == '}')
            {
                Advance();
                break;
            }

            pathTokens.Add(IsWhitespace(c) ? ReadWhitespace() : ReadToken(inSubstitution: true));
        }

        while (pathTokens.Count > 0 && pathTokens[^1].Kind == TokenKind.Whitespace)
        {
            pathTokens.RemoveAt(pathTokens.Count - 1);
        }

        while (pathTokens.Count > 0 && pathTokens[0].Kind == TokenKind.Whitespace)
        {
            pathTokens.RemoveAt(0);
        }

        if (pathTokens.Count == 0)
        {
            throw Error("Empty substitution: expected a path inside '${}'", origin);
        }

        return new Token(TokenKind.Substitution, _text[start.._pos], origin)
        {
            Optional = optional,
            PathTokens = pathTokens,
        };
    }
}
