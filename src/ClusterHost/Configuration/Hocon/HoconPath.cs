using System.Text;

namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>
/// Path expressions (HOCON.md "Path expressions"): <c>a.b."c.d"</c> is the three keys <c>a</c>, <c>b</c> and
/// <c>c.d</c>. A <c>.</c> outside quotes separates keys, quoted text is taken as is, whitespace between parts is kept.
/// </summary>
public static class HoconPath
{
    /// <summary>Parses a path expression such as <c>sfu.http."listen.port"</c> into its keys.</summary>
    /// <exception cref="ArgumentException">The text is not a valid path expression.</exception>
    public static IReadOnlyList<string> Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var tokens = HoconTokenizer.Tokenize(path, "<path>");
            var parts = new List<Token>();
            foreach (var token in tokens)
            {
                switch (token.Kind)
                {
                    case TokenKind.End:
                        break;
                    case TokenKind.QuotedString or TokenKind.Unquoted or TokenKind.Number or TokenKind.Whitespace:
                        parts.Add(token);
                        break;
                    default:
                        throw new ArgumentException($"Invalid path '{path}': unexpected {token.Describe()}", nameof(path));
                }
            }

            Trim(parts);
            if (parts.Count == 0)
            {
                throw new ArgumentException("A path cannot be empty.", nameof(path));
            }

            return FromTokens(parts);
        }
        catch (HoconParseException e)
        {
            throw new ArgumentException($"Invalid path '{path}': {e.Reason}", nameof(path), e);
        }
    }

    /// <summary>Renders keys as a path expression, quoting the keys that need it.</summary>
    public static string Render(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var sb = new StringBuilder();
        foreach (var key in keys)
        {
            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            sb.Append(NeedsQuotes(key) ? HoconRenderer.Quote(key) : key);
        }

        return sb.ToString();
    }

    /// <summary>True when a key must be quoted to be read back as one key.</summary>
    internal static bool NeedsQuotes(string key)
    {
        if (key.Length == 0 || key == "include" || key[0] == '-' || char.IsAsciiDigit(key[0]))
        {
            return true;
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '.' || HoconTokenizer.IsWhitespace(c) || HoconTokenizer.IsForbidden(c) ||
                (c == '/' && i + 1 < key.Length && key[i + 1] == '/'))
            {
                return true;
            }
        }

        return false;
    }

    internal static void Trim(List<Token> tokens)
    {
        while (tokens.Count > 0 && tokens[^1].Kind == TokenKind.Whitespace)
        {
            tokens.RemoveAt(tokens.Count - 1);
        }

        while (tokens.Count > 0 && tokens[0].Kind == TokenKind.Whitespace)
        {
            tokens.RemoveAt(0);
        }
    }

    /// <summary>
    /// Builds the keys of a path expression from its tokens (quoted strings, unquoted text, numbers as written,
    /// whitespace). Empty keys must be quoted: <c>a..b</c>, a leading or a trailing <c>.</c> are errors.
    /// </summary>
    internal static string[] FromTokens(IReadOnlyList<Token> tokens)
    {
        var keys = new List<string>();
        var current = new StringBuilder();
        var started = false;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.QuotedString:
                    current.Append(token.Text);
                    started = true;
                    break;
                case TokenKind.Whitespace:
                    current.Append(token.Text);
                    break;
                case TokenKind.Unquoted or TokenKind.Number:
                    foreach (var c in token.Text)
                    {
                        if (c != '.')
                        {
                            current.Append(c);
                            started = true;
                            continue;
                        }

                        if (!started && current.Length == 0)
                        {
                            throw new HoconParseException(
                                "Empty key in a path: quote empty keys (\"\"), and do not start, end or double a '.'",
                                token.Origin);
                        }

                        keys.Add(current.ToString());
                        current.Clear();
                        started = false;
                    }

                    break;
                default:
                    throw new HoconParseException($"Unexpected {token.Describe()} in a path expression", token.Origin);
            }
        }

        if (!started && current.Length == 0)
        {
            throw new HoconParseException(
                "Empty key in a path: quote empty keys (\"\"), and do not start, end or double a '.'",
                tokens.Count > 0 ? tokens[^1].Origin : default);
        }

        keys.Add(current.ToString());
        return [.. keys];
    }
}
