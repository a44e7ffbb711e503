namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>
/// Resolves substitutions once the whole document is parsed (HOCON.md "Substitutions", "Self-Referential
/// Substitutions").
/// <list type="bullet">
/// <item>A substitution looks forward: it gets the final value at its path, resolving only what that needs (so an
/// object may refer to its own fields).</item>
/// <item>While the top definition of a field is evaluated, the field is "cut" from the lookup document down to the
/// definitions below it. A substitution reaching the cut sees the older value: that is how <c>port = ${?PORT}</c> keeps
/// the earlier port, <c>path = ${path} [x]</c> appends, and <c>a += b</c> works. Reaching the cut of another field
/// that has nothing below it is a cycle.</item>
/// <item>A value that contains a substitution which needs that value is a cycle (<c>a { b = ${a} }</c>).</item>
/// <item>Results computed with no cut active are memoised, so every substitution of one path sees one value.</item>
/// </list>
/// </summary>
internal sealed class HoconResolver(ObjectNode root, IReadOnlyDictionary<string, string> environment)
{
    private const int MaxLookupDepth = 128;

    private readonly List<Cut> _cuts = [];
    private readonly List<SubstitutionNode> _activeLookups = [];
    private readonly HashSet<Node> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<CacheKey, Node?> _shallowCache = [];
    private readonly Dictionary<CacheKey, HoconValue> _fullCache = [];

    /// <summary>A field whose top definition is being evaluated; lookups of its path see only the layers below.</summary>
    private sealed record Cut(string Key, string[] Path, List<Node> Layers, int BelowCount);

    /// <summary>Node identity (nodes do not override Equals) plus the path it sits at.</summary>
    private readonly record struct CacheKey(Node Node, string Path);

    public HoconObject ResolveRoot() => (HoconObject)FullResolve(root, []);

    private static string PathKey(string[]? path) => path is null ? "\u0001" : string.Join('\0', path);

