using Sfu.Contracts.Events;
using Sfu.Media.Codecs;
using Sfu.Media.Rtp;
using Sfu.Media.Rtp.Extensions;

namespace Sfu.Media.Routing;

/// <summary>
/// The trace event types a producer, consumer or transport has enabled (T6, P9, C11), as a bit per type so the data
/// path checks one field; and the packet dump a trace carries. Building a trace allocates: callers check the bit first.
/// </summary>
public readonly struct TraceTypes
{
    /// <summary>P9, in <see cref="ProducerTraceEventType"/> order.</summary>
    public static readonly string[] Producer = ["rtp", "keyframe", "nack", "pli", "fir", "sr"];

    /// <summary>C11, in <see cref="ConsumerTraceEventType"/> order.</summary>
    public static readonly string[] Consumer = ["rtp", "keyframe", "nack", "pli", "fir"];

    /// <summary>T6, in <see cref="Contracts.Transports.TransportTraceEventType"/> order.</summary>
    public static readonly string[] Transport = ["probation", "bwe"];

    public const int Rtp = 1 << 0;
    public const int KeyFrame = 1 << 1;
    public const int Nack = 1 << 2;
    public const int Pli = 1 << 3;
    public const int Fir = 1 << 4;
    public const int Sr = 1 << 5;
    public const int Probation = 1 << 0;
    public const int Bwe = 1 << 1;

    private readonly string[]? _names;

    private TraceTypes(int mask, string[] names)
    {
        Mask = mask;
        _names = names;
    }

    /// <summary>Nothing enabled.</summary>
    public static TraceTypes None { get; } = new(0, []);

    /// <summary>A bit per enabled type (the constants above).</summary>
    public int Mask { get; }

    /// <summary>The enabled types in the order asked, each once (what <c>dump().traceEventTypes</c> shows).</summary>
    public IReadOnlyList<string> Names => _names ?? [];

    /// <summary>Keeps the <paramref name="known"/> types of <paramref name="types"/>, drops unknown strings; none resets.</summary>
    public static TraceTypes From(IReadOnlyList<string>? types, string[] known)
    {
        var mask = 0;
        var names = new List<string>();
        foreach (var type in types ?? [])
        {
            var index = Array.IndexOf(known, type);
            if (index >= 0 && (mask & (1 << index)) == 0)
            {
                mask |= 1 << index;
                names.Add(type);
            }
        }
        return new TraceTypes(mask, names.ToArray());
    }

    public bool Has(int type) => (Mask & type) != 0;

    /// <summary>
    /// mediasoup's RTP packet dump of <paramref name="packet"/>. The extension ids say where the packet carries MID, RID,
    /// RRID and transport-wide-cc (0 = not negotiated); <paramref name="info"/> is what its codec payload says.
    /// </summary>
    public static RtpPacketDump Dump(in RtpPacketView packet, CodecPayloadInfo info, int midId, int ridId, int rridId, int wideSequenceNumberId) => new()
    {
        PayloadType = packet.PayloadType,
        SequenceNumber = packet.SequenceNumber,
        Timestamp = packet.Timestamp,
        Marker = packet.Marker,
        Ssrc = packet.Ssrc,
        IsKeyFrame = info.IsKeyFrame,
        Size = packet.Length,
        PayloadSize = packet.PayloadLength,
        SpatialLayer = info.SpatialLayer,
        TemporalLayer = info.TemporalLayer,
        Mid = Text(in packet, midId),
        Rid = Text(in packet, ridId),
        Rrid = Text(in packet, rridId),
        WideSequenceNumber = wideSequenceNumberId != 0 && packet.TryGetExtension(wideSequenceNumberId, out var value)
            && TransportWideSequenceNumberExtension.TryRead(value, out var wide) ? wide : null,
    };

    private static string? Text(in RtpPacketView packet, int id) =>
        id != 0 && packet.TryGetExtension(id, out var value) ? SdesTextExtension.ToText(value) : null;
}
