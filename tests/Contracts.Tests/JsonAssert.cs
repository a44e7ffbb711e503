using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Tests;

/// <summary>Structural JSON comparison through <see cref="SfuJson.Options"/>: key spelling is exact, key order is free.</summary>
internal static class JsonAssert
{
    /// <summary>Serializes <paramref name="value"/> as <typeparamref name="T"/> and compares it to <paramref name="expectedJson"/>.</summary>
    public static void Writes<T>(T value, string expectedJson)
    {
        var actual = SfuJson.Serialize(value);
        Same(expectedJson, actual);
    }

    /// <summary>Reads <paramref name="json"/> as <typeparamref name="T"/>, writes it back and expects the same JSON.</summary>
    public static T RoundTrips<T>(string json)
    {
        var value = SfuJson.Deserialize<T>(json);
        Same(json, SfuJson.Serialize(value));
        return value;
    }

    /// <summary>Expects <paramref name="json"/> not to deserialize as <typeparamref name="T"/> (the server's TypeError).</summary>
    public static void Rejects<T>(string json) =>
        Assert.ThrowsAny<JsonException>(() => SfuJson.Deserialize<T>(json));

    /// <summary>The object written for <paramref name="value"/>, to look at single keys.</summary>
    public static JsonObject ObjectOf<T>(T value) => JsonNode.Parse(SfuJson.Serialize(value))!.AsObject();

    public static void Same(string expectedJson, string actualJson)
    {
        var expected = JsonNode.Parse(expectedJson);
        var actual = JsonNode.Parse(actualJson);
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nexpected: {expected?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
        }
    }
}