    /// <summary>
    /// Evaluates substitutions, concatenations and merges at the top of a value, leaving the insides of objects and
    /// arrays for later. Null means "undefined" (an optional substitution that found nothing).
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="path">The path of the field the node is the value of, or null for array elements.</param>
    private Node? ResolveShallow(Node node, string[]? path)
    {
        if (node is LiteralNode or ObjectNode or ArrayNode)
        {
            return node;
        }

        var key = new CacheKey(node, PathKey(path));
        if (_shallowCache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var cacheable = _cuts.Count == 0;
        var layers = node is LayeredNode layered ? layered.Layers : [node];
        var result = EvaluateLayers(layers, layers.Count, path);
        if (cacheable)
        {
            _shallowCache[key] = result;
        }

        return result;
    }

    /// <summary>The value of a field defined by <paramref name="layers"/>[0..<paramref name="count"/>), newest last.</summary>
    private Node? EvaluateLayers(List<Node> layers, int count, string[]? path)
    {
        var top = layers[count - 1];
        if (NodeMerge.AsObject(top) is not null)
        {
            return count == 1 ? top : MergeOver(EvaluateLayers(layers, count - 1, path), top);
        }

        if (top is LiteralNode or ArrayNode)
        {
            return top;
        }

        Cut? cut = null;
        if (path is not null)
        {
            cut = new Cut(PathKey(path), path, layers, count - 1);
            _cuts.Add(cut);
        }

        Node? result;
        try
        {
            result = EvaluateExpression(top, layers, count - 1, path, cut);
        }
        finally
        {
            if (cut is not null)
            {
                _cuts.RemoveAt(_cuts.Count - 1);
            }
        }

        if (result is null)
        {
            // An undefined ${?x}: the field keeps its previous value, or is not created.
            return count > 1 ? EvaluateLayers(layers, count - 1, path) : null;
        }

        if (count > 1 && NodeMerge.AsObject(result) is not null)
        {
            return MergeOver(EvaluateLayers(layers, count - 1, path), result);
        }

        return result;
    }

    /// <summary>An object over whatever was below it: merged if that is an object too, else the object alone.</summary>
    private static Node MergeOver(Node? below, Node top) =>
        NodeMerge.AsObject(below) is { } belowObject ? NodeMerge.MergeObjects(belowObject, NodeMerge.AsObject(top)!) : top;

    private Node? EvaluateExpression(Node top, List<Node> layers, int belowCount, string[]? path, Cut? owner)
    {
        switch (top)
        {
            case SubstitutionNode substitution:
                return Lookup(substitution, owner);
            case ConcatNode concat:
                return EvaluateConcat(concat, owner);
            case AppendNode append:
                var previous = belowCount > 0 ? EvaluateLayers(layers, belowCount, path) : null;
                if (previous is null)
                {
                    return new ArrayNode(append.Origin, [append.Element]);
                }

                var items = NodeMerge.AsArrayItems(previous) ?? throw new HoconParseException(
                    $"'+=' appends to an array, but the earlier value of '{RenderPath(path)}' is {Describe(previous)}",
                    append.Origin);
                return new ArrayNode(append.Origin, [.. items, append.Element]);
            default:
                throw new InvalidOperationException($"Unexpected node {top.GetType().Name}.");
        }
    }

    /// <summary>
    /// HOCON.md "Value concatenation": strings join (whitespace between them kept), arrays append, objects merge; an
    /// undefined optional substitution counts as "", [] or {}, and if every part is undefined so is the result.
    /// </summary>
    private Node? EvaluateConcat(ConcatNode concat, Cut? owner)
    {
        var parts = new List<(Node? Value, bool Whitespace)>(concat.Pieces.Count);
        foreach (var piece in concat.Pieces)
        {
            parts.Add(piece switch
            {
                LiteralNode { IsWhitespace: true } => (piece, true),
                SubstitutionNode substitution => (Lookup(substitution, owner), false),
                _ => (piece, false),
            });
        }

        bool anyObject = false, anyArray = false, anyScalar = false;
        foreach (var (value, whitespace) in parts)
        {
            if (whitespace || value is null)
            {
                continue;
            }

            if (NodeMerge.AsObject(value) is not null)
            {
                anyObject = true;
            }
            else if (value is ArrayNode or LiteralNode { Value: HoconArray })
            {
                anyArray = true;
            }
            else
            {
                anyScalar = true;
            }
        }

        if (!anyObject && !anyArray && !anyScalar)
        {
            return null;
        }

        if ((anyObject ? 1 : 0) + (anyArray ? 1 : 0) + (anyScalar ? 1 : 0) > 1)
        {
            var kinds = new List<string>();
            foreach (var (value, whitespace) in parts)
            {
                if (!whitespace && value is not null)
                {
                    kinds.Add(Describe(value));
                }
            }

            throw new HoconParseException(
                $"Cannot concatenate {string.Join(" with ", kinds)}: only strings with strings, arrays with arrays or objects with objects",
                concat.Origin);
        }

        if (anyObject)
        {
            ObjectNode? merged = null;
            foreach (var (value, whitespace) in parts)
            {
                if (!whitespace && NodeMerge.AsObject(value) is { } obj)
                {
                    merged = merged is null ? obj : NodeMerge.MergeObjects(merged, obj);
                }
            }

            return merged;
        }

        if (anyArray)
        {
            var items = new List<Node>();
            foreach (var (value, whitespace) in parts)
            {
                if (!whitespace && NodeMerge.AsArrayItems(value) is { } more)
                {
                    items.AddRange(more);
                }
            }

            return new ArrayNode(concat.Origin, items);
        }

        var sb = new System.Text.StringBuilder();
        foreach (var (value, _) in parts)
        {
            if (value is LiteralNode { Value: HoconScalar scalar })
            {
                sb.Append(scalar.Text);
            }
        }

        return new LiteralNode(HoconScalar.String(sb.ToString(), concat.Origin));
    }

    /// <summary>
    /// The value of a substitution: the configuration at its path (under the include prefix first, for included files),
    /// else the environment variable named by the path, else undefined (<c>${?x}</c>) or an error (<c>${x}</c>).
    /// </summary>
    /// <param name="substitution">The substitution.</param>
    /// <param name="owner">The cut of the field this substitution is the (top) value of, if it is one.</param>
    private LiteralNode? Lookup(SubstitutionNode substitution, Cut? owner)
    {
        if (_activeLookups.Count >= MaxLookupDepth)
        {
            throw new HoconParseException(
                $"Substitution {substitution.Expression} nests more than {MaxLookupDepth} substitutions deep (a cycle?)",
                substitution.Origin);
        }

        _activeLookups.Add(substitution);
        try
        {
            if (substitution.IncludePrefix is { } prefix &&
                TryLookupPath([.. prefix, .. substitution.Path], substitution, owner, out var fixedUp))
            {
                return new LiteralNode(fixedUp);
            }

            if (TryLookupPath(substitution.Path, substitution, owner, out var value))
            {
                return new LiteralNode(value);
            }

            var name = string.Join('.', substitution.Path);
            if (environment.TryGetValue(name, out var text) && text.Length > 0)
            {
                return new LiteralNode(HoconScalar.String(text, HoconOrigin.FromDescription($"environment variable {name}")));
            }

            if (substitution.Optional)
            {
                return null;
            }

            throw new HoconParseException(
                $"Could not resolve substitution {substitution.Expression}: '{HoconPath.Render(substitution.Path)}' is not set in the configuration and there is no environment variable '{name}'",
                substitution.Origin);
        }
        finally
        {
            _activeLookups.RemoveAt(_activeLookups.Count - 1);
        }
    }

    /// <summary>Walks the document from the root, resolving only the fields on the way.</summary>
    private bool TryLookupPath(string[] path, SubstitutionNode substitution, Cut? owner, out HoconValue value)
    {
        value = null!;
        Node current = root;
        for (var i = 0; i < path.Length; i++)
        {
            if (NodeMerge.AsObject(current) is not { } obj || !obj.Fields.TryGetValue(path[i], out var field))
            {
                return false;
            }

            var prefix = path[..(i + 1)];
            var cut = FindCut(PathKey(prefix));
            Node? next;
            if (cut is null)
            {
                next = ResolveShallow(field, prefix);
            }
            else if (cut.BelowCount > 0)
            {
                next = EvaluateLayers(cut.Layers, cut.BelowCount, prefix);
            }
            else if (ReferenceEquals(cut, owner) || substitution.Optional)
            {
                // A field referring to itself with nothing defined before it: undefined, not a cycle.
                return false;
            }
            else
            {
                throw CycleError(substitution, cut);
            }

            if (next is null)
            {
                return false;
            }

            current = next;
        }

        value = FullResolve(current, path);
        return true;
    }

    private Cut? FindCut(string key)
    {
        for (var i = _cuts.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_cuts[i].Key, key, StringComparison.Ordinal))
            {
                return _cuts[i];
            }
        }

