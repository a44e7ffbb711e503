namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>
/// The unresolved document tree the parser builds. Substitutions, concatenations and <c>+=</c> stay as nodes until
/// the whole document (with its includes) is parsed; <see cref="HoconResolver"/> then turns the tree into
/// <see cref="HoconValue"/>s.
/// </summary>
internal abstract class Node(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;
}

/// <summary>A value that needs no resolution: a scalar, or an object/array produced by a substitution.</summary>
internal sealed class LiteralNode(HoconValue value, bool isWhitespace = false) : Node(value.Origin)
{
    public HoconValue Value { get; } = value;

    /// <summary>Whitespace between the parts of a concatenation: kept between strings, dropped otherwise.</summary>
    public bool IsWhitespace { get; } = isWhitespace;
}

internal sealed class ObjectNode(HoconOrigin origin) : Node(origin)
{
    public OrderedDictionary<string, Node> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Sets a field as a duplicate key would (HOCON.md "Duplicate keys and object merging").</summary>
    public void Set(string key, Node value) =>
        Fields[key] = Fields.TryGetValue(key, out var old) ? NodeMerge.Merge(old, value) : value;
}

internal sealed class ArrayNode(HoconOrigin origin, IEnumerable<Node> items) : Node(origin)
{
    public List<Node> Items { get; } = [.. items];
}

/// <summary><c>${path}</c> or <c>${?path}</c>.</summary>
internal sealed class SubstitutionNode(HoconOrigin origin, string[] path, bool optional, string[]? includePrefix)
    : Node(origin)
{
    /// <summary>The path as written.</summary>
    public string[] Path { get; } = path;

    public bool Optional { get; } = optional;

    /// <summary>
    /// For a substitution in an included file: the path of the object the file was included into. The substitution is
    /// looked up under that prefix first, then from the root (HOCON.md "Include semantics: substitution").
    /// </summary>
    public string[]? IncludePrefix { get; } = includePrefix;

    public string Expression => "${" + (Optional ? "?" : "") + HoconPath.Render(Path) + "}";
}

/// <summary>Several values on one line: string, array or object concatenation (HOCON.md "Value concatenation").</summary>
internal sealed class ConcatNode(HoconOrigin origin, IEnumerable<Node> pieces) : Node(origin)
{
    public List<Node> Pieces { get; } = [.. pieces];
}

/// <summary><c>key += element</c>: the value below with <see cref="Element"/> appended (HOCON.md "The += field separator").</summary>
internal sealed class AppendNode(HoconOrigin origin, Node element) : Node(origin)
{
    public Node Element { get; } = element;
}

/// <summary>
/// Successive definitions of one field that cannot be merged before resolution because the later ones contain
/// substitutions (the "merge stack"). Oldest first; never nested.
/// </summary>
internal sealed class LayeredNode(IEnumerable<Node> layers) : Node(default)
{
    public List<Node> Layers { get; } = [.. layers];
}

internal static class NodeMerge
{
    /// <summary>
    /// The value of a field defined as <paramref name="older"/> and then as <paramref name="newer"/>: objects merge
    /// recursively, any other literal replaces, and values that need resolution are stacked on what they override.
    /// </summary>
    public static Node Merge(Node older, Node newer)
    {
        if (AsObject(newer) is { } newObject)
        {
            if (AsObject(older) is { } oldObject)
            {
                return MergeObjects(oldObject, newObject);
            }

            return NeedsResolution(older) ? Stack(older, newer) : newer;
        }

        return NeedsResolution(newer) ? Stack(older, newer) : newer;
    }

    /// <summary>A new object with the fields of both, <paramref name="newer"/> winning (neither input changes).</summary>
    public static ObjectNode MergeObjects(ObjectNode older, ObjectNode newer)
    {
        var merged = new ObjectNode(older.Origin);
        foreach (var (key, value) in older.Fields)
        {
            merged.Fields[key] = value;
        }

        foreach (var (key, value) in newer.Fields)
        {
            merged.Set(key, value);
        }

        return merged;
    }

    /// <summary>The node as an object node, when it is one or is a literal object; null otherwise.</summary>
    public static ObjectNode? AsObject(Node? node)
    {
        switch (node)
        {
            case ObjectNode o:
                return o;
            case LiteralNode { Value: HoconObject obj }:
                var converted = new ObjectNode(obj.Origin);
                foreach (var (key, value) in obj)
                {
                    converted.Fields[key] = new LiteralNode(value);
                }

                return converted;
            default:
                return null;
        }
    }

    /// <summary>The items of an array node or of a literal array; null for anything else.</summary>
    public static List<Node>? AsArrayItems(Node? node) => node switch
    {
        ArrayNode a => a.Items,
        LiteralNode { Value: HoconArray array } => [.. array.Select(v => (Node)new LiteralNode(v))],
        _ => null,
    };

    private static bool NeedsResolution(Node node) =>
        node is SubstitutionNode or ConcatNode or AppendNode or LayeredNode;

    private static LayeredNode Stack(Node older, Node newer)
    {
        var layers = older is LayeredNode o ? new List<Node>(o.Layers) : [older];
        if (newer is LayeredNode n)
        {
            layers.AddRange(n.Layers);
        }
        else
        {
            layers.Add(newer);
        }

        return new LayeredNode(layers);
    }
}
