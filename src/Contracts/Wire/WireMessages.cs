using System.Buffers;
using System.Text.Json;

namespace Sfu.Contracts.Wire;

/// <summary>
/// A request on the wire API, modelled on protoo:
/// <c>{"request":true,"id":7,"method":"router.dump","data":{"routerId":"…"}}</c>.
/// </summary>
/// <param name="Id">The caller's id (a number or a string), echoed in the response.</param>
/// <param name="Method"><c>&lt;object&gt;.&lt;mediasoup method name&gt;</c>, e.g. <c>router.createPlainTransport</c>.</param>
/// <param name="Data">The arguments: the target's id as <c>&lt;object&gt;Id</c> plus the method's options.</param>
public sealed record WireRequest(JsonElement Id, string Method, JsonElement Data);

/// <summary>
/// A response: <c>{"response":true,"id":7,"ok":true,"data":{…}}</c> or
/// <c>{"response":true,"id":7,"ok":false,"error":"TypeError","reason":"…"}</c>.
/// </summary>
public sealed record WireResponse(JsonElement Id, bool Ok, JsonElement? Data, string? Error, string? Reason)
{
    public static WireResponse Success(JsonElement id, JsonElement? data) => new(id, true, data, null, null);

    public static WireResponse Failure(JsonElement id, string error, string reason) => new(id, false, null, error, reason);
}

/// <summary>A notification: <c>{"notification":true,"method":"router.close","data":{"routerId":"…","reason":"…"}}</c>.</summary>
public sealed record WireNotification(string Method, JsonElement Data);

/// <summary>Why an incoming text could not be taken as a message; <see cref="Id"/> is set when the id could be read.</summary>
public sealed record WireParseError(JsonElement? Id, string Error, string Reason);

/// <summary>Reads and writes the envelope. One place for the shape, used by the node, the client and the tests.</summary>
public static class WireCodec
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Json.SfuJson.Options.Encoder };

    /// <summary>
    /// Parses one text frame. Returns exactly one of request, response, notification or error.
    /// Never throws on bad input.
    /// </summary>
    public static bool TryParse(string text, out object message)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            message = new WireParseError(null, ErrorNames.TypeError, $"message is not JSON: {e.Message}");
            return false;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                message = new WireParseError(null, ErrorNames.TypeError, "message must be a JSON object");
                return false;
            }

            JsonElement? id = null;
            if (root.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                {
                    id = idElement.Clone();
                }
            }

            if (IsTrue(root, "request"))
            {
                if (id is null)
                {
                    message = new WireParseError(null, ErrorNames.TypeError, "request without a valid id (a number or a string)");
                    return false;
                }
                if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString()!.Length == 0)
                {
                    message = new WireParseError(id, ErrorNames.TypeError, "request without a method");
                    return false;
                }
                var data = root.TryGetProperty("data", out var d) ? d.Clone() : EmptyObject;
                if (data.ValueKind == JsonValueKind.Null || data.ValueKind == JsonValueKind.Undefined)
                {
                    data = EmptyObject;
                }
                if (data.ValueKind != JsonValueKind.Object)
                {
                    message = new WireParseError(id, ErrorNames.TypeError, "request data must be an object");
                    return false;
                }
                message = new WireRequest(id.Value, method.GetString()!, data);
                return true;
            }

            if (IsTrue(root, "response"))
            {
                if (id is null)
                {
                    message = new WireParseError(null, ErrorNames.TypeError, "response without a valid id");
                    return false;
                }
                var ok = IsTrue(root, "ok");
                JsonElement? data = root.TryGetProperty("data", out var d) ? d.Clone() : null;
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                message = new WireResponse(id.Value, ok, data, ok ? null : error ?? ErrorNames.Error, ok ? null : reason ?? "");
                return true;
            }

            if (IsTrue(root, "notification"))
            {
                if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
                {
                    message = new WireParseError(null, ErrorNames.TypeError, "notification without a method");
                    return false;
                }
                var data = root.TryGetProperty("data", out var d) ? d.Clone() : EmptyObject;
                message = new WireNotification(method.GetString()!, data);
                return true;
            }

            message = new WireParseError(id, ErrorNames.TypeError, "message is neither a request, a response nor a notification");
            return false;
        }
    }

    public static string Write(WireRequest request) => Write(w =>
    {
        w.WriteBoolean("request", true);
        w.WritePropertyName("id");
        request.Id.WriteTo(w);
        w.WriteString("method", request.Method);
        w.WritePropertyName("data");
        request.Data.WriteTo(w);
    });

    public static string Write(WireResponse response) => Write(w =>
    {
        w.WriteBoolean("response", true);
        w.WritePropertyName("id");
        response.Id.WriteTo(w);
        w.WriteBoolean("ok", response.Ok);
        if (response.Ok)
        {
            if (response.Data is { } data && data.ValueKind != JsonValueKind.Undefined)
            {
                w.WritePropertyName("data");
                data.WriteTo(w);
            }
        }
        else
        {
            w.WriteString("error", response.Error ?? ErrorNames.Error);
            w.WriteString("reason", response.Reason ?? "");
        }
    });

    public static string Write(WireNotification notification) => Write(w =>
    {
        w.WriteBoolean("notification", true);
        w.WriteString("method", notification.Method);
        w.WritePropertyName("data");
        notification.Data.WriteTo(w);
    });

    /// <summary>The <c>error</c> notification sent when a bad message carries no id to answer.</summary>
    public static WireNotification ErrorNotification(string error, string reason) =>
        new(WireMethods.ErrorNotification, Json.SfuJson.ToElement(new { error, reason }));

    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    private static bool IsTrue(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
