using System.Text.Json;
using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Transports;

/// <summary>
/// §3.9 Where a transport or WebRtcServer listens:
/// <c>{ protocol, ip, announcedAddress?, announcedIp?, port?, portRange?, flags?, sendBufferSize?, recvBufferSize? }</c>.
/// An option: every field is nullable and the server validates (mediasoup requires <c>protocol</c> and <c>ip</c>).
/// </summary>
public sealed record TransportListenInfo
{
    public TransportProtocol? Protocol { get; init; }

    /// <summary>Listening IPv4 or IPv6.</summary>
    public string? Ip { get; init; }

    /// <summary>Announced IPv4, IPv6 or hostname (behind NAT).</summary>
    public string? AnnouncedAddress { get; init; }

    /// <summary>Deprecated: use <see cref="AnnouncedAddress"/>.</summary>
    public string? AnnouncedIp { get; init; }

    /// <summary>Fixed port; ignored when <see cref="PortRange"/> is given.</summary>
    public int? Port { get; init; }

    public TransportPortRange? PortRange { get; init; }

    public TransportSocketFlags? Flags { get; init; }

    /// <summary>Socket send buffer size (bytes).</summary>
    public int? SendBufferSize { get; init; }

    /// <summary>Socket receive buffer size (bytes).</summary>
    public int? RecvBufferSize { get; init; }
}

/// <summary><c>{ min, max }</c>: the port range a listen info picks a free port from.</summary>
public sealed record TransportPortRange
{
    public int? Min { get; init; }

    public int? Max { get; init; }
}

/// <summary><c>{ ipv6Only?, udpReusePort? }</c> socket flags (PT7).</summary>
public sealed record TransportSocketFlags
{
    /// <summary>Disable dual-stack so only IPv6 is used (ignored for IPv4).</summary>
    public bool? Ipv6Only { get; init; }

    /// <summary>Let several UDP transports bind the same IP and port (multicast); ignored on TCP.</summary>
    public bool? UdpReusePort { get; init; }
}

/// <summary>
/// Deprecated listen address <c>{ ip, announcedIp? }</c>; mediasoup also accepts a plain string
/// (<c>'127.0.0.1'</c>), which reads as <c>{ ip: '127.0.0.1' }</c>. Always written as an object.
/// Any other JSON (a number, an array) is a <see cref="JsonException"/>.
/// </summary>
[JsonConverter(typeof(TransportListenIpConverter))]
public sealed record TransportListenIp
{
    public string? Ip { get; init; }

    public string? AnnouncedIp { get; init; }
}

/// <summary>Reads a <see cref="TransportListenIp"/> from a string or an object; writes an object.</summary>
public sealed class TransportListenIpConverter : JsonConverter<TransportListenIp>
{
    public override TransportListenIp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new TransportListenIp { Ip = reader.GetString() };
            case JsonTokenType.StartObject:
                var shape = JsonSerializer.Deserialize<ListenIpObject>(ref reader, options)!;
                return new TransportListenIp { Ip = shape.Ip, AnnouncedIp = shape.AnnouncedIp };
            default:
                throw new JsonException($"listenIp must be a string or an object, not {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, TransportListenIp value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new ListenIpObject { Ip = value.Ip, AnnouncedIp = value.AnnouncedIp }, options);

    /// <summary>The object form, serialized without this converter.</summary>
    private sealed record ListenIpObject
    {
        public string? Ip { get; init; }

        public string? AnnouncedIp { get; init; }
    }
}

/// <summary>Transport protocol: <c>'udp'|'tcp'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<TransportProtocol>))]
public enum TransportProtocol
{
    [JsonStringEnumMemberName("udp")] Udp,
    [JsonStringEnumMemberName("tcp")] Tcp,
}

/// <summary>Transport trace event types (T6): <c>'probation'|'bwe'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<TransportTraceEventType>))]
public enum TransportTraceEventType
{
    [JsonStringEnumMemberName("probation")] Probation,
    [JsonStringEnumMemberName("bwe")] Bwe,
}
