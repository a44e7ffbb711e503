using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sfu.Contracts.Rtp;

/// <summary>
/// A codec parameter value: a string or a number, as mediasoup clients send them (§3.4).
/// <c>"1"</c> and <c>1</c> are different values, as they are for mediasoup's strict equality.
/// </summary>
[JsonConverter(typeof(CodecParameterValueConverter))]
public readonly record struct CodecParameterValue
{
    private readonly string? _string;
    private readonly double _number;

    private CodecParameterValue(string? s, double n)
    {
        _string = s;
        _number = n;
    }

    public static CodecParameterValue FromString(string value) => new(value ?? throw new ArgumentNullException(nameof(value)), 0);

    public static CodecParameterValue FromNumber(double value) => new(null, value);

    public static implicit operator CodecParameterValue(string value) => FromString(value);

    public static implicit operator CodecParameterValue(int value) => FromNumber(value);

    public static implicit operator CodecParameterValue(long value) => FromNumber(value);

    public static implicit operator CodecParameterValue(double value) => FromNumber(value);

    public bool IsString => _string is not null;

    public bool IsNumber => _string is null;

    /// <summary>The string value, or null for a number.</summary>
    public string? String => _string;

    /// <summary>The numeric value; 0 for a string.</summary>
    public double Number => _number;

    /// <summary>True for a number that is an integer within <see cref="long"/>.</summary>
    public bool IsInteger => _string is null && Math.Floor(_number) == _number && Math.Abs(_number) < 9.2e18;

    /// <summary>Reads the value as an integer: a number, or a string holding one (as some SDP-derived parameters are).</summary>
    public bool TryGetInt64(out long value)
    {
        if (IsInteger)
        {
            value = (long)_number;
            return true;
        }
        if (_string is not null && long.TryParse(_string, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        value = 0;
        return false;
    }

    public override string ToString() =>
        _string ?? (IsInteger ? ((long)_number).ToString(CultureInfo.InvariantCulture) : _number.ToString("R", CultureInfo.InvariantCulture));
}

/// <summary>Reads a string or a number; anything else is a <see cref="JsonException"/> (a TypeError on the API).</summary>
public sealed class CodecParameterValueConverter : JsonConverter<CodecParameterValue>
{
    public override CodecParameterValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => CodecParameterValue.FromString(reader.GetString()!),
            JsonTokenType.Number => CodecParameterValue.FromNumber(reader.GetDouble()),
            _ => throw new JsonException($"codec parameter value must be a string or a number, not {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, CodecParameterValue value, JsonSerializerOptions options)
    {
        if (value.IsString)
        {
            writer.WriteStringValue(value.String);
        }
        else if (value.IsInteger)
        {
            writer.WriteNumberValue((long)value.Number);
        }
        else
        {
            writer.WriteNumberValue(value.Number);
        }
    }
}
