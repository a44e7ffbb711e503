using System.Collections;
using System.Globalization;

namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>The JSON type of a resolved HOCON value (HOCON.md "Unchanged from JSON").</summary>
public enum HoconValueKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>Where a value was written: file (null for text parsed without a name), 1-based line and column.</summary>
public readonly record struct HoconOrigin(string? FileName, int Line, int Column)
{
    /// <summary>An origin for values that do not come from a document (environment variables, code).</summary>
    public static HoconOrigin FromDescription(string description) => new(description, 0, 0);

    public override string ToString() =>
        Line == 0 ? FileName ?? "<unknown>" : string.Create(CultureInfo.InvariantCulture, $"{FileName ?? "<hocon>"}:{Line}:{Column}");
}

/// <summary>
/// A fully resolved HOCON value: an object, an array or a scalar. Substitutions, includes and concatenations are gone
/// by the time a value of this type exists. Equality is structural (object field order and origins are ignored).
/// </summary>
public abstract class HoconValue : IEquatable<HoconValue>
{
    private protected HoconValue(HoconOrigin origin) => Origin = origin;

    public abstract HoconValueKind Kind { get; }

    /// <summary>Where the value was written; used in error messages.</summary>
    public HoconOrigin Origin { get; }

    public abstract bool Equals(HoconValue? other);

    public sealed override bool Equals(object? obj) => obj is HoconValue v && Equals(v);

    public abstract override int GetHashCode();

    /// <summary>Renders the value as JSON-compatible HOCON (for diagnostics).</summary>
    public abstract override string ToString();
}

/// <summary>
/// A string, number, boolean or null. The text is kept exactly as it appeared (numbers as written in the file,
/// <c>true</c>/<c>false</c> for booleans, <c>null</c> for null), so readers convert as they need (HOCON.md
/// "Automatic type conversions").
/// </summary>
public sealed class HoconScalar : HoconValue
{
    public HoconScalar(HoconValueKind kind, string text, HoconOrigin origin = default) : base(origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (kind is HoconValueKind.Object or HoconValueKind.Array)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A scalar cannot be an object or an array.");
        }

        Kind = kind;
        Text = text;
    }

    public override HoconValueKind Kind { get; }

    /// <summary>The value as a string: the string itself, a number as written, <c>true</c>/<c>false</c>, or <c>null</c>.</summary>
    public string Text { get; }

    public static HoconScalar String(string text, HoconOrigin origin = default) => new(HoconValueKind.String, text, origin);

    public static HoconScalar Number(string text, HoconOrigin origin = default) => new(HoconValueKind.Number, text, origin);

    public static HoconScalar Boolean(bool value, HoconOrigin origin = default) =>
        new(HoconValueKind.Boolean, value ? "true" : "false", origin);

    public static HoconScalar Null(HoconOrigin origin = default) => new(HoconValueKind.Null, "null", origin);

    public override bool Equals(HoconValue? other) =>
        other is HoconScalar s && s.Kind == Kind && string.Equals(s.Text, Text, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Text));

    public override string ToString() => Kind == HoconValueKind.String ? HoconRenderer.Quote(Text) : Text;
}

/// <summary>An ordered list of resolved values.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly HoconValue[] _items;

    public HoconArray(IEnumerable<HoconValue> items, HoconOrigin origin = default) : base(origin)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
    }

    public override HoconValueKind Kind => HoconValueKind.Array;

    public int Count => _items.Length;

    public HoconValue this[int index] => _items[index];

    public IEnumerator<HoconValue> GetEnumerator() => ((IEnumerable<HoconValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override bool Equals(HoconValue? other)
    {
        if (other is not HoconArray a || a.Count != Count)
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (!_items[i].Equals(a._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => HoconRenderer.Render(this);
}

/// <summary>An object: fields in the order they were first defined.</summary>
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    public HoconObject(IEnumerable<KeyValuePair<string, HoconValue>> fields, HoconOrigin origin = default) : base(origin)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            _fields[key] = value;
        }
    }

    public static HoconObject Empty { get; } = new([]);

    public override HoconValueKind Kind => HoconValueKind.Object;

    public int Count => _fields.Count;

    public IEnumerable<string> Keys => _fields.Keys;

    public IEnumerable<HoconValue> Values => _fields.Values;

    public HoconValue this[string key] => _fields[key];

    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out HoconValue value) =>
        _fields.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override bool Equals(HoconValue? other)
    {
        if (other is not HoconObject o || o.Count != Count)
        {
            return false;
        }

        foreach (var (key, value) in _fields)
        {
            if (!o._fields.TryGetValue(key, out var otherValue) || !value.Equals(otherValue))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        // Order-insensitive, like Equals.
        var hash = 0;
        foreach (var (key, value) in _fields)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value);
        }

        return hash;
    }

    public override string ToString() => HoconRenderer.Render(this);
}
