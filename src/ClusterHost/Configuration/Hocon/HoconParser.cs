using System.Text;

namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>Options for <see cref="HoconParser"/>.</summary>
public sealed record HoconParseOptions
{
    /// <summary>
    /// Environment variables consulted for substitutions whose path is not set in the document (HOCON.md
    /// "Substitution fallback to environment variables"). Null: the process environment, read once per parse.
    /// Variables set to the empty string count as unset.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>
    /// The directory relative includes of the main text are found in. Null: the directory of the file name given to
    /// <see cref="HoconParser.Parse"/>; with no file name either, relative includes are an error (the working directory
    /// is never used). Included files always resolve their own includes relative to themselves.
    /// </summary>
    public string? BaseDirectory { get; init; }

    /// <summary>The deepest chain of nested includes accepted.</summary>
    public int MaxIncludeDepth { get; init; } = 32;

    /// <summary>The default of <see cref="MaxNestingDepth"/>.</summary>
    public const int DefaultMaxNestingDepth = 256;

    /// <summary>How deep objects and arrays may nest in one document (deeper input is an error, not a stack overflow).</summary>
    public int MaxNestingDepth { get; init; } = DefaultMaxNestingDepth;
}

/// <summary>
/// Reads HOCON (github.com/lightbend/config HOCON.md): the parts our configuration files use, which is nearly all of
/// the format — comments, omitted root braces, <c>=</c>/<c>:</c>/<c>+=</c>, optional commas, dotted and quoted keys,
/// quoted, triple-quoted and unquoted strings, value concatenation, object merging, <c>include</c> of files, and
/// <c>${path}</c>/<c>${?path}</c> substitutions with the environment as fallback. Not supported: <c>url()</c> and
/// <c>classpath()</c> includes, <c>.properties</c> files, numerically-indexed objects read as arrays.
/// </summary>
public static class HoconParser
{
    /// <summary>Parses and resolves a document.</summary>
    /// <param name="text">The HOCON text.</param>
    /// <param name="fileName">The file the text came from, for error messages and relative includes.</param>
    /// <param name="options">Environment and include options.</param>
    /// <exception cref="HoconParseException">Bad syntax, a bad include, an unresolved substitution or a cycle.</exception>
    public static HoconConfig Parse(string text, string? fileName = null, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new HoconParseOptions();
        var baseDirectory = options.BaseDirectory
            ?? (fileName is null ? null : Path.GetDirectoryName(Path.GetFullPath(fileName)));
        var includeStack = new List<string>();
        if (fileName is not null)
        {
            includeStack.Add(Path.GetFullPath(fileName));
        }

        var context = new ParseContext(options, includeStack);
        var root = new DocumentParser(text, fileName, baseDirectory, rootPath: [], context).ParseDocument();
        var environment = options.Environment ?? ReadProcessEnvironment();
        return new HoconConfig(new HoconResolver(root, environment).ResolveRoot());
    }

    /// <summary>Reads, parses and resolves a file; its includes are found relative to its directory.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="HoconParseException">See <see cref="Parse"/>.</exception>
    public static HoconConfig ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path, options);
    }

    internal static Dictionary<string, string> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    internal sealed record ParseContext(HoconParseOptions Options, List<string> IncludeStack);
}

/// <summary>Recursive descent over the tokens of one document (the main file or an included one).</summary>
internal sealed class DocumentParser
{
    private readonly List<Token> _tokens;
    private readonly string? _baseDirectory;
    private readonly string[]? _rootPath;
    private readonly string[]? _includePrefix;
    private readonly HoconParser.ParseContext _context;
    private int _index;
    private int _depth;

