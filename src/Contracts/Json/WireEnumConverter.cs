using System.Text.Json.Serialization;

namespace Sfu.Contracts.Json;

/// <summary>
/// An enum written and read as its exact wire string (<see cref="JsonStringEnumMemberNameAttribute"/>).
/// Unlike the plain <see cref="JsonStringEnumConverter{TEnum}"/> it rejects numbers (<c>0</c>, <c>"1"</c>):
/// mediasoup checks enum fields by string value, so anything but a listed string is a TypeError.
/// Reading is case-sensitive, as mediasoup's checks are.
/// </summary>
public sealed class WireEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public WireEnumConverter() : base(namingPolicy: null, allowIntegerValues: false) { }
}
