using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sfu.Contracts.Json;

/// <summary>
/// Polymorphism for the mediasoup shapes that carry their kind in a <c>type</c> string
/// (<c>'webrtc-transport'</c>, <c>'inbound-rtp'</c>, <c>'simulcast'</c> …).
/// Writing a value through a <typeparamref name="TBase"/> reference writes every field of its runtime type;
/// reading a <typeparamref name="TBase"/> picks the derived record from the <c>type</c> field
/// (a missing or unknown <c>type</c> is a <see cref="JsonException"/>).
/// Derived records are read and written directly, without this converter.
/// </summary>
public abstract class TypeFieldConverter<TBase> : JsonConverter<TBase>
    where TBase : class
{
    /// <summary>The derived record for a wire <c>type</c> value, or null when the value is unknown.</summary>
    protected abstract Type? DerivedTypeFor(string type);

    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(TBase);

    public override TBase Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"{typeof(TBase).Name} must be an object");
        }
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new JsonException($"{typeof(TBase).Name} has no string 'type'");
        }
        var type = typeElement.GetString()!;
        var derived = DerivedTypeFor(type) ?? throw new JsonException($"unknown {typeof(TBase).Name} type '{type}'");
        return (TBase)root.Deserialize(derived, options)!;
    }

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
}