    /// <param name="text">The document.</param>
    /// <param name="fileName">Its file, for origins.</param>
    /// <param name="baseDirectory">Where its relative includes are found, or null if it has no file.</param>
    /// <param name="rootPath">
    /// The path its root object takes in the whole configuration: empty for the main document, the including object's
    /// path for an included file, null when that is unknown (an include inside an array element).
    /// </param>
    /// <param name="context">Options and the chain of files being included.</param>
    public DocumentParser(
        string text,
        string? fileName,
        string? baseDirectory,
        string[]? rootPath,
        HoconParser.ParseContext context)
    {
        _tokens = HoconTokenizer.Tokenize(text, fileName);
        _baseDirectory = baseDirectory;
        _rootPath = rootPath;
        _includePrefix = rootPath is { Length: > 0 } ? rootPath : null;
        _context = context;
    }

    private Token Current => _tokens[_index];

    private Token Take() => _tokens[_index++];

    private static HoconParseException Error(string reason, Token at) => new(reason, at.Origin);

    private void SkipWhitespace()
    {
        while (Current.Kind == TokenKind.Whitespace)
        {
            _index++;
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Current.Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            _index++;
        }
    }

    /// <summary>HOCON.md "Omit root braces": a document is one object, with or without its braces.</summary>
    public ObjectNode ParseDocument()
    {
        SkipWhitespaceAndNewlines();
        var start = Current;
        var absolutePath = _rootPath;
        if (start.Kind == TokenKind.LeftBracket)
        {
            throw Error("The root of a HOCON document must be an object, not an array", start);
        }

        ObjectNode root;
        if (start.Kind == TokenKind.LeftBrace)
        {
            Take();
            root = new ObjectNode(start.Origin);
            ParseFields(root, absolutePath, start);
            SkipWhitespaceAndNewlines();
            if (Current.Kind != TokenKind.End)
            {
                throw Error($"Unexpected {Current.Describe()} after the root object's closing '}}'", Current);
            }
        }
        else
        {
            root = new ObjectNode(start.Origin);
            ParseFields(root, absolutePath, openBrace: null);
        }

        return root;
    }

    /// <summary>
    /// The fields of an object up to its closing brace (or the end of input for a root without braces). Fields are
    /// separated by a comma or a newline; one trailing comma is allowed (HOCON.md "Commas").
    /// </summary>
    /// <param name="target">The object receiving the fields.</param>
    /// <param name="absolutePath">The object's path from the root, or null inside arrays (used to fix up includes).</param>
    /// <param name="openBrace">The '{' that opened the object, or null for the root without braces.</param>
    private void ParseFields(ObjectNode target, string[]? absolutePath, Token? openBrace)
    {
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.End when openBrace is not null:
                    throw Error("Unterminated object: this '{' has no matching '}'", openBrace);
                case TokenKind.End:
                    return;
                case TokenKind.RightBrace when openBrace is not null:
                    Take();
                    return;
                case TokenKind.RightBrace:
                    throw Error("Unbalanced '}': the document did not open the root object with '{'", token);
                case TokenKind.Comma:
                    throw Error("Unexpected ',': expected a field (commas may not lead or repeat)", token);
            }