        return null;
    }

    /// <summary>Resolves everything inside a value that <see cref="ResolveShallow"/> has produced.</summary>
    private HoconValue FullResolve(Node node, string[]? path)
    {
        switch (node)
        {
            case LiteralNode literal:
                return literal.Value;
            case ObjectNode or ArrayNode:
                var key = new CacheKey(node, PathKey(path));
                if (_fullCache.TryGetValue(key, out var cached))
                {
                    return cached;
                }

                var cacheable = _cuts.Count == 0;
                if (!_inProgress.Add(node))
                {
                    throw CycleThroughValue(path);
                }

                HoconValue result;
                try
                {
                    result = node is ObjectNode obj ? ResolveObject(obj, path) : ResolveArray((ArrayNode)node);
                }
                finally
                {
                    _inProgress.Remove(node);
                }

                if (cacheable)
                {
                    _fullCache[key] = result;
                }

                return result;
            default:
                throw new InvalidOperationException($"Unresolved node {node.GetType().Name}.");
        }
    }

    private HoconObject ResolveObject(ObjectNode obj, string[]? path)
    {
        var fields = new List<KeyValuePair<string, HoconValue>>(obj.Fields.Count);
        foreach (var (key, child) in obj.Fields)
        {
            string[]? childPath = path is null ? null : [.. path, key];
            if (ResolveShallow(child, childPath) is { } shallow)
            {
                fields.Add(new(key, FullResolve(shallow, childPath)));
            }
        }

        return new HoconObject(fields, obj.Origin);
    }

    private HoconArray ResolveArray(ArrayNode array)
    {
        var items = new List<HoconValue>(array.Items.Count);
        foreach (var item in array.Items)
        {
            // Array elements are not fields: no self-reference, and an undefined ${?x} element is left out.
            if (ResolveShallow(item, null) is { } shallow)
            {
                items.Add(FullResolve(shallow, null));
            }
        }

        return new HoconArray(items, array.Origin);
    }

    private HoconParseException CycleError(SubstitutionNode substitution, Cut reached)
    {
        var start = _cuts.IndexOf(reached);
        var chain = new List<string>();
        for (var i = start; i < _cuts.Count; i++)
        {
            chain.Add(HoconPath.Render(_cuts[i].Path));
        }

        chain.Add(HoconPath.Render(reached.Path));
        return new HoconParseException(
            $"Cycle in substitutions: {string.Join(" -> ", chain)} (at {substitution.Expression})",
            substitution.Origin);
    }

    private HoconParseException CycleThroughValue(string[]? path)
    {
        var substitution = _activeLookups.Count > 0 ? _activeLookups[^1] : null;
        var where = path is { Length: > 0 } ? $" '{HoconPath.Render(path)}'" : "";
        return substitution is null
            ? new HoconParseException($"Cycle in substitutions: the value{where} contains itself", default)
            : new HoconParseException(
                $"Cycle in substitutions: {substitution.Expression} needs the value{where}, which contains this substitution",
                substitution.Origin);
    }

    private static string RenderPath(string[]? path) => path is null ? "<array element>" : HoconPath.Render(path);

    private static string Describe(Node node) => node switch
    {
        ObjectNode or LiteralNode { Value: HoconObject } => "an object",
        ArrayNode or LiteralNode { Value: HoconArray } => "an array",
        LiteralNode { Value: HoconScalar { Kind: HoconValueKind.Null } } => "null",
        LiteralNode { Value: HoconScalar s } => $"{s.Kind.ToString().ToLowerInvariant()} {s}",
        _ => node.GetType().Name,
    };
}
