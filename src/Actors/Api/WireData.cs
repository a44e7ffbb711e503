using System.Text.Json;
using Sfu.Contracts;
using Sfu.Contracts.Json;

namespace Sfu.Actors.Api;

/// <summary>Reads fields of a request's <c>data</c>; wrong or missing fields are TypeErrors that name the field.</summary>
public static class WireData
{
    public static string RequiredString(JsonElement data, string name)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            throw new TypeError($"missing {name}");
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new TypeError($"{name} must be a string");
        }
        return value.GetString()!;
    }

    public static string? OptionalString(JsonElement data, string name)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new TypeError($"{name} must be a string");
        }
        return value.GetString();
    }

    public static int? OptionalInt(JsonElement data, string name)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var result))
        {
            throw new TypeError($"{name} must be an integer");
        }
        return result;
    }

    /// <summary>Deserializes one field (absent or null → null).</summary>
    public static T? Optional<T>(JsonElement data, string name) where T : class
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }
        try
        {
            return value.Deserialize<T>(SfuJson.Options);
        }
        catch (JsonException e)
        {
            throw new TypeError($"invalid {name}: {Describe(e)}");
        }
    }

    /// <summary>Deserializes the whole data object as an options record.</summary>
    public static T Whole<T>(JsonElement data) where T : class, new()
    {
        try
        {
            return data.Deserialize<T>(SfuJson.Options) ?? new T();
        }
        catch (JsonException e)
        {
            throw new TypeError($"invalid options: {Describe(e)}");
        }
    }

    private static string Describe(JsonException e) =>
        e.Path is { Length: > 1 } path ? $"{e.Message.Split(" Path:")[0]} (at {path})" : e.Message;
}