            var description = ParseFieldOrInclude(target, absolutePath);
            SkipWhitespace();
            token = Current;
            switch (token.Kind)
            {
                case TokenKind.Comma:
                    Take();
                    SkipWhitespaceAndNewlines();
                    if (Current.Kind == TokenKind.Comma)
                    {
                        throw Error("Unexpected ',': two commas in a row", Current);
                    }

                    break;
                case TokenKind.Newline or TokenKind.RightBrace or TokenKind.End:
                    break;
                default:
                    throw Error($"Expected ',' or a newline after {description}, found {token.Describe()}", token);
            }
        }
    }

    /// <summary>One field or include statement, merged into <paramref name="target"/>. Returns a description for errors.</summary>
    private string ParseFieldOrInclude(ObjectNode target, string[]? absolutePath)
    {
        var first = Current;
        if (first.Kind == TokenKind.Unquoted && first.Text == "include")
        {
            ParseInclude(target, absolutePath);
            return "the include statement";
        }

        var keyTokens = new List<Token>();
        while (Current.Kind is TokenKind.QuotedString or TokenKind.Unquoted or TokenKind.Number or TokenKind.Whitespace)
        {
            keyTokens.Add(Take());
        }

        HoconPath.Trim(keyTokens);
        if (keyTokens.Count == 0)
        {
            throw Current.Kind == TokenKind.Substitution
                ? Error("Substitutions are not allowed in keys", Current)
                : Error($"Expected a key, found {Current.Describe()}", Current);
        }

        var path = HoconPath.FromTokens(keyTokens);
        var separator = Current;
        var append = false;
        switch (separator.Kind)
        {
            case TokenKind.Colon or TokenKind.Equals:
                Take();
                SkipWhitespaceAndNewlines();
                break;
            case TokenKind.PlusEquals:
                Take();
                append = true;
                SkipWhitespaceAndNewlines();
                break;
            case TokenKind.LeftBrace:
                break;
            case TokenKind.Substitution:
                throw Error("Substitutions are not allowed in keys", separator);
            default:
                throw Error(
                    $"Key '{HoconPath.Render(path)}' must be followed by ':', '=', '+=' or '{{', found {separator.Describe()}",
                    separator);
        }

        string[]? fieldPath = absolutePath is null ? null : [.. absolutePath, .. path];
        var value = ParseValue(fieldPath);
        if (append)
        {
            value = new AppendNode(separator.Origin, value);
        }

        for (var i = path.Length - 1; i >= 1; i--)
        {
            var wrapper = new ObjectNode(first.Origin);
            wrapper.Fields[path[i]] = value;
            value = wrapper;
        }

        target.Set(path[0], value);
        return $"the field '{HoconPath.Render(path)}'";
    }

    /// <summary>
    /// A field value or array element: one value, or several on one line concatenated (HOCON.md "Value
    /// concatenation"). Stops at a newline, ',', '}', ']' or the end of input.
    /// </summary>
    private Node ParseValue(string[]? absolutePath)
    {
        var pieces = new List<(Token Token, Node? Node)>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Whitespace or TokenKind.QuotedString or TokenKind.Unquoted or TokenKind.Number:
                    pieces.Add((Take(), null));
                    continue;
                case TokenKind.Substitution:
                    Take();
                    var path = HoconPath.FromTokens(token.PathTokens);
                    pieces.Add((token, new SubstitutionNode(token.Origin, path, token.Optional, _includePrefix)));
                    continue;
                case TokenKind.LeftBrace:
                    Take();
                    EnterNesting(token);
                    var obj = new ObjectNode(token.Origin);
                    ParseFields(obj, absolutePath, token);
                    _depth--;
                    pieces.Add((token, obj));
                    continue;
                case TokenKind.LeftBracket:
                    EnterNesting(token);
                    pieces.Add((token, ParseArray()));
                    _depth--;
                    continue;
                case TokenKind.Colon or TokenKind.Equals or TokenKind.PlusEquals:
                    throw Error(
                        $"Unexpected '{token.Text}' in a value; quote the string if the '{token.Text}' belongs to it",
                        token);
            }

            break;
        }

        while (pieces.Count > 0 && pieces[^1].Token.Kind == TokenKind.Whitespace)
        {
            pieces.RemoveAt(pieces.Count - 1);
        }

        while (pieces.Count > 0 && pieces[0].Token.Kind == TokenKind.Whitespace)
        {
            pieces.RemoveAt(0);
        }

        if (pieces.Count == 0)
        {
            throw Error($"Expected a value, found {Current.Describe()}", Current);
        }

        if (pieces.Count == 1)
        {
            var (token, node) = pieces[0];
            return node ?? new LiteralNode(SingleScalar(token));
        }

        var origin = pieces[0].Token.Origin;
        var container = pieces.Find(p => p.Node is ObjectNode or ArrayNode);
        var text = pieces.Find(p => p.Node is null && p.Token.Kind != TokenKind.Whitespace);
        if (container.Node is not null && text.Token is not null)
        {
            throw Error(
                $"Cannot concatenate {text.Token.Describe()} with an {(container.Node is ObjectNode ? "object" : "array")} on one line; put fields or elements on separate lines or separate them with ','",
                text.Token);
        }

        if (pieces.TrueForAll(p => p.Node is null))
        {
            var sb = new StringBuilder();
            foreach (var (token, _) in pieces)
            {
                sb.Append(token.Text);
            }

            return new LiteralNode(HoconScalar.String(sb.ToString(), origin));
        }

        var parts = new List<Node>(pieces.Count);
        foreach (var (token, node) in pieces)
        {
            parts.Add(node ?? new LiteralNode(
                HoconScalar.String(token.Text, token.Origin),
                isWhitespace: token.Kind == TokenKind.Whitespace));
        }

        return new ConcatNode(origin, parts);
    }

    private void EnterNesting(Token open)
    {
        if (++_depth > _context.Options.MaxNestingDepth)
        {
            throw Error($"Objects and arrays nest deeper than {_context.Options.MaxNestingDepth} levels", open);
        }
    }

    /// <summary>A value that is one token: its JSON type is kept (HOCON.md: "A single value is never converted to a string").</summary>
    private static HoconScalar SingleScalar(Token token) => token.Kind switch
    {
        TokenKind.Number => HoconScalar.Number(token.Text, token.Origin),
        TokenKind.Unquoted when token.Text == "true" => HoconScalar.Boolean(true, token.Origin),
        TokenKind.Unquoted when token.Text == "false" => HoconScalar.Boolean(false, token.Origin),
        TokenKind.Unquoted when token.Text == "null" => HoconScalar.Null(token.Origin),
        _ => HoconScalar.String(token.Text, token.Origin),
    };

    /// <summary>An array; elements separated by a comma or a newline, one trailing comma allowed.</summary>
    private ArrayNode ParseArray()
    {
        var open = Take();
        var items = new List<Node>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.End:
                    throw Error("Unterminated array: this '[' has no matching ']'", open);
                case TokenKind.RightBracket:
                    Take();
                    return new ArrayNode(open.Origin, items);
                case TokenKind.Comma:
                    throw Error("Unexpected ',': expected an array element (commas may not lead or repeat)", token);
            }

            items.Add(ParseValue(absolutePath: null));
            SkipWhitespace();
            token = Current;
            switch (token.Kind)
            {
                case TokenKind.Comma:
                    Take();
                    SkipWhitespaceAndNewlines();
                    if (Current.Kind == TokenKind.Comma)
                    {
                        throw Error("Unexpected ',': two commas in a row", Current);
                    }

                    break;
                case TokenKind.Newline or TokenKind.RightBracket:
                    break;
                case TokenKind.End:
                    throw Error("Unterminated array: this '[' has no matching ']'", open);
                default:
                    throw Error($"Expected ',' or ']' in the array, found {token.Describe()}", token);
            }
        }
    }

    /// <summary>
    /// <c>include "name"</c>, <c>include file("name")</c>, <c>include required("name")</c> or
    /// <c>include required(file("name"))</c> (HOCON.md "Includes"). The file's fields merge into
    /// <paramref name="target"/> as if written in place of the statement.
    /// </summary>
    private void ParseInclude(ObjectNode target, string[]? absolutePath)
    {
        var include = Take();
        SkipWhitespaceAndNewlines();
        var argument = Current;

        var before = new StringBuilder();
        while (Current.Kind is TokenKind.Unquoted or TokenKind.Whitespace)
        {
            var token = Take();
            if (token.Kind == TokenKind.Unquoted)
            {
                before.Append(token.Text);
            }
        }

        if (Current.Kind != TokenKind.QuotedString)
        {
            throw Error(
                $"'include' must be followed by a quoted file name, file(\"...\") or required(...), found {argument.Describe()}",
                argument);
        }

        var nameToken = Take();
        var after = new StringBuilder();
        Token? firstAfter = null;
        while (Current.Kind is TokenKind.Unquoted or TokenKind.Whitespace)
        {
            var token = Take();
            if (token.Kind == TokenKind.Unquoted)
            {
                firstAfter ??= token;
                after.Append(token.Text);
            }
        }

        // We have no URLs or class path, so a bare name and file("...") both name a file.
        var required = (before.ToString(), after.ToString()) switch
        {
            ("", "") or ("file(", ")") => false,
            ("required(", ")") or ("required(file(", "))") => true,
            var (b, _) when b.Contains("url(", StringComparison.Ordinal) || b.Contains("classpath(", StringComparison.Ordinal) =>
                throw Error("include url(...) and classpath(...) are not supported; use a file name or file(...)", include),
            ("", _) when firstAfter is not null =>
                throw Error($"Unexpected {firstAfter.Describe()} after the include statement", firstAfter),
            _ => throw Error(
                "Invalid include: expected include \"name\", file(\"name\"), required(\"name\") or required(file(\"name\"))",
                include),
        };

        if (Current.Kind is not (TokenKind.Newline or TokenKind.Comma or TokenKind.RightBrace or TokenKind.End))
        {
            throw Error($"Unexpected {Current.Describe()} after the include statement", Current);
        }

        foreach (var file in LocateInclude(nameToken, required, include))
        {
            IncludeFile(file, target, absolutePath, include);
        }
    }

    /// <summary>
    /// The files an include names: the name relative to the including file's directory (or absolute). A name without
    /// an extension that does not exist as is loads name.json and name.conf, whichever exist, in that order.
    /// </summary>
    private List<string> LocateInclude(Token nameToken, bool required, Token include)
    {
        var name = nameToken.Text;
        if (name.Length == 0)
        {
            throw Error("include: the file name is empty", nameToken);
        }

        string fullPath;
        if (Path.IsPathRooted(name))
        {
            fullPath = Path.GetFullPath(name);
        }
        else if (_baseDirectory is not null)
        {
            fullPath = Path.GetFullPath(Path.Combine(_baseDirectory, name));
        }
        else
        {
            throw Error(
                $"include \"{name}\": a relative include needs the including text's file name or HoconParseOptions.BaseDirectory",
                include);
        }

        var found = new List<string>();
        if (File.Exists(fullPath))
        {
            found.Add(fullPath);
        }
        else if (Directory.Exists(fullPath))
        {
            throw Error($"include \"{name}\": '{fullPath}' is a directory, not a file", nameToken);
        }
        else if (!Path.HasExtension(fullPath))
        {
            foreach (var extension in (string[])[".json", ".conf"])
            {
                if (File.Exists(fullPath + extension))
                {
                    found.Add(fullPath + extension);
                }
            }
        }

        if (found.Count == 0 && required)
        {
            throw Error($"Required include file not found: '{fullPath}'", include);
        }

        return found;
    }

    private void IncludeFile(string fullPath, ObjectNode target, string[]? absolutePath, Token include)
    {
        var stack = _context.IncludeStack;
        if (stack.Contains(fullPath, StringComparer.Ordinal))
        {
            throw Error($"Include cycle: {string.Join(" -> ", stack)} -> {fullPath}", include);
        }

        if (stack.Count >= _context.Options.MaxIncludeDepth)
        {
            throw Error($"Includes nest deeper than {_context.Options.MaxIncludeDepth} files", include);
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoconParseException($"Cannot read included file '{fullPath}': {e.Message}", include.Origin, e);
        }

        stack.Add(fullPath);
        try
        {
            var parser = new DocumentParser(
                text,
                fullPath,
                Path.GetDirectoryName(fullPath),
                absolutePath,
                _context);
            var included = parser.ParseDocument();
            foreach (var (key, value) in included.Fields)
            {
                target.Set(key, value);
            }
        }
        finally
        {
            stack.RemoveAt(stack.Count - 1);
        }
    }
}
