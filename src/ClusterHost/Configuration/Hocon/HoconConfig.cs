using System.Globalization;

namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>
/// A resolved configuration with typed readers. Paths are HOCON path expressions (<c>sfu.http.port</c>,
/// <c>a."b.c"</c>). Readers convert as HOCON.md "Automatic type conversions" says: numbers and booleans read as
/// strings, strings read as numbers or booleans (<c>true/yes/on</c>, <c>false/no/off</c>), never null, objects or
/// arrays to anything else.
/// <para>
/// <c>Get…</c> throws <see cref="HoconConfigException"/> when the path is missing, null or of another type.
/// <c>TryGet…</c> returns false when the path is missing or null, and still throws when a value is present but cannot
/// be read as the type asked for: a wrong value is a configuration error, not a default.
/// </para>
/// </summary>
public sealed class HoconConfig
{
    public HoconConfig(HoconObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
    }

    public static HoconConfig Empty { get; } = new(HoconObject.Empty);

    public HoconObject Root { get; }

    /// <summary>True when the path is set to a value other than null (as Typesafe Config's hasPath).</summary>
    public bool HasPath(string path) => TryGetValue(path, out var value) && value.Kind != HoconValueKind.Null;

    /// <summary>The value at the path, including an explicit null; false if the path is not set.</summary>
    public bool TryGetValue(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HoconValue? value)
    {
        value = null;
        HoconValue current = Root;
        foreach (var key in HoconPath.Parse(path))
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var child))
            {
                return false;
            }

            current = child;
        }

        value = current;
        return true;
    }

    /// <summary>The value at the path (possibly null-kind).</summary>
    public HoconValue GetValue(string path) =>
        TryGetValue(path, out var value) ? value : throw new HoconConfigException(path, "is not set");

    public string GetString(string path) => Require(path, TryGetString(path, out var v), v);

    public bool TryGetString(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = TryGetScalar(path, "a string") is { } s ? s.Text : null;
        return value is not null;
    }

    public int GetInt(string path) => Require(path, TryGetInt(path, out var v), v);

    public bool TryGetInt(string path, out int value)
    {
        value = 0;
        if (!TryGetInt64(path, out var wide))
        {
            return false;
        }

        if (wide is < int.MinValue or > int.MaxValue)
        {
            throw TypeError(path, GetValue(path), "a 32-bit integer");
        }

        value = (int)wide;
        return true;
    }

    public long GetInt64(string path) => Require(path, TryGetInt64(path, out var v), v);

    public bool TryGetInt64(string path, out long value)
    {
        value = 0;
        if (TryGetScalar(path, "an integer") is not { } s)
        {
            return false;
        }

        if (s.Kind is HoconValueKind.Number or HoconValueKind.String)
        {
            var text = s.Text.Trim();
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            {
                return true;
            }

            // 1e3 or 10.0 are integers written as JSON numbers.
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) &&
                d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue)
            {
                value = (long)d;
                return true;
            }
        }

        throw TypeError(path, s, "an integer");
    }

    public double GetDouble(string path) => Require(path, TryGetDouble(path, out var v), v);

    public bool TryGetDouble(string path, out double value)
    {
        value = 0;
        if (TryGetScalar(path, "a number") is not { } s)
        {
            return false;
        }

        if (s.Kind is HoconValueKind.Number or HoconValueKind.String &&
            double.TryParse(s.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) &&
            double.IsFinite(value))
        {
            return true;
        }

        throw TypeError(path, s, "a number");
    }

    public bool GetBool(string path) => Require(path, TryGetBool(path, out var v), v);

    /// <summary>Reads true/yes/on and false/no/off (HOCON.md "Automatic type conversions"; case is ignored).</summary>
    public bool TryGetBool(string path, out bool value)
    {
        value = false;
        if (TryGetScalar(path, "a boolean") is not { } s)
        {
            return false;
        }

        if (s.Kind is HoconValueKind.Boolean or HoconValueKind.String)
        {
            switch (s.Text.Trim().ToLowerInvariant())
            {
                case "true" or "yes" or "on":
                    value = true;
                    return true;
                case "false" or "no" or "off":
                    value = false;
                    return true;
            }
        }

        throw TypeError(path, s, "a boolean (true/yes/on or false/no/off)");
    }

    /// <summary>Reads a duration (<see cref="HoconDuration"/>): <c>10s</c>, <c>500 ms</c>, <c>2 minutes</c>; a bare number is milliseconds.</summary>
    public TimeSpan GetDuration(string path) => Require(path, TryGetDuration(path, out var v), v);

    public bool TryGetDuration(string path, out TimeSpan value)
    {
        value = default;
        if (TryGetScalar(path, "a duration") is not { } s)
        {
            return false;
        }

        if (s.Kind is HoconValueKind.Number or HoconValueKind.String && HoconDuration.TryParse(s.Text, out value))
        {
            return true;
        }

        throw TypeError(path, s, "a duration such as 10s, 500ms or 2 minutes (ns, us, ms, s, m, h, d)");
    }

    /// <summary>An array of scalars read as strings.</summary>
    public IReadOnlyList<string> GetStringList(string path) => Require(path, TryGetStringList(path, out var v), v);

    public bool TryGetStringList(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<string>? value)
    {
        value = null;
        if (!TryGetValue(path, out var raw) || raw.Kind == HoconValueKind.Null)
        {
            return false;
        }

        if (raw is not HoconArray array)
        {
            throw TypeError(path, raw, "a list");
        }

        var list = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not HoconScalar { Kind: not HoconValueKind.Null } s)
            {
                throw new HoconConfigException(
                    path,
                    string.Create(CultureInfo.InvariantCulture, $"element {i} must be a string, found {Describe(array[i])}"),
                    array[i].Origin);
            }

            list.Add(s.Text);
        }

        value = list;
        return true;
    }

    /// <summary>The object at the path as a configuration of its own.</summary>
    public HoconConfig GetConfig(string path) => Require(path, TryGetConfig(path, out var v), v);

    public bool TryGetConfig(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HoconConfig? value)
    {
        value = null;
        if (!TryGetValue(path, out var raw) || raw.Kind == HoconValueKind.Null)
        {
            return false;
        }

        value = raw is HoconObject obj ? new HoconConfig(obj) : throw TypeError(path, raw, "an object");
        return true;
    }

    /// <summary>
    /// The configuration as Microsoft.Extensions.Configuration keys: path keys joined with ':', array elements as
    /// <c>key:0</c>, <c>key:1</c>. Keys keep their spelling. Null values, empty objects and empty arrays are left out.
    /// A string that is a duration with a unit (<c>10s</c>, <c>500ms</c>, <c>2 minutes</c>) is written as a
    /// <see cref="TimeSpan"/> in the invariant "c" format (<c>00:00:10</c>) so TimeSpan properties bind; numbers stay
    /// as written.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToFlatDictionary()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Flatten(Root, null, result);
        return result;
    }

    private static void Flatten(HoconValue value, string? prefix, Dictionary<string, string> into)
    {
        switch (value)
        {
            case HoconObject obj:
                foreach (var (key, child) in obj)
                {
                    Flatten(child, prefix is null ? key : prefix + ":" + key, into);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], prefix + ":" + i.ToString(CultureInfo.InvariantCulture), into);
                }

                break;
            case HoconScalar { Kind: HoconValueKind.Null }:
                break;
            case HoconScalar { Kind: HoconValueKind.String } s
                when HoconDuration.TryParse(s.Text, out var duration, out var hasUnit) && hasUnit:
                into[prefix!] = duration.ToString("c", CultureInfo.InvariantCulture);
                break;
            case HoconScalar s:
                into[prefix!] = s.Text;
                break;
        }
    }

    public override string ToString() => Root.ToString();

    private HoconScalar? TryGetScalar(string path, string expected)
    {
        if (!TryGetValue(path, out var value) || value.Kind == HoconValueKind.Null)
        {
            return null;
        }

        return value as HoconScalar ?? throw TypeError(path, value, expected);
    }

    private T Require<T>(string path, bool found, T? value)
    {
        if (found)
        {
            return value!;
        }

        return TryGetValue(path, out var raw)
            ? throw new HoconConfigException(path, "is null", raw.Origin)
            : throw new HoconConfigException(path, "is not set");
    }

    private static HoconConfigException TypeError(string path, HoconValue value, string expected) =>
        new(path, $"expected {expected}, found {Describe(value)}", value.Origin);

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "an array",
        HoconScalar { Kind: HoconValueKind.Null } => "null",
        HoconScalar s => $"{s.Kind.ToString().ToLowerInvariant()} {s}",
        _ => value.Kind.ToString(),
    };
}
