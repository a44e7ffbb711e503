using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Contracts.Json;

namespace Sfu.Media.Tests.Ortc;

/// <summary>
/// Compares a value, serialized with the project's one set of JSON options, to the JSON a mediasoup test expects:
/// arrays in order, objects as key sets (like Jest's <c>toEqual</c>), numbers by value.
/// </summary>
internal static class JsonAssert
{
    public static T Parse<T>(string json) => SfuJson.Deserialize<T>(json);

    public static void Equal(string expectedJson, object? actual)
    {
        var expected = JsonNode.Parse(expectedJson);
        var actualNode = JsonSerializer.SerializeToNode(actual, actual?.GetType() ?? typeof(object), SfuJson.Options);
        if (!DeepEquals(expected, actualNode, "$", out var path))
        {
            Assert.Fail(
                $"JSON differs at {path}\nexpected: {expected?.ToJsonString()}\nactual:   {actualNode?.ToJsonString()}");
        }
    }

    private static bool DeepEquals(JsonNode? expected, JsonNode? actual, string path, out string where)
    {
        where = path;
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }

        switch (expected)
        {
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject || actualObject.Count != expectedObject.Count)
                {
                    return false;
                }
                foreach (var (key, value) in expectedObject)
                {
                    if (!actualObject.TryGetPropertyValue(key, out var actualValue) ||
                        !DeepEquals(value, actualValue, $"{path}.{key}", out where))
                    {
                        where = where == path ? $"{path}.{key}" : where;
                        return false;
                    }
                }
                return true;

            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray || actualArray.Count != expectedArray.Count)
                {
                    return false;
                }
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    if (!DeepEquals(expectedArray[i], actualArray[i], $"{path}[{i}]", out where))
                    {
                        return false;
                    }
                }
                return true;

            default:
                var kind = expected.GetValueKind();
                if (actual.GetValueKind() != kind)
                {
                    return false;
                }
                return kind switch
                {
                    JsonValueKind.Number => double.Parse(expected.ToJsonString(), CultureInfo.InvariantCulture) ==
                                            double.Parse(actual.ToJsonString(), CultureInfo.InvariantCulture),
                    JsonValueKind.String => expected.GetValue<string>() == actual.GetValue<string>(),
                    _ => true,
                };
        }
    }
}
